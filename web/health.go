package web

import (
	"context"
	"net/http"
	"time"
)

// handleHealth reports whether the database and the blob store answer. It
// needs no authentication: load balancers and monitors call it.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	checks := map[string]Pinger{}
	if s.db != nil {
		checks["database"] = s.db
	}
	if s.opts.BlobStore != nil {
		checks["blob_store"] = s.opts.BlobStore
	}
	result := map[string]string{}
	status := http.StatusOK
	for name, p := range checks {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		err := p.Ping(ctx)
		cancel()
		if err != nil {
			s.log.Warn("health check failed", "check", name, "err", err)
			result[name] = "error: " + err.Error()
			status = http.StatusServiceUnavailable
			continue
		}
		result[name] = "ok"
	}
	overall := "ok"
	if status != http.StatusOK {
		overall = "unavailable"
	}
	writeJSON(w, status, map[string]any{"status": overall, "checks": result})
}
