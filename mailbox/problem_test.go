package mailbox

import (
	"context"
	"crypto/tls"
	"net"
	"testing"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// TestProblemNamesCommonFailures: the failures an office meets most, each
// made for real, are told apart so that the dashboard can say them in
// words; anything else is left unnamed.
func TestProblemNamesCommonFailures(t *testing.T) {
	t.Parallel()
	srv := testenv.Dovecot(t)
	oauthSrv := testenv.DovecotOAuth(t)
	revoked, ep, _ := oauthAccount(t, oauthSrv, MechOAuthBearer)
	ep.Refuse("invalid_client")
	for _, tc := range []struct {
		name string
		acct Account
		want string
	}{
		{"wrong password", Account{Host: srv.Addr, User: srv.User, Password: "not-the-password", TLS: "none"}, storage.MailboxProblemPassword},
		{"token refused by the mail server", Account{Host: oauthSrv.Addr, User: oauthSrv.User, TLS: "none",
			OAuth: &OAuthLogin{Tokens: staticTokens("not-a-valid-token"), Mechanism: MechOAuthBearer}}, storage.MailboxProblemLogin},
		{"secret refused by the provider", revoked, storage.MailboxProblemToken},
		{"nothing listening", Account{Host: closedPort(t), User: srv.User, Password: srv.Password, TLS: "none"}, storage.MailboxProblemUnreachable},
		{"TLS to a plain-text port", Account{Host: srv.Addr, User: srv.User, Password: srv.Password, TLS: "tls"}, storage.MailboxProblemTLS},
		{"certificate not trusted", Account{Host: untrustedTLS(t), User: srv.User, Password: srv.Password, TLS: "tls"}, storage.MailboxProblemTLS},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := tc.acct.Connect(context.Background(), nil)
			if err == nil {
				c.Close()
				t.Fatal("connected")
			}
			if got := Problem(err); got != tc.want {
				t.Errorf("Problem(%v) = %q, want %q", err, got, tc.want)
			}
		})
	}
	if got := Problem(context.Canceled); got != "" {
		t.Errorf("Problem of another failure = %q, want none", got)
	}
}

// closedPort is an address on which nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// untrustedTLS is an address that answers TLS with a certificate no system
// trusts, the way a mail server's own self-made one is.
func untrustedTLS(t *testing.T) string {
	t.Helper()
	cert := testenv.NewServerCert(t, 1, "127.0.0.1")
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert.TLS()}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				_ = c.(*tls.Conn).Handshake()
				c.Close()
			}()
		}
	}()
	return ln.Addr().String()
}
