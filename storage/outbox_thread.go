package storage

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// ThreadMessage is what a reply needs of the message it answers: its
// identity for In-Reply-To and References, its subject and sender, and the
// mailbox it came through.
type ThreadMessage struct {
	ID          int64
	Direction   string
	MessageID   string // with angle brackets; '' when it had none
	References  []string
	Subject     string
	FromAddress string
	FromName    string
	To          []string
	Account     string // the mailbox account it was read from
	ClaimID     *int64
}

const threadColumns = `m.id, m.direction, m.message_id, m.refs, m.subject, m.from_address, m.from_name,
	m.to_addresses, mb.account, m.claim_id`

func scanThread(row pgx.Row) (ThreadMessage, error) {
	var t ThreadMessage
	err := row.Scan(&t.ID, &t.Direction, &t.MessageID, &t.References, &t.Subject, &t.FromAddress, &t.FromName,
		&t.To, &t.Account, &t.ClaimID)
	return t, err
}

// ThreadOf returns message id as a reply sees it; ErrNotFound when there is
// none.
func (db *DB) ThreadOf(ctx context.Context, id int64) (ThreadMessage, error) {
	t, err := scanThread(db.pool.QueryRow(ctx, `SELECT `+threadColumns+`
		FROM messages m JOIN mailboxes mb ON mb.id = m.mailbox_id WHERE m.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return t, fmt.Errorf("message %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return t, fmt.Errorf("message %d: %w", id, err)
	}
	return t, nil
}

// LatestThreadWith returns the claim's latest message from or to addr (its
// adjuster), the thread an update continues; ErrNotFound when there is none.
func (db *DB) LatestThreadWith(ctx context.Context, claimID int64, addr string) (ThreadMessage, error) {
	t, err := scanThread(db.pool.QueryRow(ctx, `SELECT `+threadColumns+`
		FROM messages m JOIN mailboxes mb ON mb.id = m.mailbox_id
		WHERE m.claim_id = $1 AND m.message_id <> ''
		  AND (lower(m.from_address) = lower($2) OR lower($2) = ANY(SELECT lower(a) FROM unnest(m.to_addresses || m.cc_addresses) a))
		ORDER BY coalesce(m.internal_date, m.sent_date, m.received_at) DESC, m.id DESC
		LIMIT 1`, claimID, addr))
	if errors.Is(err, pgx.ErrNoRows) {
		return t, fmt.Errorf("claim %d has no message with %s: %w", claimID, addr, ErrNotFound)
	}
	if err != nil {
		return t, fmt.Errorf("latest thread of claim %d: %w", claimID, err)
	}
	return t, nil
}
