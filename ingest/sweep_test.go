package ingest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

func TestSweepNotifiesCrossedDeadlines(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, dsn := openDB(t)
	pool := testenv.SQL(t, dsn)
	listener, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close(ctx)
	if _, err := listener.Exec(ctx, "LISTEN "+storage.ChangesChannel); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 3, 12, 0, 0, 0, time.UTC)
	if _, err := pool.Exec(ctx, `INSERT INTO mailboxes (account, folder, role, office_id) VALUES ('a@h', 'INBOX', 'inbox', 1)`); err != nil {
		t.Fatal(err)
	}
	// Due in 9½ minutes: its 10-minute warning window opened half a minute ago.
	_, err = pool.Exec(ctx, `INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, needs_ack, ack_due_at, office_id)
		VALUES ((SELECT id FROM mailboxes), 1, 1, 'in', $1, 1, true, $2, 1)`, fmt.Sprintf("%064x", 1), now.Add(9*time.Minute+30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	drain(ctx, listener) // the insert's own notification

	w := NewSweepWorker(db, func() time.Time { return now })
	if err := w.Work(ctx, &river.Job[SweepArgs]{}); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	n, err := listener.WaitForNotification(wctx)
	if err != nil || n.Payload != "sla" {
		t.Fatalf("after the warning window opened: notification %+v, err %v; want payload sla", n, err)
	}

	// A minute later nothing crossed: no notification.
	w.now = func() time.Time { return now.Add(time.Minute) }
	if err := w.Work(ctx, &river.Job[SweepArgs]{}); err != nil {
		t.Fatal(err)
	}
	qctx, qcancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer qcancel()
	if n, err := listener.WaitForNotification(qctx); err == nil {
		t.Fatalf("notified %q with no deadline crossed", n.Payload)
	}
}

// drain consumes the notifications already delivered.
func drain(ctx context.Context, conn *pgx.Conn) {
	for {
		c, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		_, err := conn.WaitForNotification(c)
		cancel()
		if err != nil {
			return
		}
	}
}

func TestSweepWorksOutChangedClaimsAlerts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, dsn := openDB(t)
	pool := testenv.SQL(t, dsn)
	now := time.Date(2026, 11, 3, 12, 0, 0, 0, time.UTC)
	var claim int64
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		c, _, err := storage.SaveClaim(ctx, tx, storage.Claim{JobNumber: "26-1001-WTR", Status: "open"})
		claim = c.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// Opened a week ago: photos, scope and everything after are overdue.
	if _, err := pool.Exec(ctx, `UPDATE claims SET created_at = $2 WHERE id = $1`, claim, now.Add(-7*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	w := NewSweepWorker(db, func() time.Time { return now }).WithClaimAlerts(func() storage.AlertRules {
		return storage.AlertRules{Calendar: sla.NewCalendar(time.UTC, sla.Hours{})}
	})
	milestones := func() []string {
		t.Helper()
		if err := w.Work(ctx, &river.Job[SweepArgs]{}); err != nil {
			t.Fatal(err)
		}
		var waiting int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM claim_alerts_stale`).Scan(&waiting); err != nil || waiting != 0 {
			t.Fatalf("%d claims still wait after the sweep (%v)", waiting, err)
		}
		alerts, _, err := db.ClaimAlertsAt(ctx, storage.AllOffices, now, 50)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range alerts {
			out = append(out, string(a.Milestone))
		}
		return out
	}
	// Past the paperwork deadline (day 4), the billing packet is at risk
	// too, for what no other alert asks: the forms and the invoice.
	if got := fmt.Sprint(milestones()); got != "[first_docs chase_technician paperwork billing]" {
		t.Fatalf("alerts of a claim without documents: %s", got)
	}
	for i, typ := range []string{"photo", "scope"} {
		_, err := pool.Exec(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
			VALUES ($1, $2, 1, $3, $3, 'Photos', $4, $5, 1)`, claim, fmt.Sprintf("%064x", i+1), typ, fmt.Sprintf("claims/x/%d", i), now.Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
	}
	// Photos and scope came late: first documents and chase are done.
	if got := fmt.Sprint(milestones()); got != "[paperwork billing]" {
		t.Fatalf("alerts once photos and scope came: %s", got)
	}
}
