package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"

	"golang.org/x/oauth2"

	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/storage"
)

// Default IMAP servers of the providers.
const (
	microsoftIMAP = "outlook.office365.com:993"
	googleIMAP    = "imap.gmail.com:993"
)

// mailboxAdd stores a mailbox with a password, a Microsoft app's
// credentials or a Google service account's key, after logging in with
// them (unless --skip-test).
func mailboxAdd(ctx context.Context, e *env, db *storage.DB, f *mailboxFlags) error {
	row, err := f.baseRow()
	if err != nil {
		return err
	}
	var sec mailboxSecret
	switch f.auth {
	case "password":
		row.Auth = storage.MailboxAuthPassword
		if row.Host == "" {
			return errors.New("--host: the IMAP server, host:port")
		}
		if sec.Password, err = readSecretLine(stdin, "password"); err != nil {
			return err
		}
	case "microsoft":
		row.Auth, row.Provider = storage.MailboxAuthMicrosoftApp, "microsoft"
		row.Host = cmpOr(row.Host, microsoftIMAP)
		if f.clientID == "" || (f.tenant == "" && f.tokenURL == "") {
			return errors.New("--client-id and --tenant: the app registration's application (client) id and directory (tenant) id")
		}
		if f.certFile != "" {
			pem, err := os.ReadFile(f.certFile)
			if err != nil {
				return fmt.Errorf("--certificate-file: %w", err)
			}
			sec.CertificatePEM = string(pem)
		} else if sec.ClientSecret, err = f.clientSecret(true); err != nil {
			return err
		}
	case "google":
		row.Auth, row.Provider = storage.MailboxAuthGoogleServiceAccount, "google"
		row.Host = cmpOr(row.Host, googleIMAP)
		if f.keyFile == "" {
			return errors.New("--key-file: the service account's JSON key file")
		}
		key, err := os.ReadFile(f.keyFile)
		if err != nil {
			return fmt.Errorf("--key-file: %w", err)
		}
		sec.ServiceAccountKey = string(key)
	default:
		return fmt.Errorf("--auth %q: want password, microsoft or google (for a person's consent: claimdesk mailbox connect)", f.auth)
	}
	return saveMailbox(ctx, e, db, f, row, sec)
}

// mailboxConnect asks a person's consent in their browser (the OAuth2
// authorization code flow with PKCE) and stores the mailbox with the
// refresh token granted.
func mailboxConnect(ctx context.Context, e *env, db *storage.DB, f *mailboxFlags) error {
	row, err := f.baseRow()
	if err != nil {
		return err
	}
	row.Auth, row.Provider = storage.MailboxAuthOAuthUser, f.provider
	switch f.provider {
	case "google":
		row.Host = cmpOr(row.Host, googleIMAP)
	case "microsoft":
		row.Host = cmpOr(row.Host, microsoftIMAP)
	default:
		return fmt.Errorf("--provider %q: want google or microsoft", f.provider)
	}
	if f.clientID == "" {
		return errors.New("--client-id: the OAuth client's id")
	}
	var sec mailboxSecret
	// Google's desktop clients have a secret; Microsoft's public clients none.
	if sec.ClientSecret, err = f.clientSecret(false); err != nil {
		return err
	}
	cfg, err := mailbox.UserOAuthConfig(f.provider, f.clientID, sec.ClientSecret, f.tenant, f.authURL, f.tokenURL, f.redirectURL)
	if err != nil {
		return err
	}
	verifier := oauth2.GenerateVerifier()
	state := randomState()
	opts := []oauth2.AuthCodeOption{oauth2.AccessTypeOffline, oauth2.S256ChallengeOption(verifier),
		oauth2.SetAuthURLParam("login_hint", row.User)}
	if f.provider == "google" {
		// Google gives a refresh token only when the consent is asked anew.
		opts = append(opts, oauth2.SetAuthURLParam("prompt", "consent"))
	}
	fmt.Fprintf(e.stdout, "Open this address in a browser, sign in as %s and allow access:\n\n  %s\n\n", row.User, cfg.AuthCodeURL(state, opts...))
	fmt.Fprintf(e.stdout, "The browser then goes to %s?code=... (a page that may not load): paste that whole address, or the code, here:\n", f.redirectURL)
	line, err := readSecretLine(stdin, "the address or code")
	if err != nil {
		return err
	}
	code, err := authorizationCode(line, state)
	if err != nil {
		return err
	}
	tok, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return fmt.Errorf("exchange the code: %w", tokenError(err))
	}
	if tok.RefreshToken == "" {
		return errors.New("the provider granted no refresh token (for Google, remove claimdesk's access in the account's security settings and connect again)")
	}
	sec.RefreshToken = tok.RefreshToken
	if f.tokenURL != "" {
		row.TokenURL = f.tokenURL
	}
	return saveMailbox(ctx, e, db, f, row, sec)
}

// saveMailbox seals the secret, logs in unless --skip-test (learning the
// Sent folder from the server when --sent is not given) and stores it.
func saveMailbox(ctx context.Context, e *env, db *storage.DB, f *mailboxFlags, row storage.MailboxAccount, sec mailboxSecret) error {
	box, err := openSecretBox(e.cfg, true)
	if err != nil {
		return err
	}
	if row.Secret, err = sealMailboxSecret(box, row.Name, sec); err != nil {
		return err
	}
	if !f.skipTest {
		// A refresh token renewed during the test replaces the one to save.
		acct, err := managedAccount(db, box, row, func(_ context.Context, sealed []byte) error {
			row.Secret = sealed
			return nil
		})
		if err != nil {
			return err
		}
		if err := probeAndReport(ctx, e, &acct, f.sent == ""); err != nil {
			return fmt.Errorf("%w\nnothing was saved; fix the settings, or add with --skip-test to save them as they are", err)
		}
		row.Sent = acct.Sent
	}
	if _, err := db.CreateMailboxAccount(ctx, row); errors.Is(err, storage.ErrConflict) {
		return fmt.Errorf("a mailbox named %s exists already (claimdesk mailbox passwd %s gives it a new password; for other changes, claimdesk mailbox remove %s, then add it again)",
			row.Name, row.Name, row.Name)
	} else if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "saved mailbox %s; a running claimdesk serve starts watching it within seconds\n", row.Name)
	return nil
}

// baseRow is the mailbox as the flags common to add and connect describe it.
func (f *mailboxFlags) baseRow() (storage.MailboxAccount, error) {
	user := strings.TrimSpace(f.user)
	if user == "" {
		return storage.MailboxAccount{}, errors.New("--user: the mailbox's address")
	}
	row := storage.MailboxAccount{
		Name: cmpOr(strings.TrimSpace(f.name), user), Host: f.host, TLS: f.tls, User: user,
		Inbox: cmpOr(f.inbox, "INBOX"), Sent: cmpOr(f.sent, "Sent"), MoveTo: f.moveTo,
		Tenant: f.tenant, ClientID: f.clientID, TokenURL: f.tokenURL,
		Mechanism: strings.ToUpper(f.mechanism),
	}
	switch row.TLS {
	case "none", "starttls", "tls":
	default:
		return row, fmt.Errorf("--tls %q: want none, starttls or tls", row.TLS)
	}
	switch row.Mechanism {
	case "", mailbox.MechXOAuth2, mailbox.MechOAuthBearer:
	default:
		return row, fmt.Errorf("--mechanism %q: want XOAUTH2 or OAUTHBEARER", f.mechanism)
	}
	if row.Host != "" {
		if _, _, err := net.SplitHostPort(row.Host); err != nil {
			return row, fmt.Errorf("--host %q: want host:port (993 for TLS)", row.Host)
		}
	}
	return row, nil
}

// clientSecret reads --client-secret-file, or else (when fromStdin) the
// first line of standard input.
func (f *mailboxFlags) clientSecret(fromStdin bool) (string, error) {
	if f.clientSecretFile != "" {
		b, err := os.ReadFile(f.clientSecretFile)
		if err != nil {
			return "", fmt.Errorf("--client-secret-file: %w", err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	if !fromStdin {
		return "", nil
	}
	return readSecretLine(stdin, "client secret")
}

// readSecretLine reads the first line of r: secrets come on standard input
// (or from files), never as arguments, which other users can see.
func readSecretLine(r io.Reader, what string) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 64<<10)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read %s from standard input: %w", what, err)
	}
	line = strings.TrimSpace(line)
	if line == "" {
		return "", fmt.Errorf("no %s on standard input", what)
	}
	return line, nil
}

// authorizationCode takes the code from what the person pasted: the
// address the browser was sent to (whose state must be ours), or the code.
func authorizationCode(pasted, state string) (string, error) {
	if !strings.Contains(pasted, "code=") && !strings.Contains(pasted, "error=") {
		return pasted, nil
	}
	q := pasted
	if u, err := url.Parse(pasted); err == nil && u.RawQuery != "" {
		q = u.RawQuery
	}
	v, err := url.ParseQuery(strings.TrimPrefix(q, "?"))
	if err != nil {
		return "", errors.New("the pasted address does not parse")
	}
	if e := v.Get("error"); e != "" {
		return "", fmt.Errorf("consent refused: %s %s", e, v.Get("error_description"))
	}
	if s := v.Get("state"); s != "" && s != state {
		return "", errors.New("the pasted address belongs to another attempt (its state differs): start again")
	}
	if v.Get("code") == "" {
		return "", errors.New("the pasted address has no code")
	}
	return v.Get("code"), nil
}

func randomState() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// tokenError keeps only the provider's error code and description.
func tokenError(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.ErrorCode != "" {
		return fmt.Errorf("%s: %s", re.ErrorCode, re.ErrorDescription)
	}
	return err
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
