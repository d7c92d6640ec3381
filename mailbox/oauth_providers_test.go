package mailbox

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

func TestMicrosoftAppCertificateAssertion(t *testing.T) {
	t.Parallel()
	key, certPEM := testCertificate(t)
	ep := testenv.StartTokenEndpoint(t, testenv.NewOAuthTokens(), "claims@office.example")
	fetch, err := MicrosoftApp{TokenURL: ep.URL, ClientID: "app-1", CertificatePEM: certPEM}.Fetcher()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fetch(context.Background()); err != nil {
		t.Fatalf("fetch: %v", err)
	}
	req := ep.Requests()[0]
	if req.Get("client_secret") != "" || req.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" ||
		req.Get("scope") != MicrosoftAppScope || req.Get("client_id") != "app-1" {
		t.Fatalf("token request %v: want a jwt-bearer client assertion for app-1, no secret, scope %s", req, MicrosoftAppScope)
	}
	claims := verifyJWT(t, req.Get("client_assertion"), &key.PublicKey)
	if claims["aud"] != ep.URL || claims["iss"] != "app-1" || claims["sub"] != "app-1" {
		t.Fatalf("assertion claims %v: want aud the token URL, iss and sub the client id", claims)
	}
}

func TestGoogleServiceAccountActsAsMailbox(t *testing.T) {
	t.Parallel()
	key, _ := testCertificate(t)
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	keyJSON, _ := json.Marshal(map[string]string{
		"type": "service_account", "client_email": "claimdesk@project.iam.gserviceaccount.com",
		"private_key": string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})), "private_key_id": "k1",
		"token_uri": "https://oauth2.googleapis.com/token",
	})
	ep := testenv.StartTokenEndpoint(t, testenv.NewOAuthTokens(), "claims@office.example")
	fetch, err := GoogleServiceAccount{KeyJSON: keyJSON, Subject: "claims@office.example", TokenURL: ep.URL}.Fetcher()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fetch(context.Background()); err != nil {
		t.Fatalf("fetch: %v", err)
	}
	req := ep.Requests()[0]
	claims := verifyJWT(t, req.Get("assertion"), &key.PublicKey)
	if req.Get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" || claims["sub"] != "claims@office.example" ||
		claims["scope"] != GoogleMailScope || claims["iss"] != "claimdesk@project.iam.gserviceaccount.com" {
		t.Fatalf("request %v with claims %v: want a jwt-bearer grant acting as the mailbox, scope %s", req, claims, GoogleMailScope)
	}

	if _, err := (GoogleServiceAccount{KeyJSON: []byte(`{"type":"authorized_user"}`), Subject: "x@y"}).Fetcher(); err == nil {
		t.Fatal("a key file that is not a service account's was accepted")
	}
}

func TestUserRefreshKeepsRotatedRefreshToken(t *testing.T) {
	t.Parallel()
	ep := testenv.StartTokenEndpoint(t, testenv.NewOAuthTokens(), "coordinator@office.example")
	cfg, err := UserOAuthConfig("microsoft", "public-client", "", "", "", ep.URL, "http://localhost")
	if err != nil {
		t.Fatal(err)
	}
	var saved []string
	u := NewUserRefresh(cfg, "rt-initial", func(_ context.Context, rt string) error { saved = append(saved, rt); return nil })
	for range 2 {
		if _, err := u.Fetch(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	reqs := ep.Requests()
	if reqs[0].Get("refresh_token") != "rt-initial" || len(saved) != 2 || reqs[1].Get("refresh_token") != saved[0] {
		t.Fatalf("refresh tokens sent %q then %q, saved %q: want each renewed one saved and used next",
			reqs[0].Get("refresh_token"), reqs[1].Get("refresh_token"), saved)
	}

	ep.Refuse("invalid_grant")
	_, err = NewTokenCache(u.Fetch).Token(context.Background())
	if !errors.Is(err, ErrCredentialsRefused) || !strings.Contains(err.Error(), "invalid_grant") {
		t.Fatalf("revoked refresh token: %v; want ErrCredentialsRefused naming invalid_grant", err)
	}
	if strings.Contains(err.Error(), saved[1]) {
		t.Fatal("the error repeats the refresh token")
	}
}

func testCertificate(t *testing.T) (*rsa.PrivateKey, []byte) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "claimdesk"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	out := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	out = append(out, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})...)
	return key, out
}

// verifyJWT checks an RS256 JWT's signature and returns its claims.
func verifyJWT(t *testing.T, token string, pub *rsa.PublicKey) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", token)
	}
	sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig); err != nil {
		t.Fatalf("JWT signature: %v", err)
	}
	body, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var claims map[string]any
	if err := json.Unmarshal(body, &claims); err != nil {
		t.Fatal(err)
	}
	return claims
}
