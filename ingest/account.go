package ingest

import (
	"crypto/tls"
	"fmt"
	"net"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
)

// Account is one IMAP login whose inbox and Sent folder claimdesk watches.
type Account struct {
	Addr     string // host:port
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
}

// Name identifies the account in logs and the database, without the password.
func (a Account) Name() string {
	if a.Key != "" {
		return a.Key
	}
	return a.User + "@" + a.Addr
}

// dial connects and logs in. The caller closes the client.
func (a Account) dial(opts *imapclient.Options) (*imapclient.Client, error) {
	opts.Dialer = &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	opts.TLSConfig = a.TLSConfig
	if opts.TLSConfig == nil {
		host, _, _ := net.SplitHostPort(a.Addr)
		opts.TLSConfig = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	var (
		c   *imapclient.Client
		err error
	)
	switch a.TLS {
	case "none":
		c, err = imapclient.DialInsecure(a.Addr, opts)
	case "starttls":
		c, err = imapclient.DialStartTLS(a.Addr, opts)
	default:
		c, err = imapclient.DialTLS(a.Addr, opts)
	}
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", a.Addr, err)
	}
	if err := c.Login(a.User, a.Password).Wait(); err != nil {
		c.Close()
		return nil, fmt.Errorf("log in to %s as %s: %w", a.Addr, a.User, err)
	}
	return c, nil
}
