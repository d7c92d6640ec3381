package storage

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// MailboxMail is a mailbox account's earlier mail that is in another
// office than the mailbox's now: its messages in no claim, and the claims
// made from its mail. Mail a person or the pipeline moved between offices
// (message_office_moves) is left out: it is where it was put.
type MailboxMail struct {
	Messages int
	Claims   int
	// Kept are the job numbers of claims left in their office: the new
	// office has a claim of their job or claim number already.
	Kept []string
	// MovedClaims are the ids of the claims moved.
	MovedClaims []int64
	// InTriage are the ids of the moved messages waiting in triage: they
	// are to be matched again among their new office's claims.
	InTriage []int64
}

// earlierMessages selects the account's messages in no claim and in
// another office than $2, never moved between offices.
const earlierMessages = `
	SELECT m.id, m.office_id FROM messages m JOIN mailboxes mb ON mb.id = m.mailbox_id
	WHERE mb.account = $1 AND m.office_id <> $2 AND m.claim_id IS NULL
	  AND NOT EXISTS (SELECT 1 FROM message_office_moves mv WHERE mv.message_id = m.id)`

// earlierClaims selects the claims made from the account's mail that are
// in another office than $2.
const earlierClaims = `
	SELECT c.id, c.job_number, c.job_number_norm, c.claim_number_norm, c.office_id FROM claims c
	JOIN messages m ON m.id = c.source_message_id JOIN mailboxes mb ON mb.id = m.mailbox_id
	WHERE mb.account = $1 AND c.office_id <> $2`

// MailboxMailElsewhere counts the account's earlier mail in another
// office than office (see MailboxMail), which MoveMailboxMailTx would move.
func (db *DB) MailboxMailElsewhere(ctx context.Context, account string, office int64) (MailboxMail, error) {
	var out MailboxMail
	err := db.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM (`+earlierMessages+`) m), (SELECT count(*) FROM (`+earlierClaims+`) c)`,
		account, office).Scan(&out.Messages, &out.Claims)
	if err != nil {
		return MailboxMail{}, fmt.Errorf("earlier mail of mailbox %s: %w", account, err)
	}
	return out, nil
}

// MoveMailboxMailTx moves the account's earlier mail into office within
// tx: its messages in no claim, and the claims made from its mail with
// everything filed in them (a claim's mail, documents, requests, equipment
// and outbox follow it). Every message that changes office is recorded as
// a move by actor, as a move from triage is; every claim's move is in its
// history. A claim whose job or claim number the office has already stays
// where it is, named in Kept; the moved messages waiting in triage are
// named in InTriage.
//
// The messages are taken first, each locked against processing, which
// locks it to check its office (LockMessage): a message being
// processed is moved once its processing commits, and a claim that
// processing made from it is among the claims moved next.
func MoveMailboxMailTx(ctx context.Context, tx pgx.Tx, account string, office int64, actor string) (MailboxMail, error) {
	type movedRow struct {
		ID       int64
		InTriage bool
	}
	moved, err := queryAll(ctx, tx, pgx.RowToStructByPos[movedRow], `
		WITH earlier AS (`+earlierMessages+` FOR UPDATE OF m),
		moved AS (UPDATE messages SET office_id = $2 FROM earlier WHERE messages.id = earlier.id
		          RETURNING messages.id, messages.status, earlier.office_id AS from_office),
		recorded AS (INSERT INTO message_office_moves (message_id, from_office_id, to_office_id, actor)
		             SELECT id, from_office, $2, $3 FROM moved)
		SELECT id, status = $4 FROM moved ORDER BY id`, account, office, actor, StatusTriage)
	if err != nil {
		return MailboxMail{}, fmt.Errorf("move earlier messages of mailbox %s: %w", account, err)
	}
	out, err := moveEarlierClaims(ctx, tx, account, office, actor)
	if err != nil {
		return MailboxMail{}, err
	}
	out.Messages = len(moved)
	for _, m := range moved {
		if m.InTriage {
			out.InTriage = append(out.InTriage, m.ID)
		}
	}
	return out, nil
}

// LockedMessage is what LockMessage reads of the message it locks.
type LockedMessage struct {
	OfficeID int64
	Status   string
}

// LockMessage returns the office and status of message id and keeps others
// from moving it or deciding it until tx ends; ErrNotFound when there is
// none. The lock lets rows that refer to the message be written meanwhile:
// another worker may be creating the claim of this very message, an
// earlier assignment numbered first, while it holds the job-number lock
// this transaction may take next.
func LockMessage(ctx context.Context, tx pgx.Tx, id int64) (LockedMessage, error) {
	var m LockedMessage
	err := tx.QueryRow(ctx, `SELECT office_id, status FROM messages WHERE id = $1 FOR NO KEY UPDATE`, id).Scan(&m.OfficeID, &m.Status)
	if errors.Is(err, pgx.ErrNoRows) {
		return LockedMessage{}, fmt.Errorf("message %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return LockedMessage{}, fmt.Errorf("lock message %d: %w", id, err)
	}
	return m, nil
}

// moveEarlierClaims moves the claims made from the account's mail into
// office, recording the office moves of their messages.
func moveEarlierClaims(ctx context.Context, tx pgx.Tx, account string, office int64, actor string) (MailboxMail, error) {
	type claimRow struct {
		ID                       int64
		Job, JobNorm, NumberNorm string
		OfficeID                 int64
	}
	claims, err := queryAll(ctx, tx, pgx.RowToStructByPos[claimRow], earlierClaims+` ORDER BY c.id FOR UPDATE OF c`, account, office)
	if err != nil {
		return MailboxMail{}, fmt.Errorf("claims of mailbox %s: %w", account, err)
	}
	var out MailboxMail
	for _, c := range claims {
		var taken bool
		err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM claims WHERE office_id = $1
			AND (job_number = $2 OR job_number_norm = $3 OR (claim_number_norm <> '' AND claim_number_norm = $4)))`,
			office, c.Job, c.JobNorm, c.NumberNorm).Scan(&taken)
		if err != nil {
			return MailboxMail{}, fmt.Errorf("numbers of claim %s in office %d: %w", c.Job, office, err)
		}
		if taken {
			out.Kept = append(out.Kept, c.Job)
			continue
		}
		if err := moveClaimToOffice(ctx, tx, c.ID, c.OfficeID, office, actor); err != nil {
			return MailboxMail{}, err
		}
		out.Claims++
		out.MovedClaims = append(out.MovedClaims, c.ID)
	}
	return out, nil
}

// moveClaimToOffice puts claim id, and with it everything filed in it, in
// office to, recording its messages' office moves and the claim's change.
func moveClaimToOffice(ctx context.Context, tx pgx.Tx, id, from, to int64, actor string) error {
	_, err := tx.Exec(ctx, `INSERT INTO message_office_moves (message_id, from_office_id, to_office_id, actor)
		SELECT id, office_id, $2, $3 FROM messages WHERE claim_id = $1 AND office_id <> $2`, id, to, actor)
	if err != nil {
		return fmt.Errorf("record the office moves of claim %d's mail: %w", id, err)
	}
	if _, err := tx.Exec(ctx, `UPDATE claims SET office_id = $2, updated_at = now() WHERE id = $1`, id, to); err != nil {
		return fmt.Errorf("move claim %d to office %d: %w", id, to, err)
	}
	var fromSlug, toSlug string
	err = tx.QueryRow(ctx, `SELECT (SELECT slug FROM offices WHERE id = $1), (SELECT slug FROM offices WHERE id = $2)`,
		from, to).Scan(&fromSlug, &toSlug)
	if err != nil {
		return fmt.Errorf("offices of claim %d's move: %w", id, err)
	}
	return recordChange(ctx, tx, id, actor, "office", fromSlug, toSlug)
}
