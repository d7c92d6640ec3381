package web

import "net/http"

func (s *Server) handleClaims(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "claims", pageData{Title: "Claims", Nav: "claims"})
}
