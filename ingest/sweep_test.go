package ingest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

func TestSweepNotifiesCrossedDeadlines(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := testenv.Postgres(t)
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	listener, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close(ctx)
	if _, err := listener.Exec(ctx, "LISTEN "+storage.ChangesChannel); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 3, 12, 0, 0, 0, time.UTC)
	if _, err := db.Pool.Exec(ctx, `INSERT INTO mailboxes (account, folder, role) VALUES ('a@h', 'INBOX', 'inbox')`); err != nil {
		t.Fatal(err)
	}
	// Due in 9½ minutes: its 10-minute warning window opened half a minute ago.
	_, err = db.Pool.Exec(ctx, `INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, needs_ack, ack_due_at)
		VALUES ((SELECT id FROM mailboxes), 1, 1, 'in', $1, 1, true, $2)`, fmt.Sprintf("%064x", 1), now.Add(9*time.Minute+30*time.Second))
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
