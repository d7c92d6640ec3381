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

// InsertMessage stores m unless the mailbox already has it: the same UID,
// the same raw bytes, or the same Message-ID, sender and Date (the same mail
// back under a new UIDVALIDITY with a header changed on the way). inserted
// reports whether this call stored it.
func InsertMessage(ctx context.Context, tx pgx.Tx, m NewMessage) (id int64, inserted bool, err error) {
	if m.MessageID != "" && !m.SentDate.IsZero() {
		// The last two conditions let a generic plan use the partial index.
		err := tx.QueryRow(ctx, `
			SELECT id FROM messages
			WHERE mailbox_id = $1 AND message_id = $2 AND from_address = $3 AND sent_date = $4
			  AND message_id <> '' AND sent_date IS NOT NULL
			LIMIT 1`,
			m.MailboxID, pgText(m.MessageID), pgText(m.FromAddress), m.SentDate).Scan(&id)
		if err == nil {
			return id, false, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return 0, false, fmt.Errorf("look up message-id: %w", err)
		}
	}
	err = tx.QueryRow(ctx, `
		INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, message_id,
		                      in_reply_to, refs, from_address, from_name, subject, status, error,
		                      internal_date, sent_date)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
		ON CONFLICT DO NOTHING
		RETURNING id`,
		m.MailboxID, m.UIDValidity, m.UID, m.Direction, m.RawSHA256, m.RawSize, pgText(m.MessageID),
		pgText(m.InReplyTo), pgTexts(m.References), pgText(m.FromAddress), pgText(m.FromName), pgText(m.Subject),
		m.Status, pgText(m.Error),
		nullTime(m.InternalDate), nullTime(m.SentDate)).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("insert message uid %d: %w", m.UID, err)
	}
	return id, true, nil
}

// insertNewMessage is InsertMessage in one statement: the row is inserted
// unless the mailbox has the same mail already.
const insertNewMessage = `
	INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, message_id,
	                      in_reply_to, refs, from_address, from_name, subject, status, error,
	                      internal_date, sent_date)
	SELECT $1::bigint, $2::bigint, $3::bigint, $4::text, $5::text, $6::bigint, $7::text, $8::text, $9::text[],
	       $10::text, $11::text, $12::text, $13::text, $14::text, $15::timestamptz, $16::timestamptz
	WHERE $7::text = '' OR $16::timestamptz IS NULL OR NOT EXISTS (
		SELECT FROM messages
		WHERE mailbox_id = $1::bigint AND message_id = $7::text AND from_address = $10::text AND sent_date = $16::timestamptz
		  AND message_id <> '' AND sent_date IS NOT NULL)
	ON CONFLICT DO NOTHING
	RETURNING id`

// InsertMessages is InsertMessage for several messages, in order, in one
// round trip. ids[i] is 0 where message i was not inserted. An error
// leaves tx unusable, as any failed statement does.
func InsertMessages(ctx context.Context, tx pgx.Tx, ms []NewMessage) (ids []int64, err error) {
	b := &pgx.Batch{}
	for _, m := range ms {
		b.Queue(insertNewMessage,
			m.MailboxID, m.UIDValidity, m.UID, m.Direction, m.RawSHA256, m.RawSize, pgText(m.MessageID),
			pgText(m.InReplyTo), pgTexts(m.References), pgText(m.FromAddress), pgText(m.FromName), pgText(m.Subject),
			m.Status, pgText(m.Error), nullTime(m.InternalDate), nullTime(m.SentDate))
	}
	br := tx.SendBatch(ctx, b)
	defer br.Close()
	ids = make([]int64, len(ms))
	for i, m := range ms {
		err := br.QueryRow().Scan(&ids[i])
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return nil, fmt.Errorf("insert message uid %d: %w", m.UID, err)
		}
	}
	if err := br.Close(); err != nil {
		return nil, fmt.Errorf("insert messages: %w", err)
	}
	return ids, nil
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
