package storage

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Outbox states. A row moves queued → sending → submitted → sent, or to
// failed (and back to queued by a retry).
const (
	OutboxQueued    = "queued"
	OutboxSending   = "sending"
	OutboxSubmitted = "submitted"
	OutboxSent      = "sent"
	OutboxFailed    = "failed"
)

// Outbox kinds: an acknowledgment of a message, or a claim's daily update.
const (
	ReplyAck    = "ack"
	ReplyUpdate = "update"
)

// OutboxMessage is one message the office sends from the dashboard.
type OutboxMessage struct {
	ID          int64
	MessageID   string // the Message-ID header, with angle brackets
	Kind        string // ReplyAck or ReplyUpdate
	ClaimID     *int64
	ReplyTo     *int64 // the message answered
	Account     string // the mailbox whose Sent folder keeps it
	FromAddress string
	Recipients  []string
	Subject     string
	Body        string
	Raw         []byte
	RawSHA256   string
	State       string
	Error       string
	Attempts    int
	CreatedBy   string
	CreatedAt   time.Time
	SentAt      *time.Time
	// OfficeID is the office of mail that answers no message and belongs
	// to no claim (a morning digest); 0 is the default office.
	OfficeID int64
}

const outboxColumns = `id, message_id, kind, claim_id, reply_to, account, from_address, recipients, subject, body,
	raw, raw_sha256, state, error, attempts, created_by, created_at, sent_at`

func scanOutbox(row pgx.Row) (OutboxMessage, error) {
	var m OutboxMessage
	err := row.Scan(&m.ID, &m.MessageID, &m.Kind, &m.ClaimID, &m.ReplyTo, &m.Account, &m.FromAddress, &m.Recipients,
		&m.Subject, &m.Body, &m.Raw, &m.RawSHA256, &m.State, &m.Error, &m.Attempts, &m.CreatedBy, &m.CreatedAt, &m.SentAt)
	return m, err
}

// InsertOutbox records a message to send, queued, within tx (the
// transaction that also queues its sending job) and returns its id.
func InsertOutbox(ctx context.Context, tx pgx.Tx, m OutboxMessage) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO outbox (message_id, kind, claim_id, reply_to, account, from_address, recipients, subject, body,
		                    raw, raw_sha256, created_by, office_id)
		-- the office of its claim, else of the message it answers
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
		        coalesce((SELECT office_id FROM claims WHERE id = $3), (SELECT office_id FROM messages WHERE id = $4), $13))
		RETURNING id`,
		m.MessageID, m.Kind, m.ClaimID, m.ReplyTo, m.Account, m.FromAddress, m.Recipients, pgText(m.Subject),
		pgText(m.Body), m.Raw, m.RawSHA256, pgText(m.CreatedBy), cmp.Or(m.OfficeID, DefaultOfficeID)).Scan(&id)
	if isUniqueViolation(err) {
		return 0, fmt.Errorf("outbox message %s: %w", m.MessageID, ErrConflict)
	}
	if err != nil {
		return 0, fmt.Errorf("add to outbox: %w", err)
	}
	return id, nil
}

// GetOutbox returns outbox message id; ErrNotFound when there is none.
func (db *DB) GetOutbox(ctx context.Context, id int64) (OutboxMessage, error) {
	m, err := scanOutbox(db.pool.QueryRow(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return m, fmt.Errorf("outbox message %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return m, fmt.Errorf("get outbox message %d: %w", id, err)
	}
	return m, nil
}

// BeginSending starts an attempt at outbox message id: it becomes sending,
// and was is the state it had, which says what earlier attempts may have
// done (sending: one may have reached the server; submitted: one did).
// ErrConflict when it was sent already.
func (db *DB) BeginSending(ctx context.Context, id int64) (m OutboxMessage, was string, err error) {
	err = db.InTx(ctx, func(tx pgx.Tx) error {
		m, err = scanOutbox(tx.QueryRow(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE id = $1 FOR UPDATE`, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("outbox message %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return err
		}
		was = m.State
		switch was {
		case OutboxSent:
			return fmt.Errorf("outbox message %d was sent: %w", id, ErrConflict)
		case OutboxSubmitted:
			// The server has it: what remains is the Sent folder, and the
			// state says so to the next attempt too.
		default:
			m.State = OutboxSending
		}
		m.Attempts++
		_, err = tx.Exec(ctx, `UPDATE outbox SET state = $2, attempts = $3, updated_at = now() WHERE id = $1`,
			id, m.State, m.Attempts)
		return err
	})
	if err != nil {
		return m, "", fmt.Errorf("begin sending outbox message %d: %w", id, err)
	}
	return m, was, nil
}

// MarkOutboxSubmitted records that the server accepted outbox message id.
func (db *DB) MarkOutboxSubmitted(ctx context.Context, id int64) error {
	return db.setOutboxState(ctx, id, OutboxSubmitted, "")
}

// MarkOutboxSent records that outbox message id was sent and is in the Sent
// folder (or the provider keeps it there itself).
func (db *DB) MarkOutboxSent(ctx context.Context, id int64, at time.Time) error {
	_, err := db.pool.Exec(ctx, `
		UPDATE outbox SET state = 'sent', error = '', sent_at = coalesce(sent_at, $2), updated_at = now()
		WHERE id = $1`, id, at)
	if err != nil {
		return fmt.Errorf("mark outbox message %d sent: %w", id, err)
	}
	return nil
}

// MarkOutboxFailed records why the last attempt at outbox message id
// failed. A message the server already took stays submitted: it must not
// be sent again, only filed into Sent.
func (db *DB) MarkOutboxFailed(ctx context.Context, id int64, reason string) error {
	_, err := db.pool.Exec(ctx, `
		UPDATE outbox SET state = CASE WHEN state = 'submitted' THEN 'submitted' ELSE 'failed' END,
		       error = $2, updated_at = now()
		WHERE id = $1 AND state <> 'sent'`, id, pgText(reason))
	if err != nil {
		return fmt.Errorf("mark outbox message %d failed: %w", id, err)
	}
	return nil
}

func (db *DB) setOutboxState(ctx context.Context, id int64, state, reason string) error {
	_, err := db.pool.Exec(ctx, `UPDATE outbox SET state = $2, error = $3, updated_at = now() WHERE id = $1`,
		id, state, pgText(reason))
	if err != nil {
		return fmt.Errorf("mark outbox message %d %s: %w", id, state, err)
	}
	return nil
}

// RequeueOutbox makes a failed outbox message queued again within tx (the
// transaction that queues its job). ErrConflict when it is not failed.
func RequeueOutbox(ctx context.Context, tx pgx.Tx, id int64) error {
	tag, err := tx.Exec(ctx, `UPDATE outbox SET state = 'queued', updated_at = now() WHERE id = $1 AND state = 'failed'`, id)
	if err != nil {
		return fmt.Errorf("requeue outbox message %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("outbox message %d is not failed: %w", id, ErrConflict)
	}
	return nil
}

// OutboxForMessage returns the replies sent or being sent to message id,
// the latest first.
func (db *DB) OutboxForMessage(ctx context.Context, id int64) ([]OutboxMessage, error) {
	return db.outboxWhere(ctx, `reply_to = $1`, id)
}

// OutboxForClaim returns the messages sent or being sent about claim id,
// the latest first.
func (db *DB) OutboxForClaim(ctx context.Context, id int64) ([]OutboxMessage, error) {
	return db.outboxWhere(ctx, `claim_id = $1`, id)
}

// outboxListLimit bounds a page's list of sent replies.
const outboxListLimit = 50

func (db *DB) outboxWhere(ctx context.Context, cond string, id int64) ([]OutboxMessage, error) {
	out, err := queryAll(ctx, db.pool, func(r pgx.CollectableRow) (OutboxMessage, error) { return scanOutbox(r) },
		`SELECT `+outboxColumns+` FROM outbox WHERE `+cond+`
		ORDER BY created_at DESC, id DESC LIMIT $2`, id, outboxListLimit)
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	return out, nil
}
