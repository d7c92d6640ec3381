package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// MessageFilter selects a page of messages, the latest arrived first.
type MessageFilter struct {
	Status    string // one status, or empty for every one
	Direction string // in, out, or empty for both
	ClaimID   int64  // the messages of this claim; 0: of any or none
	ID        int64  // only this message; 0: any
	// After continues after this message; nil: from the newest.
	After *MessageKey
	// Limit is the most messages returned.
	Limit int
	// Offices are the offices whose messages are listed; the zero value
	// lists none.
	Offices Offices
}

// MessageKey is a message's place in the list, the latest arrived first:
// keyset pagination, so pages neither skip nor repeat rows when mail
// arrives meanwhile.
type MessageKey struct {
	ArrivedAt time.Time
	ID        int64
}

// ListedMessage is a message as the message list shows it. The claim's
// numbers are nil when the message is in none, Evidence until the message
// is classified.
type ListedMessage struct {
	ID         int64
	OfficeID   int64
	MessageID  string
	Direction  string
	Folder     string
	From       string
	FromName   string
	Subject    string
	ReceivedAt time.Time
	// ArrivedAt is when the message reached the mailbox, as the mail server
	// says, else its Date header, else ReceivedAt.
	ArrivedAt      time.Time
	Status         string
	ClaimID        *int64
	ClaimNumber    *string
	JobNumber      *string
	NeedsAck       bool
	AckDueAt       *time.Time
	AcknowledgedAt *time.Time
	AckSource      string // how it was acknowledged (AckReply, ...); empty while not
	// AckStoppedAt is MessageRow.AckStoppedAt.
	AckStoppedAt *time.Time
	Evidence     json.RawMessage
	// Candidates are the claims the classifier offers a person to choose
	// from, likeliest first (classify.Claim values); nil when none.
	Candidates json.RawMessage
	// IncompleteReason says why parsing stopped early; empty when it did not.
	IncompleteReason string
	Attachments      []ListedAttachment
}

// ListedAttachment is a file a message brought; DocType is nil until it is
// classified, Folder until it is filed.
type ListedAttachment struct {
	Filename string  `json:"filename"`
	DocType  *string `json:"doc_type"`
	Folder   *string `json:"folder"`
}

// ListMessages returns the messages f selects, the latest arrived first.
func (db *DB) ListMessages(ctx context.Context, f MessageFilter) ([]ListedMessage, error) {
	query, args := listMessagesSQL(f)
	rows, err := db.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list messages: %w", err)
	}
	defer rows.Close()
	out := []ListedMessage{}
	for rows.Next() {
		m, err := scanListedMessage(rows)
		if err != nil {
			return nil, fmt.Errorf("list messages: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list messages: %w", err)
	}
	return out, nil
}

// listMessagesSQL is the query ListMessages runs for f, and its arguments.
func listMessagesSQL(f MessageFilter) (string, []any) {
	var w conditions
	w.and(f.Offices.condition("m.office_id", w.arg))
	if f.Status != "" {
		w.and("m.status = " + w.arg(f.Status))
	}
	if f.Direction != "" {
		w.and("m.direction = " + w.arg(f.Direction))
	}
	if f.ClaimID != 0 {
		w.and("m.claim_id = " + w.arg(f.ClaimID))
	}
	if f.ID != 0 {
		w.and("m.id = " + w.arg(f.ID))
	}
	if f.After != nil {
		w.and(fmt.Sprintf("(%s, m.id) < (%s, %s)", messageArrival, w.arg(f.After.ArrivedAt), w.arg(f.After.ID)))
	}
	limit := w.arg(f.Limit)
	return `
		SELECT m.id, m.office_id, m.message_id, m.direction, mb.folder, m.from_address, m.from_name, m.subject,
		       m.received_at, ` + messageArrival + `, m.status, m.claim_id, c.claim_number, c.job_number, m.needs_ack,
		       m.ack_due_at, m.acknowledged_at, m.ack_source, m.ack_clock_stopped_at, m.decision->'evidence', m.decision->'candidates', m.incomplete,
		       (SELECT coalesce(json_agg(json_build_object(
		                   'filename', p.filename, 'doc_type', coalesce(d.doc_type, nullif(p.doc_type, '')),
		                   'folder', d.folder)
		                   ORDER BY p.part_path), '[]')
		        FROM message_parts p
		        LEFT JOIN document_messages dm ON dm.part_id = p.id AND dm.message_id = p.message_id
		        LEFT JOIN documents d ON d.id = dm.document_id
		        WHERE p.message_id = m.id AND p.is_attachment)
		FROM messages m
		JOIN mailboxes mb ON mb.id = m.mailbox_id
		LEFT JOIN claims c ON c.id = m.claim_id
		` + w.where() + `
		ORDER BY ` + messageArrival + ` DESC, m.id DESC
		LIMIT ` + limit, w.args
}

// scanListedMessage reads a row of listMessagesSQL.
func scanListedMessage(rows pgx.Rows) (ListedMessage, error) {
	var (
		m           ListedMessage
		attachments []byte
	)
	if err := rows.Scan(&m.ID, &m.OfficeID, &m.MessageID, &m.Direction, &m.Folder, &m.From, &m.FromName, &m.Subject,
		&m.ReceivedAt, &m.ArrivedAt, &m.Status, &m.ClaimID, &m.ClaimNumber, &m.JobNumber, &m.NeedsAck, &m.AckDueAt,
		&m.AcknowledgedAt, &m.AckSource, &m.AckStoppedAt, &m.Evidence, &m.Candidates, &m.IncompleteReason, &attachments); err != nil {
		return m, err
	}
	if err := json.Unmarshal(attachments, &m.Attachments); err != nil {
		return m, fmt.Errorf("attachments of %d: %w", m.ID, err)
	}
	return m, nil
}
