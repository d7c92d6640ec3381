package web

import (
	_ "embed"
	"net/http"
)

// openAPI describes the REST API as it stands; the tests check that it
// names every API route.
//
//go:embed openapi.json
var openAPI []byte

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(openAPI)
}
