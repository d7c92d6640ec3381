package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// scope is what a request may see and do: the offices of the signed-in
// person or of the token's maker, with the role in each. An operator's
// token (made on the command line) is an administrator of every office.
// The zero value sees nothing.
type scope struct {
	roles map[int64]storage.Role
	all   bool
	// names are the offices' names, for pages that show whose a row is.
	names map[int64]string
	// view narrows what lists, boards and searches read to one of the
	// offices (the office switcher); 0 reads them all. It never changes
	// what the scope may open or do.
	view int64
	// mine, when set, is the email address of the person whose claims the
	// claims list and the board read alone (the "Mine" toggle, or the
	// API's ?coordinator=): see claimOffices. Like view, it never changes
	// what the scope may open or do.
	mine string
}

type scopeKey struct{}

// scopeFrom returns the request's scope; nothing for public routes.
func scopeFrom(ctx context.Context) scope {
	sc, _ := ctx.Value(scopeKey{}).(scope)
	return sc
}

// offices returns the offices the scope reads, for storage's reads: the
// office the switcher chose, or all the scope may see.
func (sc scope) offices() storage.Offices {
	if sc.view != 0 {
		return storage.OnlyOffices(sc.view)
	}
	if sc.all {
		return storage.AllOffices
	}
	ids := make([]int64, 0, len(sc.roles))
	for id := range sc.roles {
		ids = append(ids, id)
	}
	return storage.OnlyOffices(ids...)
}

// role returns the role in the office; false when it is out of scope.
func (sc scope) role(office int64) (storage.Role, bool) {
	if sc.all {
		return storage.RoleAdministrator, true
	}
	r, ok := sc.roles[office]
	return r, ok
}

// several reports whether the scope is a person's of more than one office:
// they get the office switcher, and rows say whose they are.
func (sc scope) several() bool { return !sc.all && len(sc.roles) > 1 }

// canSee reports whether the office's things are in scope.
func (sc scope) canSee(office int64) bool {
	_, ok := sc.role(office)
	return ok
}

// canAct reports whether the scope may change the office's things:
// administrators and coordinators may, read-only members may not.
func (sc scope) canAct(office int64) bool {
	r, ok := sc.role(office)
	return ok && r != storage.RoleReadOnly
}

// canActAnywhere reports whether some office lets the scope change things.
func (sc scope) canActAnywhere() bool {
	if sc.all {
		return true
	}
	for _, r := range sc.roles {
		if r != storage.RoleReadOnly {
			return true
		}
	}
	return false
}

// readsOnly reports whether the scope may change nothing of the offices
// it reads now: the one the switcher chose, else all of them.
func (sc scope) readsOnly() bool {
	if sc.view != 0 {
		return !sc.canAct(sc.view)
	}
	return !sc.canActAnywhere()
}

// administers reports whether the scope is an administrator of the office.
func (sc scope) administers(office int64) bool {
	r, ok := sc.role(office)
	return ok && r == storage.RoleAdministrator
}

// administered returns the offices the scope is an administrator of.
func (sc scope) administered() storage.Offices {
	if sc.all {
		return storage.AllOffices
	}
	var ids []int64
	for id, r := range sc.roles {
		if r == storage.RoleAdministrator {
			ids = append(ids, id)
		}
	}
	return storage.OnlyOffices(ids...)
}

// administersEveryOffice reports whether sc administers every office there
// is: a token made on the server acts in all of them, so only such a
// person may see or revoke one.
func (s *Server) administersEveryOffice(ctx context.Context, sc scope) (bool, error) {
	if sc.all {
		return true, nil
	}
	offices, err := s.db.ListOffices(ctx)
	if err != nil {
		return false, err
	}
	for _, o := range offices {
		if sc.roles[o.ID] != storage.RoleAdministrator {
			return false, nil
		}
	}
	return true, nil
}

// isAdmin reports whether the scope administers at least one office.
func (sc scope) isAdmin() bool {
	if sc.all {
		return true
	}
	for _, r := range sc.roles {
		if r == storage.RoleAdministrator {
			return true
		}
	}
	return false
}

// loadScope returns the scope of the request's principal.
func (s *Server) loadScope(ctx context.Context) (scope, error) {
	p, _ := ctx.Value(principalKey{}).(principal)
	var user int64
	switch {
	case p.session != nil:
		user = p.session.User.ID
	case p.token != nil && p.token.UserID != 0:
		user = p.token.UserID
	case p.token != nil:
		return scope{all: true}, nil
	default:
		return scope{}, nil
	}
	ms, err := s.db.UserOffices(ctx, user)
	if err != nil {
		return scope{}, err
	}
	sc := scope{roles: map[int64]storage.Role{}, names: map[int64]string{}}
	for _, m := range ms {
		sc.roles[m.Office.ID], sc.names[m.Office.ID] = m.Role, m.Office.Name
	}
	return sc, nil
}

// errReadOnly refuses a change to a read-only member of the office.
var errReadOnly = &httpError{status: http.StatusForbidden,
	msg: "you may read but not change this office's claims and mail: ask an administrator for the coordinator role"}

// rowKinds names the row a route's {id} is, by the path's first segment
// (after /api). A route with an {id} outside this list stops the server
// at start: every id a URL names is checked against the caller's offices.
var rowKinds = map[string]storage.Kind{
	"claims":              storage.KindClaim,
	"messages":            storage.KindMessage,
	"documents":           storage.KindDocument,
	"requests":            storage.KindRequest,
	"equipment":           storage.KindEquipment,
	"equipment-proposals": storage.KindProposal,
	"drafts":              storage.KindDraft,
	"outbox":              storage.KindOutbox,
	"updates":             storage.KindUpdate,
}

// personalRoutes change only the caller's own things (their session,
// office switcher, calendar feed, digest and API tokens), so read-only
// members may use them. A read-only member's token reads only, as they
// do: a token's scope is its maker's, looked up on every request.
var personalRoutes = map[string]bool{
	"POST /logout":                      true,
	"POST /office":                      true,
	"POST /mine":                        true,
	"POST /calendar":                    true,
	"POST /calendar/revoke":             true,
	"POST /settings/digest":             true,
	"POST /settings/tokens":             true,
	"POST /settings/tokens/{id}/revoke": true,
}

// composeRoutes show a form that only sends: a read-only member, whom the
// send would refuse, is refused the form before typing into it.
var composeRoutes = map[string]bool{
	"GET /claims/new":                      true,
	"GET /messages/{id}/claim":             true,
	"GET /messages/{id}/reply":             true,
	"GET /claims/{id}/update":              true,
	"GET /equipment/{id}/approval-request": true,
}

// routeTarget says what a pattern's {id} names: a row kind, a user, an
// API token, or nothing an office owns.
type routeTarget struct {
	kind  storage.Kind
	user  bool
	token bool
}

// otherWildcards name nothing an office owns: a part of a message the
// route's {id} names, an asset, a calendar feed's own credential.
var otherWildcards = map[string]bool{"{path}": true, "{name}": true, "{token}": true, "{$}": true}

// targetOf returns what pattern's {id} names; it panics on an {id} or
// another wildcard it cannot place, so that no new route escapes the
// office check.
func targetOf(pattern string) routeTarget {
	_, path, _ := strings.Cut(pattern, " ")
	for _, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, "{") && seg != "{id}" && !otherWildcards[seg] {
			panic(fmt.Sprintf("route %q: no office check for %s", pattern, seg))
		}
	}
	if !strings.Contains(path, "{id}") {
		return routeTarget{}
	}
	segs := strings.Split(strings.TrimPrefix(strings.TrimPrefix(path, "/"), "api/"), "/")
	switch {
	case segs[0] == "settings" && segs[1] == "users":
		return routeTarget{user: true}
	case segs[0] == "settings" && segs[1] == "people":
		return routeTarget{kind: storage.KindPerson}
	case segs[0] == "settings" && segs[1] == "tokens":
		return routeTarget{token: true}
	}
	k, ok := rowKinds[segs[0]]
	if !ok {
		panic(fmt.Sprintf("route %q: no office check for its {id}", pattern))
	}
	return routeTarget{kind: k}
}

// withScope puts the caller's scope in the request; it runs after
// authentication.
func (s *Server) withScope(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sc, err := s.loadScope(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if sess := sessionFrom(r.Context()); sess != nil {
			sc.view = viewedOffice(r, sc)
			if viewsMine(r, sess.User.ID) {
				sc.mine = sess.User.Email
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), scopeKey{}, sc)))
	})
}

// guardTarget refuses what is out of the request's scope: a row of another
// office is not found (as a missing id is, so that its existence is not
// confirmed), and a change by a read-only member is forbidden.
func (s *Server) guardTarget(pattern string, next http.Handler) http.Handler {
	target := targetOf(pattern)
	personal, composes := personalRoutes[pattern], composeRoutes[pattern]
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		write := !safeMethod(r.Method) || composes
		if err := s.checkTarget(r, scopeFrom(r.Context()), target, write, personal); err != nil {
			s.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// checkTarget refuses the request when the row its {id} names is out of
// scope, or when it is a write to what the scope may only read.
func (s *Server) checkTarget(r *http.Request, sc scope, t routeTarget, write, personal bool) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	hasID := err == nil && id > 0
	switch {
	case t.kind != "" && hasID:
		return s.rowInScope(r.Context(), sc, t.kind, id, write)
	case t.user && hasID:
		return s.checkUserTarget(r.Context(), sc, id)
	case t.token && hasID:
		return s.checkTokenTarget(r.Context(), sc, id)
	}
	if write && !personal && !sc.canActAnywhere() {
		return errReadOnly
	}
	return nil
}

// rowInScope refuses a row of kind k out of sc: not found when its office
// is not in sc, forbidden when sc may only read it and write is set. A
// missing row passes: its handler answers it its own way (after checking
// the request, say), which a row out of scope must not differ from.
func (s *Server) rowInScope(ctx context.Context, sc scope, k storage.Kind, id int64, write bool) error {
	office, err := s.db.OfficeOf(ctx, k, id)
	if errors.Is(err, storage.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if !sc.canSee(office) {
		return notFoundAs(k, id)
	}
	if write && !sc.canAct(office) {
		return errReadOnly
	}
	return nil
}

// notFoundAs answers a row out of scope in the words handlers use for a
// missing one.
func notFoundAs(k storage.Kind, id int64) error {
	name := string(k)
	if k == storage.KindProposal {
		name = "proposal"
	}
	return &httpError{status: http.StatusNotFound, msg: fmt.Sprintf("%s %d not found", name, id)}
}

// checkUserTarget lets an administrator manage a user of an office they
// administer, or one in no office yet (just added, not yet placed).
func (s *Server) checkUserTarget(ctx context.Context, sc scope, user int64) error {
	roles, err := s.db.OfficeRoles(ctx, user)
	if err != nil {
		return err
	}
	if len(roles) == 0 {
		return nil
	}
	for office := range roles {
		if sc.administers(office) {
			return nil
		}
	}
	return errNotFound
}

// checkTokenTarget lets a signed-in person at their own API tokens, and an
// administrator at those made on the server, which belong to nobody and
// see every office; anyone else's token is not found, as a missing one is.
func (s *Server) checkTokenTarget(ctx context.Context, sc scope, id int64) error {
	sess := sessionFrom(ctx)
	t, err := s.db.GetAPIToken(ctx, id)
	if errors.Is(err, storage.ErrNotFound) || sess == nil {
		return errNotFound
	}
	if err != nil {
		return err
	}
	if t.UserID == sess.User.ID {
		return nil
	}
	if every, err := s.administersEveryOffice(ctx, sc); err != nil || (t.UserID == 0 && every) {
		return err
	}
	return errNotFound
}

// claimVisibility answers whether the caller may see a claim, asking the
// database once per claim: decisions name claims by id, and one made
// before its claims moved may name another office's.
func (s *Server) claimVisibility(ctx context.Context) func(id int64) (bool, error) {
	sc := scopeFrom(ctx)
	seen := map[int64]bool{0: true} // 0: a claim not yet created
	return func(id int64) (bool, error) {
		if v, ok := seen[id]; ok {
			return v, nil
		}
		err := s.rowInScope(ctx, sc, storage.KindClaim, id, false)
		var he *httpError
		if err != nil && !errors.As(err, &he) {
			return false, err
		}
		seen[id] = err == nil
		return seen[id], nil
	}
}

// dropOtherOffices takes the claims of offices the caller may not see out
// of a decision: its claim, candidates and evidence.
func (s *Server) dropOtherOffices(ctx context.Context, d *classify.Decision) error {
	visible := s.claimVisibility(ctx)
	if d.Claim != nil {
		ok, err := visible(d.Claim.ID)
		if err != nil {
			return err
		}
		if !ok {
			d.Claim = nil
		}
	}
	var candidates []classify.Claim
	for _, c := range d.Candidates {
		ok, err := visible(c.ID)
		if err != nil {
			return err
		}
		if ok {
			candidates = append(candidates, c)
		}
	}
	d.Candidates = candidates
	evidence, err := visibleEvidence(d.Evidence, visible)
	d.Evidence = evidence
	return err
}

// visibleEvidence returns the evidence about claims visible says the
// caller may see.
func visibleEvidence(evs []classify.Evidence, visible func(int64) (bool, error)) ([]classify.Evidence, error) {
	out := []classify.Evidence{}
	for _, e := range evs {
		ok, err := visible(e.ClaimID)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, e)
		}
	}
	return out, nil
}
