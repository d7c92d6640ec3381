package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// MessageDetail is everything the message page shows of a message.
type MessageDetail struct {
	MessageRow
	Folder       string // the mailbox folder it was read from
	Account      string
	MessageID    string // the Message-ID header
	InReplyTo    string
	To, Cc       []string
	BodyText     string
	HasHTML      bool
	Warnings     []string
	Error        string
	ClaimNumber  string
	InternalDate *time.Time
	SentDate     *time.Time
	ReceivedAt   time.Time
	AckReplyID   *int64
	Decision     []byte // the classifier's decision as JSON; nil until classified
	RawSize      int64
	// SameMessageID lists, in the order stored, the other messages of its
	// office with this Message-ID: different mail (copiers, scanners and
	// bulk senders reuse IDs), or the same mail in another folder. Another
	// office's are not its office's to see.
	SameMessageID []int64
	// Undelivered is what the message, a delivery report, says did not
	// arrive (the recipients of the office's message only); UndeliveredOf
	// is the office's message it returns. Both are nil unless the report
	// returns a message the office sent.
	Undelivered   *Undelivered
	UndeliveredOf *int64
}

// GetMessageDetail returns message id for its page; ErrNotFound when there
// is none.
func (db *DB) GetMessageDetail(ctx context.Context, id int64) (MessageDetail, error) {
	var (
		d          MessageDetail
		returned   *string
		recipients []UndeliveredRecipient
	)
	row := db.pool.QueryRow(ctx, `
		SELECT `+messageRowColumns+`, mb.folder, mb.account, m.message_id, m.in_reply_to, m.to_addresses,
		       m.cc_addresses, m.body_text, m.body_html <> '', m.warnings, m.error, coalesce(c.claim_number, ''),
		       m.internal_date, m.sent_date, m.received_at, m.ack_reply_id, m.decision, m.raw_size,
		       array(SELECT o.id FROM messages o
		             WHERE o.message_id = m.message_id AND o.message_id <> '' AND o.id <> m.id
		               AND o.office_id = m.office_id ORDER BY o.id),
		       m.undelivered->>'returned', `+shownRecipients+`, s.id
		FROM messages m
		LEFT JOIN messages s ON `+linkedSent+`
		JOIN mailboxes mb ON mb.id = m.mailbox_id
		LEFT JOIN claims c ON c.id = m.claim_id
		WHERE m.id = $1`, id)
	var err error
	d.MessageRow, err = scanMessageRow(row, &d.Folder, &d.Account, &d.MessageID, &d.InReplyTo, &d.To, &d.Cc,
		&d.BodyText, &d.HasHTML, &d.Warnings, &d.Error, &d.ClaimNumber, &d.InternalDate, &d.SentDate,
		&d.ReceivedAt, &d.AckReplyID, &d.Decision, &d.RawSize, &d.SameMessageID, &returned, &recipients, &d.UndeliveredOf)
	if errors.Is(err, pgx.ErrNoRows) {
		return d, fmt.Errorf("message %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("get message %d: %w", id, err)
	}
	if d.UndeliveredOf != nil && returned != nil {
		d.Undelivered = &Undelivered{Returned: *returned, Recipients: recipients}
	}
	return d, nil
}

// MessageBodyHTML returns the HTML body of message id as received (not
// sanitized); ErrNotFound when there is no such message.
func (db *DB) MessageBodyHTML(ctx context.Context, id int64) (string, error) {
	var body string
	err := db.pool.QueryRow(ctx, `SELECT body_html FROM messages WHERE id = $1`, id).Scan(&body)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("message %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("body of message %d: %w", id, err)
	}
	return body, nil
}

// MessagePartRow is one stored part of a message, with the document it
// became when it was filed.
type MessagePartRow struct {
	ID              int64
	Path            string
	ContentType     string
	Filename        string
	ContentID       string
	IsInline        bool
	IsAttachment    bool
	Truncated       bool
	SHA256          string // empty for parts whose content is not stored
	Size            int64
	DocType         string // as classified; empty until then
	DocTypeEvidence string
	DocumentID      *int64 // the document it was filed as
	Folder          string // that document's folder
	// OCRText is the beginning of the text OCR read of the part (a scan or
	// a photo of a form), its first 4000 characters, for a person to check
	// what the classifier read; empty when none was read.
	OCRText string
	// OCRFailure says why OCR could not read the part's file; empty when
	// it read it, or had no reason to.
	OCRFailure string
	// DocumentContentType is the type of the document it was filed as,
	// which its download is served as; DocumentStamped says that document
	// has a received-stamped copy.
	DocumentContentType string
	DocumentStamped     bool
}

const messagePartColumns = `p.id, p.part_path, p.content_type, p.filename, p.content_id, p.is_inline, p.is_attachment,
	p.truncated, coalesce(p.sha256, ''), p.size, coalesce(d.doc_type, p.doc_type), p.doc_type_evidence, d.id,
	coalesce(d.folder, ''),
	coalesce((SELECT left(t.content, 4000) FROM file_texts t WHERE t.sha256 = p.sha256 AND t.source = 'ocr'), ''),
	coalesce((SELECT t.ocr_failure FROM file_texts t WHERE t.sha256 = p.sha256 AND t.source = 'ocr'), ''),
	coalesce(d.content_type, ''), d.stamped_sha256 IS NOT NULL`

const messagePartFrom = `FROM message_parts p
	LEFT JOIN document_messages dm ON dm.part_id = p.id AND dm.message_id = p.message_id
	LEFT JOIN documents d ON d.id = dm.document_id`

// MessagePartRows returns the attachments and body images of message id,
// in MIME order.
func (db *DB) MessagePartRows(ctx context.Context, id int64) ([]MessagePartRow, error) {
	out, err := queryAll(ctx, db.pool, pgx.RowToStructByPos[MessagePartRow], `SELECT `+messagePartColumns+` `+messagePartFrom+`
		WHERE p.message_id = $1 AND (p.is_attachment OR p.is_inline OR p.content_id <> '')
		ORDER BY p.id`, id)
	if err != nil {
		return nil, fmt.Errorf("parts of message %d: %w", id, err)
	}
	return out, nil
}

// GetMessagePart returns the part of message id at MIME position path;
// ErrNotFound when there is none.
func (db *DB) GetMessagePart(ctx context.Context, id int64, path string) (MessagePartRow, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+messagePartColumns+` `+messagePartFrom+`
		WHERE p.message_id = $1 AND p.part_path = $2 LIMIT 1`, id, path)
	if err != nil {
		return MessagePartRow{}, fmt.Errorf("part %s of message %d: %w", path, id, err)
	}
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[MessagePartRow])
	if errors.Is(err, pgx.ErrNoRows) {
		return p, fmt.Errorf("part %s of message %d: %w", path, id, ErrNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("part %s of message %d: %w", path, id, err)
	}
	return p, nil
}

// PartDocTypes returns the document types classification gave the parts of
// message id, by part path: what a move from triage files them as.
func (db *DB) PartDocTypes(ctx context.Context, id int64) (map[string]string, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT part_path, doc_type FROM message_parts WHERE message_id = $1 AND doc_type <> ''`, id)
	if err != nil {
		return nil, fmt.Errorf("document types of message %d: %w", id, err)
	}
	out := map[string]string{}
	var path, docType string
	_, err = pgx.ForEachRow(rows, []any{&path, &docType}, func() error {
		out[path] = docType
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("document types of message %d: %w", id, err)
	}
	return out, nil
}

// TriageRow is a message waiting in triage, with what the classifier found.
type TriageRow struct {
	MessageRow
	Decision    []byte
	Attachments []TriageAttachment
	// Recipients are the To and Cc addresses, and Mailbox the account
	// it arrived in: which of the office's addresses it was sent to.
	// ForwardedBy is the address whose automatic forwarding brought it
	// there; empty when it came straight.
	Recipients  []string
	Mailbox     string
	ForwardedBy string
	// BodyText is the start of the plain-text body, and BodyHTML the
	// start of the HTML body when the plain one is blank: enough for a
	// first line, never the whole of a long message.
	BodyText, BodyHTML string
}

// TriageAttachment names an attachment of a message in triage.
type TriageAttachment struct {
	Path        string `json:"path"`
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	DocType     string `json:"doc_type"`
	Stored      bool   `json:"stored"` // its content is in the blob store
}

// triageSQL reads a page of the messages in triage: after the message
// ($1, $2) unless $2 is 0, $3 of them, of the offices $4 (NULL for all).
// The page is picked first and the bodies read for its rows alone: read
// beside the sort, every message in triage would be read to show fifty.
// Only the start of a body is read, and the HTML one only when the text
// one starts blank (white space of any kind, as a text part of HTML mail
// often is).
var triageSQL = `
		SELECT ` + messageRowColumns + `, m.decision,
		       (SELECT coalesce(json_agg(json_build_object('path', p.part_path, 'filename', p.filename,
		                   'content_type', p.content_type, 'doc_type', p.doc_type, 'stored', p.sha256 IS NOT NULL)
		                   ORDER BY p.id), '[]')
		        FROM message_parts p WHERE p.message_id = m.id AND p.is_attachment),
		       m.to_addresses || m.cc_addresses, mb.account, m.forwarded_by, b.text,
		       CASE WHEN b.text ~ '^\s*$' THEN left(m.body_html, 32000) ELSE '' END
		FROM (SELECT m.id FROM messages m
		      WHERE m.status = 'triage' AND ($2 = 0 OR (` + messageArrival + `, m.id) < ($1, $2))
		        AND ($4::bigint[] IS NULL OR m.office_id = ANY($4))
		      ORDER BY ` + messageArrival + ` DESC, m.id DESC
		      LIMIT $3) page
		JOIN messages m ON m.id = page.id LEFT JOIN claims c ON c.id = m.claim_id
		JOIN mailboxes mb ON mb.id = m.mailbox_id,
		LATERAL (SELECT left(m.body_text, 4000) AS text) b
		ORDER BY ` + messageArrival + ` DESC, m.id DESC`

// TriageMessages returns up to limit messages of the offices in triage,
// the latest arrived first, after the message (beforeAt, beforeID) when
// beforeID is set, and whether more follow.
func (db *DB) TriageMessages(ctx context.Context, offices Offices, beforeAt time.Time, beforeID int64, limit int) ([]TriageRow, bool, error) {
	rows, err := db.pool.Query(ctx, triageSQL, beforeAt, beforeID, limit+1, offices.sqlIDs())
	if err != nil {
		return nil, false, fmt.Errorf("messages in triage: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (TriageRow, error) {
		var t TriageRow
		var err error
		t.MessageRow, err = scanMessageRow(r, &t.Decision, &t.Attachments, &t.Recipients, &t.Mailbox, &t.ForwardedBy, &t.BodyText, &t.BodyHTML)
		return t, err
	})
	if err != nil {
		return nil, false, fmt.Errorf("messages in triage: %w", err)
	}
	if len(out) > limit {
		return out[:limit], true, nil
	}
	return out, false, nil
}

// countTriageSQL counts the messages of offices $1 (NULL for all) in
// triage from messages_triage_office_idx alone.
const countTriageSQL = `SELECT count(*) FROM messages
	WHERE status = 'triage' AND ($1::bigint[] IS NULL OR office_id = ANY($1))`

// CountTriage returns how many messages of the offices wait in triage.
func (db *DB) CountTriage(ctx context.Context, offices Offices) (int, error) {
	var n int
	if err := db.pool.QueryRow(ctx, countTriageSQL, offices.sqlIDs()).Scan(&n); err != nil {
		return 0, fmt.Errorf("count messages in triage: %w", err)
	}
	return n, nil
}
