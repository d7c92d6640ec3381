package mailbox

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// OAuthLogin logs an account in with OAuth2 access tokens (SASL XOAUTH2
// or OAUTHBEARER) instead of a password.
type OAuthLogin struct {
	Tokens TokenSource
	// Mechanism is XOAUTH2 or OAUTHBEARER; empty picks from what the
	// server offers.
	Mechanism string
}

// TokenSource gives the access tokens an account logs in with.
type TokenSource interface {
	// Token returns an access token that stays valid a while yet.
	Token(ctx context.Context) (string, error)
	// Refused tells the source that the server turned token down (it
	// expired early or was revoked): the next Token fetches a new one.
	Refused(token string)
}

// TokenFetcher asks the provider for a new access token.
type TokenFetcher func(ctx context.Context) (*oauth2.Token, error)

// ErrCredentialsRefused marks a token request the provider turned down: a
// wrong, expired or revoked secret, or consent withdrawn. Trying again
// will not help until someone fixes the mailbox's credentials.
var ErrCredentialsRefused = errors.New("the provider refused the mailbox's credentials")

// TokenCache is a TokenSource that keeps each token until shortly before it
// expires, so a login never starts with a token about to lapse.
type TokenCache struct {
	fetch TokenFetcher
	// Margin is how long before expiry a token is replaced; default 5
	// minutes, at most half the token's lifetime.
	Margin time.Duration
	// Now is the clock; default time.Now.
	Now func() time.Time

	mu      sync.Mutex
	tok     *oauth2.Token
	renewAt time.Time
	fetches int
}

var _ TokenSource = (*TokenCache)(nil)

// NewTokenCache caches the tokens fetch returns.
func NewTokenCache(fetch TokenFetcher) *TokenCache {
	return &TokenCache{fetch: fetch}
}

// Token returns the cached token, or fetches one when there is none or it
// is due for renewal.
func (c *TokenCache) Token(ctx context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	if c.Now != nil {
		now = c.Now()
	}
	if c.tok != nil && (c.renewAt.IsZero() || now.Before(c.renewAt)) {
		return c.tok.AccessToken, nil
	}
	tok, err := c.fetch(ctx)
	c.fetches++
	if err != nil {
		return "", describeTokenError(err)
	}
	if tok.AccessToken == "" {
		return "", errors.New("get access token: the provider answered without one")
	}
	c.tok, c.renewAt = tok, time.Time{}
	if !tok.Expiry.IsZero() {
		margin := min(cmp.Or(c.Margin, 5*time.Minute), tok.Expiry.Sub(now)/2)
		c.renewAt = tok.Expiry.Add(-margin)
	}
	return tok.AccessToken, nil
}

// Refused drops token from the cache so that the next Token fetches anew.
func (c *TokenCache) Refused(token string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tok != nil && c.tok.AccessToken == token {
		c.tok = nil
	}
}

// Fetches counts the tokens asked of the provider (tests and metrics).
func (c *TokenCache) Fetches() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fetches
}

// describeTokenError turns a token endpoint's refusal into
// ErrCredentialsRefused with the provider's code and description, and
// nothing else from its answer.
func describeTokenError(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return fmt.Errorf("get access token: %w", err)
	}
	switch re.ErrorCode {
	case "invalid_client", "invalid_grant", "unauthorized_client", "access_denied", "consent_required", "interaction_required":
		msg := re.ErrorCode
		if re.ErrorDescription != "" {
			msg += ": " + firstLine(re.ErrorDescription)
		}
		return fmt.Errorf("get access token: %w (%s); fix them with claimdesk mailbox add or connect", ErrCredentialsRefused, msg)
	}
	status := ""
	if re.Response != nil {
		status = re.Response.Status
	}
	if re.ErrorCode != "" {
		return fmt.Errorf("get access token: %s %s: %s", status, re.ErrorCode, firstLine(re.ErrorDescription))
	}
	return fmt.Errorf("get access token: token endpoint answered %s", status)
}

func firstLine(s string) string {
	for i, r := range s {
		if r == '\n' || r == '\r' {
			return s[:i]
		}
	}
	return s
}
