package web

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// newTokenCookie carries a token just made from the form's POST to the
// page it redirects to, which shows it once: reloading that page then
// makes no second token (POST-redirect-GET). The token is in no address
// and in no log. The cookie holds it sealed under a key only the browser's
// session gives (sessionSealKey): the server keeps no copy, every claimdesk
// process behind a load balancer can open it, and on a shared computer
// nobody signed in after its maker can.
const newTokenCookie = "claimdesk_new_token"

// newTokenPath is the page that shows the new token, the only one the
// cookie is sent to.
const newTokenPath = "/settings/tokens"

// newTokenShownFor is how long after it was made the page still shows a
// token it has not shown yet: the redirect comes at once, so a cookie
// older than this is a leftover.
const newTokenShownFor = 5 * time.Minute

// sealedNewToken is what the cookie holds, sealed: the token, its name,
// and when it was made.
type sealedNewToken struct {
	Name  string    `json:"name"`
	Token string    `json:"token"`
	Made  time.Time `json:"made"`
}

// sessionSealKey derives the key that seals a new token from the request's
// session cookie, which the server stores only hashed; false without one.
func sessionSealKey(r *http.Request) ([]byte, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, false
	}
	mac := hmac.New(sha256.New, []byte(c.Value))
	mac.Write([]byte(newTokenCookie))
	return mac.Sum(nil), true
}

// sessionAEAD is AES-256-GCM under the request's session seal key.
func sessionAEAD(r *http.Request) (cipher.AEAD, error) {
	key, ok := sessionSealKey(r)
	if !ok {
		return nil, fmt.Errorf("seal new token: no session cookie")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("seal new token: %w", err)
	}
	return cipher.NewGCM(block)
}

// keepNewToken sets the cookie that hands t, made at made, to the page.
func (s *Server) keepNewToken(w http.ResponseWriter, r *http.Request, t newAPIToken, made time.Time) error {
	aead, err := sessionAEAD(r)
	if err != nil {
		return err
	}
	plain, err := json.Marshal(sealedNewToken{Name: t.Name, Token: t.Token, Made: made})
	if err != nil {
		return fmt.Errorf("seal new token: %w", err)
	}
	nonce := make([]byte, aead.NonceSize())
	_, _ = rand.Read(nonce) // never fails: crypto/rand panics rather than return short
	sealed := aead.Seal(nonce, nonce, plain, []byte(newTokenCookie))
	http.SetCookie(w, &http.Cookie{Name: newTokenCookie, Value: base64.RawURLEncoding.EncodeToString(sealed),
		Path: newTokenPath, MaxAge: int(newTokenShownFor / time.Second), HttpOnly: true,
		Secure: s.secureCookies(r), SameSite: http.SameSiteStrictMode})
	return nil
}

// forgetNewToken tells the browser to forget the cookie of a new token, once
// the page that shows it is ready: a page that fails keeps it for the
// reload.
func (s *Server) forgetNewToken(w http.ResponseWriter, r *http.Request) {
	if _, err := r.Cookie(newTokenCookie); err != nil {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: newTokenCookie, Path: newTokenPath, MaxAge: -1, HttpOnly: true,
		Secure: s.secureCookies(r), SameSite: http.SameSiteStrictMode})
}

// newTokenOf returns the token the request's cookie hands over; nil when
// there is none, or none this session may open.
func (s *Server) newTokenOf(r *http.Request) *newAPIToken {
	c, err := r.Cookie(newTokenCookie)
	if err != nil {
		return nil
	}
	sealed, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil {
		return nil
	}
	aead, err := sessionAEAD(r)
	if err != nil || len(sealed) < aead.NonceSize() {
		return nil
	}
	plain, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], []byte(newTokenCookie))
	if err != nil {
		return nil // sealed for another session: someone else's token
	}
	var t sealedNewToken
	if err := json.Unmarshal(plain, &t); err != nil || s.now().Sub(t.Made) > newTokenShownFor {
		return nil
	}
	return &newAPIToken{Name: t.Name, Token: t.Token}
}
