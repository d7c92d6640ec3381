package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// ReplyReminder is the outbox kind of a reminder to the field.
const ReplyReminder = "reminder"

// Reminder kinds: what the field is reminded of. They are also the kinds of
// the reply templates that word them.
const (
	// ReminderChaseUpload: nothing has come in from the job yet.
	ReminderChaseUpload = "chase_upload"
	// ReminderCOSAtPickup: the COS is to be signed when the equipment is
	// picked up.
	ReminderCOSAtPickup = "cos_at_pickup"
	// ReminderDryingLog: today's drying log while equipment is placed.
	ReminderDryingLog = "drying_log"
)

// ReminderKinds lists the reminder kinds in the order pages show them.
var ReminderKinds = []string{ReminderChaseUpload, ReminderCOSAtPickup, ReminderDryingLog}

// ClaimReminder is one reminder sent (or on its way) to a person of a
// claim, and whether they have written back since. It went through the
// outbox (OutboxID), or from a coordinator's own mail program, marked sent
// by hand (MarkedSentAt).
type ClaimReminder struct {
	ID            int64
	ClaimID       int64
	Kind          string
	Recipient     string // lower-case address
	RecipientName string
	// Occasion is what it reminds of: "once" for a claim's chase and COS,
	// the office date of a day's drying log, "manual:…" for a person's
	// click, or their mark of one sent from the mail program.
	Occasion string
	// OutboxID is its outbox message; nil for one marked sent.
	OutboxID  *int64
	Automatic bool
	CreatedBy string
	// CreatedAt is when it went: queued in the outbox, or for one marked
	// sent, when the person says they sent it. Answers are mail after it.
	CreatedAt time.Time
	// MarkedSentAt and MarkedSentBy say when and by whom a reminder sent
	// from the mail program was marked sent, often after it went; nil and
	// "" for the outbox's.
	MarkedSentAt *time.Time
	MarkedSentBy string
	// OutboxState is where its message stands (queued … sent, failed);
	// sent for one marked sent.
	OutboxState string
	// AnsweredAt is when the recipient's first message on the claim since
	// the reminder arrived (an answer or an upload); nil while none has.
	AnsweredAt *time.Time
	// Key, when set, is the submission's own key of a reminder marked
	// sent (the "I sent it" form's, or an API caller's Idempotency-Key):
	// the same key on the same claim is the reminder marked first, not
	// another. Asked sums up what the submission asked, so that a key sent
	// again for a different reminder is refused. Saved, not read back.
	Key   string `db:"-"`
	Asked string `db:"-"`
}

// ErrReminderSent says a reminder for that occasion was already recorded:
// another process, or an earlier run, sent it.
var ErrReminderSent = errors.New("reminder already sent")

// InsertClaimReminder records r within tx, the transaction that queues its
// outbox message *r.OutboxID. ErrReminderSent when one for the same claim,
// kind, recipient and occasion is recorded (the transaction must then be
// rolled back, its message with it), unless both are automatic and the
// recorded one's message failed: r is then its next attempt, in its place
// (the failed message stays in the outbox, shown as failed).
func InsertClaimReminder(ctx context.Context, tx pgx.Tx, r ClaimReminder) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO claim_reminders AS r (claim_id, kind, recipient, recipient_name, occasion, outbox_id, automatic, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (claim_id, kind, recipient, occasion) DO UPDATE
		SET recipient_name = EXCLUDED.recipient_name, outbox_id = EXCLUDED.outbox_id,
		    created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at
		WHERE r.automatic AND EXCLUDED.automatic
		  AND EXISTS (SELECT FROM outbox o WHERE o.id = r.outbox_id AND o.state = '`+OutboxFailed+`')
		RETURNING id`,
		r.ClaimID, r.Kind, strings.ToLower(r.Recipient), pgText(r.RecipientName), r.Occasion, r.OutboxID, r.Automatic,
		pgText(r.CreatedBy), r.CreatedAt).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, fmt.Errorf("%s reminder of claim %d to %s (%s): %w", r.Kind, r.ClaimID, r.Recipient, r.Occasion, ErrReminderSent)
	}
	if err != nil {
		return 0, fmt.Errorf("record %s reminder of claim %d: %w", r.Kind, r.ClaimID, err)
	}
	return id, nil
}

// MarkClaimReminderSent records reminder r as sent from by's own mail
// program (claimdesk did not send it), marked so at at: from then it is
// listed and followed up as one the outbox sent at r.CreatedAt, when it
// went. One already recorded for the same claim, kind, recipient and
// occasion, or by the same r.Key on the claim, is returned as it is, with
// repeated true: marking a reminder twice records it once. r.Key is kept
// either way, naming the reminder its submission recorded or found.
// ErrKeyReused when r.Key marked a different reminder (another r.Asked).
func (db *DB) MarkClaimReminderSent(ctx context.Context, r ClaimReminder, by string, at time.Time) (out ClaimReminder, repeated bool, err error) {
	var id int64
	err = db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		if id, repeated, err = markReminder(ctx, tx, r, by, at); err != nil || r.Key == "" {
			return err
		}
		return keepReminderKey(ctx, tx, id, r)
	})
	if errors.Is(err, errKeyTaken) {
		// The key's first submission is the answer; what this one
		// recorded was rolled back.
		repeated = true
		if id, err = reminderKeys.recordedBy(ctx, db.pool, r.ClaimID, r.Key, r.Asked); err == nil && id == 0 {
			err = fmt.Errorf("reminder of claim %d by its key: %w", r.ClaimID, ErrNotFound)
		}
	}
	if err != nil {
		return out, repeated, err
	}
	rows, err := db.pool.Query(ctx, reminderSelect+` WHERE r.id = $1`, id)
	if err == nil {
		out, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[ClaimReminder])
	}
	if err != nil {
		return out, repeated, fmt.Errorf("mark %s reminder of claim %d sent: %w", r.Kind, r.ClaimID, err)
	}
	return out, repeated, nil
}

// markReminder records r marked sent within tx and returns its id, or the
// id of the one recorded for its claim, kind, recipient and occasion
// already (repeated). The insert comes first: the unique key, not a look
// before it, tells a mark repeated, however many arrive at once.
func markReminder(ctx context.Context, tx pgx.Tx, r ClaimReminder, by string, at time.Time) (id int64, repeated bool, err error) {
	recipient := strings.ToLower(r.Recipient)
	err = tx.QueryRow(ctx, `
		INSERT INTO claim_reminders (claim_id, kind, recipient, recipient_name, occasion, created_by, created_at,
		                             marked_sent_at, marked_sent_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $6)
		ON CONFLICT (claim_id, kind, recipient, occasion) DO NOTHING
		RETURNING id`,
		r.ClaimID, r.Kind, recipient, pgText(r.RecipientName), r.Occasion, pgText(by), r.CreatedAt, at).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		repeated = true
		err = tx.QueryRow(ctx, `SELECT id FROM claim_reminders WHERE claim_id = $1 AND kind = $2 AND recipient = $3 AND occasion = $4`,
			r.ClaimID, r.Kind, recipient, r.Occasion).Scan(&id)
	}
	switch {
	case isForeignKeyViolation(err):
		return 0, false, fmt.Errorf("claim %d: %w", r.ClaimID, ErrNotFound)
	case err != nil:
		return 0, false, fmt.Errorf("mark %s reminder of claim %d sent: %w", r.Kind, r.ClaimID, err)
	}
	return id, repeated, nil
}

// errKeyTaken says a submission's key is its claim's already.
var errKeyTaken = errors.New("key taken")

// keepReminderKey saves r.Key, and what its submission asked, as the key
// of reminder id within tx: errKeyTaken when the claim has that key, or
// will once a submission with it at the same moment commits.
func keepReminderKey(ctx context.Context, tx pgx.Tx, id int64, r ClaimReminder) error {
	tag, err := tx.Exec(ctx, `
		INSERT INTO claim_reminder_keys (claim_id, request_key, request_digest, reminder_id) VALUES ($1, $2, $3, $4)
		ON CONFLICT (claim_id, request_key) DO NOTHING`, r.ClaimID, r.Key, r.Asked, id)
	if err != nil {
		return fmt.Errorf("key of reminder %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return errKeyTaken
	}
	return nil
}

// reminderSelect reads reminders with their message's state and the
// recipient's first message on the claim since.
const reminderSelect = `
	SELECT r.id, r.claim_id, r.kind, r.recipient, r.recipient_name, r.occasion, r.outbox_id, r.automatic,
	       r.created_by, r.created_at, r.marked_sent_at, r.marked_sent_by, coalesce(o.state, '` + OutboxSent + `'),
	       (SELECT min(` + arrivedAt + `) FROM messages m
	         WHERE m.claim_id = r.claim_id AND m.direction = 'in' AND lower(m.from_address) = r.recipient
	           AND ` + arrivedAt + ` > r.created_at)
	FROM claim_reminders r LEFT JOIN outbox o ON o.id = r.outbox_id`

// ClaimReminders returns the reminders of claim id, newest first.
func (db *DB) ClaimReminders(ctx context.Context, id int64) ([]ClaimReminder, error) {
	out, err := queryAll(ctx, db.pool, pgx.RowToStructByPos[ClaimReminder],
		reminderSelect+` WHERE r.claim_id = $1 ORDER BY r.created_at DESC, r.id DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("reminders of claim %d: %w", id, err)
	}
	return out, nil
}

// LatestRemindersOfClaims returns, per claim of ids, its latest reminder of
// each kind to each recipient, newest first: what the alerts say was done
// about them, each line of the reminder to the people it asks.
func (db *DB) LatestRemindersOfClaims(ctx context.Context, ids []int64) (map[int64][]ClaimReminder, error) {
	out := map[int64][]ClaimReminder{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := queryAll(ctx, db.pool, pgx.RowToStructByPos[ClaimReminder], `
		SELECT * FROM (`+reminderSelect+`
		  WHERE r.id IN (SELECT DISTINCT ON (claim_id, kind, recipient) id FROM claim_reminders
		                 WHERE claim_id = ANY($1) ORDER BY claim_id, kind, recipient, created_at DESC, id DESC)) x
		ORDER BY created_at DESC, id DESC`, ids)
	if err != nil {
		return nil, fmt.Errorf("latest reminders of claims: %w", err)
	}
	for _, r := range rows {
		out[r.ClaimID] = append(out[r.ClaimID], r)
	}
	return out, nil
}

// ReminderCandidates returns the open claims that have a foreman or a
// technician to remind, oldest first: the claims automatic reminders look
// at.
func (db *DB) ReminderCandidates(ctx context.Context) ([]int64, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT c.id FROM claims c
		WHERE c.status = 'open' AND EXISTS (
		  SELECT 1 FROM claim_participants p WHERE p.claim_id = c.id AND p.role IN ('foreman', 'technician'))
		ORDER BY c.id`)
	if err != nil {
		return nil, fmt.Errorf("reminder candidates: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("reminder candidates: %w", err)
	}
	return ids, nil
}
