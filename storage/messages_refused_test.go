package storage_test

import (
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// TestReadmitRefusedOnlyAsItWasRefused readmits messages refused for
// their size: only those refused under a smaller limit are listed; one is
// readmitted once, whole; one whose whole bytes the mailbox holds as
// another message stays refused, since two messages are never the same
// bytes.
func TestReadmitRefusedOnlyAsItWasRefused(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	add := func(n int, size int64, status string) int64 {
		b.uid++
		var id int64
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			id, _, err = storage.InsertMessage(ctx, tx, storage.NewMessage{
				MailboxID: b.mailbox, UIDValidity: 1, UID: b.uid, Direction: "in", RawSHA256: sha("refused", n),
				RawSize: size, InternalDate: b.received, Status: status, Error: "too large",
			})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	small := add(1, 16<<10, storage.StatusRejected)
	add(2, 64<<10, storage.StatusRejected) // refused at a limit as large as now
	twin := add(3, 16<<10, storage.StatusRejected)
	add(4, 100<<10, storage.StatusNew) // twin's bytes, delivered again since and stored whole

	refused, err := b.db.RefusedUnder(ctx, b.mailbox, 1, 64<<10)
	if err != nil {
		t.Fatal(err)
	}
	if len(refused) != 2 || refused[0].ID != small || refused[1].ID != twin {
		t.Fatalf("refused under 64 KiB: %+v; want messages %d and %d", refused, small, twin)
	}
	readmit := func(m storage.RefusedMessage, n int) bool {
		var ok bool
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			ok, err = storage.ReadmitRefused(ctx, tx, m, sha("refused", n), 40<<10)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !readmit(refused[0], 10) || readmit(refused[0], 11) {
		t.Error("the small message is not readmitted once")
	}
	if readmit(refused[1], 4) {
		t.Error("readmitted as the bytes of another message of its mailbox")
	}
	var status, raw string
	var size int64
	if err := storage.PoolOf(b.db).QueryRow(ctx, `SELECT status, raw_sha256, raw_size FROM messages WHERE id = $1`, small).Scan(&status, &raw, &size); err != nil {
		t.Fatal(err)
	}
	if status != storage.StatusNew || raw != sha("refused", 10) || size != 40<<10 {
		t.Errorf("readmitted: %s %s %d; want new, its whole bytes", status, raw, size)
	}
	if refused, _ = b.db.RefusedUnder(ctx, b.mailbox, 1, 64<<10); len(refused) != 1 || refused[0].ID != twin {
		t.Errorf("refused under 64 KiB after: %+v; want message %d alone", refused, twin)
	}
}
