package web

import (
	"context"
	"time"

	"github.com/claimdesk/claimdesk/sla"
)

// approvalWaitItem is an equipment line of an open claim waiting for the
// carrier's approval: a dumpster, a pod, a vendor's invoice the adjuster
// must approve before it is paid.
type approvalWaitItem struct {
	EquipmentID int64  `json:"equipment_id"`
	ClaimID     int64  `json:"claim_id"`
	OfficeID    int64  `json:"office_id"`
	JobNumber   string `json:"job_number"`
	InsuredName string `json:"insured_name"`
	Kind        string `json:"kind"`
	Count       int    `json:"count"`
	Vendor      string `json:"vendor"`
	// RequestedAt is when the approval was asked for; RequestSent says
	// claimdesk sent the request (else a person marked it requested), and
	// RequestMarkedSent that a person sent it from their mail program and
	// marked it so.
	RequestedAt       time.Time `json:"requested_at"`
	RequestSent       bool      `json:"request_sent"`
	RequestMarkedSent bool      `json:"request_marked_sent"`
	AdjusterName      string    `json:"adjuster_name"`
	AdjusterEmail     string    `json:"adjuster_email"`
	// State is due_soon once it waited approvalChaseDays, else pending.
	State sla.State `json:"state"`
	// Says is what to do, who to ask and since when, in words.
	Says string `json:"says"`
}

// boardApprovals fills in up to limit equipment lines of open claims
// waiting for the carrier's approval, the longest waiting first, and how
// many there are; each said on its office's clock.
func (s *Server) boardApprovals(ctx context.Context, board *slaBoard, now time.Time, limit int) error {
	waits, total, err := s.db.ApprovalsAwaited(ctx, scopeFrom(ctx).claimOffices(), limit)
	if err != nil {
		return err
	}
	board.AwaitingApprovalTotal = total
	for _, w := range waits {
		loc := s.rulesOf(w.OfficeID).Calendar.Location()
		says, state := approvalStep(w.AdjusterName, w.Equipment, now, loc, loc)
		board.AwaitingApproval = append(board.AwaitingApproval, approvalWaitItem{EquipmentID: w.ID, ClaimID: w.ClaimID,
			OfficeID: w.OfficeID, JobNumber: w.JobNumber, InsuredName: w.InsuredName, Kind: w.Kind, Count: w.Count, Vendor: w.Vendor,
			RequestedAt: w.RequestedAt, RequestSent: w.ApprovalOutboxID != nil,
			RequestMarkedSent: w.ApprovalOutboxID == nil && w.ApprovalAskedAt != nil, AdjusterName: w.AdjusterName,
			AdjusterEmail: w.AdjusterEmail, State: state, Says: says})
	}
	return nil
}
