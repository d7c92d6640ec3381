package storage

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// ForgetClaimStamps forgets, within tx, the stamped copies of claim id's
// documents and returns those documents' ids, for each to be stamped again
// from its original: a stamp shows the claim's job number, which changed.
// Until then a document has no stamped copy to offer, rather than one with
// the old job number. Documents that could not be stamped keep their
// reason, which is about the file.
func ForgetClaimStamps(ctx context.Context, tx pgx.Tx, id int64) ([]int64, error) {
	ids, err := queryAll(ctx, tx, pgx.RowTo[int64], `
		UPDATE documents SET stamped_sha256 = NULL
		WHERE claim_id = $1 AND stamped_sha256 IS NOT NULL
		RETURNING id`, id)
	if err != nil {
		return nil, fmt.Errorf("forget the stamped copies of claim %d: %w", id, err)
	}
	return ids, nil
}

// LockClaimJobNumber returns claim id's job number and keeps others from
// changing the claim until tx ends; ErrNotFound when there is none.
func LockClaimJobNumber(ctx context.Context, tx pgx.Tx, id int64) (string, error) {
	var job string
	err := tx.QueryRow(ctx, `SELECT job_number FROM claims WHERE id = $1 FOR UPDATE`, id).Scan(&job)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("claim %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("lock claim %d: %w", id, err)
	}
	return job, nil
}
