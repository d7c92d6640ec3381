package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/claimdesk/claimdesk/storage"
)

// handleProposalRestoreForm is a dismissed proposal's Restore on the claim
// page: what the mail said waits to be confirmed or dismissed again, and
// the claim's history says who restored it. One not dismissed (restored
// already, in another tab) is left as it is.
func (s *Server) handleProposalRestoreForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.db.RestoreEquipmentProposal(ctx, id, actorFrom(ctx), s.now())
	switch {
	case errors.Is(err, storage.ErrConflict):
		s.log.Info("no dismissed proposal to restore", "proposal_id", id, "actor", actorFrom(ctx))
	case errors.Is(err, storage.ErrNotFound):
		s.fail(w, r, &httpError{status: http.StatusNotFound, msg: fmt.Sprintf("proposal %d not found", id)})
		return
	case err != nil:
		s.fail(w, r, err)
		return
	default:
		s.log.Info("equipment proposal restored", "proposal_id", id, "claim_id", p.ClaimID, "actor", actorFrom(ctx))
	}
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/claims/%d#proposal-%d", p.ClaimID, id)), http.StatusSeeOther)
}
