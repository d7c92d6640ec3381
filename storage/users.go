package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// User is a person who may sign in to the dashboard. Administrators manage
// users, mailboxes and reply templates; the others (coordinators) do the
// daily work.
type User struct {
	ID           int64
	Email        string
	Name         string
	PasswordHash string
	IsAdmin      bool
	CreatedAt    time.Time
	DisabledAt   time.Time // zero: may sign in
	// Digest is the person's choice of the morning digest email.
	Digest bool
}

// Disabled reports whether u may no longer sign in.
func (u User) Disabled() bool { return !u.DisabledAt.IsZero() }

// ErrLastAdmin refuses a change that would leave no administrator able to
// sign in: nobody could then manage users from the dashboard.
var ErrLastAdmin = fmt.Errorf("the last administrator who can sign in: %w", ErrConflict)

// Offboarded counts what ended with a user's access.
type Offboarded struct {
	Sessions int64 // signed-in browsers signed out
	Tokens   int64 // API tokens the user made, revoked or deleted
}

const userColumns = `id, email, name, password_hash, is_admin, created_at, disabled_at, digest`

func scanUser(row pgx.Row) (User, error) {
	var (
		u        User
		disabled *time.Time
	)
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.IsAdmin, &u.CreatedAt, &disabled, &u.Digest)
	if disabled != nil {
		u.DisabledAt = *disabled
	}
	return u, err
}

// CreateUser adds a user; ErrConflict when the email is taken. The first
// user ever created is an administrator whatever u.IsAdmin says. With one
// office, the user joins it as administrator or coordinator; with several,
// they belong to none until given an office (claimdesk office set).
func (db *DB) CreateUser(ctx context.Context, u User) (User, error) {
	u.Email = strings.TrimSpace(u.Email)
	err := db.pool.QueryRow(ctx, `
		WITH u AS (
			INSERT INTO users (email, name, password_hash, is_admin)
			VALUES ($1, $2, $3, $4 OR NOT EXISTS (SELECT 1 FROM users))
			RETURNING id, is_admin, created_at
		), member AS (
			INSERT INTO user_offices (user_id, office_id, role)
			SELECT u.id, o.id, CASE WHEN u.is_admin THEN 'administrator' ELSE 'coordinator' END
			FROM u, offices o
			WHERE (SELECT count(*) FROM offices) = 1
		)
		SELECT id, is_admin, created_at FROM u`,
		u.Email, u.Name, u.PasswordHash, u.IsAdmin).Scan(&u.ID, &u.IsAdmin, &u.CreatedAt)
	if isUniqueViolation(err) {
		return User{}, fmt.Errorf("user %s: %w", u.Email, ErrConflict)
	}
	if err != nil {
		return User{}, fmt.Errorf("create user: %w", err)
	}
	return u, nil
}

// CountUsers returns how many users exist, disabled ones included.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505"
}

// GetUserByEmail returns the user with that email, compared without regard
// to case, disabled or not; ErrNotFound when there is none.
func (db *DB) GetUserByEmail(ctx context.Context, email string) (User, error) {
	u, err := scanUser(db.pool.QueryRow(ctx, `
		SELECT `+userColumns+` FROM users WHERE lower(email) = lower($1)`, strings.TrimSpace(email)))
	if errors.Is(err, pgx.ErrNoRows) {
		return User{}, fmt.Errorf("user %s: %w", email, ErrNotFound)
	}
	if err != nil {
		return User{}, fmt.Errorf("get user: %w", err)
	}
	return u, nil
}

// AllUserNames returns the names of the users that have one, by their
// email in lower case.
func (db *DB) AllUserNames(ctx context.Context) (map[string]string, error) {
	rows, err := db.pool.Query(ctx, `SELECT lower(email), name FROM users WHERE name <> ''`)
	if err != nil {
		return nil, fmt.Errorf("user names: %w", err)
	}
	names := map[string]string{}
	var email, name string
	if _, err := pgx.ForEachRow(rows, []any{&email, &name}, func() error {
		names[email] = name
		return nil
	}); err != nil {
		return nil, fmt.Errorf("user names: %w", err)
	}
	return names, nil
}

// GetUser returns user id; ErrNotFound when there is none.
func (db *DB) GetUser(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(db.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return User{}, fmt.Errorf("user %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return User{}, fmt.Errorf("get user %d: %w", id, err)
	}
	return u, nil
}

// ListUsers returns the users of the offices, and those of no office yet
// (just added, to be placed), disabled ones included, by email.
func (db *DB) ListUsers(ctx context.Context, offices Offices) ([]User, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+userColumns+` FROM users u
		WHERE $1::bigint[] IS NULL
		   OR NOT EXISTS (SELECT 1 FROM user_offices uo WHERE uo.user_id = u.id)
		   OR EXISTS (SELECT 1 FROM user_offices uo WHERE uo.user_id = u.id AND uo.office_id = ANY($1))
		ORDER BY lower(email)`, offices.sqlIDs())
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// SetUserPassword replaces user id's password hash and signs them out
// everywhere but in session keepSession (0: everywhere): a password is
// reset because it may be known to someone else. It returns how many
// sessions ended.
func (db *DB) SetUserPassword(ctx context.Context, id int64, hash string, keepSession int64) (int64, error) {
	var ended int64
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1`, id, hash)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("user %d: %w", id, ErrNotFound)
		}
		tag, err = tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id <> $2`, id, keepSession)
		ended = tag.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("set password of user %d: %w", id, err)
	}
	return ended, nil
}

// DisableUser stops user id from signing in from now on: their sessions
// end and the API tokens they made are revoked, at once. The row stays, so
// that their name stays on what they did. ErrLastAdmin when they are the
// last administrator who can sign in.
func (db *DB) DisableUser(ctx context.Context, id int64, now time.Time) (Offboarded, error) {
	var off Offboarded
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		if err := keepAnAdmin(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET disabled_at = coalesce(disabled_at, $2) WHERE id = $1`, id, now); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, id)
		if err != nil {
			return err
		}
		off.Sessions = tag.RowsAffected()
		tag, err = tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, id, now)
		off.Tokens = tag.RowsAffected()
		return err
	})
	if err != nil {
		return Offboarded{}, fmt.Errorf("disable user %d: %w", id, err)
	}
	return off, nil
}

// EnableUser lets a disabled user sign in again. Their revoked tokens stay
// revoked.
func (db *DB) EnableUser(ctx context.Context, id int64) error {
	tag, err := db.pool.Exec(ctx, `UPDATE users SET disabled_at = NULL WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("enable user %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("user %d: %w", id, ErrNotFound)
	}
	return nil
}

// RemoveUser deletes user id with their sessions and the API tokens they
// made; what they did keeps their name. ErrLastAdmin when they are the last
// administrator who can sign in.
func (db *DB) RemoveUser(ctx context.Context, id int64) (Offboarded, error) {
	var off Offboarded
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		if err := keepAnAdmin(ctx, tx, id); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM sessions WHERE user_id = $1),
			(SELECT count(*) FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL)`, id).
			Scan(&off.Sessions, &off.Tokens)
		if err != nil {
			return err
		}
		// Sessions and tokens go with the row (ON DELETE CASCADE).
		_, err = tx.Exec(ctx, `DELETE FROM users WHERE id = $1`, id)
		return err
	})
	if err != nil {
		return Offboarded{}, fmt.Errorf("remove user %d: %w", id, err)
	}
	return off, nil
}

// keepAnAdmin locks the administrators who can sign in, so that two
// offboardings at once cannot each leave the other as the last one, and
// refuses when id exists and is the only one of them. ErrNotFound when
// there is no user id.
func keepAnAdmin(ctx context.Context, tx pgx.Tx, id int64) error {
	admins, err := queryAll(ctx, tx, pgx.RowTo[int64], `SELECT id FROM users WHERE is_admin AND disabled_at IS NULL ORDER BY id FOR UPDATE`)
	if err != nil {
		return err
	}
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE id = $1)`, id).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		return fmt.Errorf("user %d: %w", id, ErrNotFound)
	}
	if len(admins) == 1 && admins[0] == id {
		return ErrLastAdmin
	}
	return nil
}
