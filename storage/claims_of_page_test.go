package storage_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// A page of claims reads the alerts and the mail waiting of its own claims:
// those showing at the time asked, most urgent first, and nothing of the
// claims it does not show.
func TestAlertsAndWaitingOfClaims(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := t.Context()
	pool := storage.PoolOf(db)
	now := time.Date(2026, 3, 4, 15, 0, 0, 0, time.UTC)
	shown := saveClaim(t, db, storage.Claim{JobNumber: "26-3101-WTR", Status: "open"}).ID
	other := saveClaim(t, db, storage.Claim{JobNumber: "26-3102-WTR", Status: "open"}).ID
	for _, a := range []struct {
		claim       int64
		milestone   string
		from, until time.Time
		due         any
	}{
		{shown, "drying_log", now.Add(-time.Hour), now.Add(time.Hour), now.Add(2 * time.Hour)},
		{shown, "atp", now.Add(-time.Hour), now.Add(time.Hour), now.Add(-time.Minute)},
		{shown, "cos", now.Add(time.Hour), now.Add(2 * time.Hour), nil}, // not yet
		{shown, "estimate", now.Add(-2 * time.Hour), now, nil},          // over
		{other, "atp", now.Add(-time.Hour), now.Add(time.Hour), nil},
	} {
		if _, err := pool.Exec(ctx, `INSERT INTO claim_alerts (claim_id, office_id, milestone, rank, shows_from, shows_until, due_at, message)
			VALUES ($1, 1, $2, 1, $3, $4, $5, $2)`, a.claim, a.milestone, a.from, a.until, a.due); err != nil {
			t.Fatal(err)
		}
	}
	inbox, err := db.EnsureMailbox(ctx, "claims@office.example", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range []struct {
		claim     int64
		direction string
		acked     any
	}{{shown, "in", nil}, {shown, "in", now}, {shown, "out", nil}, {other, "in", nil}} {
		if _, err := pool.Exec(ctx, `
			INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, subject, claim_id, needs_ack, ack_due_at, acknowledged_at, received_at, office_id)
			VALUES ($1, 1, $2, $3, $4, 1, 'mail', $5, true, $6, $7, $6, 1)`,
			inbox.ID, i+1, m.direction, fmt.Sprintf("%064x", i+1), m.claim, now.Add(-time.Hour), m.acked); err != nil {
			t.Fatal(err)
		}
	}

	alerts, err := db.AlertsOfClaimsAt(ctx, []int64{shown}, now)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range alerts[shown] {
		names = append(names, string(a.Milestone))
	}
	if fmt.Sprint(names) != "[atp drying_log]" || len(alerts) != 1 {
		t.Errorf("alerts of the page's claim: %v (claims %d), want [atp drying_log] of it alone", names, len(alerts))
	}
	waiting, err := db.WaitingOfClaims(ctx, []int64{shown})
	if err != nil {
		t.Fatal(err)
	}
	if len(waiting) != 1 || len(waiting[shown]) != 1 || waiting[shown][0].Direction != "in" || waiting[shown][0].AckedAt != nil {
		t.Errorf("mail waiting of the page's claim: %+v, want its one unacknowledged incoming message", waiting)
	}
}
