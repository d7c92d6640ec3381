package storage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

func TestAckQueueOrderAndCount(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	inbox, err := db.EnsureMailbox(ctx, "claims@office.example", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for i, due := range []*time.Time{ptrTime(now.Add(20 * time.Minute)), nil, ptrTime(now.Add(-5 * time.Minute)), ptrTime(now.Add(5 * time.Minute))} {
		_, err := storage.PoolOf(db).Exec(ctx, `
			INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, subject, needs_ack, ack_due_at, received_at, office_id)
			VALUES ($1, 1, $2, 'in', $3, 1, $4, true, $5, $6, 1)`,
			inbox.ID, i+1, fmt.Sprintf("%064x", i+1), fmt.Sprintf("m%d", i), due, now.Add(-time.Duration(i)*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
	}
	rows, total, err := db.AckQueue(ctx, storage.AllOffices, 3)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.Subject)
	}
	// Soonest due first; without a deadline, last.
	if fmt.Sprint(got) != "[m2 m3 m0]" || total != 4 {
		t.Errorf("queue %v of %d", got, total)
	}
}

func ptrTime(t time.Time) *time.Time { return &t }
