package storage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestOutgoingMailNeverWaits: the office's own mail never waits for
// acknowledgment, whatever its row says. Classification marks mail from
// outside the office domain as needing one, so a reply sent from another
// address (or with no office domain set) can carry needs_ack; none of the
// queue, the counts, the deadline notifications or a claim's counts takes
// it for waiting.
func TestOutgoingMailNeverWaits(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	claim := saveClaim(t, db, storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "0683449786"})
	inbox, err := db.EnsureMailbox(ctx, "claims@office.example", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	// The question came an hour ago and is overdue; the reply, as if it
	// too were owed an answer, falls due half a minute ago.
	for i, m := range []struct {
		direction string
		due       time.Time
	}{{"in", now.Add(-time.Hour)}, {"out", now.Add(-30 * time.Second)}} {
		_, err := storage.PoolOf(db).Exec(ctx, `
			INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, subject, claim_id, needs_ack, ack_due_at, received_at, office_id)
			VALUES ($1, 1, $2, $3, $4, 1, $3, $5, true, $6, $7, 1)`,
			inbox.ID, i+1, m.direction, fmt.Sprintf("%064x", i+1), claim.ID, m.due, now.Add(-2*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
	}

	rows, total, err := db.AckQueue(ctx, storage.AllOffices, 10)
	if err != nil || len(rows) != 1 || rows[0].Direction != "in" || total != 1 {
		t.Errorf("acknowledgment queue: %+v of %d (%v), want the incoming message alone", rows, total, err)
	}
	counts, err := db.CountAcks(ctx, now, now.Add(-24*time.Hour))
	if err != nil || counts.Overdue != 1 || counts.Waiting != 0 {
		t.Errorf("acknowledgment clock: %+v (%v), want one overdue", counts, err)
	}
	notified, err := db.NotifyDeadlines(ctx, now.Add(-time.Minute), now, 10*time.Minute)
	if err != nil || notified {
		t.Errorf("deadline crossed by the outgoing message notified: %v (%v)", notified, err)
	}
	byClaim, err := db.ClaimCountsOf(ctx, []int64{claim.ID}, now)
	if c := byClaim[claim.ID]; err != nil || c.Waiting != 1 || c.Overdue != 1 {
		t.Errorf("claim counts: %+v (%v), want one waiting, overdue", c, err)
	}
}
