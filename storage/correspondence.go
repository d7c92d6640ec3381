package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// PrintedMessage is a message as its printed copy shows it: headers, text
// and the files it carried.
type PrintedMessage struct {
	ID          int64
	Direction   string
	FromAddress string
	FromName    string
	Subject     string
	ArrivedAt   time.Time
	JobNumber   string // of its claim; empty when in none
	MessageID   string
	To, Cc      []string
	BodyText    string
	// BodyHTML is the HTML body as received, only for messages without a
	// text body: the caller sanitises it and prints its text.
	BodyHTML    string
	Attachments []PrintedAttachment
}

// PrintedAttachment is a file attached to a message, listed by name.
type PrintedAttachment struct {
	Filename string
	DocType  string
	Size     int64
}

const printedMessageSelect = `
	SELECT m.id, m.direction, m.from_address, m.from_name, m.subject,
	       coalesce(m.internal_date, m.sent_date, m.received_at),
	       coalesce((SELECT c.job_number FROM claims c WHERE c.id = m.claim_id), ''), m.message_id, m.to_addresses, m.cc_addresses,
	       m.body_text, CASE WHEN btrim(m.body_text) = '' THEN m.body_html ELSE '' END
	FROM messages m`

// ClaimCorrespondence returns the messages of claim id in the order they
// arrived, at most limit, for its printed correspondence.
func (db *DB) ClaimCorrespondence(ctx context.Context, claimID int64, limit int) ([]PrintedMessage, error) {
	msgs, err := db.printedMessages(ctx, printedMessageSelect+`
		WHERE m.claim_id = $1 ORDER BY 6, m.id LIMIT $2`, claimID, limit)
	if err != nil {
		return nil, fmt.Errorf("correspondence of claim %d: %w", claimID, err)
	}
	return msgs, nil
}

// ClaimCorrespondenceWith returns the messages of claim id that one of
// addresses (compared without case) sent or received, To or Cc, in the
// order they arrived, at most limit: the claim's mail with those people.
func (db *DB) ClaimCorrespondenceWith(ctx context.Context, claimID int64, addresses []string, limit int) ([]PrintedMessage, error) {
	msgs, err := db.printedMessages(ctx, printedMessageSelect+`
		WHERE m.claim_id = $1 AND `+withAddresses("$3")+` ORDER BY 6, m.id LIMIT $2`, claimID, limit, lowerAddresses(addresses))
	if err != nil {
		return nil, fmt.Errorf("correspondence of claim %d with %d addresses: %w", claimID, len(addresses), err)
	}
	return msgs, nil
}

// ClaimMessagesWith returns the ids of the messages of claim id that one
// of addresses sent or received, as ClaimCorrespondenceWith.
func (db *DB) ClaimMessagesWith(ctx context.Context, claimID int64, addresses []string) (map[int64]bool, error) {
	rows, err := db.pool.Query(ctx, `SELECT m.id FROM messages m WHERE m.claim_id = $1 AND `+withAddresses("$2"),
		claimID, lowerAddresses(addresses))
	if err != nil {
		return nil, fmt.Errorf("messages of claim %d with %d addresses: %w", claimID, len(addresses), err)
	}
	out := map[int64]bool{}
	var id int64
	if _, err := pgx.ForEachRow(rows, []any{&id}, func() error { out[id] = true; return nil }); err != nil {
		return nil, fmt.Errorf("messages of claim %d with %d addresses: %w", claimID, len(addresses), err)
	}
	return out, nil
}

// withAddresses is the condition that message m's sender, or one of its
// To and Cc recipients, is one of the lower-case addresses of parameter
// arg.
func withAddresses(arg string) string {
	return `(lower(m.from_address) = ANY(` + arg + `)
		OR EXISTS (SELECT FROM unnest(m.to_addresses || m.cc_addresses) a WHERE lower(a) = ANY(` + arg + `)))`
}

// lowerAddresses are addresses in lower case, the empty ones left out.
func lowerAddresses(addresses []string) []string {
	out := make([]string, 0, len(addresses))
	for _, a := range addresses {
		if a = strings.ToLower(strings.TrimSpace(a)); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// GetPrintedMessage returns message id for its printed copy; ErrNotFound
// when there is none.
func (db *DB) GetPrintedMessage(ctx context.Context, id int64) (PrintedMessage, error) {
	msgs, err := db.printedMessages(ctx, printedMessageSelect+` WHERE m.id = $1`, id)
	if err != nil {
		return PrintedMessage{}, fmt.Errorf("message %d: %w", id, err)
	}
	if len(msgs) == 0 {
		return PrintedMessage{}, fmt.Errorf("message %d: %w", id, ErrNotFound)
	}
	return msgs[0], nil
}

// printedMessages runs query (printedMessageSelect with its conditions)
// and adds each message's attachments.
func (db *DB) printedMessages(ctx context.Context, query string, args ...any) ([]PrintedMessage, error) {
	rows, err := db.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	msgs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (PrintedMessage, error) {
		var m PrintedMessage
		err := r.Scan(&m.ID, &m.Direction, &m.FromAddress, &m.FromName, &m.Subject, &m.ArrivedAt, &m.JobNumber, &m.MessageID,
			&m.To, &m.Cc, &m.BodyText, &m.BodyHTML)
		return m, err
	})
	if err != nil || len(msgs) == 0 {
		return msgs, err
	}
	ids := make([]int64, len(msgs))
	at := map[int64]int{}
	for i, m := range msgs {
		ids[i], at[m.ID] = m.ID, i
	}
	// Body images are not attachments: a signature logo is no document.
	rows, err = db.pool.Query(ctx, `
		SELECT p.message_id, p.filename, coalesce(d.doc_type, p.doc_type), p.size `+messagePartFrom+`
		WHERE p.message_id = ANY($1) AND p.is_attachment
		ORDER BY p.message_id, p.id`, ids)
	if err != nil {
		return nil, fmt.Errorf("attachments: %w", err)
	}
	var messageID int64
	var a PrintedAttachment
	_, err = pgx.ForEachRow(rows, []any{&messageID, &a.Filename, &a.DocType, &a.Size}, func() error {
		m := &msgs[at[messageID]]
		m.Attachments = append(m.Attachments, a)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("attachments: %w", err)
	}
	return msgs, nil
}
