package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// The users page is where administrators let people in and out: add a
// user, reset a password, disable someone (signed out everywhere at once,
// their API tokens revoked) or remove them. Passwords are made here and
// shown once, to be handed over; nobody types one for someone else. What
// cannot be taken back asks first (the page's folds), and each action goes
// back to the page (POST-redirect-GET), which says what was done and shows
// a password made this once: reloading it does nothing again.

// usersHandover carries what an action did, and a password it made, to
// the page it redirects to (see handover).
var usersHandover = handover{cookie: "claimdesk_users_done", path: "/settings/users", shownFor: 5 * time.Minute}

// usersDone is what an action hands over to the page.
type usersDone struct {
	Notice string         `json:"notice"`
	Shown  *shownPassword `json:"shown,omitempty"`
}

// usersView is the users page.
type usersView struct {
	Users []userRow
	// Notice says what was just done; Shown is a password made just now,
	// shown this once.
	Notice string
	Shown  *shownPassword
	// Error says why the last action was refused; Add keeps what was
	// typed in the add form.
	Error string
	Add   addUserForm
}

// userRow is one user on the page.
type userRow struct {
	storage.User
	Self bool // the administrator looking at the page
	// Tokens counts the API tokens they made that work: disabling them
	// revokes these for good.
	Tokens int
	// Roles says what they may do in the administrator's offices; Role is
	// that role when it is one for all of them (the role form's choice).
	Roles string
	Role  storage.Role
}

// Choices are the roles the page offers.
func (userRow) Choices() []roleChoice { return roleChoices }

type shownPassword struct{ Email, Password string }

type addUserForm struct {
	Email, Name string
	Role        storage.Role
}

// Choices are the roles the page offers.
func (addUserForm) Choices() []roleChoice { return roleChoices }

func (s *Server) showUsers(w http.ResponseWriter, r *http.Request, status int, v usersView) {
	// An administrator manages the people of the offices they administer.
	users, err := s.db.ListUsers(r.Context(), scopeFrom(r.Context()).administered())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tokens, err := s.db.ListAPITokens(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	live := map[int64]int{}
	for _, t := range tokens {
		if t.RevokedAt.IsZero() {
			live[t.UserID]++
		}
	}
	ids := make([]int64, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	roles, err := s.db.UsersRoles(r.Context(), ids)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sc := scopeFrom(r.Context())
	self := sessionFrom(r.Context()).User.ID
	for _, u := range users {
		row := userRow{User: u, Self: u.ID == self, Tokens: live[u.ID]}
		row.Roles, row.Role = rolesWords(roles[u.ID], sc.administeredIDs(), sc.names)
		v.Users = append(v.Users, row)
	}
	usersHandover.forget(s, w, r) // shown this once
	s.render(w, r, status, "users", pageData{Title: "Users", Nav: "users", Data: v})
}

// handleUsersPage lists the users with what may be done to each, and what
// the action that led here did.
func (s *Server) handleUsersPage(w http.ResponseWriter, r *http.Request) {
	var v usersView
	var done usersDone
	if usersHandover.open(s, r, &done) {
		v.Notice, v.Shown = done.Notice, done.Shown
	}
	s.showUsers(w, r, http.StatusOK, v)
}

// usersDoneRedirect goes back to the page, handing it v's notice and
// password.
func (s *Server) usersDoneRedirect(w http.ResponseWriter, r *http.Request, v usersView) {
	if err := usersHandover.keep(s, w, r, usersDone{Notice: v.Notice, Shown: v.Shown}, s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings/users", http.StatusSeeOther)
}

// handleUserAdd adds a user with a password made here, shown once.
func (s *Server) handleUserAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f := addUserForm{
		Email: strings.TrimSpace(r.PostFormValue("email")),
		Name:  strings.TrimSpace(r.PostFormValue("name")),
	}
	role, err := formRole(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Role = role
	if problem := checkNewUser(f); problem != "" {
		s.showUsers(w, r, http.StatusUnprocessableEntity, usersView{Error: problem, Add: f})
		return
	}
	password := GeneratePassword()
	hash, err := HashPassword(password)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.db.CreateUser(ctx, storage.User{Email: f.Email, Name: f.Name, PasswordHash: hash, IsAdmin: role == storage.RoleAdministrator})
	if errors.Is(err, storage.ErrConflict) {
		s.showUsers(w, r, http.StatusConflict, usersView{Error: "There is a user with the email " + f.Email + " already.", Add: f})
		return
	}
	s.names.forget()
	if err == nil {
		// They join the offices the administrator administers, in the role chosen.
		err = s.db.SetUserRole(ctx, u.ID, scopeFrom(ctx).administeredIDs(), role)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("user added", "user_id", u.ID, "email", u.Email, "role", role, "actor", actorFrom(ctx))
	s.usersDoneRedirect(w, r, usersView{
		Notice: fmt.Sprintf("Added %s as %s.", u.Email, strings.ToLower(roleLabelOf(role))),
		Shown:  &shownPassword{Email: u.Email, Password: password},
	})
}

// checkNewUser says what is wrong with the add form, or "".
func checkNewUser(f addUserForm) string {
	switch {
	case f.Email == "" || len(f.Email) > 254 || strings.Count(f.Email, "@") != 1 ||
		strings.HasPrefix(f.Email, "@") || strings.HasSuffix(f.Email, "@") || strings.ContainsFunc(f.Email, isSpaceOrControl):
		return "Enter the person's email address: it is their sign-in."
	case len(f.Name) > 200 || strings.ContainsFunc(f.Name, isControl):
		return "The name is too long or holds characters a name does not."
	}
	return ""
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

func isSpaceOrControl(r rune) bool { return r == ' ' || isControl(r) }

// handleUserPassword gives a user a new password, shown once, and signs
// them out everywhere else.
func (s *Server) handleUserPassword(w http.ResponseWriter, r *http.Request) {
	s.userAction(w, r, func(ctx context.Context, u storage.User, self bool) (usersView, error) {
		password := GeneratePassword()
		hash, err := HashPassword(password)
		if err != nil {
			return usersView{}, err
		}
		var keep int64
		if self {
			keep = sessionFrom(ctx).ID // the administrator stays signed in here
		}
		ended, err := s.db.SetUserPassword(ctx, u.ID, hash, keep)
		if err != nil {
			return usersView{}, err
		}
		s.log.Info("user password reset", "user_id", u.ID, "email", u.Email, "sessions_ended", ended, "actor", actorFrom(ctx))
		return usersView{
			Notice: fmt.Sprintf("New password for %s. %s", u.Email, signedOut(ended)),
			Shown:  &shownPassword{Email: u.Email, Password: password},
		}, nil
	})
}

// handleUserDisable stops a user from signing in, at once.
func (s *Server) handleUserDisable(w http.ResponseWriter, r *http.Request) {
	s.userAction(w, r, func(ctx context.Context, u storage.User, self bool) (usersView, error) {
		if self {
			return usersView{}, badRequest("You cannot disable yourself: another administrator can.")
		}
		off, err := s.db.DisableUser(ctx, u.ID, s.now())
		if err != nil {
			return usersView{}, err
		}
		s.log.Info("user disabled", "user_id", u.ID, "email", u.Email, "sessions_ended", off.Sessions, "tokens_revoked", off.Tokens, "actor", actorFrom(ctx))
		return usersView{Notice: fmt.Sprintf("Disabled %s. %s %s", u.Email, signedOut(off.Sessions), tokensEnded(off.Tokens, "revoked"))}, nil
	})
}

// handleUserEnable lets a disabled user sign in again.
func (s *Server) handleUserEnable(w http.ResponseWriter, r *http.Request) {
	s.userAction(w, r, func(ctx context.Context, u storage.User, self bool) (usersView, error) {
		if err := s.db.EnableUser(ctx, u.ID); err != nil {
			return usersView{}, err
		}
		s.log.Info("user enabled", "user_id", u.ID, "email", u.Email, "actor", actorFrom(ctx))
		return usersView{Notice: fmt.Sprintf("%s may sign in again. API tokens revoked when they were disabled stay revoked.", u.Email)}, nil
	})
}

// handleUserRemove deletes a user, with their sessions and tokens.
func (s *Server) handleUserRemove(w http.ResponseWriter, r *http.Request) {
	s.userAction(w, r, func(ctx context.Context, u storage.User, self bool) (usersView, error) {
		if self {
			return usersView{}, badRequest("You cannot remove yourself: another administrator can.")
		}
		off, err := s.db.RemoveUser(ctx, u.ID)
		s.names.forget()
		if err != nil {
			return usersView{}, err
		}
		s.log.Info("user removed", "user_id", u.ID, "email", u.Email, "sessions_ended", off.Sessions, "tokens_deleted", off.Tokens, "actor", actorFrom(ctx))
		return usersView{Notice: fmt.Sprintf("Removed %s. %s %s", u.Email, signedOut(off.Sessions), tokensEnded(off.Tokens, "deleted"))}, nil
	})
}

// userAction runs act on the user the path names and goes back to the
// page, which says what it did; or shows the page with why it was refused.
func (s *Server) userAction(w http.ResponseWriter, r *http.Request, act func(ctx context.Context, u storage.User, self bool) (usersView, error)) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.db.GetUser(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := act(ctx, u, u.ID == sessionFrom(ctx).User.ID)
	var he *httpError
	switch {
	case errors.As(err, &he):
		s.showUsers(w, r, he.status, usersView{Error: he.msg})
	case errors.Is(err, storage.ErrLastAdmin):
		s.showUsers(w, r, http.StatusConflict, usersView{Error: u.Email + " is the last administrator who can sign in: make another one first."})
	case err != nil:
		s.fail(w, r, err)
	default:
		s.usersDoneRedirect(w, r, v)
	}
}

func signedOut(n int64) string {
	switch n {
	case 0:
		return "They were not signed in anywhere."
	case 1:
		return "Signed out of 1 session."
	}
	return fmt.Sprintf("Signed out of %d sessions.", n)
}

func tokensEnded(n int64, how string) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "1 API token they made " + how + "."
	}
	return fmt.Sprintf("%d API tokens they made %s.", n, how)
}
