package storage_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// A reminder sent from a coordinator's mail program is marked sent: by
// whom and when, with no outbox message, and listed as sent, waiting for
// the answer, as one the outbox sent. Marking the same occasion again keeps
// the first mark; an occasion the outbox reminded of already is not marked
// a second time, nor sent after a mark; another occasion is a reminder of
// its own.
func TestMarkClaimReminderSent(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	marked := b.received.Add(-12 * time.Hour).Truncate(time.Microsecond)
	chase := storage.ClaimReminder{ClaimID: b.claimA, Kind: storage.ReminderChaseUpload, Recipient: "Luis@Field.example",
		RecipientName: "Luis Peña", Occasion: "manual:2026-11-09T15:30:00Z", CreatedAt: marked}
	r, _, err := b.db.MarkClaimReminderSent(ctx, chase, "dana@office.example", marked)
	if err != nil {
		t.Fatal(err)
	}
	if r.ID == 0 || r.OutboxID != nil || r.MarkedSentAt == nil || !r.MarkedSentAt.Equal(marked) ||
		r.MarkedSentBy != "dana@office.example" || r.CreatedBy != "dana@office.example" || !r.CreatedAt.Equal(marked) ||
		r.Recipient != "luis@field.example" || r.RecipientName != "Luis Peña" || r.OutboxState != storage.OutboxSent ||
		r.Automatic || r.AnsweredAt != nil {
		t.Errorf("marked %+v: want Luis's chase, sent from the mail program by dana at %v, unanswered", r, marked)
	}

	again, _, err := b.db.MarkClaimReminderSent(ctx, chase, "eli@office.example", marked.Add(30*time.Second))
	if err != nil || again.ID != r.ID || again.MarkedSentBy != "dana@office.example" || !again.MarkedSentAt.Equal(marked) {
		t.Errorf("marked again: %+v (%v); want the first mark, unchanged", again, err)
	}
	outboxID := b.outboxMessage(t)
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		sent := chase
		sent.OutboxID, sent.CreatedAt = &outboxID, marked
		_, err := storage.InsertClaimReminder(ctx, tx, sent)
		return err
	})
	if !errors.Is(err, storage.ErrReminderSent) {
		t.Errorf("the outbox reminding of a marked occasion: %v, want ErrReminderSent", err)
	}

	// The outbox reminded of the COS once: marking that occasion is
	// harmless, and returns the outbox's reminder.
	cos := storage.ClaimReminder{ClaimID: b.claimA, Kind: storage.ReminderCOSAtPickup, Recipient: "luis@field.example",
		Occasion: "once", OutboxID: &outboxID, CreatedAt: marked}
	var cosID int64
	if err := b.db.InTx(ctx, func(tx pgx.Tx) (err error) {
		cosID, err = storage.InsertClaimReminder(ctx, tx, cos)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	cos.OutboxID = nil
	if got, _, err := b.db.MarkClaimReminderSent(ctx, cos, "dana@office.example", marked.Add(time.Hour)); err != nil ||
		got.ID != cosID || got.MarkedSentAt != nil || got.OutboxID == nil || *got.OutboxID != outboxID {
		t.Errorf("marking the COS the outbox sent: %+v (%v); want the outbox's reminder %d as it was", got, err, cosID)
	}

	later := chase
	later.Occasion, later.CreatedAt = "manual:2026-11-09T16:02:00Z", marked.Add(32*time.Minute)
	second, _, err := b.db.MarkClaimReminderSent(ctx, later, "dana@office.example", marked.Add(32*time.Minute))
	if err != nil || second.ID == r.ID {
		t.Fatalf("a later chase marked: %+v (%v); want a reminder of its own", second, err)
	}
	if rs, err := b.db.ClaimReminders(ctx, b.claimA); err != nil || len(rs) != 3 {
		t.Errorf("the claim's reminders: %+v (%v); want the two chases marked and the COS sent", rs, err)
	}
	latest, err := b.db.LatestRemindersOfClaims(ctx, []int64{b.claimA})
	if err != nil || len(latest[b.claimA]) != 2 || latest[b.claimA][0].ID != second.ID {
		t.Errorf("latest reminders: %+v (%v); want the later marked chase first, then the COS", latest, err)
	}

	// Luis writes back: the marked chases are answered.
	msg := b.message(t)
	if _, err := storage.PoolOf(b.db).Exec(ctx, `UPDATE messages SET claim_id = $2, from_address = 'luis@field.example'
		WHERE id = $1`, msg, b.claimA); err != nil {
		t.Fatal(err)
	}
	if rs, err := b.db.ClaimReminders(ctx, b.claimA); err != nil || rs[0].AnsweredAt == nil || !rs[0].AnsweredAt.Equal(b.received) {
		t.Errorf("after Luis wrote: %+v (%v); want answered at %v", rs, err, b.received)
	}

	if _, _, err := b.db.MarkClaimReminderSent(ctx, storage.ClaimReminder{ClaimID: 999999, Kind: storage.ReminderChaseUpload,
		Recipient: "luis@field.example", Occasion: "once", CreatedAt: marked}, "dana@office.example", marked); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("marking on no claim: %v, want ErrNotFound", err)
	}
}

// A reminder row went through the outbox or was marked sent: never
// neither, never both.
func TestClaimReminderSentOneWay(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	outboxID := b.outboxMessage(t)
	insert := `INSERT INTO claim_reminders (claim_id, kind, recipient, occasion, outbox_id, marked_sent_at, marked_sent_by)
		VALUES ($1, 'chase_upload', 'luis@field.example', $2, $3, $4, $5)`
	now := time.Now()
	for _, c := range []struct {
		name     string
		outboxID *int64
		at       *time.Time
		by       string
		ok       bool
	}{
		{"sent", &outboxID, nil, "", true},
		{"marked", nil, &now, "dana@office.example", true},
		{"neither", nil, nil, "", false},
		{"marked by nobody", nil, &now, "", false},
		{"both", &outboxID, &now, "dana@office.example", false},
	} {
		_, err := storage.PoolOf(b.db).Exec(ctx, insert, b.claimA, c.name, c.outboxID, c.at, c.by)
		if (err == nil) != c.ok {
			t.Errorf("a reminder %s: %v, want ok %v", c.name, err, c.ok)
		}
	}
}

// outboxMessage queues a reminder to Luis on claim A and returns its id.
func (b *docsBundle) outboxMessage(t *testing.T) int64 {
	t.Helper()
	var id int64
	err := b.db.InTx(t.Context(), func(tx pgx.Tx) (err error) {
		id, err = storage.InsertOutbox(t.Context(), tx, storage.OutboxMessage{MessageID: "<remind-1@office.example>",
			Kind: storage.ReplyReminder, ClaimID: &b.claimA, Account: "claims@office.example",
			FromAddress: "claims@office.example", Recipients: []string{"luis@field.example"}, Subject: "Photos", Body: "Hi Luis",
			Raw: []byte("Subject: Photos\r\n\r\nHi Luis\r\n"), RawSHA256: fmt.Sprintf("%064x", 1)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}
