package mailbox

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"time"
)

// clientAssertion signs the short-lived JWTs with which an app registration
// proves itself by certificate instead of a secret (RFC 7523, as Microsoft
// identity platform takes them).
type clientAssertion struct {
	key      *rsa.PrivateKey
	header   string // encoded once: it names the certificate
	clientID string
	audience string
	now      func() time.Time
}

func newClientAssertion(certPEM []byte, clientID, audience string) (*clientAssertion, error) {
	var (
		certDER []byte
		key     any
	)
	for rest := certPEM; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		switch b.Type {
		case "CERTIFICATE":
			if certDER == nil {
				certDER = b.Bytes
			}
		case "PRIVATE KEY":
			k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
			if err != nil {
				return nil, fmt.Errorf("private key: %w", err)
			}
			key = k
		case "RSA PRIVATE KEY":
			k, err := x509.ParsePKCS1PrivateKey(b.Bytes)
			if err != nil {
				return nil, fmt.Errorf("private key: %w", err)
			}
			key = k
		}
	}
	rsaKey, ok := key.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New("want a PEM file with the certificate and its RSA private key (unencrypted)")
	}
	if certDER == nil {
		return nil, errors.New("want a PEM file with the certificate and its RSA private key (no certificate found)")
	}
	s1 := sha1.Sum(certDER)
	s256 := sha256.Sum256(certDER)
	h, _ := json.Marshal(map[string]string{
		"alg": "RS256", "typ": "JWT",
		"x5t":      base64.RawURLEncoding.EncodeToString(s1[:]),
		"x5t#S256": base64.RawURLEncoding.EncodeToString(s256[:]),
	})
	return &clientAssertion{
		key: rsaKey, header: base64.RawURLEncoding.EncodeToString(h),
		clientID: clientID, audience: audience, now: time.Now,
	}, nil
}

// sign returns a new assertion, valid for ten minutes.
func (a *clientAssertion) sign() (string, error) {
	jti := make([]byte, 16)
	if _, err := rand.Read(jti); err != nil {
		return "", err
	}
	now := a.now()
	c, _ := json.Marshal(map[string]any{
		"aud": a.audience, "iss": a.clientID, "sub": a.clientID, "jti": hex.EncodeToString(jti),
		"nbf": now.Unix(), "iat": now.Unix(), "exp": now.Add(10 * time.Minute).Unix(),
	})
	signed := a.header + "." + base64.RawURLEncoding.EncodeToString(c)
	sum := sha256.Sum256([]byte(signed))
	sig, err := rsa.SignPKCS1v15(rand.Reader, a.key, crypto.SHA256, sum[:])
	if err != nil {
		return "", fmt.Errorf("sign client assertion: %w", err)
	}
	return signed + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}
