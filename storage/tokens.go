package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// APIToken is a credential for the REST API. The token itself is shown once
// when made; the database keeps its SHA-256.
type APIToken struct {
	ID         int64
	UserID     int64 // 0: made by the operator on the command line, no user's
	Name       string
	CreatedAt  time.Time
	LastUsedAt time.Time // zero: never used
	RevokedAt  time.Time // zero: still valid
}

// tokenUseGranularity is how stale last_used_at may be: recording every
// request would make each API read a write.
const tokenUseGranularity = time.Minute

// CreateAPIToken stores a token named name under the hash of its secret.
// userID 0 makes an operator's token that belongs to no user.
func (db *DB) CreateAPIToken(ctx context.Context, name, tokenSHA256 string, userID int64, now time.Time) (APIToken, error) {
	t := APIToken{UserID: userID, Name: name, CreatedAt: now}
	var uid *int64
	if userID != 0 {
		uid = &userID
	}
	err := db.pool.QueryRow(ctx, `
		INSERT INTO api_tokens (user_id, name, token_sha256, created_at)
		VALUES ($1, $2, $3, $4) RETURNING id`, uid, name, tokenSHA256, now).Scan(&t.ID)
	if isUniqueViolation(err) {
		return APIToken{}, fmt.Errorf("create api token: %w", ErrConflict)
	}
	if err != nil {
		return APIToken{}, fmt.Errorf("create api token %q: %w", name, err)
	}
	return t, nil
}

// UseAPIToken returns the valid token whose secret hashes to tokenSHA256 and
// records its use at now (to the minute); ErrNotFound when it is unknown,
// revoked, or made by a user who is now disabled.
func (db *DB) UseAPIToken(ctx context.Context, tokenSHA256 string, now time.Time) (APIToken, error) {
	var (
		t        APIToken
		uid      *int64
		lastUsed *time.Time
	)
	err := db.pool.QueryRow(ctx, `
		WITH tok AS (
			SELECT t.id, t.user_id, t.name, t.created_at, t.last_used_at
			FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id
			WHERE t.token_sha256 = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL
		), used AS (
			UPDATE api_tokens SET last_used_at = $2
			WHERE id = (SELECT id FROM tok) AND (last_used_at IS NULL OR last_used_at < $3)
		)
		SELECT id, user_id, name, created_at, last_used_at FROM tok`,
		tokenSHA256, now, now.Add(-tokenUseGranularity)).
		Scan(&t.ID, &uid, &t.Name, &t.CreatedAt, &lastUsed)
	if errors.Is(err, pgx.ErrNoRows) {
		return APIToken{}, fmt.Errorf("api token: %w", ErrNotFound)
	}
	if err != nil {
		return APIToken{}, fmt.Errorf("use api token: %w", err)
	}
	if uid != nil {
		t.UserID = *uid
	}
	t.LastUsedAt = now
	if lastUsed != nil && lastUsed.After(now.Add(-tokenUseGranularity)) {
		t.LastUsedAt = *lastUsed
	}
	return t, nil
}

// RevokeAPIToken makes token id unusable from now on; ErrNotFound when
// there is no such token still valid.
func (db *DB) RevokeAPIToken(ctx context.Context, id int64, now time.Time) error {
	tag, err := db.pool.Exec(ctx, `UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, id, now)
	if err != nil {
		return fmt.Errorf("revoke api token %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("api token %d: %w", id, ErrNotFound)
	}
	return nil
}

// ListAPITokens returns every token, revoked ones included, oldest first.
func (db *DB) ListAPITokens(ctx context.Context) ([]APIToken, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT id, coalesce(user_id, 0), name, created_at, last_used_at, revoked_at
		FROM api_tokens ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list api tokens: %w", err)
	}
	return scanAPITokens(rows)
}

// ValidAPITokens returns the tokens still valid that user made, and with
// operators those made on the command line (no user's), oldest first.
func (db *DB) ValidAPITokens(ctx context.Context, user int64, operators bool) ([]APIToken, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT id, coalesce(user_id, 0), name, created_at, last_used_at, revoked_at
		FROM api_tokens
		WHERE revoked_at IS NULL AND (user_id = $1 OR ($2 AND user_id IS NULL))
		ORDER BY id`, user, operators)
	if err != nil {
		return nil, fmt.Errorf("list valid api tokens of user %d: %w", user, err)
	}
	return scanAPITokens(rows)
}

// GetAPIToken returns token id, valid or revoked; ErrNotFound when there
// is none.
func (db *DB) GetAPIToken(ctx context.Context, id int64) (APIToken, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT id, coalesce(user_id, 0), name, created_at, last_used_at, revoked_at
		FROM api_tokens WHERE id = $1`, id)
	if err != nil {
		return APIToken{}, fmt.Errorf("get api token %d: %w", id, err)
	}
	tokens, err := scanAPITokens(rows)
	if err != nil {
		return APIToken{}, err
	}
	if len(tokens) == 0 {
		return APIToken{}, fmt.Errorf("api token %d: %w", id, ErrNotFound)
	}
	return tokens[0], nil
}

// scanAPITokens reads rows of id, user_id (0 for none), name, created_at,
// last_used_at and revoked_at, and closes them.
func scanAPITokens(rows pgx.Rows) ([]APIToken, error) {
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		var (
			t                 APIToken
			lastUsed, revoked *time.Time
		)
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.CreatedAt, &lastUsed, &revoked); err != nil {
			return nil, fmt.Errorf("read api tokens: %w", err)
		}
		if lastUsed != nil {
			t.LastUsedAt = *lastUsed
		}
		if revoked != nil {
			t.RevokedAt = *revoked
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read api tokens: %w", err)
	}
	return out, nil
}
