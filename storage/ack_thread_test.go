package storage_test

import (
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// An office message that replies to nothing (no In-Reply-To) must not
// acknowledge the waiting messages that themselves reply to nothing.
func TestWaitingInThreadIgnoresEmptyIDs(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	add := func(messageID, inReplyTo string) int64 {
		b.uid++
		var id int64
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			id, _, err = storage.InsertMessage(ctx, tx, storage.NewMessage{
				MailboxID: b.mailbox, UIDValidity: 1, UID: b.uid, Direction: "in", RawSHA256: sha("thread", int(b.uid)),
				RawSize: 10, MessageID: messageID, InReplyTo: inReplyTo, InternalDate: b.received, Status: storage.StatusNew,
			})
			if err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `UPDATE messages SET needs_ack = true WHERE id = $1`, id)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	first := add("<first@adjuster.example>", "")
	noID := add("", "")
	follow := add("<second@adjuster.example>", "<first@adjuster.example>")

	later := b.received.Add(time.Hour)
	for _, c := range []struct {
		name string
		ids  []string
		want []int64
	}{
		{"no In-Reply-To", []string{""}, nil},
		{"none at all", nil, nil},
		{"the first message, and an empty header", []string{"", "<first@adjuster.example>"}, []int64{first, follow}},
		{"the follow-up", []string{"<second@adjuster.example>"}, []int64{follow}},
	} {
		var got []int64
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			waiting, err := storage.WaitingInThread(ctx, tx, c.ids, later)
			for _, w := range waiting {
				got = append(got, w.ID)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: waiting %v, want %v (message without Message-ID: %d)", c.name, got, c.want, noID)
		}
	}
}
