package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// DocumentVerification is a coordinator's check that a signed form is
// signed correctly.
type DocumentVerification struct {
	At time.Time
	By string // who checked: a person's email or an API token's name
}

// DocumentVerifications returns, by document id, the verified documents of
// claim claimID.
func (db *DB) DocumentVerifications(ctx context.Context, claimID int64) (map[int64]DocumentVerification, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, verified_at, verified_by FROM documents
		WHERE claim_id = $1 AND verified_at IS NOT NULL`, claimID)
	if err != nil {
		return nil, fmt.Errorf("verifications of claim %d: %w", claimID, err)
	}
	out := map[int64]DocumentVerification{}
	var id int64
	var v DocumentVerification
	_, err = pgx.ForEachRow(rows, []any{&id, &v.At, &v.By}, func() error {
		out[id] = v
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("verifications of claim %d: %w", claimID, err)
	}
	return out, nil
}
