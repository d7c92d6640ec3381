package mailbox

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"syscall"

	"github.com/claimdesk/claimdesk/storage"
)

// loginRefused marks a login the mail server turned down: the password,
// or with oauth the token, was refused.
type loginRefused struct {
	oauth bool
	err   error
}

func (e *loginRefused) Error() string { return e.err.Error() }
func (e *loginRefused) Unwrap() error { return e.err }

// refusedLogin marks err as the server's refusal of the login when it is
// one; other errors (the connection breaking) are returned as they are.
func refusedLogin(err error, oauth bool) error {
	if !isAuthFailure(err) {
		return err
	}
	return &loginRefused{oauth: oauth, err: err}
}

// Problem names the kind of failure err is, so that the dashboard can say
// it in words and say what fixes it: one of storage's MailboxProblem
// kinds, or "" for any other.
func Problem(err error) string {
	var refused *loginRefused
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrCredentialsRefused):
		return storage.MailboxProblemToken
	case errors.As(err, &refused) && refused.oauth:
		return storage.MailboxProblemLogin
	case errors.As(err, &refused):
		return storage.MailboxProblemPassword
	case isTLSFailure(err):
		return storage.MailboxProblemTLS
	case isUnreachable(err):
		return storage.MailboxProblemUnreachable
	}
	return ""
}

// isTLSFailure reports whether the secure connection failed: a certificate
// not trusted or not the server's, a server that does not speak TLS where
// TLS was asked for, or one that refused the handshake.
func isTLSFailure(err error) bool {
	var (
		verify  *tls.CertificateVerificationError
		unknown x509.UnknownAuthorityError
		host    x509.HostnameError
		invalid x509.CertificateInvalidError
		header  tls.RecordHeaderError
		op      *net.OpError
	)
	return errors.As(err, &verify) || errors.As(err, &unknown) || errors.As(err, &host) || errors.As(err, &invalid) ||
		errors.As(err, &header) || (errors.As(err, &op) && op.Op == "remote error") // a TLS alert from the server
}

// isUnreachable reports whether no connection to the server could be had:
// its name unknown, nothing listening, no route, or no answer in time.
func isUnreachable(err error) bool {
	var (
		dns *net.DNSError
		op  *net.OpError
		ne  net.Error
	)
	return errors.As(err, &dns) || (errors.As(err, &op) && op.Op == "dial") || (errors.As(err, &ne) && ne.Timeout()) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH)
}
