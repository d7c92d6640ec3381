package mailbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
	"golang.org/x/oauth2/jwt"
)

// The providers' endpoints and scopes. Every endpoint can be overridden
// per mailbox (a national cloud, or a test server).
const (
	MicrosoftAuthority = "https://login.microsoftonline.com"
	// MicrosoftAppScope asks for app-only access to Exchange Online,
	// within what the service principal was granted.
	MicrosoftAppScope = "https://outlook.office365.com/.default"
	// MicrosoftUserScope asks for a user's IMAP access and a refresh token.
	MicrosoftUserScope = "https://outlook.office.com/IMAP.AccessAsUser.All offline_access"
	GoogleAuthURL      = "https://accounts.google.com/o/oauth2/auth"
	GoogleTokenURL     = "https://oauth2.googleapis.com/token"
	// GoogleMailScope is the only scope Gmail's IMAP accepts.
	GoogleMailScope = "https://mail.google.com/"
)

// MicrosoftTokenURL is the v2.0 token endpoint of tenant under authority
// (MicrosoftAuthority when empty).
func MicrosoftTokenURL(authority, tenant string) string {
	if authority == "" {
		authority = MicrosoftAuthority
	}
	return strings.TrimRight(authority, "/") + "/" + tenant + "/oauth2/v2.0/token"
}

// MicrosoftApp fetches app-only tokens for Exchange Online with the OAuth2
// client-credentials grant, authenticating the app registration by a
// client secret or by a certificate.
type MicrosoftApp struct {
	TokenURL     string
	ClientID     string
	ClientSecret string
	// CertificatePEM holds the certificate registered with the app and its
	// private key; used when ClientSecret is empty.
	CertificatePEM []byte
}

// Fetcher returns a TokenFetcher that asks for a new token on every call.
func (m MicrosoftApp) Fetcher() (TokenFetcher, error) {
	if m.TokenURL == "" || m.ClientID == "" {
		return nil, errors.New("microsoft: token URL and client id are required")
	}
	cfg := clientcredentials.Config{
		ClientID: m.ClientID, ClientSecret: m.ClientSecret, TokenURL: m.TokenURL,
		Scopes: []string{MicrosoftAppScope}, AuthStyle: oauth2.AuthStyleInParams,
	}
	if m.ClientSecret != "" {
		return cfg.Token, nil
	}
	signer, err := newClientAssertion(m.CertificatePEM, m.ClientID, m.TokenURL)
	if err != nil {
		return nil, fmt.Errorf("microsoft certificate: %w", err)
	}
	return func(ctx context.Context) (*oauth2.Token, error) {
		assertion, err := signer.sign()
		if err != nil {
			return nil, err
		}
		c := cfg
		c.EndpointParams = map[string][]string{
			"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
			"client_assertion":      {assertion},
		}
		return c.Token(ctx)
	}, nil
}

// GoogleServiceAccount fetches tokens of a Workspace mailbox for a service
// account with domain-wide delegation.
type GoogleServiceAccount struct {
	KeyJSON []byte // the service account's key file
	Subject string // the mailbox address it acts as
	// TokenURL overrides the key file's token_uri.
	TokenURL string
}

// Fetcher returns a TokenFetcher that asks for a new token on every call.
func (g GoogleServiceAccount) Fetcher() (TokenFetcher, error) {
	var key struct {
		Type         string `json:"type"`
		ClientEmail  string `json:"client_email"`
		PrivateKey   string `json:"private_key"`
		PrivateKeyID string `json:"private_key_id"`
		TokenURI     string `json:"token_uri"`
	}
	if err := json.Unmarshal(g.KeyJSON, &key); err != nil {
		return nil, errors.New("google: the service account key is not JSON")
	}
	if key.Type != "service_account" || key.ClientEmail == "" || key.PrivateKey == "" {
		return nil, errors.New("google: not a service account key file (want type service_account with client_email and private_key)")
	}
	if g.Subject == "" {
		return nil, errors.New("google: the mailbox address to act as is required")
	}
	tokenURL := g.TokenURL
	if tokenURL == "" {
		tokenURL = key.TokenURI
	}
	if tokenURL == "" {
		tokenURL = GoogleTokenURL
	}
	cfg := &jwt.Config{
		Email: key.ClientEmail, PrivateKey: []byte(key.PrivateKey), PrivateKeyID: key.PrivateKeyID,
		Subject: g.Subject, Scopes: []string{GoogleMailScope}, TokenURL: tokenURL,
	}
	return func(ctx context.Context) (*oauth2.Token, error) {
		return cfg.TokenSource(ctx).Token()
	}, nil
}

// UserOAuthConfig is the OAuth2 client through which a person consents to
// claimdesk reading their mailbox (provider google or microsoft). Empty
// URLs take the provider's own; tenant defaults to "organizations".
func UserOAuthConfig(provider, clientID, clientSecret, tenant, authURL, tokenURL, redirectURL string) (*oauth2.Config, error) {
	cfg := &oauth2.Config{ClientID: clientID, ClientSecret: clientSecret, RedirectURL: redirectURL}
	switch provider {
	case "google":
		cfg.Endpoint = oauth2.Endpoint{AuthURL: GoogleAuthURL, TokenURL: GoogleTokenURL}
		cfg.Scopes = []string{GoogleMailScope}
	case "microsoft":
		if tenant == "" {
			tenant = "organizations"
		}
		cfg.Endpoint = oauth2.Endpoint{
			AuthURL:  MicrosoftAuthority + "/" + tenant + "/oauth2/v2.0/authorize",
			TokenURL: MicrosoftTokenURL("", tenant),
		}
		cfg.Scopes = strings.Fields(MicrosoftUserScope)
	default:
		return nil, fmt.Errorf("provider %q: want google or microsoft", provider)
	}
	if clientID == "" {
		return nil, errors.New("client id is required")
	}
	if authURL != "" {
		cfg.Endpoint.AuthURL = authURL
	}
	if tokenURL != "" {
		cfg.Endpoint.TokenURL = tokenURL
	}
	cfg.Endpoint.AuthStyle = oauth2.AuthStyleInParams
	return cfg, nil
}

// UserRefresh fetches a person's access tokens with the refresh token they
// granted. Providers that rotate refresh tokens (Microsoft) hand out a new
// one with each access token: Save keeps it, since the old one lapses.
type UserRefresh struct {
	Config *oauth2.Config
	Save   func(ctx context.Context, refreshToken string) error

	mu      sync.Mutex
	refresh string
}

// NewUserRefresh starts from refreshToken.
func NewUserRefresh(cfg *oauth2.Config, refreshToken string, save func(context.Context, string) error) *UserRefresh {
	return &UserRefresh{Config: cfg, Save: save, refresh: refreshToken}
}

// Fetch is a TokenFetcher.
func (u *UserRefresh) Fetch(ctx context.Context) (*oauth2.Token, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	tok, err := u.Config.TokenSource(ctx, &oauth2.Token{RefreshToken: u.refresh}).Token()
	if err != nil {
		return nil, err
	}
	if tok.RefreshToken != "" && tok.RefreshToken != u.refresh {
		u.refresh = tok.RefreshToken
		if u.Save != nil {
			if err := u.Save(ctx, tok.RefreshToken); err != nil {
				return nil, fmt.Errorf("save the renewed refresh token: %w", err)
			}
		}
	}
	return tok, nil
}
