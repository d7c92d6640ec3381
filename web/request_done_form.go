package web

import (
	"fmt"
	"net/http"
)

// handleRequestDoneForm marks a request done from the claim page or the
// board.
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
