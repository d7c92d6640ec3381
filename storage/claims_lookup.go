package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// ClaimsByNumber returns the claims of office whose normalized job,
// carrier claim or policy number is norm, in one round trip: the classifier
// asks all three of every number it reads. Another office's claim of the
// same number is not among them.
func (db *DB) ClaimsByNumber(ctx context.Context, office int64, norm string) (byJob, byClaim, byPolicy []Claim, err error) {
	rows, err := db.pool.Query(ctx, `
		SELECT 'j', `+claimColumns+` FROM claims WHERE job_number_norm = $1 AND office_id = $2
		UNION ALL
		SELECT 'c', `+claimColumns+` FROM claims WHERE claim_number_norm = $1 AND office_id = $2
		UNION ALL
		SELECT 'p', `+claimColumns+` FROM claims WHERE $1 <> '' AND policy_number_norm = $1 AND office_id = $2`, norm, office)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("claims by number %q: %w", norm, err)
	}
	defer rows.Close()
	for rows.Next() {
		tag, c, err := scanTaggedClaim(rows)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("claims by number %q: %w", norm, err)
		}
		switch tag {
		case "j":
			byJob = append(byJob, c)
		case "c":
			byClaim = append(byClaim, c)
		default:
			byPolicy = append(byPolicy, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, nil, fmt.Errorf("claims by number %q: %w", norm, err)
	}
	return byJob, byClaim, byPolicy, nil
}

// scanTaggedClaim reads a claim row behind one tag column.
func scanTaggedClaim(row pgx.Row) (string, Claim, error) {
	var tag string
	var c Claim
	err := row.Scan(append([]any{&tag}, claimDest(&c)...)...)
	if c.DateOfLoss.Year() == 1 {
		c.DateOfLoss = time.Time{}
	}
	return tag, c, err
}
