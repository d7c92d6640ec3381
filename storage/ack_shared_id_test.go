package storage_test

import (
	"cmp"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// threadMail is a message of a thread whose Message-IDs other mail reuses.
type threadMail struct {
	dir       string // in or out
	messageID string
	inReplyTo string
	refs      []string
	claim     *int64
	office    int64 // 0: the default office
	mailbox   int64 // 0: the bundle's inbox
	at        time.Time
}

// addThreadMail stores m; an incoming message needs an answer.
func (b *docsBundle) addThreadMail(t *testing.T, m threadMail) int64 {
	t.Helper()
	ctx := t.Context()
	b.uid++
	var id int64
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, _, err = storage.InsertMessage(ctx, tx, storage.NewMessage{
			MailboxID: cmp.Or(m.mailbox, b.mailbox), UIDValidity: 1, UID: b.uid, Direction: m.dir,
			RawSHA256: sha("reused-id", int(b.uid)), RawSize: 10, MessageID: m.messageID, InReplyTo: m.inReplyTo,
			References: m.refs, InternalDate: m.at, Status: storage.StatusNew,
		})
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE messages SET claim_id = $2, office_id = $3, needs_ack = direction = 'in',
			ack_due_at = CASE WHEN direction = 'in' THEN $4::timestamptz END WHERE id = $1`,
			id, m.claim, cmp.Or(m.office, storage.DefaultOfficeID), m.at.Add(30*time.Minute))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// mark records what a person said of message id: source, at at.
func (b *docsBundle) mark(t *testing.T, id int64, source string, at time.Time) {
	t.Helper()
	_, err := storage.PoolOf(b.db).Exec(t.Context(), `UPDATE messages SET acknowledged_at = $2, ack_source = $3 WHERE id = $1`,
		id, at, source)
	if err != nil {
		t.Fatal(err)
	}
}

// undo takes back message id's mark and returns how the message stands
// after: its ack_source ("" when owed an answer) and reply, with the
// undo's error.
func (b *docsBundle) undo(t *testing.T, id int64) (source string, reply int64, err error) {
	t.Helper()
	err = b.db.UndoManualAck(t.Context(), id, func(from, to time.Time) int { return int(to.Sub(from).Minutes()) })
	var replyID *int64
	if qerr := storage.PoolOf(b.db).QueryRow(t.Context(), `SELECT ack_source, ack_reply_id FROM messages WHERE id = $1`, id).
		Scan(&source, &replyID); qerr != nil {
		t.Fatal(qerr)
	}
	if replyID != nil {
		reply = *replyID
	}
	return source, reply, err
}

// waiting returns the messages reply r acknowledges, as the pipeline asks.
func (b *docsBundle) waiting(t *testing.T, r storage.ThreadReply) []int64 {
	t.Helper()
	var got []int64
	err := b.db.InTx(t.Context(), func(tx pgx.Tx) error {
		var waiting []storage.Waiting
		q := &pgx.Batch{}
		storage.QueueWaitingInThread(q, r, &waiting)
		err := storage.SendQueued(t.Context(), tx, q)
		for _, w := range waiting {
			got = append(got, w.ID)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	return got
}

// firstReply returns the office reply that answers message id, replying
// to thread, found from the message's side; 0 when none does.
func (b *docsBundle) firstReply(t *testing.T, id int64, messageID string, thread ...string) int64 {
	t.Helper()
	var reply storage.Reply
	err := b.db.InTx(t.Context(), func(tx pgx.Tx) error {
		q := &pgx.Batch{}
		storage.QueueFirstReply(q, id, messageID, thread, &reply)
		return storage.SendQueued(t.Context(), tx, q)
	})
	if err != nil {
		t.Fatal(err)
	}
	return reply.ID
}

// Two incoming messages share a Message-ID and one office reply names it:
// the reply answers one of them, the one a coordinator would say it
// answers, whichever side is processed first; and taking back a mark made
// on the other one is not refused, nor replaced, by that reply.
func TestReplyToSharedMessageIDAnswersOneAndUndoKnowsWhich(t *testing.T) {
	t.Parallel()
	const shared = "<inspection@carrier.example>"
	for _, c := range []struct {
		name                    string
		olderClaim, newerClaim  string // "", "A" or "B"
		replyClaim              string
		olderInJanes, replyJane bool // read in, and replied from, the account jane@
		ackOfOlder              bool // claimdesk's Acknowledge on the older one
		want                    string
	}{
		{name: "the reply in the newer one's claim", olderClaim: "A", newerClaim: "B", replyClaim: "B", want: "newer"},
		{name: "the reply in the older one's claim", olderClaim: "A", newerClaim: "B", replyClaim: "A", want: "older"},
		{name: "no claim: the newest before the reply", want: "newer"},
		{name: "claimdesk's Acknowledge on the older one", ackOfOlder: true, want: "older"},
		{name: "replied from the account the older one was read in", olderInJanes: true, replyJane: true, want: "older"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			b := setupDocs(t)
			ctx := t.Context()
			claim := func(s string) *int64 {
				return map[string]*int64{"A": &b.claimA, "B": &b.claimB}[s]
			}
			mailbox := func(account, folder, role string) int64 {
				mb, err := b.db.EnsureMailbox(ctx, account, folder, role)
				if err != nil {
					t.Fatal(err)
				}
				return mb.ID
			}
			olderBox, sent := b.mailbox, mailbox("office@example.com", "Sent", storage.RoleSent)
			if c.olderInJanes {
				olderBox = mailbox("jane@example.com", "INBOX", storage.RoleInbox)
			}
			if c.replyJane {
				sent = mailbox("jane@example.com", "Sent", storage.RoleSent)
			}
			older := b.addThreadMail(t, threadMail{dir: "in", messageID: shared, claim: claim(c.olderClaim), mailbox: olderBox, at: b.received})
			newer := b.addThreadMail(t, threadMail{dir: "in", messageID: shared, claim: claim(c.newerClaim), at: b.received.Add(10 * time.Minute)})
			const replyID = "<reply-1@office.example>"
			if c.ackOfOlder {
				err := b.db.InTx(ctx, func(tx pgx.Tx) error {
					_, err := storage.InsertOutbox(ctx, tx, storage.OutboxMessage{MessageID: replyID, Kind: storage.ReplyAck,
						ReplyTo: &older, FromAddress: "office@example.com", Recipients: []string{"adjuster@carrier.example"},
						Subject: "Re: Inspection", Body: "Received.", Raw: []byte("x"), RawSHA256: sha("outbox", 0)})
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			sentAt := b.received.Add(time.Hour)
			reply := b.addThreadMail(t, threadMail{dir: "out", messageID: replyID, inReplyTo: shared, claim: claim(c.replyClaim),
				mailbox: sent, at: sentAt})
			want, other := older, newer
			if c.want == "newer" {
				want, other = newer, older
			}

			// The reply processed after both messages.
			got := b.waiting(t, storage.ThreadReply{ID: reply, Office: storage.DefaultOfficeID, Thread: []string{shared},
				ClaimID: claim(c.replyClaim), At: sentAt})
			if !slices.Equal(got, []int64{want}) {
				t.Errorf("the reply acknowledges %v, want [%d] (older %d, newer %d)", got, want, older, newer)
			}
			// Each message processed after the reply.
			if got := b.firstReply(t, want, shared); got != reply {
				t.Errorf("reply answering message %d: %d, want %d", want, got, reply)
			}
			if got := b.firstReply(t, other, shared); got != 0 {
				t.Errorf("reply answering message %d: %d, want none", other, got)
			}

			// The other one, answered by phone by mistake, or marked as
			// needing no answer: taken back, it is owed an answer again.
			for _, source := range []string{storage.AckManual, storage.AckNotNeeded} {
				b.mark(t, other, source, b.received.Add(20*time.Minute))
				if now, by, err := b.undo(t, other); err != nil || now != "" || by != 0 {
					t.Errorf("undo of %s on message %d: %v, now %q by reply %d; want owed an answer again", source, other, err, now, by)
				}
			}
			// The one the reply answers gives way to it.
			b.mark(t, want, storage.AckNotNeeded, b.received.Add(20*time.Minute))
			if now, by, err := b.undo(t, want); err != nil || now != storage.AckReply || by != reply {
				t.Errorf("undo on message %d: %v, now %q by reply %d; want answered by reply %d", want, err, now, by, reply)
			}
		})
	}
}

// Two office replies share a Message-ID (each on its own claim), and the
// adjuster on each claim answers the one they got: the office's answer to
// one of them, naming the shared ID in its References, answers that one
// (and what replies into its thread on its claim), not the other claim's.
func TestRepliesSharingAMessageIDKeepTheirThreadsApart(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	const shared = "<update@office.example>"
	t0 := b.received
	b.addThreadMail(t, threadMail{dir: "out", messageID: shared, claim: &b.claimA, at: t0})
	b.addThreadMail(t, threadMail{dir: "out", messageID: shared, claim: &b.claimB, at: t0.Add(time.Minute)})
	answerA := b.addThreadMail(t, threadMail{dir: "in", messageID: "<a@carrier.example>", inReplyTo: shared, refs: []string{shared},
		claim: &b.claimA, at: t0.Add(time.Hour)})
	answerB := b.addThreadMail(t, threadMail{dir: "in", messageID: "<b@carrier.example>", inReplyTo: shared, refs: []string{shared},
		claim: &b.claimB, at: t0.Add(time.Hour + time.Minute)})
	// The homeowner on claim A answers the same update too.
	alsoA := b.addThreadMail(t, threadMail{dir: "in", messageID: "<h@home.example>", inReplyTo: shared, refs: []string{shared},
		claim: &b.claimA, at: t0.Add(time.Hour + 2*time.Minute)})
	thread := []string{"<a@carrier.example>", shared}
	at := t0.Add(2 * time.Hour)
	for _, c := range []struct {
		name  string
		claim *int64
		want  []int64
	}{
		{"filed to claim A", &b.claimA, []int64{answerA, alsoA}},
		{"filed to no claim", nil, []int64{answerA}},
	} {
		if got := b.waiting(t, storage.ThreadReply{Office: storage.DefaultOfficeID, Thread: thread, ClaimID: c.claim, At: at}); !slices.Equal(got, c.want) {
			t.Errorf("the office's answer %s acknowledges %v, want %v (claim B's answer is %d)", c.name, got, c.want, answerB)
		}
	}
	reply := b.addThreadMail(t, threadMail{dir: "out", messageID: "<re-a@office.example>", inReplyTo: "<a@carrier.example>",
		refs: thread, claim: &b.claimA, at: at})
	if got := b.firstReply(t, answerB, "<b@carrier.example>", shared, shared); got != 0 {
		t.Errorf("claim B's answer, processed after the office's answer on claim A, is answered by %d", got)
	}
	if got := b.firstReply(t, alsoA, "<h@home.example>", shared, shared); got != reply {
		t.Errorf("the homeowner's answer on claim A is answered by %d, want %d", got, reply)
	}
	b.mark(t, answerB, storage.AckNotNeeded, t0.Add(90*time.Minute))
	if now, by, err := b.undo(t, answerB); err != nil || now != "" || by != 0 {
		t.Errorf("undo on claim B's answer: %v, now %q by reply %d; want owed an answer again", err, now, by)
	}
}

// A Message-ID reused in another office never crosses offices: not in
// what answers what, nor in an Undo, nor in the message page's list of
// mail sharing it. Within its own office the ID is carried once, so a
// follow-up naming it is in the thread of a reply naming it.
func TestMessageIDReusedInAnotherOffice(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	north, err := b.db.CreateOffice(ctx, storage.Office{Slug: "north", Name: "North Territory"})
	if err != nil {
		t.Fatal(err)
	}
	const reused = "<notice@carrier.example>"
	t0 := b.received
	ours := b.addThreadMail(t, threadMail{dir: "in", messageID: reused, at: t0})
	theirs := b.addThreadMail(t, threadMail{dir: "in", messageID: reused, office: north.ID, at: t0.Add(time.Minute)})
	followUp := b.addThreadMail(t, threadMail{dir: "in", messageID: "<more@carrier.example>", inReplyTo: reused, refs: []string{reused},
		at: t0.Add(5 * time.Minute)})
	theirReply := b.addThreadMail(t, threadMail{dir: "out", messageID: "<north-re@north.example>", inReplyTo: reused, office: north.ID,
		at: t0.Add(time.Hour)})

	if got := b.waiting(t, storage.ThreadReply{ID: theirReply, Office: north.ID, Thread: []string{reused}, At: t0.Add(time.Hour)}); !slices.Equal(got, []int64{theirs}) {
		t.Errorf("the other office's reply acknowledges %v, want only its own message [%d]", got, theirs)
	}
	if got := b.firstReply(t, ours, reused); got != 0 {
		t.Errorf("this office's message is answered by %d, the other office's reply", got)
	}
	if got := b.firstReply(t, followUp, "<more@carrier.example>", reused, reused); got != 0 {
		t.Errorf("this office's follow-up is answered by %d, the other office's reply", got)
	}
	b.mark(t, ours, storage.AckNotNeeded, t0.Add(10*time.Minute))
	if now, by, err := b.undo(t, ours); err != nil || now != "" || by != 0 {
		t.Errorf("undo: %v, now %q by reply %d; want owed an answer again", err, now, by)
	}
	d, err := b.db.GetMessageDetail(ctx, ours)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.SameMessageID) != 0 {
		t.Errorf("the message page links %v, the other office's mail, as sharing its Message-ID", d.SameMessageID)
	}

	if got := b.waiting(t, storage.ThreadReply{Office: storage.DefaultOfficeID, Thread: []string{reused}, At: t0.Add(2 * time.Hour)}); !slices.Equal(got, []int64{ours, followUp}) {
		t.Errorf("this office's reply acknowledges %v, want [%d %d]", got, ours, followUp)
	}
}
