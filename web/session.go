package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// sessionCookie holds a signed-in browser's session token.
const sessionCookie = "claimdesk_session"

// sessionTouchEvery is how stale a session's last use may be recorded: a
// write per page view would cost more than the idle timeout's precision is
// worth.
const sessionTouchEvery = time.Minute

// tokenBytes is the size of session and form tokens: 256 bits, beyond
// guessing.
const tokenBytes = 32

// randomToken returns tokenBytes random bytes, URL-safe encoded.
func randomToken() string {
	b := make([]byte, tokenBytes)
	_, _ = rand.Read(b) // never fails: crypto/rand panics rather than return short
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken returns the SHA-256 under which a session or API token is
// stored. The tokens are random and long, so a plain hash suffices: there is
// nothing to guess.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// startSession signs user in on this browser: a new session row and the
// cookie that names it.
func (s *Server) startSession(ctx context.Context, w http.ResponseWriter, r *http.Request, user storage.User) error {
	now := s.now()
	if _, err := s.db.DeleteExpiredSessions(ctx, now, now.Add(-s.opts.SessionIdle)); err != nil {
		s.log.Warn("delete expired sessions", "err", err)
	}
	token := randomToken()
	expires := now.Add(s.opts.SessionMax)
	if err := s.db.CreateSession(ctx, hashToken(token), user.ID, randomToken(), now, expires); err != nil {
		return fmt.Errorf("sign in %s: %w", user.Email, err)
	}
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    token,
		Path:     "/",
		Expires:  expires,
		HttpOnly: true,
		Secure:   s.secureCookies(r),
		SameSite: http.SameSiteLaxMode,
	})
	return nil
}

// secureCookies reports whether r reached us over HTTPS: our own TLS, or a
// proxy's when the public URL is https (the proxy talks plain HTTP to us).
// Cookies then go over HTTPS only, and browsers are told to stay on it.
func (s *Server) secureCookies(r *http.Request) bool {
	return r.TLS != nil || s.httpsOnly
}

// clearSessionCookie tells the browser to forget its session.
func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		Secure:   s.secureCookies(r),
		SameSite: http.SameSiteLaxMode,
	})
}

// session returns the live session the request's cookie names. An unknown
// or ended session is no session; an ended one is deleted and its cookie
// cleared.
func (s *Server) session(w http.ResponseWriter, r *http.Request) (storage.Session, bool, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return storage.Session{}, false, nil
	}
	ctx := r.Context()
	hash := hashToken(c.Value)
	sess, err := s.db.GetSession(ctx, hash)
	if errors.Is(err, storage.ErrNotFound) {
		s.clearSessionCookie(w, r)
		return storage.Session{}, false, nil
	}
	if err != nil {
		return storage.Session{}, false, err
	}
	now := s.now()
	if !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) >= s.opts.SessionIdle {
		if err := s.db.DeleteSession(ctx, hash); err != nil {
			return storage.Session{}, false, err
		}
		s.clearSessionCookie(w, r)
		return storage.Session{}, false, nil
	}
	if now.Sub(sess.LastSeenAt) >= sessionTouchEvery {
		if err := s.db.TouchSession(ctx, sess.ID, now); err != nil {
			return storage.Session{}, false, err
		}
		sess.LastSeenAt = now
	}
	return sess, true, nil
}

// principal is who a request acts for: a signed-in person, or an API token.
type principal struct {
	session *storage.Session
	token   *storage.APIToken
}

type principalKey struct{}

func withPrincipal(ctx context.Context, p principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// sessionFrom returns the signed-in person's session; nil for API tokens
// and public routes.
func sessionFrom(ctx context.Context) *storage.Session {
	p, _ := ctx.Value(principalKey{}).(principal)
	return p.session
}
