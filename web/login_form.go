package web

import (
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// loginCSRFCookie carries the sign-in form's CSRF token: before sign-in
// there is no session to keep it in, so the form and a cookie must match
// (a page of another site can set neither).
const loginCSRFCookie = "claimdesk_login_csrf"

// loginForm is what the sign-in page shows.
type loginForm struct {
	CSRF  string
	Next  string
	Email string
	Error string
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if _, ok, err := s.session(w, r); err != nil {
		s.fail(w, r, err)
		return
	} else if ok {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	s.showLogin(w, r, http.StatusOK, loginForm{Next: next})
}

// showLogin renders the sign-in page. The form token stays the browser's
// while its cookie lives, so that two sign-in tabs do not spoil each other.
func (s *Server) showLogin(w http.ResponseWriter, r *http.Request, status int, f loginForm) {
	if c, err := r.Cookie(loginCSRFCookie); err == nil && len(c.Value) == base64.RawURLEncoding.EncodedLen(tokenBytes) {
		f.CSRF = c.Value
	} else {
		f.CSRF = randomToken()
	}
	http.SetCookie(w, &http.Cookie{
		Name:     loginCSRFCookie,
		Value:    f.CSRF,
		Path:     "/login",
		MaxAge:   3600,
		HttpOnly: true,
		Secure:   s.secureCookies(r),
		SameSite: http.SameSiteStrictMode,
	})
	s.render(w, r, status, "login", pageData{Title: "Sign in", Data: f})
}

// validLoginCSRF reports whether the posted form carries the token its
// cookie holds.
func validLoginCSRF(r *http.Request) bool {
	c, err := r.Cookie(loginCSRFCookie)
	got := r.PostFormValue(csrfField)
	return err == nil && c.Value != "" && subtle.ConstantTimeCompare([]byte(c.Value), []byte(got)) == 1
}

// safeNext returns where to go after sign-in: a path on this site, never
// another site (an open redirect would lend our address to phishing).
// Browsers drop tabs and newlines from a URL and read a backslash as a
// slash, so /<TAB>/evil.example is //evil.example to them: a target with
// any space, control character or backslash is refused whole, and what is
// left must parse as a path with no scheme or host, also once its
// percent-escapes are decoded (by a proxy, say).
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "/login") || !plainURLText(next) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || !plainURLText(u.Path) {
		return "/"
	}
	return next
}

// plainURLText reports whether s is valid UTF-8 without spaces, control or
// format characters, or backslashes.
func plainURLText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == '\\' || unicode.IsSpace(r) || !unicode.IsGraphic(r) {
			return false
		}
	}
	return true
}
