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

// handover carries a secret a form's POST just made (an API token, a
// password) to the page it redirects to, which shows it once: reloading
// that page then makes nothing again (POST-redirect-GET). The secret is in
// no address and in no log. A cookie holds it sealed under a key only the
// browser's session gives (sessionSealKey): the server keeps no copy,
// every claimdesk process behind a load balancer can open it, and on a
// shared computer nobody signed in after its maker can.
type handover struct {
	// cookie is the cookie's name, which its seal key is derived for too.
	cookie string
	// path is the page that shows the secret, the only one the cookie is
	// sent to.
	path string
	// shownFor is how long after it was made the page still shows a secret
	// it has not shown yet: the redirect comes at once, so a cookie older
	// than this is a leftover.
	shownFor time.Duration
}

// sealedHandover is what the cookie holds, sealed: the secret and what
// goes with it, and when it was made.
type sealedHandover struct {
	Made time.Time       `json:"made"`
	What json.RawMessage `json:"what"`
}

// sessionSealKey derives the key that seals h's cookie from the request's
// session cookie, which the server stores only hashed; false without one.
func (h handover) sessionSealKey(r *http.Request) ([]byte, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, false
	}
	mac := hmac.New(sha256.New, []byte(c.Value))
	mac.Write([]byte(h.cookie))
	return mac.Sum(nil), true
}

// sessionAEAD is AES-256-GCM under the request's session seal key.
func (h handover) sessionAEAD(r *http.Request) (cipher.AEAD, error) {
	key, ok := h.sessionSealKey(r)
	if !ok {
		return nil, fmt.Errorf("seal %s: no session cookie", h.cookie)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("seal %s: %w", h.cookie, err)
	}
	return cipher.NewGCM(block)
}

// keep sets the cookie that hands what, made at made, to h's page.
func (h handover) keep(s *Server, w http.ResponseWriter, r *http.Request, what any, made time.Time) error {
	aead, err := h.sessionAEAD(r)
	if err != nil {
		return err
	}
	inner, err := json.Marshal(what)
	if err != nil {
		return fmt.Errorf("seal %s: %w", h.cookie, err)
	}
	plain, err := json.Marshal(sealedHandover{Made: made, What: inner})
	if err != nil {
		return fmt.Errorf("seal %s: %w", h.cookie, err)
	}
	nonce := make([]byte, aead.NonceSize())
	_, _ = rand.Read(nonce) // never fails: crypto/rand panics rather than return short
	sealed := aead.Seal(nonce, nonce, plain, []byte(h.cookie))
	http.SetCookie(w, &http.Cookie{Name: h.cookie, Value: base64.RawURLEncoding.EncodeToString(sealed),
		Path: h.path, MaxAge: int(h.shownFor / time.Second), HttpOnly: true,
		Secure: s.secureCookies(r), SameSite: http.SameSiteStrictMode})
	return nil
}

// forget tells the browser to forget h's cookie, once the page that shows
// it is ready: a page that fails keeps it for the reload.
func (h handover) forget(s *Server, w http.ResponseWriter, r *http.Request) {
	if _, err := r.Cookie(h.cookie); err != nil {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: h.cookie, Path: h.path, MaxAge: -1, HttpOnly: true,
		Secure: s.secureCookies(r), SameSite: http.SameSiteStrictMode})
}

// open reads into what the secret the request's cookie hands over; false
// when there is none, or none this session may open, or it is too old.
func (h handover) open(s *Server, r *http.Request, what any) bool {
	c, err := r.Cookie(h.cookie)
	if err != nil {
		return false
	}
	sealed, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil {
		return false
	}
	aead, err := h.sessionAEAD(r)
	if err != nil || len(sealed) < aead.NonceSize() {
		return false
	}
	plain, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], []byte(h.cookie))
	if err != nil {
		return false // sealed for another session: someone else's secret
	}
	var env sealedHandover
	if err := json.Unmarshal(plain, &env); err != nil || s.now().Sub(env.Made) > h.shownFor {
		return false
	}
	return json.Unmarshal(env.What, what) == nil
}
