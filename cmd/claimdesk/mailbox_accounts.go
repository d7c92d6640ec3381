package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/claimdesk/claimdesk/internal/config"
	"github.com/claimdesk/claimdesk/internal/secrets"
	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/storage"
)

// mailboxSecret is what a database-managed mailbox's sealed secret holds;
// only the fields of its kind of login are set.
type mailboxSecret struct {
	Password          string `json:"password,omitempty"`
	ClientSecret      string `json:"client_secret,omitempty"`
	CertificatePEM    string `json:"certificate_pem,omitempty"`
	ServiceAccountKey string `json:"service_account_key,omitempty"`
	RefreshToken      string `json:"refresh_token,omitempty"`
}

// String keeps the secret out of anything that prints it by mistake.
func (mailboxSecret) String() string { return "[sealed]" }

// GoString does the same for %#v.
func (mailboxSecret) GoString() string { return "[sealed]" }

// secretContext binds a sealed secret to its mailbox: copied to another
// row, it does not open.
func secretContext(name string) string { return "mailbox_accounts:" + name }

func sealMailboxSecret(box *secrets.Box, name string, s mailboxSecret) ([]byte, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	return box.Seal(b, secretContext(name))
}

func openMailboxSecret(box *secrets.Box, name string, sealed []byte) (mailboxSecret, error) {
	b, err := box.Open(sealed, secretContext(name))
	if err != nil {
		return mailboxSecret{}, fmt.Errorf("mailbox %s: %w", name, err)
	}
	var s mailboxSecret
	if err := json.Unmarshal(b, &s); err != nil {
		return mailboxSecret{}, fmt.Errorf("mailbox %s: secret does not parse", name)
	}
	return s, nil
}

// openSecretBox loads the secret key; create makes the default key file
// when there is none yet.
func openSecretBox(cfg *config.Config, create bool) (*secrets.Box, error) {
	box, _, err := secrets.Load(cfg.SecretSource(), create)
	return box, err
}

// managedAccount turns a database-managed mailbox into the account its
// watchers log in as. A renewed refresh token is sealed and handed to
// saveSecret (nil: saved in the mailbox's row).
func managedAccount(db *storage.DB, box *secrets.Box, m storage.MailboxAccount, saveSecret func(ctx context.Context, sealed []byte) error) (mailbox.Account, error) {
	if saveSecret == nil {
		saveSecret = func(ctx context.Context, sealed []byte) error { return db.SetMailboxSecret(ctx, m.Name, sealed) }
	}
	sec, err := openMailboxSecret(box, m.Name, m.Secret)
	if err != nil {
		return mailbox.Account{}, err
	}
	acct := mailbox.Account{
		Key: m.Name, Host: m.Host, User: m.User, TLS: m.TLS,
		Inbox: m.Inbox, Sent: m.Sent, MoveTo: m.MoveTo,
	}
	var fetch mailbox.TokenFetcher
	switch m.Auth {
	case storage.MailboxAuthPassword:
		acct.Password = sec.Password
		return acct, nil
	case storage.MailboxAuthMicrosoftApp:
		tokenURL := m.TokenURL
		if tokenURL == "" {
			tokenURL = mailbox.MicrosoftTokenURL("", m.Tenant)
		}
		fetch, err = mailbox.MicrosoftApp{TokenURL: tokenURL, ClientID: m.ClientID,
			ClientSecret: sec.ClientSecret, CertificatePEM: []byte(sec.CertificatePEM)}.Fetcher()
	case storage.MailboxAuthGoogleServiceAccount:
		fetch, err = mailbox.GoogleServiceAccount{KeyJSON: []byte(sec.ServiceAccountKey), Subject: m.User, TokenURL: m.TokenURL}.Fetcher()
	case storage.MailboxAuthOAuthUser:
		cfg, cerr := mailbox.UserOAuthConfig(m.Provider, m.ClientID, sec.ClientSecret, m.Tenant, "", m.TokenURL, "")
		if cerr != nil {
			return mailbox.Account{}, fmt.Errorf("mailbox %s: %w", m.Name, cerr)
		}
		save := func(ctx context.Context, refresh string) error {
			renewed := sec
			renewed.RefreshToken = refresh
			sealed, err := sealMailboxSecret(box, m.Name, renewed)
			if err != nil {
				return err
			}
			return saveSecret(ctx, sealed)
		}
		fetch = mailbox.NewUserRefresh(cfg, sec.RefreshToken, save).Fetch
	default:
		return mailbox.Account{}, fmt.Errorf("mailbox %s: unknown login %q", m.Name, m.Auth)
	}
	if err != nil {
		return mailbox.Account{}, fmt.Errorf("mailbox %s: %w", m.Name, err)
	}
	acct.OAuth = &mailbox.OAuthLogin{Tokens: mailbox.NewTokenCache(fetch), Mechanism: m.Mechanism}
	return acct, nil
}

// managedAccounts loads every database-managed mailbox. A mailbox whose
// secret does not open is skipped with an error in the log, so that one
// bad row does not stop the others; when none opens, the key is wrong and
// that is an error.
func managedAccounts(ctx context.Context, cfg *config.Config, db *storage.DB, log *slog.Logger) ([]mailbox.Account, error) {
	rows, err := db.MailboxAccounts(ctx)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	box, where, err := secrets.Load(cfg.SecretSource(), false)
	if err != nil {
		return nil, fmt.Errorf("mailboxes in the database need the secret key they were saved with: %w", err)
	}
	var out []mailbox.Account
	for _, m := range rows {
		acct, err := managedAccount(db, box, m, nil)
		if err != nil {
			log.Error("mailbox not watched", "mailbox", m.Name, "err", err)
			continue
		}
		out = append(out, acct)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no mailbox in the database opens with the secret key from %s: is it the key they were saved with?", where)
	}
	return out, nil
}
