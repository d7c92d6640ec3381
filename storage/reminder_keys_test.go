package storage_test

import (
	"errors"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// markOf is a mark of Luis's chase on claim, sent at sent, with the
// submission's key and what it asked.
func markOf(claim int64, sent time.Time, key, asked string) storage.ClaimReminder {
	return storage.ClaimReminder{ClaimID: claim, Kind: storage.ReminderChaseUpload, Recipient: "luis@field.example",
		RecipientName: "Luis Peña", Occasion: "manual:" + sent.UTC().Truncate(time.Minute).Format(time.RFC3339),
		CreatedAt: sent, Key: key, Asked: asked}
}

// A reminder marked sent with a key is marked once however late the
// submission is sent again: a later minute, by someone else, is the
// reminder marked first; the same key asking another reminder is refused,
// a new key marks a new reminder, and a key is its claim's. Another
// submission of the same minute is still that minute's reminder.
func TestReminderMarkKeyRecordsOnce(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	at := b.received.Add(-12 * time.Hour).Truncate(time.Minute)
	first, repeated, err := b.db.MarkClaimReminderSent(ctx, markOf(b.claimA, at, "form-1", "chase luis"), "dana@office.example", at)
	if err != nil || repeated || first.ID == 0 {
		t.Fatalf("first mark: %+v, repeated %v, %v; want a reminder recorded", first, repeated, err)
	}
	later := at.Add(7 * time.Minute)
	again, repeated, err := b.db.MarkClaimReminderSent(ctx, markOf(b.claimA, later, "form-1", "chase luis"), "eli@office.example", later)
	if err != nil || !repeated || again.ID != first.ID || again.MarkedSentBy != "dana@office.example" || !again.CreatedAt.Equal(at) {
		t.Errorf("the same form sent again 7 minutes later: %+v, repeated %v, %v; want dana's mark of %v", again, repeated, err, at)
	}
	if _, _, err := b.db.MarkClaimReminderSent(ctx, markOf(b.claimA, later, "form-1", "chase luis at 9:10"), "dana@office.example", later); !errors.Is(err, storage.ErrKeyReused) {
		t.Errorf("the key asking another reminder: %v; want ErrKeyReused", err)
	}
	same, repeated, err := b.db.MarkClaimReminderSent(ctx, markOf(b.claimA, at.Add(20*time.Second), "form-9", "chase luis"), "eli@office.example", later)
	if err != nil || !repeated || same.ID != first.ID {
		t.Errorf("another form marking the same minute: %+v, repeated %v, %v; want reminder %d", same, repeated, err, first.ID)
	}
	for _, m := range []storage.ClaimReminder{
		markOf(b.claimA, later, "form-2", "chase luis"),
		markOf(b.claimA, later.Add(time.Minute), "", ""),
		markOf(b.claimB, later, "form-1", "chase luis"),
	} {
		if r, repeated, err := b.db.MarkClaimReminderSent(ctx, m, "dana@office.example", later); err != nil || repeated || r.ID == first.ID {
			t.Errorf("a new mark on claim %d with key %q: %+v, repeated %v, %v; want a reminder of its own", m.ClaimID, m.Key, r, repeated, err)
		}
	}
	if rs, err := b.db.ClaimReminders(ctx, b.claimA); err != nil || len(rs) != 3 {
		t.Errorf("claim A's reminders: %d (%v), want 3: form-1's, form-2's and one without a key", len(rs), err)
	}
}

// Two submissions of one mark at once record it once: the second waits
// for the first's key, then answers the first's reminder.
func TestReminderMarkKeyTwoAtOnce(t *testing.T) {
	t.Parallel()
	b, sql := setupDocsAndSQL(t)
	ctx := t.Context()
	at := b.received.Add(-12 * time.Hour).Truncate(time.Minute)
	holder, holderPID := beginHolder(t, sql)
	var firstID int64
	if err := holder.QueryRow(ctx, `INSERT INTO claim_reminders (claim_id, kind, recipient, occasion, created_at,
		marked_sent_at, marked_sent_by)
		VALUES ($1, 'chase_upload', 'luis@field.example', 'manual:first', $2, $2, 'dana@office.example')
		RETURNING id`, b.claimA, at).Scan(&firstID); err != nil {
		t.Fatal(err)
	}
	if _, err := holder.Exec(ctx, `INSERT INTO claim_reminder_keys (claim_id, request_key, request_digest, reminder_id)
		VALUES ($1, 'form-1', 'chase luis', $2)`, b.claimA, firstID); err != nil {
		t.Fatal(err)
	}
	type result struct {
		r        storage.ClaimReminder
		repeated bool
		err      error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		later := at.Add(5 * time.Minute)
		r.r, r.repeated, r.err = b.db.MarkClaimReminderSent(ctx, markOf(b.claimA, later, "form-1", "chase luis"), "eli@office.example", later)
		done <- r
	}()
	testenv.WaitForBlocked(t, sql, holderPID, "%INSERT INTO claim_reminder_keys%")
	if err := holder.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if r := <-done; r.err != nil || !r.repeated || r.r.ID != firstID {
		t.Errorf("the second submission: %+v, repeated %v, %v; want reminder %d", r.r, r.repeated, r.err, firstID)
	}
}

// A key whose submission found its minute marked already (by a call
// without a key, another form) is kept all the same: sent again minutes
// later, the submission is that reminder, not a second one; with another
// ask it is refused.
func TestReminderMarkKeyOfAMinuteMarkedBefore(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	at := b.received.Add(-12 * time.Hour).Truncate(time.Minute)
	first, _, err := b.db.MarkClaimReminderSent(ctx, markOf(b.claimA, at, "", ""), "dana@office.example", at)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"form-7", "call-8"} {
		sent := at.Add(20 * time.Second)
		if r, repeated, err := b.db.MarkClaimReminderSent(ctx, markOf(b.claimA, sent, key, "chase luis"), "eli@office.example", sent); err != nil ||
			!repeated || r.ID != first.ID {
			t.Fatalf("%s marking the minute marked already: %+v, repeated %v, %v; want reminder %d", key, r, repeated, err, first.ID)
		}
	}
	later := at.Add(6 * time.Minute)
	again, repeated, err := b.db.MarkClaimReminderSent(ctx, markOf(b.claimA, later, "form-7", "chase luis"), "eli@office.example", later)
	if err != nil || !repeated || again.ID != first.ID {
		t.Errorf("form-7 sent again 6 minutes later: %+v, repeated %v, %v; want reminder %d", again, repeated, err, first.ID)
	}
	if _, _, err := b.db.MarkClaimReminderSent(ctx, markOf(b.claimA, later, "call-8", "chase luis at 9:10"), "eli@office.example", later); !errors.Is(err, storage.ErrKeyReused) {
		t.Errorf("call-8 asking another reminder: %v; want ErrKeyReused", err)
	}
	if rs, err := b.db.ClaimReminders(ctx, b.claimA); err != nil || len(rs) != 1 {
		t.Errorf("claim A's reminders: %d (%v), want the one marked first", len(rs), err)
	}
}
