package storage

import (
	"context"
	"fmt"
)

// closedClaimMail is the condition of messages m, with their claims c,
// that came into a claim after it was closed and nobody has marked seen
// (acknowledged): the claim may need reopening.
const closedClaimMail = `m.direction = 'in' AND c.status = 'closed' AND m.received_at > c.closed_at
	AND m.acknowledged_at IS NULL`

// MailOnClosedClaims returns up to limit messages filed into the offices'
// closed claims since they closed and not yet seen, the latest first, and
// how many there are in all.
func (db *DB) MailOnClosedClaims(ctx context.Context, offices Offices, limit int) ([]MessageRow, int, error) {
	rows, err := collectMessageRows(db.pool.Query(ctx, `
		SELECT `+messageRowColumns+`
		FROM messages m JOIN claims c ON c.id = m.claim_id
		WHERE `+closedClaimMail+` AND ($2::bigint[] IS NULL OR c.office_id = ANY($2))
		ORDER BY m.received_at DESC, m.id DESC
		LIMIT $1`, limit, offices.sqlIDs()))
	if err != nil {
		return nil, 0, fmt.Errorf("mail on closed claims: %w", err)
	}
	total := len(rows)
	if total == limit {
		err := db.pool.QueryRow(ctx, `SELECT count(*) FROM messages m JOIN claims c ON c.id = m.claim_id
			WHERE `+closedClaimMail+` AND ($1::bigint[] IS NULL OR c.office_id = ANY($1))`, offices.sqlIDs()).Scan(&total)
		if err != nil {
			return nil, 0, fmt.Errorf("count mail on closed claims: %w", err)
		}
	}
	return rows, total, nil
}

// CountIncompleteClaims counts the offices' open claims lacking one of the
// required fields or roles.
func (db *DB) CountIncompleteClaims(ctx context.Context, offices Offices, required []string) (int, error) {
	var w conditions
	w.and("c.status = 'open'")
	w.and(offices.condition("c.office_id", w.arg))
	w.and(incompleteCondition(required, w.arg))
	var n int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM claims c `+w.where(), w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count incomplete claims: %w", err)
	}
	return n, nil
}
