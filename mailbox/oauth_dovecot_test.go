package mailbox

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

// oauthAccount is an account on the token-taking Dovecot that logs in with
// app-only tokens from a test token endpoint.
func oauthAccount(t *testing.T, srv testenv.DovecotOAuthServer, mech string) (Account, *testenv.TokenEndpoint, *TokenCache) {
	t.Helper()
	ep := testenv.StartTokenEndpoint(t, srv.Tokens, srv.User)
	fetch, err := MicrosoftApp{TokenURL: ep.URL, ClientID: "app-1", ClientSecret: "s3cret-client-value"}.Fetcher()
	if err != nil {
		t.Fatal(err)
	}
	cache := NewTokenCache(fetch)
	return Account{
		Host: srv.Addr, User: srv.User, TLS: "none", Inbox: "INBOX", Sent: "Sent",
		OAuth: &OAuthLogin{Tokens: cache, Mechanism: mech},
	}, ep, cache
}

func TestOAuthLoginAgainstDovecot(t *testing.T) {
	t.Parallel()
	for _, mech := range []string{MechXOAuth2, MechOAuthBearer, ""} {
		t.Run(cmpStr(mech, "auto"), func(t *testing.T) {
			t.Parallel()
			srv := testenv.DovecotOAuth(t)
			acct, ep, _ := oauthAccount(t, srv, mech)
			c, err := acct.Connect(context.Background(), nil)
			if err != nil {
				t.Fatalf("connect: %v", err)
			}
			defer c.Close()
			if _, err := c.Select("INBOX", nil).Wait(); err != nil {
				t.Fatalf("select after token login: %v", err)
			}
			issued := ep.Issued()
			if len(issued) != 1 || srv.Tokens.Asked(issued[0]) == 0 || srv.Tokens.Accepted(srv.User) != 1 {
				t.Fatalf("issued %d tokens, Dovecot asked about the first %d times, accepted %d; want 1 token checked and accepted",
					len(issued), srv.Tokens.Asked(issued[0]), srv.Tokens.Accepted(srv.User))
			}
		})
	}
}

func TestOAuthLoginRefusedTokenSaysWhy(t *testing.T) {
	t.Parallel()
	srv := testenv.DovecotOAuth(t)
	acct := Account{Host: srv.Addr, User: srv.User, TLS: "none",
		OAuth: &OAuthLogin{Tokens: staticTokens("not-a-valid-token"), Mechanism: MechOAuthBearer}}
	_, err := acct.Connect(context.Background(), nil)
	if err == nil || !isAuthFailure(err) || !strings.Contains(err.Error(), "OAUTHBEARER") {
		t.Fatalf("connect with a bad token: %v; want an authentication failure naming the mechanism", err)
	}
	if srv.Tokens.Asked("not-a-valid-token") == 0 {
		t.Fatal("Dovecot never asked the introspection endpoint about the token")
	}
}

// staticTokens always offers the same token.
type staticTokens string

func (s staticTokens) Token(context.Context) (string, error) { return string(s), nil }
func (s staticTokens) Refused(string)                        {}

func TestTokenCacheRenewsBeforeExpiry(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	n := 0
	cache := NewTokenCache(func(context.Context) (*oauth2.Token, error) {
		n++
		return &oauth2.Token{AccessToken: fmt.Sprintf("tok-%d", n), Expiry: now.Add(time.Hour)}, nil
	})
	cache.Now = func() time.Time { return now }
	ctx := context.Background()
	get := func() string {
		t.Helper()
		tok, err := cache.Token(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	start := now
	if got := get(); got != "tok-1" {
		t.Fatalf("first token %q", got)
	}
	now = start.Add(54 * time.Minute) // 6 minutes left: still good
	if got := get(); got != "tok-1" {
		t.Fatalf("at 54m: %q, want the cached tok-1", got)
	}
	now = start.Add(55*time.Minute + time.Second) // within the 5-minute margin
	if got := get(); got != "tok-2" {
		t.Fatalf("within the margin: %q, want a new token", got)
	}
	cache.Refused("tok-2")
	if got := get(); got != "tok-3" {
		t.Fatalf("after a refusal: %q, want a new token", got)
	}
	cache.Refused("tok-2") // a stale refusal does not drop the newer token
	if got := get(); got != "tok-3" || cache.Fetches() != 3 {
		t.Fatalf("after a stale refusal: %q with %d fetches, want tok-3 kept", got, cache.Fetches())
	}
}

func cmpStr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
