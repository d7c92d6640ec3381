package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// MailboxAccount is a mailbox managed in the database: where it is, how
// claimdesk logs in, and its credentials sealed by the secret key.
type MailboxAccount struct {
	ID        int64
	Name      string // the account's name in logs and checkpoints
	Host      string // host:port
	TLS       string // none, starttls or tls
	User      string
	Auth      string // one of the MailboxAuth constants
	Provider  string // microsoft, google or empty
	Mechanism string // XOAUTH2, OAUTHBEARER or empty (chosen from what the server offers)
	Inbox     string
	Sent      string
	MoveTo    string
	Tenant    string
	ClientID  string
	TokenURL  string
	// Secret is sealed; storage never sees it in clear.
	Secret    []byte
	CreatedAt time.Time
	UpdatedAt time.Time
}

// How a database-managed mailbox logs in.
const (
	MailboxAuthPassword             = "password"
	MailboxAuthMicrosoftApp         = "microsoft_app"
	MailboxAuthGoogleServiceAccount = "google_service_account"
	MailboxAuthOAuthUser            = "oauth_user"
)

// MailboxesChannel is the Postgres notification channel on which adding or
// removing a mailbox is announced, so that a running claimdesk serve
// starts or stops its watchers at once; the payload is the mailbox's name.
const MailboxesChannel = "claimdesk_mailboxes"

// notifyMailboxChanged announces a change of mailbox name. Best effort:
// serve also reads the table every few seconds.
func (db *DB) notifyMailboxChanged(ctx context.Context, name string) {
	_, _ = db.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, MailboxesChannel, name)
}

const mailboxAccountColumns = `id, name, host, tls, username, auth, provider, mechanism, inbox, sent, move_to,
	tenant, client_id, token_url, secret, created_at, updated_at`

func scanMailboxAccount(row pgx.Row) (MailboxAccount, error) {
	var a MailboxAccount
	err := row.Scan(&a.ID, &a.Name, &a.Host, &a.TLS, &a.User, &a.Auth, &a.Provider, &a.Mechanism,
		&a.Inbox, &a.Sent, &a.MoveTo, &a.Tenant, &a.ClientID, &a.TokenURL, &a.Secret, &a.CreatedAt, &a.UpdatedAt)
	return a, err
}

// CreateMailboxAccount stores a new mailbox; ErrConflict when its name is
// taken.
func (db *DB) CreateMailboxAccount(ctx context.Context, a MailboxAccount) (MailboxAccount, error) {
	out, err := scanMailboxAccount(db.pool.QueryRow(ctx, `
		INSERT INTO mailbox_accounts (name, host, tls, username, auth, provider, mechanism, inbox, sent, move_to,
			tenant, client_id, token_url, secret)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
		RETURNING `+mailboxAccountColumns,
		a.Name, a.Host, a.TLS, a.User, a.Auth, a.Provider, a.Mechanism, a.Inbox, a.Sent, a.MoveTo,
		a.Tenant, a.ClientID, a.TokenURL, a.Secret))
	if isUniqueViolation(err) {
		return MailboxAccount{}, fmt.Errorf("mailbox %s: %w", a.Name, ErrConflict)
	}
	if err != nil {
		return MailboxAccount{}, fmt.Errorf("create mailbox %s: %w", a.Name, err)
	}
	db.notifyMailboxChanged(ctx, a.Name)
	return out, nil
}

// HasMailboxAccounts reports whether the database holds any mailbox.
func (db *DB) HasMailboxAccounts(ctx context.Context) (bool, error) {
	var found bool
	if err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM mailbox_accounts)`).Scan(&found); err != nil {
		return false, fmt.Errorf("look for mailboxes: %w", err)
	}
	return found, nil
}

// MailboxAccounts lists the database-managed mailboxes by name.
func (db *DB) MailboxAccounts(ctx context.Context) ([]MailboxAccount, error) {
	out, err := queryAll(ctx, db.pool, func(r pgx.CollectableRow) (MailboxAccount, error) { return scanMailboxAccount(r) },
		`SELECT `+mailboxAccountColumns+` FROM mailbox_accounts ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list mailboxes: %w", err)
	}
	return out, nil
}

// MailboxAccountByName returns one mailbox; ErrNotFound when there is none.
func (db *DB) MailboxAccountByName(ctx context.Context, name string) (MailboxAccount, error) {
	a, err := scanMailboxAccount(db.pool.QueryRow(ctx, `SELECT `+mailboxAccountColumns+` FROM mailbox_accounts WHERE name = $1`, name))
	if errors.Is(err, pgx.ErrNoRows) {
		return MailboxAccount{}, fmt.Errorf("mailbox %s: %w", name, ErrNotFound)
	}
	if err != nil {
		return MailboxAccount{}, fmt.Errorf("mailbox %s: %w", name, err)
	}
	return a, nil
}

// DeleteMailboxAccount removes a mailbox and its sealed credentials; its
// folders' checkpoints stay, as the messages read from them refer to them.
func (db *DB) DeleteMailboxAccount(ctx context.Context, name string) error {
	tag, err := db.pool.Exec(ctx, `DELETE FROM mailbox_accounts WHERE name = $1`, name)
	if err != nil {
		return fmt.Errorf("remove mailbox %s: %w", name, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("mailbox %s: %w", name, ErrNotFound)
	}
	db.notifyMailboxChanged(ctx, name)
	// A running watcher may write its health again before serve stops it;
	// serve then clears it with DeleteMailboxHealth.
	_, err = db.pool.Exec(ctx, `DELETE FROM mailbox_health WHERE account = $1`, name)
	if err != nil {
		return fmt.Errorf("remove mailbox %s health: %w", name, err)
	}
	return nil
}

// SetMailboxSecret replaces a mailbox's sealed credentials (a refresh token
// the provider renewed).
func (db *DB) SetMailboxSecret(ctx context.Context, name string, sealed []byte) error {
	tag, err := db.pool.Exec(ctx, `UPDATE mailbox_accounts SET secret = $2, updated_at = now() WHERE name = $1`, name, sealed)
	if err != nil {
		return fmt.Errorf("save mailbox %s secret: %w", name, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("mailbox %s: %w", name, ErrNotFound)
	}
	return nil
}

// ReplaceMailboxSecret replaces a mailbox's sealed credentials with new
// ones a person gave (a changed password), and tells the running serves,
// which log in with them.
func (db *DB) ReplaceMailboxSecret(ctx context.Context, name string, sealed []byte) error {
	if err := db.SetMailboxSecret(ctx, name, sealed); err != nil {
		return err
	}
	db.notifyMailboxChanged(ctx, name)
	return nil
}

// ResealMailboxSecrets passes every mailbox's sealed credentials through
// reseal (open under the old key, seal under the new) in one transaction:
// all are changed, or, on any error, none. It returns how many it changed.
func (db *DB) ResealMailboxSecrets(ctx context.Context, reseal func(name string, sealed []byte) ([]byte, error)) (int, error) {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("reseal secrets: %w", err)
	}
	defer tx.Rollback(ctx)
	rows, err := tx.Query(ctx, `SELECT name, secret FROM mailbox_accounts ORDER BY name FOR UPDATE`)
	if err != nil {
		return 0, fmt.Errorf("reseal secrets: %w", err)
	}
	type sealedRow struct {
		name   string
		secret []byte
	}
	all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (sealedRow, error) {
		var s sealedRow
		return s, r.Scan(&s.name, &s.secret)
	})
	if err != nil {
		return 0, fmt.Errorf("reseal secrets: %w", err)
	}
	for _, r := range all {
		resealed, err := reseal(r.name, r.secret)
		if err != nil {
			return 0, fmt.Errorf("mailbox %s: %w", r.name, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE mailbox_accounts SET secret = $2, updated_at = now() WHERE name = $1`, r.name, resealed); err != nil {
			return 0, fmt.Errorf("reseal mailbox %s: %w", r.name, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("reseal secrets: %w", err)
	}
	return len(all), nil
}
