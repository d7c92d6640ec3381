package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/claimdesk/claimdesk/storage"
)

// A user's role in an office decides what they may do there: an
// administrator manages its users, reply templates and hours, a coordinator
// does the daily work, a read-only member (an estimator, the operations
// manager) watches. The users page sets it in the offices the
// administrator looking at it administers.

// roleChoice is a role the users page offers, in words.
type roleChoice struct {
	Role  storage.Role
	Label string
	Hint  string
}

var roleChoices = []roleChoice{
	{storage.RoleCoordinator, "Coordinator", "does the daily work"},
	{storage.RoleReadOnly, "Read only", "sees everything, changes nothing"},
	{storage.RoleAdministrator, "Administrator", "also manages users, reply templates, and hours and deadlines"},
}

// roleLabelOf names role r in words.
func roleLabelOf(r storage.Role) string {
	for _, c := range roleChoices {
		if c.Role == r {
			return c.Label
		}
	}
	return string(r)
}

// formRole reads the role a form chose: "role", or the older
// "admin" checkbox; a coordinator when neither says.
func formRole(r *http.Request) (storage.Role, error) {
	v := r.PostFormValue("role")
	if v == "" {
		if r.PostFormValue("admin") != "" {
			return storage.RoleAdministrator, nil
		}
		return storage.RoleCoordinator, nil
	}
	role, err := storage.ParseRole(v)
	if err != nil {
		return "", badRequest("Choose coordinator, read only or administrator.")
	}
	return role, nil
}

// administeredIDs are the offices the scope administers, by id.
func (sc scope) administeredIDs() []int64 {
	var ids []int64
	for id, r := range sc.roles {
		if r == storage.RoleAdministrator {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// rolesWords says a user's roles in the offices the administrator sees
// (names: by office), e.g. "Read only", or "Coordinator in North, read
// only in South" when they differ; "No office" when they have none there.
func rolesWords(roles map[int64]storage.Role, offices []int64, names map[int64]string) (string, storage.Role) {
	var parts []string
	var same storage.Role
	for _, id := range offices {
		r, ok := roles[id]
		if !ok {
			continue
		}
		if same == "" || same == r {
			same = r
		} else {
			same = "mixed"
		}
		parts = append(parts, fmt.Sprintf("%s in %s", strings.ToLower(roleLabelOf(r)), names[id]))
	}
	switch {
	case len(parts) == 0:
		return "No office", ""
	case same != "mixed":
		return roleLabelOf(same), same
	}
	parts[0] = strings.ToUpper(parts[0][:1]) + parts[0][1:]
	return strings.Join(parts, ", "), ""
}

// handleUserRole gives the user the role chosen, in every office the
// administrator administers; not to oneself (another administrator can).
func (s *Server) handleUserRole(w http.ResponseWriter, r *http.Request) {
	s.userAction(w, r, func(ctx context.Context, u storage.User, self bool) (usersView, error) {
		if self {
			return usersView{}, badRequest("You cannot change your own role: another administrator can.")
		}
		role, err := formRole(r)
		if err != nil {
			return usersView{}, err
		}
		if err := s.db.SetUserRole(ctx, u.ID, scopeFrom(ctx).administeredIDs(), role); err != nil {
			return usersView{}, err
		}
		s.log.Info("user role set", "user_id", u.ID, "role", role, "actor", actorFrom(ctx))
		return usersView{Notice: fmt.Sprintf("%s is now %s.", u.Email, strings.ToLower(roleLabelOf(role)))}, nil
	})
}
