package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// deviceCookie marks a browser that has signed in to an account before.
// Its attempts on that account count under their own sign-in limit, not the
// account's, so that strangers spending the account's allowance do not lock
// its owner out of their usual browsers (OWASP's "device cookies").
const deviceCookie = "claimdesk_device"

// deviceLifetime is how long a browser stays known after signing in.
const deviceLifetime = 90 * 24 * time.Hour

// deviceToken returns the device cookie for u's browser, valid until
// expires. It is signed with u's password hash: only the server can make
// one, any claimdesk process can check it without a table, and a new
// password forgets every browser the old one signed in from.
func deviceToken(u storage.User, expires time.Time) string {
	payload := strconv.FormatInt(u.ID, 10) + "." + strconv.FormatInt(expires.Unix(), 10)
	return payload + "." + deviceMAC(u, payload)
}

func deviceMAC(u storage.User, payload string) string {
	m := hmac.New(sha256.New, []byte("claimdesk device\x00"+u.PasswordHash))
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// knownDevice returns the limiter key of r's browser when its device cookie
// was given for u and has not expired at now.
func knownDevice(r *http.Request, u storage.User, now time.Time) (key string, ok bool) {
	c, err := r.Cookie(deviceCookie)
	if err != nil || len(c.Value) > 200 {
		return "", false
	}
	payload, mac, ok := cutLast(c.Value, ".")
	if !ok {
		return "", false
	}
	id, exp, _ := strings.Cut(payload, ".")
	expires, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || id != strconv.FormatInt(u.ID, 10) || !now.Before(time.Unix(expires, 0)) ||
		!hmac.Equal([]byte(mac), []byte(deviceMAC(u, payload))) {
		return "", false
	}
	return "device:" + hashToken(c.Value)[:32], true
}

// setDeviceCookie marks r's browser as known to u.
func (s *Server) setDeviceCookie(w http.ResponseWriter, r *http.Request, u storage.User) {
	expires := s.now().Add(deviceLifetime)
	http.SetCookie(w, &http.Cookie{
		Name:     deviceCookie,
		Value:    deviceToken(u, expires),
		Path:     "/login",
		Expires:  expires,
		HttpOnly: true,
		Secure:   s.secureCookies(r),
		SameSite: http.SameSiteStrictMode,
	})
}

func cutLast(s, sep string) (before, after string, found bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}
