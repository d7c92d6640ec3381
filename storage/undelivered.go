package storage

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Undelivered is what a delivery report (a bounce) says of one of the
// office's messages: the recipients it did not reach.
type Undelivered struct {
	MessageID  int64                  `json:"message_id"` // the office's message
	Subject    string                 `json:"subject"`
	Recipients []UndeliveredRecipient `json:"recipients"`
}

// UndeliveredRecipient is a recipient a receiving server refused.
type UndeliveredRecipient struct {
	Address    string `json:"address"`
	Status     string `json:"status"`               // enhanced status code, "5.1.1"
	Diagnostic string `json:"diagnostic,omitempty"` // the server's answer
}

// SentMessage returns the row id and subject of the message office sent
// with Message-ID messageID (bracketed); ErrNotFound when it sent none.
func (db *DB) SentMessage(ctx context.Context, office int64, messageID string) (id int64, subject string, err error) {
	err = db.pool.QueryRow(ctx, `SELECT id, subject FROM messages
		WHERE message_id = $1 AND office_id = $2 AND direction = 'out'
		ORDER BY id LIMIT 1`, messageID, office).Scan(&id, &subject)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, "", ErrNotFound
	}
	if err != nil {
		return 0, "", fmt.Errorf("office message %s: %w", messageID, err)
	}
	return id, subject, nil
}

// UndeliveredReport is a delivery report of the office's mail not yet
// seen, with what it says.
type UndeliveredReport struct {
	MessageRow
	Undelivered Undelivered
}

// UndeliveredMail returns up to limit delivery reports of the offices'
// mail not yet seen (acknowledged), the latest first, and how many there
// are in all. A partial index holds the unseen: both statements read
// those few rows alone.
func (db *DB) UndeliveredMail(ctx context.Context, offices Offices, limit int) ([]UndeliveredReport, int, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT `+messageRowColumns+`, m.undelivered
		FROM messages m LEFT JOIN claims c ON c.id = m.claim_id
		WHERE m.undelivered IS NOT NULL AND m.acknowledged_at IS NULL AND ($2::bigint[] IS NULL OR m.office_id = ANY($2))
		ORDER BY m.received_at DESC, m.id DESC
		LIMIT $1`, limit, offices.sqlIDs())
	if err != nil {
		return nil, 0, fmt.Errorf("undelivered mail: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (UndeliveredReport, error) {
		var u UndeliveredReport
		m, err := scanMessageRow(r, &u.Undelivered)
		u.MessageRow = m
		return u, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("undelivered mail: %w", err)
	}
	total := len(out)
	if total == limit {
		err := db.pool.QueryRow(ctx, `SELECT count(*) FROM messages m
			WHERE m.undelivered IS NOT NULL AND m.acknowledged_at IS NULL AND ($1::bigint[] IS NULL OR m.office_id = ANY($1))`,
			offices.sqlIDs()).Scan(&total)
		if err != nil {
			return nil, 0, fmt.Errorf("count undelivered mail: %w", err)
		}
	}
	return out, total, nil
}
