package web

import (
	"context"
	"net/http"
	"time"
)

// handleHealth answers liveness: the process serves requests. It checks no
// dependency, so an outage of the database does not get every claimdesk
// process restarted by its supervisor; /readyz says whether to send traffic.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok"})
}

// handleReady reports whether the database answers with the schema this
// binary needs and whether the blob store answers. It needs no
// authentication (load balancers and monitors call it), so it says only
// "ok" or "error": what failed, with the paths and addresses errors
// carry, goes to the log.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	checks := map[string]func(context.Context) error{}
	if s.db != nil {
		checks["database"] = s.db.Ping
		checks["schema"] = s.db.CheckSchema
	}
	if s.opts.BlobStore != nil {
		checks["blob_store"] = s.opts.BlobStore.Ping
	}
	status, overall := http.StatusOK, "ok"
	for name, check := range checks {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		err := check(ctx)
		cancel()
		if err != nil {
			s.log.Warn("readiness check failed", "check", name, "err", err)
			status, overall = http.StatusServiceUnavailable, "error"
		}
	}
	writeJSON(w, status, map[string]any{"status": overall})
}
