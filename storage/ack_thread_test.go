package storage_test

import (
	"context"
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
			waiting, err := waitingInThread(ctx, tx, storage.DefaultOfficeID, c.ids, nil, later)
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

// A Message-ID two different messages share (carriers' systems and copiers
// reuse them): an office reply naming it acknowledges the one in the
// reply's claim, else the newest that arrived before the reply.
func TestReplyToSharedMessageIDAcknowledgesOne(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	const shared = "<notice@carrier.example>"
	add := func(dir, inReplyTo string, claim *int64, arrived time.Time) int64 {
		t.Helper()
		b.uid++
		var id int64
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			m := storage.NewMessage{
				MailboxID: b.mailbox, UIDValidity: 1, UID: b.uid, Direction: dir, RawSHA256: sha("shared", int(b.uid)),
				RawSize: 10, InReplyTo: inReplyTo, FromAddress: "notices@carrier.example", InternalDate: arrived,
				SentDate: b.received, Status: storage.StatusNew,
			}
			if dir == "in" {
				m.MessageID = shared
			}
			var err error
			if id, _, err = storage.InsertMessage(ctx, tx, m); err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `UPDATE messages SET claim_id = $2, needs_ack = direction = 'in' WHERE id = $1`, id, claim)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	older := add("in", "", &b.claimA, b.received)
	newer := add("in", "", &b.claimB, b.received.Add(10*time.Minute))
	if older == 0 || newer == 0 || older == newer {
		t.Fatalf("two messages under one Message-ID stored as %d and %d", older, newer)
	}

	var none *int64
	for _, c := range []struct {
		name   string
		claim  *int64
		before time.Time
		want   int64
	}{
		{"a reply in the older one's claim", &b.claimA, b.received.Add(time.Hour), older},
		{"a reply in the newer one's claim", &b.claimB, b.received.Add(time.Hour), newer},
		{"a reply in no claim", none, b.received.Add(time.Hour), newer},
		{"a reply in no claim, sent before the newer arrived", none, b.received.Add(5 * time.Minute), older},
	} {
		var got []int64
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			waiting, err := waitingInThread(ctx, tx, storage.DefaultOfficeID, []string{shared}, c.claim, c.before)
			for _, w := range waiting {
				got = append(got, w.ID)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, []int64{c.want}) {
			t.Errorf("%s acknowledges %v, want [%d] (older %d, newer %d)", c.name, got, c.want, older, newer)
		}
	}

	// Replies processed before what they answer: the incoming message
	// looks for them.
	firstReply := func(id int64) int64 {
		t.Helper()
		var reply int64
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			reply, err = queryFirstReply(ctx, tx, id, shared)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return reply
	}
	inA := add("out", shared, &b.claimA, b.received.Add(time.Hour))
	if got := firstReply(older); got != inA {
		t.Errorf("first reply to the older message: %d, want the reply in its claim, %d", got, inA)
	}
	if got := firstReply(newer); got != 0 {
		t.Errorf("first reply to the newer message: %d, want none (the only reply is in the other's claim)", got)
	}
	unfiled := add("out", shared, nil, b.received.Add(2*time.Hour))
	if got := firstReply(newer); got != unfiled {
		t.Errorf("first reply to the newer message: %d, want the reply in no claim, %d", got, unfiled)
	}
}

// An adjuster writing to two offices at once is answered by each: one
// office's reply acknowledges its own copy of the message, not the other
// office's.
func TestReplyAcknowledgesOnlyItsOfficesMessages(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	north, err := b.db.CreateOffice(ctx, storage.Office{Slug: "north", Name: "North Territory"})
	if err != nil {
		t.Fatal(err)
	}
	const asked = "<both@carrier.example>"
	add := func(dir string, office int64, arrived time.Time) int64 {
		t.Helper()
		b.uid++
		var id int64
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			m := storage.NewMessage{
				MailboxID: b.mailbox, UIDValidity: 1, UID: b.uid, Direction: dir, RawSHA256: sha("offices", int(b.uid)),
				RawSize: 10, InternalDate: arrived, Status: storage.StatusNew,
			}
			if dir == "in" {
				m.MessageID = asked
			} else {
				m.InReplyTo = asked
			}
			var err error
			if id, _, err = storage.InsertMessage(ctx, tx, m); err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `UPDATE messages SET office_id = $2, needs_ack = direction = 'in' WHERE id = $1`, id, office)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	mainCopy := add("in", storage.DefaultOfficeID, b.received)
	northCopy := add("in", north.ID, b.received)
	later := b.received.Add(time.Hour)
	for _, office := range []int64{storage.DefaultOfficeID, north.ID} {
		var got []int64
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			waiting, err := waitingInThread(ctx, tx, office, []string{asked}, nil, later)
			for _, w := range waiting {
				got = append(got, w.ID)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]int64{storage.DefaultOfficeID: mainCopy, north.ID: northCopy}[office]
		if !slices.Equal(got, []int64{want}) {
			t.Errorf("a reply of office %d acknowledges %v, want only its own copy [%d]", office, got, want)
		}
	}
	// Replies stored first: the north copy finds no reply of its office.
	reply := add("out", storage.DefaultOfficeID, later)
	for _, c := range []struct {
		id, want int64
	}{{mainCopy, reply}, {northCopy, 0}} {
		var got int64
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			got, err = queryFirstReply(ctx, tx, c.id, asked)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("first reply to message %d: %d, want %d", c.id, got, c.want)
		}
	}
}

// waitingInThread sends storage.QueueWaitingInThread's query alone.
func waitingInThread(ctx context.Context, tx pgx.Tx, office int64, ids []string, claimID *int64, before time.Time) ([]storage.Waiting, error) {
	var waiting []storage.Waiting
	b := &pgx.Batch{}
	storage.QueueWaitingInThread(b, storage.ThreadReply{Office: office, Thread: ids, ClaimID: claimID, At: before}, &waiting)
	return waiting, storage.SendQueued(ctx, tx, b)
}

// queryFirstReply sends storage.QueueFirstReply's query alone, for a
// message replying to nothing, and returns the reply's id, 0 when there is
// none.
func queryFirstReply(ctx context.Context, tx pgx.Tx, id int64, messageID string) (int64, error) {
	var reply storage.Reply
	b := &pgx.Batch{}
	storage.QueueFirstReply(b, id, messageID, nil, &reply)
	return reply.ID, storage.SendQueued(ctx, tx, b)
}
