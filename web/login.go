package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/claimdesk/claimdesk/storage"
)

// maxLoginForm bounds the sign-in form: an email, a password and two tokens.
const maxLoginForm = 16 << 10

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxLoginForm)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badRequest("unreadable form"))
		return
	}
	f := loginForm{
		Next:  safeNext(r.PostFormValue("next")),
		Email: strings.TrimSpace(r.PostFormValue("email")),
	}
	password := r.PostFormValue("password")
	if !validLoginCSRF(r) {
		f.Error = "The sign-in form had expired. Please try again."
		s.showLogin(w, r, http.StatusForbidden, f)
		return
	}

	now := s.now()
	client := s.proxies.clientAddr(r)
	ipKey, acctKey := clientKey(client), accountKey(f.Email)
	for _, key := range []string{ipKey, acctKey} {
		if wait, blocked := s.limiter.blocked(key, now); blocked {
			minutes := int(math.Ceil(wait.Minutes()))
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			f.Error = fmt.Sprintf("Too many failed sign-in attempts. Try again in %d minute%s.", minutes, plural(minutes))
			s.log.Warn("sign-in blocked", "key", key, "client_addr", client, "retry_after", wait)
			s.showLogin(w, r, http.StatusTooManyRequests, f)
			return
		}
	}

	user, err := s.db.GetUserByEmail(r.Context(), f.Email)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		CheckPassword(decoyHash, password) // as slow as a real check
	case err != nil:
		s.fail(w, r, err)
		return
	}
	if err != nil || !CheckPassword(user.PasswordHash, password) {
		s.limiter.fail(ipKey, now)
		s.limiter.fail(acctKey, now)
		s.log.Info("sign-in failed", "email", f.Email, "client_addr", client)
		f.Error = "Wrong email or password."
		s.showLogin(w, r, http.StatusUnauthorized, f)
		return
	}
	s.limiter.reset(acctKey)

	// A new session every time: a token planted before sign-in is worth nothing.
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.db.DeleteSession(r.Context(), hashToken(c.Value)); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if err := s.startSession(r.Context(), w, r, user); err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Path: "/login", MaxAge: -1, HttpOnly: true, Secure: s.secureCookies(r)})
	s.log.Info("signed in", "user_id", user.ID, "email", user.Email, "client_addr", client)
	http.Redirect(w, r, f.Next, http.StatusSeeOther)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
