package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// stageTimeLayout is how a datetime-local field sends a time: the office's
// wall clock, without a zone.
const stageTimeLayout = "2006-01-02T15:04"

// handleVerifyDocumentForm is the claim page's "Mark signature verified"
// and "Reject" buttons on a signed form; a rejection carries its reason.
func (s *Server) handleVerifyDocumentForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	doc, err := s.db.GetDocument(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ok := r.PostFormValue("verdict") != "reject"
	in := verifyInput{OK: &ok, Reason: r.PostFormValue("reason")}
	if err := s.verifyDocument(ctx, id, in); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("signed form checked", "document_id", id, "claim_id", doc.ClaimID, "ok", ok, "actor", actorFrom(ctx))
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/claims/%d#doc-%d", doc.ClaimID, id)), http.StatusSeeOther)
}

// handleUnverifyDocumentForm is the Undo of a signed form's "Mark
// signature verified": the form waits for a check again, and the claim's
// history says who took the check back. A form not verified (taken back
// already, in another tab) is left as it is.
func (s *Server) handleUnverifyDocumentForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	doc, err := s.db.GetDocument(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch err := s.db.UnverifyDocument(ctx, id, actorFrom(ctx), s.now()); {
	case errors.Is(err, storage.ErrConflict):
		s.log.Info("no verification to take back", "document_id", id, "actor", actorFrom(ctx))
	case err != nil:
		s.fail(w, r, err)
		return
	default:
		s.log.Info("signature verification taken back", "document_id", id, "claim_id", doc.ClaimID, "actor", actorFrom(ctx))
	}
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/claims/%d#doc-%d", doc.ClaimID, id)), http.StatusSeeOther)
}

// handleClaimStageForm is the claim page's forms on the stages of the
// job (work started, equipment picked up, ...): the one recording a stage
// now or at the time given, and each stage's Clear.
func (s *Server) handleClaimStageForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	offices, err := s.db.ClaimOffices(ctx, []int64{id})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, err := stageForm(r, s.rulesOf(offices[id]).Calendar.Location())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.recordStage(ctx, id, in); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("job stage changed", "claim_id", id, "stage", in.Stage, "cleared", in.Clear, "actor", actorFrom(ctx))
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/claims/%d#stages", id)), http.StatusSeeOther)
}

// stageForm reads a stage form into the input the API takes too. The
// time is the wall clock of the claim's office, in loc; empty means now.
// A Clear button sends clear=1 and no time.
func stageForm(r *http.Request, loc *time.Location) (stageInput, error) {
	in := stageInput{Stage: strings.TrimSpace(r.PostFormValue("stage")), Clear: r.PostFormValue("clear") != ""}
	if v := strings.TrimSpace(r.PostFormValue("at")); v != "" {
		at, err := wallTime(stageTimeLayout, v, loc)
		if err != nil {
			return in, badRequest("at: want a date and time like 2026-03-04T15:30, got %q", v)
		}
		in.At = at
	}
	return in, nil
}
