// Package web serves claimdesk over HTTP: the coordinators' dashboard, the
// REST API and the health endpoints. It reads through storage and acts
// through the same functions the pipeline uses.
package web

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Pinger is a dependency whose health /healthz reports.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Options are the server's dependencies.
type Options struct {
	Database  Pinger
	BlobStore Pinger
	Logger    *slog.Logger
}

// Server is claimdesk's HTTP interface.
type Server struct {
	opts Options
	log  *slog.Logger
	mux  *http.ServeMux
}

// New builds a server and its routes.
func New(opts Options) *Server {
	s := &Server{opts: opts, log: opts.Logger, mux: http.NewServeMux()}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.routes()
	return s
}

// Handler returns the root handler with the middleware every request passes.
func (s *Server) Handler() http.Handler {
	return s.securityHeaders(s.mux)
}

// routes declares every route in one place.
func (s *Server) routes() {
	s.mux.HandleFunc("GET /healthz", s.handleHealth)
	s.mux.HandleFunc("GET /readyz", s.handleHealth)
}

func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// Serve answers requests on ln until ctx ends, then shuts down gracefully,
// letting requests in flight finish for up to 10 seconds.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutCtx)
}
