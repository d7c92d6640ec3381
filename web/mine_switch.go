package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/claimdesk/claimdesk/storage"
)

// mineCookie keeps a person's choice to see only the claims they
// coordinate on the board, the morning page and the claims list. Like the
// office switcher's, it narrows what they see, never what they may see. It
// lasts past the browser's session: a coordinator who splits the inbox with
// a colleague works the same half every morning. Its value names the person
// who chose (mineValue), so that on an office's shared computer the next
// person to sign in sees every claim, not a view someone else chose.
const mineCookie = "claimdesk_claims"

// mineCookieDays is how long the choice is kept (browsers keep a cookie
// at most 400 days).
const mineCookieDays = 400

// mineValue is the cookie's value when user chose "Mine".
func mineValue(user int64) string { return "mine:" + strconv.FormatInt(user, 10) }

// viewsMine reports whether the request's pages show the claims of user,
// the signed-in person, alone: when they chose so, not someone else on the
// same browser. The API never reads the cookie: it takes ?coordinator=
// instead, so that a script's answer does not depend on a browser's choice.
func viewsMine(r *http.Request, user int64) bool {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		return false
	}
	c, err := r.Cookie(mineCookie)
	return err == nil && c.Value == mineValue(user)
}

// claimOffices returns what the claims list and the board read: the
// offices the scope reads, narrowed to the claims the viewer coordinates
// when they chose "Mine".
func (sc scope) claimOffices() storage.Offices { return sc.offices().CoordinatedBy(sc.mine) }

// mineSwitch is the "All claims | Mine" toggle of the board, the morning
// page and the claims list.
type mineSwitch struct {
	// On says the page shows the viewer's claims alone.
	On bool
	// Next is where the toggle returns: the page, from its first rows.
	Next string
	// Note says, while On, what the page leaves in that is not the
	// viewer's alone.
	Note string
}

// mineSwitchOf returns the toggle of the request's page: offered to a
// person who coordinates an open claim of the offices they look at, and
// to one who chose "Mine" (to turn it off); nil to the others, for whom
// "Mine" would be an empty page.
func (s *Server) mineSwitchOf(ctx context.Context, next, note string) (*mineSwitch, error) {
	sc := scopeFrom(ctx)
	if sc.mine != "" {
		return &mineSwitch{On: true, Next: next, Note: note}, nil
	}
	sess := sessionFrom(ctx)
	if sess == nil {
		return nil, nil
	}
	coordinates, err := s.db.CoordinatesOpenClaims(ctx, sc.offices(), sess.User.Email)
	if err != nil || !coordinates {
		return nil, err
	}
	return &mineSwitch{Next: next}, nil
}

// handleMineSwitch chooses between every claim ("show" all) and the
// person's own ("show" mine) and goes back to the page.
func (s *Server) handleMineSwitch(w http.ResponseWriter, r *http.Request) {
	show := r.PostFormValue("show")
	if show != "all" && show != "mine" {
		s.fail(w, r, badRequest("show: want all or mine, got %q", show))
		return
	}
	c := &http.Cookie{Name: mineCookie, Value: mineValue(sessionFrom(r.Context()).User.ID), Path: "/", HttpOnly: true,
		Secure: s.secureCookies(r), SameSite: http.SameSiteLaxMode, MaxAge: mineCookieDays * 24 * 60 * 60}
	if show == "all" {
		c.Value, c.MaxAge = "", -1
	}
	http.SetCookie(w, c)
	http.Redirect(w, r, formNext(r, "/"), http.StatusSeeOther)
}

// coordinatorParam reads the API's ?coordinator=: "me" is the caller (the
// signed-in person, or the person who made the token), else an email
// address; empty for every claim.
func (s *Server) coordinatorParam(ctx context.Context, r *http.Request) (string, error) {
	v := strings.TrimSpace(r.URL.Query().Get("coordinator"))
	switch {
	case v == "":
		return "", nil
	case strings.EqualFold(v, "me"):
		p, _ := ctx.Value(principalKey{}).(principal)
		switch {
		case p.session != nil:
			return p.session.User.Email, nil
		case p.token != nil && p.token.UserID != 0:
			u, err := s.db.GetUser(ctx, p.token.UserID)
			if err != nil {
				return "", err
			}
			return u.Email, nil
		}
		return "", badRequest("coordinator=me: this token was made on the command line for no person; give the coordinator's email address")
	case !strings.Contains(v, "@"):
		return "", badRequest("coordinator: want me or an email address, got %q", v)
	}
	return v, nil
}

// withCoordinator returns ctx whose scope reads the claims of the
// coordinator with the email address alone (every claim when empty), as
// the board's reads take them from the scope.
func withCoordinator(ctx context.Context, email string) context.Context {
	sc := scopeFrom(ctx)
	sc.mine = email
	return context.WithValue(ctx, scopeKey{}, sc)
}
