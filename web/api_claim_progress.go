package web

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// verifyInput is a coordinator's check of a signed form: the body of POST
// /api/documents/{id}/verify, and what the claim page's verify form reads
// into.
type verifyInput struct {
	// OK is whether the form is signed right; left out, it is (the
	// endpoint once took no verdict), unless a reason is given.
	OK     *bool  `json:"ok"`
	Reason string `json:"reason"`
}

// handleAPIVerifyDocument records a coordinator's check of a signed form
// (ATP, COS, waiver): the paperwork checklist counts it only once verified
// right, and a rejected one opens an urgent task on its claim.
func (s *Server) handleAPIVerifyDocument(w http.ResponseWriter, r *http.Request) {
	id, in, ok := readAction[verifyInput](s, w, r)
	if !ok {
		return
	}
	if err := s.verifyDocument(r.Context(), id, in); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// verifyDocument validates in and records that whoever the request acts
// for checked document id's signatures, now. The API and the claim page
// both verify through it.
func (s *Server) verifyDocument(ctx context.Context, id int64, in verifyInput) error {
	reason := strings.TrimSpace(in.Reason)
	ok := in.OK == nil || *in.OK
	switch {
	case in.OK == nil && reason != "":
		return badRequest("ok: want true or false with a reason")
	case !ok && reason == "":
		return badRequest("reason: say why the form is rejected (the wrong form signed, a signature missing)")
	case len(reason) > maxVerifyReason:
		return badRequest("reason: at most %d bytes", maxVerifyReason)
	}
	if err := s.db.VerifyDocument(ctx, id, storage.DocumentVerification{At: s.now(), By: actorFrom(ctx), OK: ok, Reason: reason}); err != nil {
		return err
	}
	return s.followFormCheck(ctx, id, ok, reason)
}

// maxVerifyReason bounds a rejection's reason: it is shown in a task line.
const maxVerifyReason = 500

// stageInput is a stage of the job to record or clear: the body of POST
// /api/claims/{id}/stages, and what the claim page's stage forms read
// into.
type stageInput struct {
	Stage string    `json:"stage"` // work_started, equipment_picked_up, completed, sampled
	At    time.Time `json:"at"`    // default: now
	// Clear takes back what people recorded of the stage instead (a time,
	// mail they confirmed): what a lab report or the claim's logs say then
	// stands, else the stage has not happened yet.
	Clear bool `json:"clear"`
}

// jobStages are the stages a client may record, in the order of the work.
var jobStages = []storage.JobStage{storage.StageWorkStarted, storage.StageEquipmentPickedUp, storage.StageCompleted, storage.StageSampled}

// recordStage validates in and records it for claim id on behalf of
// whoever the request acts for, or clears it: the milestones that depend on
// the stage follow, and the claim's history says who moved it.
func (s *Server) recordStage(ctx context.Context, id int64, in stageInput) error {
	stage := storage.JobStage(in.Stage)
	switch {
	case in.Stage == "":
		return badRequest("stage: choose one of work_started, equipment_picked_up, completed or sampled")
	case !slices.Contains(jobStages, stage):
		return badRequest("stage: want work_started, equipment_picked_up, completed or sampled, got %q", in.Stage)
	case in.Clear && !in.At.IsZero():
		return badRequest("at: a stage is cleared or recorded at a time, not both")
	}
	var err error
	if in.Clear {
		_, err = s.db.ClearJobStage(ctx, id, stage, actorFrom(ctx))
	} else {
		err = s.db.SetJobStage(ctx, id, stage, cmp.Or(in.At, s.now()), actorFrom(ctx))
	}
	if errors.Is(err, storage.ErrConflict) {
		return &httpError{status: http.StatusConflict,
			msg: "equipment_picked_up: the claim's equipment log says when its drying equipment was picked up; mark the items picked up there"}
	}
	return err
}

// handleAPIClaimStage records when a stage of the job happened (work
// started, equipment picked up, completed, flooring sample sent), or with
// "clear" takes back what people recorded of it.
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

// stageItem is a stage of the job as GET /api/claims/{id}/stages lists it.
type stageItem struct {
	Stage string     `json:"stage"`
	At    *time.Time `json:"at"` // null: not yet
	// Source says what gives At: person, mail (a person confirmed it),
	// lab_report, equipment_log, drying_log; null when not yet or not known.
	Source *string `json:"source"`
	// RecordedBy is who recorded At or confirmed the mail, the lab
	// report's file; empty when a log gives At or the name was not kept.
	RecordedBy string `json:"recorded_by"`
	// Clearable says people recorded something of the stage that "clear"
	// takes back.
	Clearable bool `json:"clearable"`
	// Scheduled says At is still to come: a pickup scheduled, the COS
	// due at it already.
	Scheduled bool `json:"scheduled"`
}

func newStageItem(st stageView) stageItem {
	it := stageItem{Stage: string(st.Stage), At: st.At, Clearable: st.Recorded != nil && !st.FromLog, Scheduled: st.Scheduled}
	var source string
	switch {
	case st.At == nil:
	case st.FromLog:
		source = string(sla.FromEquipmentLog)
	case st.Record != nil:
		source, it.RecordedBy = string(st.Record.Source), st.Record.By
	case st.Source != sla.FromRecord:
		source = string(st.Source)
	}
	if source != "" {
		it.Source = &source
	}
	return it
}

// handleAPIClaimStages lists a claim's job stages in the order of the
// work: when each happened and who or what says so.
func (s *Server) handleAPIClaimStages(w http.ResponseWriter, r *http.Request) {
	serveClaimList(s, w, r, s.claimStages, newStageItem)
}

// claimStages are claim id's job stages as of now, with who or what gave
// each its time.
func (s *Server) claimStages(ctx context.Context, id int64) ([]stageView, error) {
	facts, err := s.db.ClaimFacts(ctx, id)
	if err != nil {
		return nil, err
	}
	records, err := s.db.StageRecords(ctx, id)
	if err != nil {
		return nil, err
	}
	lines, err := s.db.ClaimEquipment(ctx, id)
	if err != nil {
		return nil, err
	}
	now := s.now()
	stages := stageViews(facts, now)
	addStageRecords(stages, records, facts, now)
	markLoggedPickup(stages, lines)
	return stages, nil
}
