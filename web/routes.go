package web

import "net/http"

// access says who may call a route.
type access int

const (
	// public routes answer anyone: health, metrics, sign-in, assets.
	public access = iota
	// page routes need a signed-in person; others are sent to sign in.
	page
	// api routes need an API token (or a dashboard session); others get 401.
	api
)

// route is one declared pattern and who may call it.
type route struct {
	pattern string
	access  access
}

// declareRoutes declares every route in one place.
func (s *Server) declareRoutes() {
	s.handle("GET /healthz", public, s.handleHealth)
	s.handle("GET /readyz", public, s.handleHealth)
	s.handle("GET /metrics", public, s.handleMetrics)
	s.handle("GET /static/{name}", public, s.handleStatic)
	s.handle("GET /login", public, s.handleLoginForm)
	s.handle("POST /login", public, s.handleLogin)

	s.handle("POST /logout", page, s.handleLogout)
	s.handle("GET /{$}", page, s.handleSLABoard)
	s.handle("GET /claims", page, s.handleClaims)
	s.handle("GET /triage", page, s.handleTriage)
	s.handle("GET /messages", page, s.handleMessages)
	// Everything else: unknown pages are not found, but only to people who
	// are signed in, so the site's shape stays private.
	s.handle("/", page, s.handleNotFound)

	s.handle("GET /api/messages", api, s.handleAPIMessages)
	s.handle("GET /api/openapi.json", api, s.handleOpenAPI)
	s.handle("/api/", api, s.handleNotFound)
}

// handle registers h for pattern behind the checks its access needs, and
// counts its requests under the pattern.
func (s *Server) handle(pattern string, a access, h http.HandlerFunc) {
	s.routes = append(s.routes, route{pattern, a})
	var next http.Handler = h
	switch a {
	case page:
		next = s.requireSession(next)
	case api:
		next = s.requireAPIAuth(next)
	}
	s.mux.Handle(pattern, s.metrics.instrument(pattern, next))
}
