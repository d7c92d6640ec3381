package web

import (
	"context"
	"net/http"
	"slices"
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
	if err := s.verifyDocument(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// verifyDocument records that whoever the request acts for checked
// document id's signatures, now. The API and the claim page both verify
// through it.
func (s *Server) verifyDocument(ctx context.Context, id int64) error {
	return s.db.VerifyDocument(ctx, id, actorFrom(ctx), s.now())
}

// stageInput is a stage of the job to record: the body of POST
// /api/claims/{id}/stages, and what the claim page's stage form reads into.
type stageInput struct {
	Stage string    `json:"stage"` // work_started, equipment_picked_up, completed, sampled
	At    time.Time `json:"at"`    // default: now
}

// jobStages are the stages a client may record, in the order of the work.
var jobStages = []storage.JobStage{storage.StageWorkStarted, storage.StageEquipmentPickedUp, storage.StageCompleted, storage.StageSampled}

// recordStage validates in and records it for claim id: the milestones that
// depend on the stage start counting.
func (s *Server) recordStage(ctx context.Context, id int64, in stageInput) error {
	stage := storage.JobStage(in.Stage)
	if !slices.Contains(jobStages, stage) {
		return badRequest("stage: want work_started, equipment_picked_up, completed or sampled, got %q", in.Stage)
	}
	if in.At.IsZero() {
		in.At = s.now()
	}
	return s.db.SetJobStage(ctx, id, stage, in.At)
}

// handleAPIClaimStage records when a stage of the job happened (work
// started, equipment picked up, completed, flooring sample sent).
func (s *Server) handleAPIClaimStage(w http.ResponseWriter, r *http.Request) {
	id, in, ok := readAction[stageInput](s, w, r)
	if !ok {
		return
	}
	if err := s.recordStage(r.Context(), id, in); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
