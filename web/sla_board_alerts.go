package web

import (
	"context"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// boardAlertRefresh is how many claims whose facts changed one view of the
// board works out again before reading the alerts. A burst of changes (an
// import, new rules) does not slow one view much: the next views and the
// SLA sweep take the rest.
const boardAlertRefresh = 100

// refreshClaimAlerts works out again the alerts of up to
// boardAlertRefresh claims whose facts changed.
func (s *Server) refreshClaimAlerts(ctx context.Context) error {
	rules := storage.AlertRules{Calendar: s.calendar(), Milestones: s.opts.Milestones}
	if s.opts.Offices != nil {
		rules = s.opts.Offices.AlertRules()
	}
	_, _, err := s.db.RefreshClaimAlerts(ctx, rules, boardAlertRefresh)
	return err
}

// boardAlerts fills in the board's paperwork alerts: up to limit of those
// of the open claims showing at now, as the last refresh worked them out,
// and how many show.
func (s *Server) boardAlerts(ctx context.Context, board *slaBoard, now time.Time, limit int) error {
	alerts, total, err := s.db.ClaimAlertsAt(ctx, scopeFrom(ctx).claimOffices(), now, limit)
	if err != nil {
		return err
	}
	board.AlertsTotal = total
	for _, a := range alerts {
		it := alertItem{
			ClaimID: a.ClaimID, OfficeID: a.OfficeID, JobNumber: a.JobNumber, ClaimNumber: a.ClaimNumber, InsuredName: a.InsuredName,
			Milestone: a.Milestone, State: a.State, Message: a.Message,
		}
		if !a.Due.IsZero() {
			// Deadlines in the claim's office's time, as its calendar
			// makes them: a deadline of a day is that day on its clock.
			due := a.Due.In(s.zoneOf(a.OfficeID))
			it.DueAt = &due
			if a.DueDay {
				day := sla.ClosingDay(due).String()
				it.DueDay = &day
			}
		}
		board.Alerts = append(board.Alerts, it)
	}
	return nil
}
