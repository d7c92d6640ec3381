package web

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/claimdesk/claimdesk/storage"
)

// maxLoginForm bounds the sign-in form: an email, a password and two tokens.
const maxLoginForm = 16 << 10

// passwordWait is how long a sign-in waits for a free password check
// before it is asked to try again.
const passwordWait = 10 * time.Second

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

	user, ok, err := s.authenticate(w, r, f, password)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ok {
		return // authenticate answered
	}

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
	s.setDeviceCookie(w, r, user)
	s.clearOfficeCookie(w, r)
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Path: "/login", MaxAge: -1, HttpOnly: true, Secure: s.secureCookies(r)})
	s.log.Info("signed in", "user_id", user.ID, "email", user.Email, "client_addr", s.proxies.clientAddr(r))
	http.Redirect(w, r, f.Next, http.StatusSeeOther)
}

// authenticate checks the password typed for f.Email within the sign-in
// limits (ratelimit.go). When it returns ok false and no error it has
// answered the request itself: wrong password, limit reached, disabled.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request, f loginForm, password string) (storage.User, bool, error) {
	ctx := r.Context()
	now := s.now()
	client := s.proxies.clientAddr(r)
	user, err := s.db.GetUserByEmail(ctx, f.Email)
	known := err == nil
	if err != nil && !errors.Is(err, storage.ErrNotFound) {
		return storage.User{}, false, err
	}
	account := accountKey(f.Email)
	if known {
		if k, ok := knownDevice(r, user, now); ok {
			account = k
		}
	}
	logEmail := loggedEmail(f.Email, user, known)

	// The place is taken before the password is checked: attempts that
	// arrive together cannot all pass a check made before any of them
	// failed.
	res, full, wait := s.limiter.reserve(now, clientKey(client), account)
	if res == nil {
		minutes := int(math.Ceil(wait.Minutes()))
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		f.Error = fmt.Sprintf("Too many failed sign-in attempts. Try again in %d minute%s.", minutes, plural(minutes))
		s.log.Warn("sign-in blocked", "limit", keyKind(full), "email", logEmail, "client_addr", client, "retry_after", wait)
		s.showLogin(w, r, http.StatusTooManyRequests, f)
		return storage.User{}, false, nil
	}
	hash := decoyHash // an unknown email takes as long as a wrong password
	if known {
		hash = user.PasswordHash
	}
	waitCtx, cancel := context.WithTimeout(ctx, passwordWait)
	match, err := s.passwords.check(waitCtx, hash, password)
	cancel()
	if err != nil {
		res.refund() // nothing was checked
		if ctx.Err() != nil {
			return storage.User{}, false, ctx.Err()
		}
		w.Header().Set("Retry-After", "5")
		f.Error = "Too many people are signing in right now. Please try again in a moment."
		s.log.Warn("sign-in waited too long for a password check", "client_addr", client)
		s.showLogin(w, r, http.StatusServiceUnavailable, f)
		return storage.User{}, false, nil
	}
	if !known || !match {
		s.log.Info("sign-in failed", "email", logEmail, "known_account", known, "client_addr", client)
		f.Error = "Wrong email or password."
		s.showLogin(w, r, http.StatusUnauthorized, f)
		return storage.User{}, false, nil
	}
	res.refund()
	if user.Disabled() {
		s.log.Info("sign-in refused: user disabled", "user_id", user.ID, "email", user.Email, "client_addr", client)
		f.Error = "This account is disabled. Ask an administrator."
		s.showLogin(w, r, http.StatusForbidden, f)
		return storage.User{}, false, nil
	}
	return user, true, nil
}

// maxLoggedEmail is how much of a typed email a log line keeps.
const maxLoggedEmail = 64

// loggedEmail is what a sign-in's log line says was typed as the email:
// the account's own address when it names one; else the typed text, cut to
// maxLoggedEmail characters with anything unprintable replaced, or only its
// length when it has no @ (most likely a password typed in the wrong
// field). What was typed as the password is never logged.
func loggedEmail(typed string, u storage.User, known bool) string {
	if known {
		return u.Email
	}
	if !strings.Contains(typed, "@") {
		return fmt.Sprintf("(not an email address, %d characters)", utf8.RuneCountInString(typed))
	}
	var b strings.Builder
	n := 0
	for _, r := range typed {
		if n == maxLoggedEmail {
			b.WriteString("…")
			break
		}
		if !unicode.IsGraphic(r) || r == utf8.RuneError {
			r = '?'
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
