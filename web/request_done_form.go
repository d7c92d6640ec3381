package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/claimdesk/claimdesk/storage"
)

// requestDoneFormView is a request's "Mark done" form
// (request_done_form.html): the request, named to a screen reader by what
// it asked (Asked) and, where the page lists many claims' requests, its
// claim's job; where the form leads back to (Next); the CSRF token.
type requestDoneFormView struct {
	ID               int64
	Asked, Job, Next string
	CSRF             string
}

// handleRequestDoneForm marks a request done from the claim page or the
// board. The board says so, with an Undo, where the row was: the row
// itself leaves the list.
func (s *Server) handleRequestDoneForm(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rq, err := s.markRequestDone(r, id, r.PostFormValue("note"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/claims/%d", rq.ClaimID)), http.StatusSeeOther)
}

// handleRequestReopenForm is the Undo of "Mark done": the request is open
// again, on the board and its claim. One not done by a person (reopened
// already, or done by the office's mail) is left as it is.
func (s *Server) handleRequestReopenForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rq, err := s.db.ReopenRequest(ctx, id)
	switch {
	case errors.Is(err, storage.ErrConflict):
		s.log.Info("no request marked done to reopen", "request_id", id, "actor", actorFrom(ctx))
	case err != nil:
		s.fail(w, r, err)
		return
	default:
		s.log.Info("request reopened", "request_id", id, "claim_id", rq.ClaimID, "actor", actorFrom(ctx))
	}
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/claims/%d#request-%d", rq.ClaimID, id)), http.StatusSeeOther)
}
