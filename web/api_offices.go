package web

import (
	"context"
	"net/http"

	"github.com/claimdesk/claimdesk/storage"
)

// apiOffice is one office the caller may see, and their role in it.
type apiOffice struct {
	ID       int64  `json:"id"`
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	Domain   string `json:"domain"`
	TimeZone string `json:"timezone"`
	Role     string `json:"role"`
}

// apiOfficeItem is an office as GET /api/offices lists it.
type apiOfficeItem struct {
	apiOffice
	officeCalendarJSON
	// Settings says where the office's settings come from: "as_configured"
	// (the server's configuration, again at every start) or "set_here" (a
	// person set them for the office).
	Settings string `json:"settings"`
}

// settingsSource names where office o's settings come from, as the API
// says it.
func settingsSource(o storage.Office) string {
	if o.SettingsSetAt.IsZero() {
		return "as_configured"
	}
	return "set_here"
}

// handleAPIOffices lists the offices the caller's session or token may
// see, with the caller's role in each. A token carries the scope of the
// user who made it; an operator's token (claimdesk token create) sees
// every office as an administrator. A short list: one page, no cursor.
func (s *Server) handleAPIOffices(w http.ResponseWriter, r *http.Request) {
	ms, err := s.callerOffices(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items := make([]apiOfficeItem, 0, len(ms))
	for _, m := range ms {
		o := m.Office
		item := apiOffice{ID: o.ID, Slug: o.Slug, Name: o.Name, Domain: s.officeDomain(o), TimeZone: o.TimeZone, Role: string(m.Role)}
		if item.TimeZone == "" {
			item.TimeZone = s.rulesOf(o.ID).Calendar.Location().String()
		}
		items = append(items, apiOfficeItem{item, s.officeCalendarOf(o), settingsSource(o)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "next_cursor": ""})
}

// officeDomain is office o's mail domain: an office never given settings
// is the one this server's configuration describes.
func (s *Server) officeDomain(o storage.Office) string {
	if o.ConfiguredAt.IsZero() && o.Domain == "" {
		return s.opts.OfficeDomain
	}
	return o.Domain
}

// callerOffices returns the offices the request's principal belongs to:
// the signed-in person's, or the token's maker's, or every office for a
// token made on the command line.
func (s *Server) callerOffices(ctx context.Context) ([]storage.OfficeMembership, error) {
	p, _ := ctx.Value(principalKey{}).(principal)
	switch {
	case p.session != nil:
		return s.db.UserOffices(ctx, p.session.User.ID)
	case p.token != nil && p.token.UserID != 0:
		return s.db.UserOffices(ctx, p.token.UserID)
	case p.token != nil:
		offices, err := s.db.ListOffices(ctx)
		if err != nil {
			return nil, err
		}
		ms := make([]storage.OfficeMembership, len(offices))
		for i, o := range offices {
			ms[i] = storage.OfficeMembership{Office: o, Role: storage.RoleAdministrator}
		}
		return ms, nil
	}
	return nil, nil
}
