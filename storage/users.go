package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// User is a person who may sign in to the dashboard.
type User struct {
	ID           int64
	Email        string
	Name         string
	PasswordHash string
	IsAdmin      bool
}

// CreateUser adds a user; ErrConflict when the email is taken. The first
// user ever created is an administrator whatever u.IsAdmin says.
func (db *DB) CreateUser(ctx context.Context, u User) (User, error) {
	u.Email = strings.TrimSpace(u.Email)
	err := db.pool.QueryRow(ctx, `
		INSERT INTO users (email, name, password_hash, is_admin)
		VALUES ($1, $2, $3, $4 OR NOT EXISTS (SELECT 1 FROM users))
		RETURNING id, is_admin`,
		u.Email, u.Name, u.PasswordHash, u.IsAdmin).Scan(&u.ID, &u.IsAdmin)
	if isUniqueViolation(err) {
		return User{}, fmt.Errorf("user %s: %w", u.Email, ErrConflict)
	}
	if err != nil {
		return User{}, fmt.Errorf("create user: %w", err)
	}
	return u, nil
}

// CountUsers returns how many users exist.
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
// to case; ErrNotFound when there is none.
func (db *DB) GetUserByEmail(ctx context.Context, email string) (User, error) {
	var u User
	err := db.pool.QueryRow(ctx, `
		SELECT id, email, name, password_hash, is_admin FROM users
		WHERE lower(email) = lower($1)`, strings.TrimSpace(email)).
		Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.IsAdmin)
	if errors.Is(err, pgx.ErrNoRows) {
		return User{}, fmt.Errorf("user %s: %w", email, ErrNotFound)
	}
	if err != nil {
		return User{}, fmt.Errorf("get user: %w", err)
	}
	return u, nil
}
