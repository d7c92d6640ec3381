package web

import (
	"net/http"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// handleAPIVerifyDocument records that a coordinator checked a signed form
// (ATP, COS, waiver) is signed correctly: the paperwork checklist counts it
// only then.
func (s *Server) handleAPIVerifyDocument(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.VerifyDocument(r.Context(), id, actorFrom(r.Context()), s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// stageInput is the body of POST /api/claims/{id}/stages.
type stageInput struct {
	Stage string    `json:"stage"` // work_started, equipment_picked_up, completed, sampled
	At    time.Time `json:"at"`    // default: now
}

// handleAPIClaimStage records when a stage of the job happened (work
// started, equipment picked up, completed, flooring sample sent): the
// milestones that depend on it start counting.
func (s *Server) handleAPIClaimStage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in stageInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	switch stage := storage.JobStage(in.Stage); stage {
	case storage.StageWorkStarted, storage.StageEquipmentPickedUp, storage.StageCompleted, storage.StageSampled:
	default:
		s.fail(w, r, badRequest("stage: want work_started, equipment_picked_up, completed or sampled, got %q", in.Stage))
		return
	}
	if in.At.IsZero() {
		in.At = s.now()
	}
	if err := s.db.SetJobStage(r.Context(), id, storage.JobStage(in.Stage), in.At); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
