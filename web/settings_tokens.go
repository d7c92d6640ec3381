package web

import (
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/claimdesk/claimdesk/storage"
)

// A person makes API tokens for the programs that use claimdesk's API for
// them (a job system, a spreadsheet). A token acts as its maker: their
// offices, their roles, looked up on every request, so that what they may
// no longer do their tokens may not either.

// maxTokenName bounds a token's name: it says what uses the token.
const maxTokenName = 100

// idleToken is how long unused a token is named as such on the page: one
// no program has used for a month is likely one nobody needs.
const idleToken = 30 * 24 * time.Hour

// apiTokensView is the API tokens settings page.
type apiTokensView struct {
	// Own are the person's valid tokens, oldest first.
	Own []apiTokenRow
	// Server are the valid tokens made on the server's command line, which
	// belong to nobody and see every office; administrators alone see
	// them (ShowServer).
	Server     []apiTokenRow
	ShowServer bool
	// New is a token just made, shown this once: only its hash is kept.
	New *newAPIToken
	// Revoked confirms a token just revoked.
	Revoked bool
	// Name is a name refused, and Error why.
	Name, Error string
	// ReadsOnly says the person may change nothing, nor may their tokens.
	ReadsOnly bool
}

// newAPIToken is a token just made.
type newAPIToken struct {
	Name, Token string
}

// apiTokenRow is one token of the list.
type apiTokenRow struct {
	storage.APIToken
	// IdleDays counts the days it has gone unused, once that is long
	// enough to ask whether it is still needed; 0 otherwise.
	IdleDays int
}

// apiTokenRowForm is a row with its revoke form's CSRF token.
type apiTokenRowForm struct {
	Row  apiTokenRow
	CSRF string
}

func (s *Server) handleAPITokensPage(w http.ResponseWriter, r *http.Request) {
	s.renderAPITokens(w, r, http.StatusOK, apiTokensView{Revoked: r.URL.Query().Get("revoked") == "1",
		New: s.newTokenOf(r)})
}

// handleAPITokenCreate makes the signed-in person a token named by the
// form and goes to the page, which shows it this once.
func (s *Server) handleAPITokenCreate(w http.ResponseWriter, r *http.Request) {
	user := sessionFrom(r.Context()).User.ID
	name := strings.TrimSpace(r.PostFormValue("name"))
	switch {
	case name == "":
		s.renderAPITokens(w, r, http.StatusBadRequest, apiTokensView{Error: "Say what the token is for: the program or job that will use it."})
		return
	case utf8.RuneCountInString(name) > maxTokenName:
		s.renderAPITokens(w, r, http.StatusBadRequest, apiTokensView{Name: name,
			Error: "That name is too long: keep it under 100 characters."})
		return
	}
	token, hash := NewAPIToken()
	t, err := s.db.CreateAPIToken(r.Context(), name, hash, user, s.now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Never the token itself: a log is read by more people than it.
	s.log.Info("api token made", "token_id", t.ID, "user_id", user)
	if err := s.keepNewToken(w, r, newAPIToken{Name: name, Token: token}, t.CreatedAt); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, newTokenPath, http.StatusSeeOther)
}

// handleAPITokenRevoke revokes a token (the route checks it is the
// person's own, or, for an administrator, one made on the server): the
// program using it is refused from its next request.
func (s *Server) handleAPITokenRevoke(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.RevokeAPIToken(r.Context(), id, s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("api token revoked", "token_id", id, "user_id", sessionFrom(r.Context()).User.ID)
	http.Redirect(w, r, "/settings/tokens?revoked=1", http.StatusSeeOther)
}

// renderAPITokens shows the page with v's message and the tokens as they
// are now.
func (s *Server) renderAPITokens(w http.ResponseWriter, r *http.Request, status int, v apiTokensView) {
	ctx := r.Context()
	sc := scopeFrom(ctx)
	user := sessionFrom(ctx).User.ID
	every, err := s.administersEveryOffice(ctx, sc)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.ShowServer, v.ReadsOnly = every, !sc.canActAnywhere()
	tokens, err := s.db.ValidAPITokens(ctx, user, v.ShowServer)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.now()
	for _, t := range tokens {
		row := apiTokenRow{APIToken: t}
		if since := now.Sub(lastActive(t)); since >= idleToken {
			row.IdleDays = int(since / (24 * time.Hour))
		}
		if t.UserID == 0 {
			v.Server = append(v.Server, row)
		} else {
			v.Own = append(v.Own, row)
		}
	}
	s.forgetNewToken(w, r) // shown this once
	s.render(w, r, status, "api_tokens", pageData{Title: "API tokens", Nav: "tokens", Data: v})
}

// lastActive is when t was last used, or made when it never was.
func lastActive(t storage.APIToken) time.Time {
	if t.LastUsedAt.IsZero() {
		return t.CreatedAt
	}
	return t.LastUsedAt
}
