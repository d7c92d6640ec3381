package web

import (
	"net/http"
	"strings"
)

// handleNotFound answers a path no route serves: 405 with the methods
// that path takes (Allow) when another method would have been served,
// 404 otherwise. The catch-all "/api/" matches every method, so the mux's
// own 405 never reaches a caller of the API.
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	if allowed := s.methodsFor(r); len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		s.fail(w, r, &httpError{status: http.StatusMethodNotAllowed,
			msg: r.Method + " is not taken here; this path takes " + strings.Join(allowed, ", ")})
		return
	}
	s.fail(w, r, errNotFound)
}

// routeMethods are the methods the API's routes use.
var routeMethods = []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete}

// methodsFor lists the methods other than r's that a route of its own
// serves r's path with.
func (s *Server) methodsFor(r *http.Request) []string {
	_, catchAll := s.mux.Handler(r)
	var allowed []string
	for _, m := range routeMethods {
		if m == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != catchAll && pattern != "" {
			allowed = append(allowed, m)
		}
	}
	return allowed
}
