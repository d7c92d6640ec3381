package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// DocumentVerification is a coordinator's check of a signed form: signed
// right (OK), or rejected for Reason (the wrong form signed).
type DocumentVerification struct {
	At     time.Time
	By     string // who checked: a person's email or an API token's name
	OK     bool
	Reason string
}

// DocumentVerifications returns, by document id, the checked documents of
// claim claimID.
func (db *DB) DocumentVerifications(ctx context.Context, claimID int64) (map[int64]DocumentVerification, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, verified_at, verified_by, verify_ok, verify_reason FROM documents
		WHERE claim_id = $1 AND verified_at IS NOT NULL`, claimID)
	if err != nil {
		return nil, fmt.Errorf("verifications of claim %d: %w", claimID, err)
	}
	out := map[int64]DocumentVerification{}
	var id int64
	var v DocumentVerification
	_, err = pgx.ForEachRow(rows, []any{&id, &v.At, &v.By, &v.OK, &v.Reason}, func() error {
		out[id] = v
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("verifications of claim %d: %w", claimID, err)
	}
	return out, nil
}

// VerifyDocument records a coordinator's check of signed form id: right,
// or rejected with its reason. The latest check of a form stands.
func (db *DB) VerifyDocument(ctx context.Context, id int64, v DocumentVerification) error {
	reason := v.Reason
	if v.OK {
		reason = ""
	}
	tag, err := db.pool.Exec(ctx, `UPDATE documents SET verified_at = $2, verified_by = $3, verify_ok = $4, verify_reason = $5
		WHERE id = $1`, id, v.At, pgText(v.By), v.OK, pgText(reason))
	if err != nil {
		return fmt.Errorf("verify document %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("document %d: %w", id, ErrNotFound)
	}
	return nil
}
