package web

import "net/http"

// handleSettings leads /settings to the first settings page the caller
// may see, as the navigation's Settings link does for administrators:
// users for an administrator, the office's people list for everyone else.
func (s *Server) handleSettings(w http.ResponseWriter, r *http.Request) {
	to := "/settings/people"
	if scopeFrom(r.Context()).isAdmin() {
		to = "/settings/users"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}
