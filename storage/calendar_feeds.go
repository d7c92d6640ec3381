package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// CalendarFeed is a person's live calendar subscription.
type CalendarFeed struct {
	ID        int64
	UserID    int64
	CreatedAt time.Time
}

// CreateCalendarFeed gives user userID a new feed under the hash of its
// token, revoking the one they had: a person has one address at a time.
func (db *DB) CreateCalendarFeed(ctx context.Context, userID int64, tokenSHA256 string, now time.Time) (CalendarFeed, error) {
	f := CalendarFeed{UserID: userID, CreatedAt: now}
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE calendar_feeds SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, userID, now); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO calendar_feeds (user_id, token_sha256, created_at) VALUES ($1, $2, $3) RETURNING id`,
			userID, tokenSHA256, now).Scan(&f.ID)
	})
	if err != nil {
		return CalendarFeed{}, fmt.Errorf("create calendar feed: %w", err)
	}
	return f, nil
}

// RevokeCalendarFeed ends user userID's feed; none is not an error.
func (db *DB) RevokeCalendarFeed(ctx context.Context, userID int64, now time.Time) error {
	if _, err := db.pool.Exec(ctx, `UPDATE calendar_feeds SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, userID, now); err != nil {
		return fmt.Errorf("revoke calendar feed: %w", err)
	}
	return nil
}

// CalendarFeedOf returns user userID's live feed; ErrNotFound when none.
func (db *DB) CalendarFeedOf(ctx context.Context, userID int64) (CalendarFeed, error) {
	f := CalendarFeed{UserID: userID}
	err := db.pool.QueryRow(ctx, `SELECT id, created_at FROM calendar_feeds WHERE user_id = $1 AND revoked_at IS NULL`, userID).
		Scan(&f.ID, &f.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return f, fmt.Errorf("calendar feed of user %d: %w", userID, ErrNotFound)
	}
	if err != nil {
		return f, fmt.Errorf("calendar feed of user %d: %w", userID, err)
	}
	return f, nil
}

// CalendarFeedByToken returns the live feed whose token hashes to
// tokenSHA256, of a user who may still sign in; ErrNotFound otherwise.
func (db *DB) CalendarFeedByToken(ctx context.Context, tokenSHA256 string) (CalendarFeed, error) {
	var f CalendarFeed
	err := db.pool.QueryRow(ctx, `
		SELECT f.id, f.user_id, f.created_at FROM calendar_feeds f JOIN users u ON u.id = f.user_id
		WHERE f.token_sha256 = $1 AND f.revoked_at IS NULL AND u.disabled_at IS NULL`, tokenSHA256).
		Scan(&f.ID, &f.UserID, &f.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return f, fmt.Errorf("calendar feed: %w", ErrNotFound)
	}
	if err != nil {
		return f, fmt.Errorf("calendar feed: %w", err)
	}
	return f, nil
}
