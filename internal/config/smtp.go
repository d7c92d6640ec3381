package config

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
)

// SMTPSettings is the submission server the dashboard's replies go
// through, from CLAIMDESK_SMTP_URL.
type SMTPSettings struct {
	Host     string // host:port
	User     string
	Password string
	TLS      string // none, starttls or tls
	Auth     string // none, plain or xoauth2
	From     string // the office address replies come from
	FromName string // its display name, may be empty
	// SaveSent: the provider files sent mail in Sent itself (Gmail,
	// Microsoft 365); otherwise claimdesk appends it there over IMAP.
	SaveSent bool
}

// ParseSMTPURL parses smtp://user:pass@host:587?tls=starttls&from=ADDRESS
// &save_sent=true|false&auth=plain|xoauth2|none&name=NAME; empty is no
// sending (nil).
func ParseSMTPURL(raw string) (*SMTPSettings, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		// url's error repeats the URL, password included.
		return nil, errors.New("not a URL (special characters in the user or password must be percent-encoded)")
	}
	if u.Scheme != "smtp" && u.Scheme != "smtps" {
		return nil, fmt.Errorf("scheme %q, want smtp:// or smtps://", u.Scheme)
	}
	q := u.Query()
	for k := range q {
		switch k {
		case "tls", "from", "name", "save_sent", "auth":
		default:
			return nil, fmt.Errorf("unknown parameter %q (want tls, from, name, save_sent or auth)", k)
		}
	}
	s := &SMTPSettings{TLS: q.Get("tls"), Auth: strings.ToLower(q.Get("auth")), From: q.Get("from"), FromName: q.Get("name")}
	if u.User != nil {
		s.User = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		return nil, errors.New("missing host")
	}
	if err := setSMTPHost(s, u.Scheme, host, port); err != nil {
		return nil, err
	}
	if err := setSMTPAuth(s); err != nil {
		return nil, err
	}
	if err := setSMTPFrom(s); err != nil {
		return nil, err
	}
	switch v := q.Get("save_sent"); v {
	case "", "false":
	case "true":
		s.SaveSent = true
	default:
		return nil, fmt.Errorf("save_sent=%q, want true or false", v)
	}
	return s, nil
}

// setSMTPHost sets s.TLS, by default the one the scheme or port implies,
// and s.Host, by default on the TLS mode's submission port.
func setSMTPHost(s *SMTPSettings, scheme, host, port string) error {
	if s.TLS == "" {
		switch {
		case scheme == "smtps" || port == "465":
			s.TLS = "tls"
		default:
			s.TLS = "starttls"
		}
	}
	switch s.TLS {
	case "none", "starttls", "tls":
	default:
		return fmt.Errorf("tls=%q, want none, starttls or tls", s.TLS)
	}
	if port == "" {
		port = "587"
		if s.TLS == "tls" {
			port = "465"
		}
	}
	if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
		return fmt.Errorf("bad port %q", port)
	}
	s.Host = net.JoinHostPort(host, port)
	return nil
}

// setSMTPAuth sets s.Auth, by default plain when the URL names a user, and
// checks that the URL gives what the method logs in with.
func setSMTPAuth(s *SMTPSettings) error {
	if s.Auth == "" {
		s.Auth = "none"
		if s.User != "" {
			s.Auth = "plain"
		}
	}
	switch s.Auth {
	case "none":
	case "plain":
		if s.User == "" || s.Password == "" {
			return errors.New("auth=plain needs smtp://user:password@host")
		}
	case "xoauth2":
		if s.User == "" {
			return errors.New("auth=xoauth2 needs the mailbox's user (smtp://user@host), whose OAuth2 login is used")
		}
	default:
		return fmt.Errorf("auth=%q, want plain, xoauth2 or none", s.Auth)
	}
	return nil
}

// setSMTPFrom sets s.From, by default the user when that is an address (a
// mailbox's login usually is), and checks it is one.
func setSMTPFrom(s *SMTPSettings) error {
	if s.From == "" && strings.Contains(s.User, "@") {
		s.From = s.User
	}
	if s.From == "" {
		return errors.New("missing from=ADDRESS, the office address replies come from")
	}
	if a, err := mail.ParseAddress(s.From); err != nil || a.Address != s.From {
		return fmt.Errorf("from=%q is not a mail address", s.From)
	}
	return nil
}
