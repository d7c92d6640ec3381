package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// MailboxHealth is how an account's connection is doing.
type MailboxHealth struct {
	Account       string
	State         string    // connected or retrying
	LastSuccessAt time.Time // zero: never connected
	LastError     string
	// Problem is the kind of the last failure (MailboxProblem...); empty
	// when it is none of them.
	Problem     string
	LastErrorAt time.Time
	ErrorFolder string
	Failures    int       // in a row, since the last success
	RetryAt     time.Time // when retrying: the next attempt
	UpdatedAt   time.Time
}

// Mailbox connection states.
const (
	MailboxConnected = "connected"
	MailboxRetrying  = "retrying"
)

// Kinds of mailbox failure, each with its own words and remedy on the
// dashboard.
const (
	// MailboxProblemPassword: the mail server refused the password.
	MailboxProblemPassword = "password_refused"
	// MailboxProblemLogin: the mail server refused an OAuth login (the
	// token was issued, but the app may not open the mailbox).
	MailboxProblemLogin = "login_refused"
	// MailboxProblemToken: the provider refused to issue a token (an
	// expired or revoked secret, key or consent).
	MailboxProblemToken = "token_refused"
	// MailboxProblemUnreachable: no connection to the mail server (its
	// name, the network, a firewall, or the server down).
	MailboxProblemUnreachable = "unreachable"
	// MailboxProblemTLS: the secure connection failed, mostly for a
	// certificate this machine does not trust.
	MailboxProblemTLS = "tls"
)

// RecordMailboxConnected notes a successful login.
func (db *DB) RecordMailboxConnected(ctx context.Context, account string, at time.Time) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO mailbox_health (account, state, last_success_at, updated_at) VALUES ($1, 'connected', $2, $2)
		ON CONFLICT (account) DO UPDATE SET state = 'connected', last_success_at = $2, failures = 0,
			retry_at = NULL, updated_at = $2`, account, at)
	if err != nil {
		return fmt.Errorf("mailbox %s health: %w", account, err)
	}
	return nil
}

// RecordMailboxFailure notes that a watcher of folder failed with errText,
// a failure of kind problem (a MailboxProblem constant, or ""), and tries
// again at retryAt.
func (db *DB) RecordMailboxFailure(ctx context.Context, account, folder, problem, errText string, at, retryAt time.Time) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO mailbox_health (account, state, last_error, last_error_at, error_folder, failures, retry_at, updated_at, problem)
		VALUES ($1, 'retrying', $3, $4, $2, 1, $5, $4, $6)
		ON CONFLICT (account) DO UPDATE SET state = 'retrying', last_error = $3, last_error_at = $4,
			error_folder = $2, failures = mailbox_health.failures + 1, retry_at = $5, updated_at = $4, problem = $6`,
		account, folder, errText, at, retryAt, problem)
	if err != nil {
		return fmt.Errorf("mailbox %s health: %w", account, err)
	}
	return nil
}

// DeleteMailboxHealth forgets the health of a mailbox no longer in the
// database, once its watchers have stopped; a mailbox added again under
// the same name keeps its row.
func (db *DB) DeleteMailboxHealth(ctx context.Context, account string) error {
	_, err := db.pool.Exec(ctx, `
		DELETE FROM mailbox_health WHERE account = $1
		AND NOT EXISTS (SELECT 1 FROM mailbox_accounts WHERE name = $1)`, account)
	if err != nil {
		return fmt.Errorf("mailbox %s health: %w", account, err)
	}
	return nil
}

// MailboxHealths lists every account's health by name.
func (db *DB) MailboxHealths(ctx context.Context) ([]MailboxHealth, error) {
	out, err := queryAll(ctx, db.pool, func(r pgx.CollectableRow) (MailboxHealth, error) {
		var (
			h                         MailboxHealth
			success, errorAt, retryAt *time.Time
		)
		err := r.Scan(&h.Account, &h.State, &success, &h.LastError, &errorAt, &h.ErrorFolder, &h.Failures, &retryAt, &h.UpdatedAt, &h.Problem)
		h.LastSuccessAt, h.LastErrorAt, h.RetryAt = healthTime(success), healthTime(errorAt), healthTime(retryAt)
		return h, err
	}, `
		SELECT account, state, last_success_at, last_error, last_error_at, error_folder, failures, retry_at, updated_at, problem
		FROM mailbox_health ORDER BY account`)
	if err != nil {
		return nil, fmt.Errorf("mailbox health: %w", err)
	}
	return out, nil
}

func healthTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
