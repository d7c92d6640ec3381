package storage_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// An acknowledgment by hand taken back while the office's reply in its
// thread is being processed: the Undo waits for the reply's transaction
// and then sees the reply, which answers the message (in place of a "no
// answer needed" mark) or keeps it answered (by phone). It is never left
// owed an answer the office gave.
func TestUndoWhileAReplyCommits(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		source  string
		want    string // ack_source after
		wantErr error
	}{
		{storage.AckNotNeeded, storage.AckReply, nil},
		{storage.AckManual, storage.AckManual, storage.ErrRepliedInThread},
	} {
		t.Run(c.source, func(t *testing.T) {
			t.Parallel()
			b, sql := setupDocsAndSQL(t)
			ctx := t.Context()
			thread := fmt.Sprintf("<invoice-%s@vendor.example>", c.source)
			add := func(tx pgx.Tx, dir, messageID, inReplyTo string, at time.Time) int64 {
				t.Helper()
				b.uid++
				id, _, err := storage.InsertMessage(ctx, tx, storage.NewMessage{
					MailboxID: b.mailbox, UIDValidity: 1, UID: b.uid, Direction: dir, RawSHA256: sha("undo-race", int(b.uid)),
					RawSize: 10, MessageID: messageID, InReplyTo: inReplyTo, InternalDate: at, Status: storage.StatusNew,
				})
				if err != nil {
					t.Fatal(err)
				}
				return id
			}
			var id int64
			err := b.db.InTx(ctx, func(tx pgx.Tx) error {
				id = add(tx, "in", thread, "", b.received)
				_, err := tx.Exec(ctx, `UPDATE messages SET needs_ack = true, ack_due_at = $2, acknowledged_at = $3, ack_source = $4
					WHERE id = $1`, id, b.received.Add(time.Hour), b.received.Add(10*time.Minute), c.source)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}

			// The reply is stored and processed, not yet committed: its
			// thread holds no message waiting.
			holder, holderPID := beginHolder(t, sql)
			reply := add(holder, "out", "", thread, b.received.Add(2*time.Hour))
			waiting, err := waitingInThread(ctx, holder, storage.DefaultOfficeID, []string{thread}, nil, b.received.Add(2*time.Hour))
			if err != nil || len(waiting) != 0 {
				t.Fatalf("waiting in the thread: %v, %v; want none", waiting, err)
			}
			undone := make(chan error, 1)
			go func() {
				undone <- b.db.UndoManualAck(ctx, id, func(from, to time.Time) int { return int(to.Sub(from).Minutes()) })
			}()
			testenv.WaitForBlocked(t, sql, holderPID, "%FROM messages%FOR UPDATE%")
			if err := holder.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			if err := <-undone; !errors.Is(err, c.wantErr) {
				t.Errorf("undo: %v, want %v", err, c.wantErr)
			}
			var acked *time.Time
			var source string
			var replyID *int64
			err = sql.QueryRow(ctx, `SELECT acknowledged_at, ack_source, ack_reply_id FROM messages WHERE id = $1`, id).
				Scan(&acked, &source, &replyID)
			if err != nil {
				t.Fatal(err)
			}
			if acked == nil || source != c.want || (c.want == storage.AckReply) != (replyID != nil && *replyID == reply) {
				t.Errorf("after the undo: acknowledged %v by %q (reply %v), want by %q (reply %d)", acked, source, replyID, c.want, reply)
			}
		})
	}
}
