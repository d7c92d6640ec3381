package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Session is a signed-in browser. Its token lives only in the browser's
// cookie; the database knows its SHA-256.
type Session struct {
	ID         int64
	User       User // without PasswordHash
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// CreateSession stores a session for userID under the hash of its token,
// signed in at now and ending at expiresAt at the latest.
func (db *DB) CreateSession(ctx context.Context, tokenSHA256 string, userID int64, csrfToken string, now, expiresAt time.Time) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO sessions (token_sha256, user_id, csrf_token, created_at, last_seen_at, expires_at)
		VALUES ($1, $2, $3, $4, $4, $5)`,
		tokenSHA256, userID, csrfToken, now, expiresAt)
	if isUniqueViolation(err) {
		return fmt.Errorf("create session: %w", ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// GetSession returns the session whose token hashes to tokenSHA256, with its
// user; ErrNotFound when there is none or its user is disabled (disabling
// ends sessions too; this holds even for one started in the same instant).
// Whether it has expired is the caller's policy.
func (db *DB) GetSession(ctx context.Context, tokenSHA256 string) (Session, error) {
	var s Session
	err := db.pool.QueryRow(ctx, `
		SELECT s.id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at,
		       u.id, u.email, u.name, u.is_admin, u.digest
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_sha256 = $1 AND u.disabled_at IS NULL`, tokenSHA256).
		Scan(&s.ID, &s.CSRFToken, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt,
			&s.User.ID, &s.User.Email, &s.User.Name, &s.User.IsAdmin, &s.User.Digest)
	if errors.Is(err, pgx.ErrNoRows) {
		return Session{}, fmt.Errorf("session: %w", ErrNotFound)
	}
	if err != nil {
		return Session{}, fmt.Errorf("get session: %w", err)
	}
	return s, nil
}

// TouchSession records that session id was used at now.
func (db *DB) TouchSession(ctx context.Context, id int64, now time.Time) error {
	if _, err := db.pool.Exec(ctx, `UPDATE sessions SET last_seen_at = $2 WHERE id = $1`, id, now); err != nil {
		return fmt.Errorf("touch session %d: %w", id, err)
	}
	return nil
}

// DeleteSession ends the session whose token hashes to tokenSHA256. Ending
// one that is already gone is not an error: signing out twice is harmless.
func (db *DB) DeleteSession(ctx context.Context, tokenSHA256 string) error {
	if _, err := db.pool.Exec(ctx, `DELETE FROM sessions WHERE token_sha256 = $1`, tokenSHA256); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes the sessions that have ended by now: past
// their expiry, or unused since before idleSince. It returns how many.
func (db *DB) DeleteExpiredSessions(ctx context.Context, now, idleSince time.Time) (int64, error) {
	tag, err := db.pool.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2`, now, idleSince)
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return tag.RowsAffected(), nil
}
