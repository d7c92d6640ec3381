package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// ReplyFormRejected is the outbox kind of the email asking a technician to
// have a rejected form signed right.
const ReplyFormRejected = "form_rejected"

// OutboxDraft is a message the office has written but not sent: it waits
// on its claim's page until a person sends it, as written or edited.
type OutboxDraft struct {
	ID      int64
	Kind    string // ReplyFormRejected
	ClaimID int64
	// DocumentID is the rejected form the draft asks for again.
	DocumentID *int64
	// ReplyTo is the message the draft answers: the thread it goes in.
	ReplyTo    *int64
	Language   string
	Recipients []string
	Subject    string
	Body       string
	CreatedBy  string
	CreatedAt  time.Time
	// OutboxID is the outbox message the draft became; nil while unsent.
	OutboxID *int64
}

const draftColumns = `id, kind, claim_id, document_id, reply_to, language, recipients, subject, body, created_by,
	created_at, outbox_id`

func scanDraft(row pgx.Row) (OutboxDraft, error) {
	var d OutboxDraft
	err := row.Scan(&d.ID, &d.Kind, &d.ClaimID, &d.DocumentID, &d.ReplyTo, &d.Language, &d.Recipients, &d.Subject,
		&d.Body, &d.CreatedBy, &d.CreatedAt, &d.OutboxID)
	return d, err
}

// SaveOutboxDraft records d and returns it with its id. A document has one
// waiting draft: a second rejection of the same form rewrites it.
func (db *DB) SaveOutboxDraft(ctx context.Context, d OutboxDraft) (OutboxDraft, error) {
	if len(d.Recipients) == 0 {
		return d, fmt.Errorf("draft without a recipient: %w", ErrInvalid)
	}
	out, err := scanDraft(db.pool.QueryRow(ctx, `
		INSERT INTO outbox_drafts (kind, claim_id, document_id, reply_to, language, recipients, subject, body, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (document_id) WHERE outbox_id IS NULL DO UPDATE
		SET reply_to = EXCLUDED.reply_to, language = EXCLUDED.language, recipients = EXCLUDED.recipients,
		    subject = EXCLUDED.subject, body = EXCLUDED.body, created_by = EXCLUDED.created_by, updated_at = now()
		RETURNING `+draftColumns,
		d.Kind, d.ClaimID, d.DocumentID, d.ReplyTo, d.Language, pgTexts(d.Recipients), pgText(d.Subject), pgText(d.Body),
		pgText(d.CreatedBy)))
	if err != nil {
		return d, fmt.Errorf("save draft on claim %d: %w", d.ClaimID, err)
	}
	return out, nil
}

// GetOutboxDraft returns draft id, sent or not; ErrNotFound when there is
// none.
func (db *DB) GetOutboxDraft(ctx context.Context, id int64) (OutboxDraft, error) {
	d, err := scanDraft(db.pool.QueryRow(ctx, `SELECT `+draftColumns+` FROM outbox_drafts WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return d, fmt.Errorf("draft %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("get draft %d: %w", id, err)
	}
	return d, nil
}

// ClaimOutboxDrafts returns the drafts of claim id waiting to be sent,
// oldest first.
func (db *DB) ClaimOutboxDrafts(ctx context.Context, claimID int64) ([]OutboxDraft, error) {
	out, err := queryAll(ctx, db.pool, func(r pgx.CollectableRow) (OutboxDraft, error) { return scanDraft(r) },
		`SELECT `+draftColumns+` FROM outbox_drafts WHERE claim_id = $1 AND outbox_id IS NULL ORDER BY created_at, id`,
		claimID)
	if err != nil {
		return nil, fmt.Errorf("drafts of claim %d: %w", claimID, err)
	}
	return out, nil
}

// MarkOutboxDraftSent links draft id to the outbox message it became,
// within tx (the one that queues the message). ErrConflict when it was
// sent already: a double click sends one message.
func MarkOutboxDraftSent(ctx context.Context, tx pgx.Tx, id, outboxID int64) error {
	tag, err := tx.Exec(ctx, `UPDATE outbox_drafts SET outbox_id = $2, updated_at = now() WHERE id = $1 AND outbox_id IS NULL`,
		id, outboxID)
	if err != nil {
		return fmt.Errorf("mark draft %d sent: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("draft %d is sent already: %w", id, ErrConflict)
	}
	return nil
}

// DropDocumentDrafts deletes the waiting drafts about document id: once
// the form is checked right, there is nothing to ask for.
func (db *DB) DropDocumentDrafts(ctx context.Context, documentID int64) error {
	if _, err := db.pool.Exec(ctx, `DELETE FROM outbox_drafts WHERE document_id = $1 AND outbox_id IS NULL`, documentID); err != nil {
		return fmt.Errorf("drop drafts of document %d: %w", documentID, err)
	}
	return nil
}

// MessageBodyText returns the plain text of message id's body, "" when it
// has none; ErrNotFound when there is no such message.
func (db *DB) MessageBodyText(ctx context.Context, id int64) (string, error) {
	var text string
	err := db.pool.QueryRow(ctx, `SELECT body_text FROM messages WHERE id = $1`, id).Scan(&text)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("message %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("body of message %d: %w", id, err)
	}
	return text, nil
}
