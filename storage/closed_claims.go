package storage

import (
	"context"
	"fmt"
)

// MailOnClosedClaims returns up to limit messages filed into the offices'
// closed claims since they closed and not yet seen (acknowledged), the
// latest arrived first, and how many there are in all: the claims may need
// reopening. Mail that waits for an answer is left out: it is AckQueue's,
// whose clock says how soon to answer it, and counting it here too would
// show it twice. Triggers mark such mail (messages.after_close), and a
// partial index holds the unseen: both statements read those few rows alone.
func (db *DB) MailOnClosedClaims(ctx context.Context, offices Offices, limit int) ([]MessageRow, int, error) {
	rows, err := collectMessageRows(db.pool.Query(ctx, `
		SELECT `+messageRowColumns+`
		FROM messages m JOIN claims c ON c.id = m.claim_id
		WHERE m.after_close AND m.acknowledged_at IS NULL AND NOT m.needs_ack AND ($2::bigint[] IS NULL OR c.office_id = ANY($2))
		  AND `+coordinatedSQL("m.claim_id", "$3", false)+`
		ORDER BY `+messageArrival+` DESC, m.id DESC
		LIMIT $1`, offices.planArgs(limit, offices.sqlIDs(), offices.coordinatorArg())...))
	if err != nil {
		return nil, 0, fmt.Errorf("mail on closed claims: %w", err)
	}
	total := len(rows)
	if total == limit {
		err := db.pool.QueryRow(ctx, `SELECT count(*) FROM messages m JOIN claims c ON c.id = m.claim_id
			WHERE m.after_close AND m.acknowledged_at IS NULL AND NOT m.needs_ack AND ($1::bigint[] IS NULL OR c.office_id = ANY($1))
			  AND `+coordinatedSQL("m.claim_id", "$2", false),
			offices.planArgs(offices.sqlIDs(), offices.coordinatorArg())...).Scan(&total)
		if err != nil {
			return nil, 0, fmt.Errorf("count mail on closed claims: %w", err)
		}
	}
	return rows, total, nil
}

// CountIncompleteClaims counts the offices' open claims lacking one of the
// required fields or roles.
func (db *DB) CountIncompleteClaims(ctx context.Context, offices Offices, required []string) (int, error) {
	query, args := countIncompleteClaimsSQL(offices, required)
	var n int
	if err := db.pool.QueryRow(ctx, query, offices.planArgs(args...)...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count incomplete claims: %w", err)
	}
	return n, nil
}

// countIncompleteClaimsSQL is CountIncompleteClaims' query. The columns the
// default required fields read are in claims_open_record_idx, so the count
// reads that index alone, not every open claim's row.
func countIncompleteClaimsSQL(offices Offices, required []string) (string, []any) {
	var w conditions
	w.and("c.status = 'open'")
	w.and(offices.condition("c.office_id", w.arg))
	w.and(offices.openClaimSet("c.id", w.arg))
	w.and(incompleteCondition(required, w.arg))
	return `SELECT count(*) FROM claims c ` + w.where(), w.args
}
