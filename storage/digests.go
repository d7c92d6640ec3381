package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// ReplyDigest is the outbox kind of a morning digest.
const ReplyDigest = "digest"

// SetUserDigest turns user id's morning digest on or off; ErrNotFound when
// there is no such user.
func (db *DB) SetUserDigest(ctx context.Context, id int64, on bool) error {
	tag, err := db.pool.Exec(ctx, `UPDATE users SET digest = $2 WHERE id = $1`, id, on)
	if err != nil {
		return fmt.Errorf("set digest of user %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("user %d: %w", id, ErrNotFound)
	}
	return nil
}

// DigestRecipients returns the people of office who chose the morning
// digest, may sign in, and have not been sent the office's digest of day
// (an office date, read as its year, month and day).
func (db *DB) DigestRecipients(ctx context.Context, office int64, day time.Time) ([]User, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+userColumns+` FROM users u
		WHERE u.digest AND u.disabled_at IS NULL
		  AND EXISTS (SELECT 1 FROM user_offices uo WHERE uo.user_id = u.id AND uo.office_id = $1)
		  AND NOT EXISTS (SELECT 1 FROM digests d WHERE d.user_id = u.id AND d.office_id = $1 AND d.day = $2::date)
		ORDER BY u.id`, office, dateOnly(day))
	if err != nil {
		return nil, fmt.Errorf("digest recipients of office %d: %w", office, err)
	}
	users, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (User, error) { return scanUser(r) })
	if err != nil {
		return nil, fmt.Errorf("digest recipients of office %d: %w", office, err)
	}
	return users, nil
}

// RecordDigest notes in tx that user's digest of office on day is outbox
// message outboxID. ErrConflict when that digest was recorded already: the
// caller rolls tx back, and the person is not sent a second one.
func RecordDigest(ctx context.Context, tx pgx.Tx, user, office int64, day time.Time, outboxID int64) error {
	tag, err := tx.Exec(ctx, `INSERT INTO digests (user_id, office_id, day, outbox_id) VALUES ($1, $2, $3::date, $4)
		ON CONFLICT DO NOTHING`, user, office, dateOnly(day), outboxID)
	if err != nil {
		return fmt.Errorf("record digest of user %d: %w", user, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("digest of user %d in office %d on %s: %w", user, office, dateOnly(day), ErrConflict)
	}
	return nil
}

// dateOnly is day's date as Postgres reads a date: its year, month and
// day, whatever its time zone.
func dateOnly(day time.Time) string { return day.Format(time.DateOnly) }
