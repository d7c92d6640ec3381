package storage

import (
	"context"
	"errors"
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
// or rejected with its reason. The latest check of a form stands; its
// claim's history keeps each, with who made it and when.
func (db *DB) VerifyDocument(ctx context.Context, id int64, v DocumentVerification) error {
	reason := v.Reason
	if v.OK {
		reason = ""
	}
	return db.changeCheck(ctx, id, v.By, v.At, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE documents SET verified_at = $2, verified_by = $3, verify_ok = $4, verify_reason = $5
			WHERE id = $1`, id, v.At, pgText(v.By), v.OK, pgText(reason))
		return err
	})
}

// UnverifyDocument takes back, on behalf of by at at, the check of signed
// form id that found it signed right: the form is not checked again until
// someone does, and its claim's history says who took it back. ErrNotFound
// when there is no such document; ErrConflict when its latest check is not
// a verification (none, or a rejection, which a verification overrides).
func (db *DB) UnverifyDocument(ctx context.Context, id int64, by string, at time.Time) error {
	return db.changeCheck(ctx, id, by, at, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE documents SET verified_at = NULL, verified_by = '', verify_ok = true, verify_reason = ''
			WHERE id = $1 AND verified_at IS NOT NULL AND verify_ok`, id)
		if err == nil && tag.RowsAffected() == 0 {
			return fmt.Errorf("document %d is not verified: %w", id, ErrConflict)
		}
		return err
	})
}

// changeCheck changes the check of document id with change, in one
// transaction with the row in its claim's history that says by changed it
// at at, from what to what.
func (db *DB) changeCheck(ctx context.Context, id int64, by string, at time.Time, change func(tx pgx.Tx) error) error {
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		claim, before, err := signatureCheck(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := change(tx); err != nil {
			return err
		}
		_, after, err := signatureCheck(ctx, tx, id)
		if err != nil || after == before {
			return err
		}
		return recordItemChange(ctx, tx, itemChange{claimID: claim, at: at, actor: by, field: FieldSignature,
			old: before, new: after, document: &id})
	})
	if err != nil {
		return fmt.Errorf("check of document %d: %w", id, err)
	}
	return nil
}

// signatureCheck locks document id within tx and returns its claim and
// its check as history says it (FieldSignature).
func signatureCheck(ctx context.Context, tx pgx.Tx, id int64) (int64, string, error) {
	var claim int64
	var checked *time.Time
	var ok bool
	var reason string
	err := tx.QueryRow(ctx, `SELECT claim_id, verified_at, verify_ok, verify_reason FROM documents WHERE id = $1 FOR UPDATE`,
		id).Scan(&claim, &checked, &ok, &reason)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return 0, "", fmt.Errorf("document %d: %w", id, ErrNotFound)
	case err != nil:
		return 0, "", err
	case checked == nil:
		return claim, "", nil
	case ok:
		return claim, SignatureVerified, nil
	}
	return claim, "rejected: " + reason, nil
}
