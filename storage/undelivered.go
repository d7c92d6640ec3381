package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Undelivered is what a delivery report (a bounce) says: which message
// did not arrive, and the recipients refused.
type Undelivered struct {
	// Returned is the Message-ID of the message the report returns.
	Returned   string                 `json:"returned"`
	Recipients []UndeliveredRecipient `json:"recipients"`
}

// UndeliveredRecipient is a recipient a receiving server refused.
type UndeliveredRecipient struct {
	Address    string `json:"address"`
	Status     string `json:"status"`               // enhanced status code, "5.1.1"
	Diagnostic string `json:"diagnostic,omitempty"` // the server's answer
}

// UndeliveredReport is a delivery report of the office's mail not yet
// seen: the report's row, what it says, and the office's message it is
// about.
type UndeliveredReport struct {
	MessageRow
	Undelivered Undelivered
	// SentID, SentSubject and the embedded row's ClaimID and JobNumber
	// are the office's message's: its claim is where the mail belonged.
	SentID      int64
	SentSubject string
}

// undeliveredShown is how long a report stays on the board unseen.
const undeliveredShown = 30 * 24 * time.Hour

// undeliveredSQL selects the unseen delivery reports of offices $2 (nil:
// all) that arrived since $1 and return a message their office sent: a report
// of mail the office never sent (spam forging its address) is no concern
// of the office's, and a report read before the office's message was
// imported shows once it is. The reports come from the partial index of
// unseen ones, the office's message from its Message-ID's index.
const undeliveredSQL = `
	FROM messages r
	JOIN LATERAL (
		SELECT s.id, s.subject, s.claim_id FROM messages s
		WHERE s.message_id = r.undelivered->>'returned' AND s.message_id <> '' AND s.office_id = r.office_id AND s.direction = 'out'
		ORDER BY s.id LIMIT 1
	) sent ON true
	LEFT JOIN claims c ON c.id = sent.claim_id
	WHERE r.undelivered IS NOT NULL AND r.acknowledged_at IS NULL AND coalesce(r.internal_date, r.sent_date, r.received_at) > $1
	  AND ($2::bigint[] IS NULL OR r.office_id = ANY($2))`

// UndeliveredMail returns up to limit delivery reports of the offices'
// mail that arrived in the 30 days before now and are not yet seen
// (acknowledged), the latest first, and how many there are in all.
func (db *DB) UndeliveredMail(ctx context.Context, offices Offices, now time.Time, limit int) ([]UndeliveredReport, int, error) {
	since := now.Add(-undeliveredShown)
	rows, err := db.pool.Query(ctx, `
		SELECT r.id, r.direction, r.from_address, r.from_name, r.subject, r.status,
		       coalesce(r.internal_date, r.sent_date, r.received_at), sent.claim_id, coalesce(c.job_number, ''), r.needs_ack,
		       r.ack_due_at, r.acknowledged_at, r.ack_source, r.ack_by, r.ack_note, r.ack_business_minutes, r.incomplete,
		       r.failed_permanently, r.office_id, r.undelivered, sent.id, sent.subject`+undeliveredSQL+`
		ORDER BY coalesce(r.internal_date, r.sent_date, r.received_at) DESC, r.id DESC
		LIMIT $3`, since, offices.sqlIDs(), limit)
	if err != nil {
		return nil, 0, fmt.Errorf("undelivered mail: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (UndeliveredReport, error) {
		var u UndeliveredReport
		m, err := scanMessageRow(row, &u.Undelivered, &u.SentID, &u.SentSubject)
		u.MessageRow = m
		return u, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("undelivered mail: %w", err)
	}
	total := len(out)
	if total == limit {
		if err := db.pool.QueryRow(ctx, `SELECT count(*)`+undeliveredSQL, since, offices.sqlIDs()).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("count undelivered mail: %w", err)
		}
	}
	return out, total, nil
}
