package outbox

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/claimdesk/claimdesk/mailbox"
)

// SMTP authentication mechanisms a submission server is logged in with.
const (
	SMTPAuthNone    = "none"
	SMTPAuthPlain   = "plain"
	SMTPAuthXOAuth2 = "xoauth2"
)

// SMTPConfig is the submission server replies are sent through.
type SMTPConfig struct {
	Addr     string // host:port
	TLS      string // none, starttls or tls
	User     string
	Password string
	Auth     string // none, plain or xoauth2
	// OAuth gives the tokens for xoauth2: the OAuth2 login of the mailbox
	// that sends (the same one its IMAP watchers use).
	OAuth *mailbox.OAuthLogin
	// SaveSent says the provider files sent mail in the Sent folder
	// itself (Gmail, Microsoft 365); otherwise claimdesk appends it there.
	SaveSent bool
	// TLSConfig overrides the TLS settings (tests use it to trust their CA).
	TLSConfig *tls.Config
}

// smtpTimeout bounds one submission: connect, log in, send.
const smtpTimeout = time.Minute

// errPermanent marks a failure trying again will not mend: the server
// refused the message or the login for good (a 5xx answer).
var errPermanent = errors.New("refused")

// submit sends raw from from to the recipients in one SMTP transaction.
// It returns nil only once the server has taken responsibility for the
// message (its 250 after DATA).
func (c SMTPConfig) submit(ctx context.Context, from string, to []string, raw []byte) error {
	ctx, cancel := context.WithTimeout(ctx, smtpTimeout)
	defer cancel()
	client, err := c.dial(ctx)
	if err != nil {
		return err
	}
	defer client.Close()
	// The client has no context: closing it ends a command that hangs.
	stop := context.AfterFunc(ctx, func() { client.Close() })
	defer stop()
	if err := c.login(ctx, client); err != nil {
		return err
	}
	if err := client.Mail(from, nil); err != nil {
		return smtpError("MAIL FROM", err)
	}
	for _, rcpt := range to {
		if err := client.Rcpt(rcpt, nil); err != nil {
			return smtpError("RCPT TO "+rcpt, err)
		}
	}
	w, err := client.Data()
	if err != nil {
		return smtpError("DATA", err)
	}
	if _, err := w.Write(raw); err != nil {
		w.Close()
		return smtpError("DATA", err)
	}
	if err := w.Close(); err != nil {
		return smtpError("end of DATA", err)
	}
	// Accepted: a failing QUIT changes nothing.
	_ = client.Quit()
	return nil
}

// dial connects with TLS as configured.
func (c SMTPConfig) dial(ctx context.Context) (*smtp.Client, error) {
	host, _, _ := net.SplitHostPort(c.Addr)
	tlsConfig := c.TLSConfig
	if tlsConfig == nil {
		tlsConfig = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	d := &net.Dialer{Timeout: 30 * time.Second}
	var conn net.Conn
	var err error
	if c.TLS == "tls" {
		conn, err = (&tls.Dialer{NetDialer: d, Config: tlsConfig}).DialContext(ctx, "tcp", c.Addr)
	} else {
		conn, err = d.DialContext(ctx, "tcp", c.Addr)
	}
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", c.Addr, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	if c.TLS == "starttls" {
		client, err := smtp.NewClientStartTLS(conn, tlsConfig)
		if err != nil {
			return nil, smtpError("STARTTLS with "+c.Addr, err)
		}
		return client, nil
	}
	client := smtp.NewClient(conn)
	if err := client.Hello("localhost"); err != nil {
		client.Close()
		return nil, smtpError("EHLO", err)
	}
	return client, nil
}

// login authenticates as configured: PLAIN with the password, or XOAUTH2
// with the sending mailbox's token (replaced once if the server refuses
// it, as the IMAP login does).
func (c SMTPConfig) login(ctx context.Context, client *smtp.Client) error {
	switch c.Auth {
	case SMTPAuthNone, "":
		return nil
	case SMTPAuthPlain:
		if err := client.Auth(sasl.NewPlainClient("", c.User, c.Password)); err != nil {
			return smtpError("log in as "+c.User, err)
		}
		return nil
	case SMTPAuthXOAuth2:
		if c.OAuth == nil {
			return fmt.Errorf("%w: xoauth2 needs a mailbox with OAuth2 credentials for %s", errPermanent, c.User)
		}
		host, portStr, _ := net.SplitHostPort(c.Addr)
		port, _ := strconv.Atoi(portStr)
		// A token the server turns down may only have expired early or been
		// revoked since it was fetched: one more try with a fresh one, on
		// the same connection, before the refusal counts.
		for try := 1; ; try++ {
			token, err := c.OAuth.Tokens.Token(ctx)
			if err != nil {
				return fmt.Errorf("log in as %s: %w", c.User, err)
			}
			err = client.Auth(mailbox.NewTokenClient(mailbox.MechXOAuth2, c.User, token, host, port))
			if err == nil {
				return nil
			}
			c.OAuth.Tokens.Refused(token)
			if try == 2 || !isAuthRefusal(err) {
				return smtpError("log in as "+c.User+" with XOAUTH2", err)
			}
		}
	}
	return fmt.Errorf("%w: unknown SMTP authentication %q", errPermanent, c.Auth)
}

// isAuthRefusal reports whether err is the server turning the credentials
// down (535), as opposed to a broken connection or a server fault.
func isAuthRefusal(err error) bool {
	var se *smtp.SMTPError
	return errors.As(err, &se) && se.Code == 535
}

// smtpError says which step failed, marking the server's permanent
// refusals (5xx) so they are not retried on their own.
func smtpError(step string, err error) error {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		msg := fmt.Sprintf("%s: the server answered %d %s", step, se.Code, string(bytes.TrimSpace([]byte(se.Message))))
		if se.Code >= 500 {
			return fmt.Errorf("%w: %s", errPermanent, msg)
		}
		return errors.New(msg)
	}
	return fmt.Errorf("%s: %w", step, err)
}
