package web

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/claimdesk/claimdesk/storage"
)

// contentSecurityPolicy allows the page's own assets and nothing else: no
// inline script or style, no framing, no posting elsewhere. Mail shown on
// a page can therefore run nothing even if sanitizing missed something.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
	"frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// securityHeaders sets the headers every response carries. Responses are
// private and uncached unless a handler says otherwise (static assets).
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		if s.secureCookies(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// requireSession lets through requests from a signed-in person and sends
// everyone else to the sign-in page, with the way back. Unsafe methods must
// carry the session's CSRF token too.
func (s *Server) requireSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, ok, err := s.session(w, r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if !ok {
			target := "/login"
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				if back := r.URL.RequestURI(); back != "/" {
					target += "?next=" + url.QueryEscape(back)
				}
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		if !safeMethod(r.Method) && !validCSRF(r, sess.CSRFToken) {
			s.fail(w, r, errCSRF)
			return
		}
		next.ServeHTTP(w, r.WithContext(withPrincipal(r.Context(), principal{session: &sess})))
	})
}

// errAdminOnly refuses a coordinator what only administrators may do.
var errAdminOnly = &httpError{status: http.StatusForbidden,
	msg: "only administrators may do this: ask one of them"}

// requireAdmin lets through signed-in administrators of at least one
// office; it runs after requireSession and scoped, which have found the
// session and its offices.
func (s *Server) requireAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sess := sessionFrom(r.Context()); sess == nil || !scopeFrom(r.Context()).isAdmin() {
			s.fail(w, r, errAdminOnly)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireAPIAuth lets through requests with a valid API token, or from a
// signed-in browser (the dashboard's own scripts); others get 401.
func (s *Server) requireAPIAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if authz := r.Header.Get("Authorization"); authz != "" {
			scheme, token, _ := strings.Cut(authz, " ")
			token = strings.TrimSpace(token)
			if !strings.EqualFold(scheme, "Bearer") || !looksLikeAPIToken(token) {
				s.unauthorized(w, r, "invalid API token: send Authorization: Bearer cd_...")
				return
			}
			tok, err := s.db.UseAPIToken(r.Context(), hashToken(token), s.now())
			if errors.Is(err, storage.ErrNotFound) {
				s.unauthorized(w, r, "invalid or revoked API token")
				return
			}
			if err != nil {
				s.fail(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(withPrincipal(r.Context(), principal{token: &tok})))
			return
		}
		sess, ok, err := s.session(w, r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if !ok {
			s.unauthorized(w, r, "authentication required: send Authorization: Bearer TOKEN (make one on Settings → API tokens, or with claimdesk token create)")
			return
		}
		// A browser sends its cookie on its own: a change needs proof that
		// the page asking is ours.
		if !safeMethod(r.Method) && !validCSRF(r, sess.CSRFToken) {
			s.fail(w, r, errCSRF)
			return
		}
		next.ServeHTTP(w, r.WithContext(withPrincipal(r.Context(), principal{session: &sess})))
	})
}

func (s *Server) unauthorized(w http.ResponseWriter, r *http.Request, msg string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="claimdesk"`)
	s.fail(w, r, &httpError{status: http.StatusUnauthorized, msg: msg})
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// csrfField is the form field, and csrfHeader the header for scripts, that
// carry the session's CSRF token.
const (
	csrfField  = "csrf_token"
	csrfHeader = "X-CSRF-Token"
)

// validCSRF reports whether r carries want, the session's CSRF token. This
// backs up the cross-origin check every request passes: it also holds for
// browsers that send neither Sec-Fetch-Site nor Origin.
func validCSRF(r *http.Request, want string) bool {
	got := r.Header.Get(csrfHeader)
	if got == "" {
		got = r.PostFormValue(csrfField)
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
