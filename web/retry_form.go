package web

import (
	"net/http"
	"strconv"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/storage"
)

// handleRetry processes a failed message again, as `claimdesk retry` does.
func (s *Server) handleRetry(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.db.GetMessage(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if m.FailedPermanently {
		s.fail(w, r, &httpError{status: http.StatusConflict, msg: "this message can never be processed: " + m.Error})
		return
	}
	if m.Status != storage.StatusFailed {
		s.fail(w, r, &httpError{status: http.StatusConflict, msg: "only a failed message can be retried; this one is " + m.Status})
		return
	}
	if s.opts.Queue == nil {
		s.fail(w, r, &httpError{status: http.StatusServiceUnavailable, msg: "the job queue is not configured on this server"})
		return
	}
	queued, err := ingest.Retry(r.Context(), s.db, s.opts.Queue, []int64{id})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Not queued: retried by someone else meanwhile. Either way the page
	// shows how it stands.
	s.log.Info("retry", "message_id", id, "queued", len(queued) == 1, "actor", actorFrom(r.Context()))
	http.Redirect(w, r, formNext(r, "/messages/"+strconv.FormatInt(id, 10)), http.StatusSeeOther)
}

// formNext is where a form sends the browser after it worked: the page it
// names in its next field, when on this site, else def.
func formNext(r *http.Request, def string) string {
	if next := r.PostFormValue("next"); next != "" {
		if n := safeNext(next); n != "/" || next == "/" {
			return n
		}
	}
	return def
}
