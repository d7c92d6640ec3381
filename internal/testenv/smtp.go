package testenv

import (
	"errors"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// SMTPServer is a real SMTP submission server (go-smtp's) that keeps what
// it is sent: it delivers nowhere and, like most servers, files nothing in
// any Sent folder. It takes PLAIN logins with User and Password, without
// TLS, and XOAUTH2 logins as User with the token AcceptToken sets.
type SMTPServer struct {
	Addr     string
	User     string
	Password string

	mu sync.Mutex
	// token is the access token XOAUTH2 takes; empty: XOAUTH2 is not
	// offered.
	token    string
	tokens   []string // every token an XOAUTH2 login offered
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

// AcceptToken makes the server offer XOAUTH2 and take token, as a
// provider checks the access tokens it issued.
func (s *SMTPServer) AcceptToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.token = token
}

// OfferedTokens returns the tokens XOAUTH2 logins offered, in order.
func (s *SMTPServer) OfferedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.tokens...)
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

func (s *smtpSession) AuthMechanisms() []string {
	s.srv.mu.Lock()
	defer s.srv.mu.Unlock()
	if s.srv.token != "" {
		return []string{sasl.Plain, xoauth2}
	}
	return []string{sasl.Plain}
}

func (s *smtpSession) Auth(mech string) (sasl.Server, error) {
	if mech == xoauth2 {
		return &xoauth2Server{check: func(user, token string) bool {
			s.srv.mu.Lock()
			defer s.srv.mu.Unlock()
			s.srv.tokens = append(s.srv.tokens, token)
			if user != s.srv.User || token != s.srv.token {
				return false
			}
			s.user = user
			return true
		}}, nil
	}
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

const xoauth2 = "XOAUTH2"

// xoauth2Server is the server side of XOAUTH2 as Gmail and Microsoft 365
// answer it: a refused token gets a JSON challenge, the client's empty
// answer to it, then the failure.
type xoauth2Server struct {
	check   func(user, token string) bool
	refused bool
}

func (x *xoauth2Server) Next(response []byte) (challenge []byte, done bool, err error) {
	if x.refused {
		return nil, true, &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Username and Password not accepted"}
	}
	if response == nil {
		return []byte{}, false, nil // no initial response: ask for it
	}
	user, token, ok := parseXOAuth2(string(response))
	if ok && x.check(user, token) {
		return nil, true, nil
	}
	x.refused = true
	return []byte(`{"status":"401","schemes":"Bearer","scope":"https://mail.google.com/"}`), false, nil
}

// parseXOAuth2 reads "user=U^Aauth=Bearer T^A^A".
func parseXOAuth2(ir string) (user, token string, ok bool) {
	for _, kv := range strings.Split(strings.TrimRight(ir, "\x01"), "\x01") {
		switch k, v, _ := strings.Cut(kv, "="); k {
		case "user":
			user = v
		case "auth":
			token, ok = strings.CutPrefix(v, "Bearer ")
		}
	}
	return user, token, ok && user != ""
}
