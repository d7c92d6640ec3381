package ingest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

func TestSLACollector(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, dsn := openDB(t)
	pool := testenv.SQL(t, dsn)
	now := time.Date(2026, 11, 3, 12, 0, 0, 0, time.UTC)
	if _, err := pool.Exec(ctx, `INSERT INTO mailboxes (account, folder, role, office_id) VALUES ('a@h', 'INBOX', 'inbox', 1)`); err != nil {
		t.Fatal(err)
	}
	insert := func(uid int, due time.Time, acked *time.Time, minutes *int) {
		_, err := pool.Exec(ctx, `INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size,
			needs_ack, ack_due_at, acknowledged_at, ack_business_minutes, office_id)
			VALUES ((SELECT id FROM mailboxes), 1, $1, 'in', $5, 1, true, $2, $3, $4, 1)`, uid, due, acked, minutes, fmt.Sprintf("%064x", uid))
		if err != nil {
			t.Fatal(err)
		}
	}
	twelve, fortyFive := 12, 45
	ackedAt := now.Add(-time.Hour)
	insert(1, now.Add(10*time.Minute), nil, nil)         // waiting
	insert(2, now.Add(-5*time.Minute), nil, nil)         // overdue
	insert(3, now.Add(-2*time.Hour), nil, nil)           // overdue
	insert(4, now.Add(-time.Hour), &ackedAt, &twelve)    // met
	insert(5, now.Add(-time.Hour), &ackedAt, &fortyFive) // missed

	reg := prometheus.NewRegistry()
	reg.MustRegister(NewSLACollector(db, func() time.Time { return now }, testenv.Logger(t)))
	want := `
# HELP claimdesk_ack_overdue Messages owed an acknowledgment past their deadline.
# TYPE claimdesk_ack_overdue gauge
claimdesk_ack_overdue 2
# HELP claimdesk_ack_waiting Messages owed an acknowledgment and not yet due.
# TYPE claimdesk_ack_waiting gauge
claimdesk_ack_waiting 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "claimdesk_ack_overdue", "claimdesk_ack_waiting"); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(reg, "claimdesk_ack_business_minutes"); n != 1 {
		t.Errorf("%d acknowledgment histograms, want 1", n)
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "claimdesk_ack_business_minutes" {
			continue
		}
		h := mf.GetMetric()[0].GetHistogram()
		if h.GetSampleCount() != 2 || h.GetSampleSum() != 57 {
			t.Errorf("histogram: %d samples summing to %v, want 2 and 57", h.GetSampleCount(), h.GetSampleSum())
		}
	}
}
