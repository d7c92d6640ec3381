package testenv

import (
	"errors"
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// SMTPServer is a real SMTP submission server (go-smtp's) that keeps what
// it is sent: it delivers nowhere and, like most servers, files nothing in
// any Sent folder. It takes PLAIN logins with User and Password, without
// TLS.
type SMTPServer struct {
	Addr     string
	User     string
	Password string

	mu       sync.Mutex
	received []SMTPMessage
	grown    chan struct{}
	// onData, when set, runs on every accepted message before the server
	// answers (a provider that files sent mail in Sent does it there).
	onData func(SMTPMessage)
	// refuse, when set, is the answer to DATA instead of accepting.
	refuse *smtp.SMTPError
}

// SMTPMessage is one message the server accepted.
type SMTPMessage struct {
	From string
	To   []string
	Raw  []byte
	User string // who logged in
}

// SMTP starts a submission server on a free local port for this test.
func SMTP(t testing.TB) *SMTPServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtp: listen: %v", err)
	}
	s := &SMTPServer{Addr: ln.Addr().String(), User: "claims@office.example", Password: "smtp-secret", grown: make(chan struct{})}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &smtpSession{srv: s}, nil }))
	srv.Domain = "smtp.test"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = time.Minute
	srv.WriteTimeout = time.Minute
	srv.MaxMessageBytes = 10 << 20
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	return s
}

// URL is the server's CLAIMDESK_SMTP_URL, sending from from, with the
// given extra query (e.g. "save_sent=true").
func (s *SMTPServer) URL(from, extra string) string {
	u := url.URL{Scheme: "smtp", User: url.UserPassword(s.User, s.Password), Host: s.Addr,
		RawQuery: "tls=none&from=" + url.QueryEscape(from)}
	if extra != "" {
		u.RawQuery += "&" + extra
	}
	return u.String()
}

// OnData makes fn run on every message accepted from now on, before the
// server answers the client.
func (s *SMTPServer) OnData(fn func(SMTPMessage)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onData = fn
}

// Refuse makes the server answer DATA with err (nil: accept again).
func (s *SMTPServer) Refuse(err *smtp.SMTPError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse = err
}

// Received returns the messages accepted so far.
func (s *SMTPServer) Received() []SMTPMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SMTPMessage(nil), s.received...)
}

// WaitFor waits until the server has accepted at least n messages, for up
// to timeout, and returns them.
func (s *SMTPServer) WaitFor(t testing.TB, n int, timeout time.Duration) []SMTPMessage {
	t.Helper()
	deadline := time.After(timeout)
	for {
		s.mu.Lock()
		got, grown := len(s.received), s.grown
		s.mu.Unlock()
		if got >= n {
			return s.Received()
		}
		select {
		case <-grown:
		case <-deadline:
			t.Fatalf("smtp: %d messages received within %s, want %d", got, timeout, n)
		}
	}
}

func (s *SMTPServer) accept(m SMTPMessage) error {
	s.mu.Lock()
	refuse, onData := s.refuse, s.onData
	s.mu.Unlock()
	if refuse != nil {
		return refuse
	}
	if onData != nil {
		onData(m)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.received = append(s.received, m)
	close(s.grown)
	s.grown = make(chan struct{})
	return nil
}

type smtpSession struct {
	srv  *SMTPServer
	user string
	msg  SMTPMessage
}

var _ smtp.AuthSession = (*smtpSession)(nil)

func (s *smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *smtpSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.srv.User || pass != s.srv.Password {
			return errors.New("invalid user or password")
		}
		s.user = user
		return nil
	}), nil
}

func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.user == "" {
		return smtp.ErrAuthRequired
	}
	s.msg = SMTPMessage{From: from, User: s.user}
	return nil
}

func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.msg.To = append(s.msg.To, to)
	return nil
}

func (s *smtpSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.msg.Raw = raw
	return s.srv.accept(s.msg)
}

func (s *smtpSession) Reset()        { s.msg = SMTPMessage{} }
func (s *smtpSession) Logout() error { return nil }
