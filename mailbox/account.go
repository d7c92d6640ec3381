package mailbox

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Account is one IMAP login whose inbox and Sent folder claimdesk watches.
type Account struct {
	Host     string // host:port
	User     string
	Password string
	TLS      string // none, starttls or tls
	Inbox    string // default INBOX
	Sent     string // default Sent
	// MoveTo, when set, is the folder processed inbox mail is moved to on
	// servers offering MOVE. Otherwise processed mail gets a keyword.
	MoveTo string
	// TLSConfig overrides the TLS settings (tests use it to trust their CA).
	TLSConfig *tls.Config
	// Key, when set, names the account in the database instead of
	// user@host:port: for a server whose address changes between runs.
	Key string
	// OAuth, when set, logs in with OAuth2 access tokens instead of
	// Password.
	OAuth *OAuthLogin
	// Health, when set, hears how each connection went.
	Health HealthRecorder
}

// loginTimeout bounds getting a token and logging in.
const loginTimeout = time.Minute

// Name identifies the account in logs and the database, without the password.
func (a Account) Name() string {
	if a.Key != "" {
		return a.Key
	}
	return a.User + "@" + a.Host
}

// Dial connects and logs in within loginTimeout, telling Health: the
// watchers' way in. The caller closes the client.
func (a Account) Dial(opts *imapclient.Options) (*imapclient.Client, error) {
	ctx, cancel := context.WithTimeout(context.Background(), loginTimeout)
	defer cancel()
	c, err := a.Connect(ctx, opts)
	if err != nil {
		return nil, err
	}
	if a.Health != nil {
		a.Health.Connected(a.Name())
	}
	return c, nil
}

// Connect connects and logs in, with the password or with a token; a token
// the server refuses is replaced by a new one once. The caller closes the
// client.
func (a Account) Connect(ctx context.Context, opts *imapclient.Options) (*imapclient.Client, error) {
	c, _, err := a.login(ctx, opts)
	return c, err
}

// login is Connect, also saying which mechanism logged in.
func (a Account) login(ctx context.Context, opts *imapclient.Options) (*imapclient.Client, string, error) {
	if opts == nil {
		opts = &imapclient.Options{}
	}
	if a.OAuth == nil {
		c, err := a.connect(opts)
		if err != nil {
			return nil, "", err
		}
		if err := c.Login(a.User, a.Password).Wait(); err != nil {
			c.Close()
			return nil, "", fmt.Errorf("log in to %s as %s: %w", a.Host, a.User, refusedLogin(err, false))
		}
		return c, "LOGIN", nil
	}
	c, mech, token, err := a.connectWithToken(ctx, opts)
	if err == nil || !isAuthFailure(err) {
		return c, mech, err
	}
	// The token lapsed or was revoked before its time: try a fresh one.
	a.OAuth.Tokens.Refused(token)
	c, mech, _, err = a.connectWithToken(ctx, opts)
	return c, mech, err
}

// connectWithToken gets a token (before connecting: without one there is
// nothing to say to the server), connects and authenticates.
func (a Account) connectWithToken(ctx context.Context, opts *imapclient.Options) (c *imapclient.Client, mech, token string, err error) {
	token, err = a.OAuth.Tokens.Token(ctx)
	if err != nil {
		return nil, "", "", fmt.Errorf("log in to %s as %s: %w", a.Host, a.User, err)
	}
	c, err = a.connect(opts)
	if err != nil {
		return nil, "", token, err
	}
	mech = chooseMechanism(a.OAuth.Mechanism, func(m string) bool { return c.Caps().Has(imap.Cap("AUTH=" + m)) })
	host, portStr, _ := net.SplitHostPort(a.Host)
	port, _ := strconv.Atoi(portStr)
	client := &tokenSASL{mech: mech, user: a.User, token: token, host: host, port: port}
	if err := c.Authenticate(client); err != nil {
		c.Close()
		err = fmt.Errorf("log in to %s as %s with %s: %w", a.Host, a.User, mech, refusedLogin(err, true))
		if why := client.refusal.String(); why != "" {
			err = fmt.Errorf("%w (%s)", err, why)
		}
		return nil, mech, token, err
	}
	return c, mech, token, nil
}

// connect opens the connection, with TLS as configured.
func (a Account) connect(opts *imapclient.Options) (*imapclient.Client, error) {
	opts.Dialer = imapDialer()
	opts.TLSConfig = a.TLSConfig
	if opts.TLSConfig == nil {
		host, _, _ := net.SplitHostPort(a.Host)
		opts.TLSConfig = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	var (
		c   *imapclient.Client
		err error
	)
	switch a.TLS {
	case "none":
		c, err = imapclient.DialInsecure(a.Host, opts)
	case "starttls":
		c, err = imapclient.DialStartTLS(a.Host, opts)
	default:
		c, err = imapclient.DialTLS(a.Host, opts)
	}
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", a.Host, err)
	}
	return c, nil
}

// isAuthFailure reports whether the server said the credentials are wrong
// (as opposed to the connection failing).
func isAuthFailure(err error) bool {
	var imapErr *imap.Error
	return errors.As(err, &imapErr) && (imapErr.Code == imap.ResponseCodeAuthenticationFailed || imapErr.Type == imap.StatusResponseTypeNo)
}

// NoteRetry tells the account's health that a watcher of folder stopped
// with err and tries again in retryIn.
func (a Account) NoteRetry(folder string, err error, retryIn time.Duration) {
	if a.Health != nil {
		a.Health.Failed(a.Name(), folder, err, retryIn)
	}
}
