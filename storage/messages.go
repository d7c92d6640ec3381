package storage

import (
	"context"
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
	StatusRejected = "rejected" // refused at ingest (over the size limit); raw kept up to the limit, read once a raised limit takes it
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
	r, err := InsertMessages(ctx, tx, []NewMessage{m})
	if err != nil {
		return 0, false, fmt.Errorf("message uid %d: %w", m.UID, err)
	}
	return r[0].ID, r[0].Inserted, nil
}

// InsertMessages is InsertMessage for several messages in one statement:
// the results are in the order of ms, and a message with the same raw bytes
// or UID as one earlier in ms is skipped as that one's duplicate. An error
// leaves tx unusable, as any failed statement does.
func InsertMessages(ctx context.Context, tx pgx.Tx, ms []NewMessage) ([]InsertResult, error) {
	out := make([]InsertResult, len(ms))
	if len(ms) == 0 {
		return out, nil
	}
	rows, err := tx.Query(ctx, insertNewMessages, insertBatchArgs(ms)...)
	if err != nil {
		return nil, fmt.Errorf("insert %d messages: %w", len(ms), err)
	}
	var ord int
	var r InsertResult
	_, err = pgx.ForEachRow(rows, []any{&ord, &r.ID, &r.Inserted}, func() error {
		out[ord-1] = r
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("insert %d messages: %w", len(ms), err)
	}
	return out, nil
}

// insertNewMessages inserts a batch of messages, whose columns come as
// arrays, one element a message, unless the mailbox has the same raw bytes
// or UID already; then it counts the skip on the mailbox and returns the
// row holding that mail, the one with the same bytes before the one with
// the same UID. Rows are inserted in the batch's order, so of two messages
// of the batch that collide the first is stored and the second skipped
// against it. The statement's snapshot does not show the rows it inserts:
// a skipped message finds the row holding it among the stored rows of
// messages before it, or among those already in the table; a row stored
// by a transaction committed meanwhile is in neither, and its id is 0.
const insertNewMessages = `
	WITH batch AS (
		SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::bigint[],
		                     $7::text[], $8::text[], $9::int[], $10::int[], $11::text[], $12::text[], $13::text[],
		                     $14::text[], $15::text[], $16::timestamptz[], $17::timestamptz[])
		     WITH ORDINALITY AS m(mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size,
		                          message_id, in_reply_to, refs_from, refs_to, from_address, from_name, subject,
		                          status, error, internal_date, sent_date, ord)
	), ins AS (
		INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, message_id,
		                      in_reply_to, refs, from_address, from_name, subject, status, error,
		                      internal_date, sent_date, office_id)
		SELECT b.mailbox_id, b.uidvalidity, b.uid, b.direction, b.raw_sha256, b.raw_size, b.message_id,
		       -- $18 is every message's References, one after another
		       b.in_reply_to, ($18::text[])[b.refs_from:b.refs_to], b.from_address, b.from_name, b.subject,
		       b.status, b.error, b.internal_date, b.sent_date,
		       -- mail belongs to the office of the mailbox that received it
		       mb.office_id
		FROM batch b LEFT JOIN mailboxes mb ON mb.id = b.mailbox_id
		ORDER BY b.ord
		ON CONFLICT DO NOTHING
		RETURNING id, mailbox_id, uidvalidity, uid, raw_sha256
	), stored AS (
		-- the message each new row is for: of messages alike in mailbox, UID and bytes, the first
		SELECT i.id, i.mailbox_id, i.uidvalidity, i.uid, i.raw_sha256, min(b.ord) AS ord
		FROM ins i JOIN batch b USING (mailbox_id, uidvalidity, uid, raw_sha256)
		GROUP BY 1, 2, 3, 4, 5
	), skipped AS (
		-- the row holding a skipped message: the one with its bytes, else the one with its UID
		SELECT b.ord, b.mailbox_id, coalesce(
			(SELECT m.id FROM messages m WHERE m.mailbox_id = b.mailbox_id AND m.raw_sha256 = b.raw_sha256),
			(SELECT s.id FROM stored s
			 WHERE s.ord < b.ord AND s.mailbox_id = b.mailbox_id AND s.raw_sha256 = b.raw_sha256),
			(SELECT m.id FROM messages m
			 WHERE m.mailbox_id = b.mailbox_id AND m.uidvalidity = b.uidvalidity AND m.uid = b.uid),
			(SELECT s.id FROM stored s
			 WHERE s.ord < b.ord AND s.mailbox_id = b.mailbox_id AND s.uidvalidity = b.uidvalidity AND s.uid = b.uid),
			0) AS id
		FROM batch b
		WHERE NOT EXISTS (SELECT FROM stored s WHERE s.ord = b.ord)
	), counted AS (
		UPDATE mailboxes mb SET duplicates_skipped = duplicates_skipped + s.n
		FROM (SELECT mailbox_id, count(*) AS n FROM skipped GROUP BY mailbox_id) s
		WHERE mb.id = s.mailbox_id
	)
	SELECT ord, id, true FROM stored
	UNION ALL
	SELECT ord, id, false FROM skipped`

// insertBatchArgs lays ms out as the arrays of insertNewMessages, one element a
// message. References, a list per message, are laid one after another:
// refsFrom and refsTo bound each message's own.
func insertBatchArgs(ms []NewMessage) []any {
	refs := []string{}
	refsFrom, refsTo := make([]int32, len(ms)), make([]int32, len(ms))
	for i, m := range ms {
		refsFrom[i] = int32(len(refs) + 1)
		refs = append(refs, pgTexts(m.References)...)
		refsTo[i] = int32(len(refs))
	}
	return []any{
		messageColumn(ms, func(m NewMessage) int64 { return m.MailboxID }),
		messageColumn(ms, func(m NewMessage) int64 { return int64(m.UIDValidity) }),
		messageColumn(ms, func(m NewMessage) int64 { return int64(m.UID) }),
		messageColumn(ms, func(m NewMessage) string { return m.Direction }),
		messageColumn(ms, func(m NewMessage) string { return m.RawSHA256 }),
		messageColumn(ms, func(m NewMessage) int64 { return m.RawSize }),
		messageColumn(ms, func(m NewMessage) string { return pgText(m.MessageID) }),
		messageColumn(ms, func(m NewMessage) string { return pgText(m.InReplyTo) }),
		refsFrom, refsTo,
		messageColumn(ms, func(m NewMessage) string { return pgText(m.FromAddress) }),
		messageColumn(ms, func(m NewMessage) string { return pgText(m.FromName) }),
		messageColumn(ms, func(m NewMessage) string { return pgText(m.Subject) }),
		messageColumn(ms, func(m NewMessage) string { return m.Status }),
		messageColumn(ms, func(m NewMessage) string { return pgText(m.Error) }),
		messageColumn(ms, func(m NewMessage) *time.Time { return nullTime(m.InternalDate) }),
		messageColumn(ms, func(m NewMessage) *time.Time { return nullTime(m.SentDate) }),
		refs,
	}
}

// messageColumn is one field of every message of ms.
func messageColumn[T any](ms []NewMessage, field func(NewMessage) T) []T {
	out := make([]T, len(ms))
	for i, m := range ms {
		out[i] = field(m)
	}
	return out
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
