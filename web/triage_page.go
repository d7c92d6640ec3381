package web

import (
	"net/http"

	"github.com/claimdesk/claimdesk/storage"
)

func (s *Server) handleTriage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	q.Set("status", storage.StatusTriage)
	s.renderMessageList(w, r, "triage", "Triage", q)
}
