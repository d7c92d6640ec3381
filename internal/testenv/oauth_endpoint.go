package testenv

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
)

// TokenEndpoint is an OAuth2 token endpoint standing in for Microsoft's or
// Google's, which tests cannot reach: every grant claimdesk uses
// (client_credentials with a secret or a certificate assertion,
// refresh_token, the service-account jwt-bearer, authorization_code) is
// answered with a token that Tokens accepts for User.
type TokenEndpoint struct {
	URL    string // the token endpoint
	User   string // whose tokens it issues
	Tokens *OAuthTokens

	mu        sync.Mutex
	expiresIn int // seconds; 0: an hour
	refusal   string
	requests  []url.Values
	issued    []string
}

// StartTokenEndpoint serves a token endpoint until the test ends.
func StartTokenEndpoint(t testing.TB, tokens *OAuthTokens, user string) *TokenEndpoint {
	t.Helper()
	e := &TokenEndpoint{User: user, Tokens: tokens}
	srv := httptest.NewServer(http.HandlerFunc(e.serve))
	t.Cleanup(srv.Close)
	e.URL = srv.URL + "/token"
	return e
}

// Refuse makes every later request fail with the OAuth2 error code
// (invalid_client for a revoked secret, invalid_grant for a revoked
// refresh token); "" answers again.
func (e *TokenEndpoint) Refuse(code string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.refusal = code
}

// Requests returns the forms posted so far.
func (e *TokenEndpoint) Requests() []url.Values {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]url.Values(nil), e.requests...)
}

// Issued returns the access tokens handed out so far, oldest first.
func (e *TokenEndpoint) Issued() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.issued...)
}

func (e *TokenEndpoint) serve(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.requests = append(e.requests, r.PostForm)
	w.Header().Set("Content-Type", "application/json")
	refuse := func(code, why string) {
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": why})
	}
	if e.refusal != "" {
		refuse(e.refusal, "the credentials were revoked")
		return
	}
	f := r.PostForm
	switch f.Get("grant_type") {
	case "client_credentials":
		if f.Get("client_secret") == "" && f.Get("client_assertion") == "" {
			refuse("invalid_client", "no client secret or assertion")
			return
		}
	case "refresh_token":
		if f.Get("refresh_token") == "" {
			refuse("invalid_grant", "no refresh token")
			return
		}
	case "authorization_code":
		if f.Get("code") == "" {
			refuse("invalid_grant", "no code")
			return
		}
	case "urn:ietf:params:oauth:grant-type:jwt-bearer":
		if f.Get("assertion") == "" {
			refuse("invalid_grant", "no assertion")
			return
		}
	default:
		refuse("unsupported_grant_type", f.Get("grant_type"))
		return
	}
	token := e.Tokens.Issue(e.User)
	e.issued = append(e.issued, token)
	answer := map[string]any{"access_token": token, "token_type": "Bearer", "expires_in": 3600}
	if e.expiresIn != 0 {
		answer["expires_in"] = e.expiresIn
	}
	if g := f.Get("grant_type"); g == "refresh_token" || g == "authorization_code" {
		// A new refresh token with every answer, as Microsoft rotates them.
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		answer["refresh_token"] = "rt-" + hex.EncodeToString(b)
	}
	_ = json.NewEncoder(w).Encode(answer)
}
