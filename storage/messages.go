package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Message statuses, in the order a message normally goes through them.
const (
	StatusNew      = "new"      // stored raw, waiting for processing
	StatusParsed   = "parsed"   // MIME parsed, parts stored
	StatusFiled    = "filed"    // classified to a claim and filed
	StatusTriage   = "triage"   // waiting for a person to pick its claim
	StatusIgnored  = "ignored"  // not about a claim (newsletters, bulk mail)
	StatusFailed   = "failed"   // processing failed; raw kept, retry possible
	StatusRejected = "rejected" // refused at ingest (over the size limit); raw kept up to the limit
)

// NewMessage is a message as ingest first stores it: its raw bytes are in the
// blob store and the headers below were read from them.
type NewMessage struct {
	MailboxID    int64
	UIDValidity  uint32
	UID          uint32
	Direction    string // in or out
	RawSHA256    string
	RawSize      int64
	MessageID    string
	InReplyTo    string
	References   []string
	FromAddress  string
	FromName     string
	Subject      string
	InternalDate time.Time
	SentDate     time.Time // zero when the Date header is missing or broken
	Status       string    // StatusNew, or StatusRejected with Error
	Error        string
}

// InTx runs fn in a transaction, committed when fn returns nil.
func (db *DB) InTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, db.pool, fn)
}

// InsertResult is what storing one message did.
type InsertResult struct {
	// ID is the message's row: the new one, or, when the mailbox had the
	// message already, the row that holds it.
	ID int64
	// Inserted is false when the mailbox had the message already: the same
	// raw bytes (a redelivery, a UIDVALIDITY rescan) or the same UID.
	Inserted bool
}

// InsertMessage stores m unless the mailbox already has it: the same raw
// bytes or the same UID. Nothing else makes two messages one: copiers,
// scanners and bulk senders reuse Message-IDs, senders and dates for
// different mail. A message not stored for that reason is counted on its
// mailbox (SkippedDuplicates), and id is the row that holds it (0 in the
// rare case that row is not visible yet: stored by a transaction that
// committed meanwhile).
func InsertMessage(ctx context.Context, tx pgx.Tx, m NewMessage) (id int64, inserted bool, err error) {
	var r InsertResult
	err = tx.QueryRow(ctx, insertNewMessage, insertArgs(m)...).Scan(&r.ID, &r.Inserted)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("insert message uid %d: %w", m.UID, err)
	}
	return r.ID, r.Inserted, nil
}

// insertNewMessage inserts a message unless the mailbox has the same raw
// bytes or UID already; then it counts the skip on the mailbox and returns
// the row holding that mail. The existing row is looked up in the
// statement's snapshot, so a row stored by a transaction committed
// meanwhile is skipped without an id: no row is returned.
const insertNewMessage = `
	WITH ins AS (
		INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, message_id,
		                      in_reply_to, refs, from_address, from_name, subject, status, error,
		                      internal_date, sent_date, office_id)
		-- mail belongs to the office of the mailbox that received it
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
		        (SELECT office_id FROM mailboxes WHERE id = $1))
		ON CONFLICT DO NOTHING
		RETURNING id
	), skipped AS (
		UPDATE mailboxes SET duplicates_skipped = duplicates_skipped + 1
		WHERE id = $1 AND NOT EXISTS (SELECT FROM ins)
	)
	SELECT id, true FROM ins
	UNION ALL
	(SELECT id, false FROM messages
	 WHERE NOT EXISTS (SELECT FROM ins)
	   AND mailbox_id = $1 AND (raw_sha256 = $5 OR (uidvalidity = $2 AND uid = $3))
	 ORDER BY raw_sha256 = $5 DESC, id
	 LIMIT 1)`

func insertArgs(m NewMessage) []any {
	return []any{
		m.MailboxID, m.UIDValidity, m.UID, m.Direction, m.RawSHA256, m.RawSize, pgText(m.MessageID),
		pgText(m.InReplyTo), pgTexts(m.References), pgText(m.FromAddress), pgText(m.FromName), pgText(m.Subject),
		m.Status, pgText(m.Error), nullTime(m.InternalDate), nullTime(m.SentDate),
	}
}

// InsertMessages is InsertMessage for several messages, in order, in one
// round trip. An error leaves tx unusable, as any failed statement does.
func InsertMessages(ctx context.Context, tx pgx.Tx, ms []NewMessage) ([]InsertResult, error) {
	b := &pgx.Batch{}
	for _, m := range ms {
		b.Queue(insertNewMessage, insertArgs(m)...)
	}
	br := tx.SendBatch(ctx, b)
	defer br.Close()
	out := make([]InsertResult, len(ms))
	for i, m := range ms {
		err := br.QueryRow().Scan(&out[i].ID, &out[i].Inserted)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return nil, fmt.Errorf("insert message uid %d: %w", m.UID, err)
		}
	}
	if err := br.Close(); err != nil {
		return nil, fmt.Errorf("insert messages: %w", err)
	}
	return out, nil
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// pgTexts applies pgText to each element; nil becomes empty, as the
// columns are NOT NULL.
func pgTexts(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = pgText(v)
	}
	return out
}
