package web

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// slaStatsDays is how many days of acknowledgment statistics the board
// charts, today included.
const slaStatsDays = 14

// slaUpdateLookback bounds how far back the board counts a claim's missed
// updates: older misses are history, not today's work.
const slaUpdateLookback = 7

// slaBoard is the SLA board's data: what waits for an answer, which claims
// owe today's update, which paperwork is due, and how the office did.
type slaBoard struct {
	Now              time.Time `json:"now"`
	AckTargetMinutes int       `json:"ack_target_minutes"`
	// Waiting lists the messages waiting for acknowledgment, soonest due
	// first; WaitingTotal counts them all.
	Waiting      []waitingItem `json:"waiting"`
	WaitingTotal int           `json:"waiting_total"`
	// MissingUpdates lists the open claims without an update yet today,
	// overdue first, then those longest without an update.
	MissingUpdates      []missingUpdateItem `json:"missing_updates"`
	MissingUpdatesTotal int                 `json:"missing_updates_total"`
	// Alerts lists the paperwork milestones of open claims that need
	// action, overdue first.
	Alerts      []alertItem `json:"alerts"`
	AlertsTotal int         `json:"alerts_total"`
	// AckStats has one entry per office day, oldest first, today last.
	AckStats []ackDayStats `json:"ack_stats"`
	// UndeliveredMail lists the reports of the office's mail that did not
	// arrive (bounces), not yet marked seen, the latest first.
	UndeliveredMail      []undeliveredItem `json:"undelivered_mail"`
	UndeliveredMailTotal int               `json:"undelivered_mail_total"`
	// ClosedClaimMail lists mail on a closed claim: messages filed into
	// claims after they closed, not yet marked seen, the latest first.
	ClosedClaimMail      []closedClaimMailItem `json:"closed_claim_mail"`
	ClosedClaimMailTotal int                   `json:"closed_claim_mail_total"`
	// AwaitingApproval lists the equipment lines of open claims waiting
	// for the carrier's approval, the longest waiting first.
	AwaitingApproval      []approvalWaitItem `json:"awaiting_approval"`
	AwaitingApprovalTotal int                `json:"awaiting_approval_total"`
	// IncompleteRecords counts the open claims whose record lacks a
	// required field ("record incomplete").
	IncompleteRecords int `json:"incomplete_records"`
}

// closedClaimMailItem is a message that came into a closed claim.
type closedClaimMailItem struct {
	ID int64 `json:"id"`
	// OfficeID is the message's: the board offers "Mark seen" to those
	// who may change its things.
	OfficeID   int64     `json:"-"`
	From       string    `json:"from"`
	FromName   string    `json:"from_name"`
	Subject    string    `json:"subject"`
	ReceivedAt time.Time `json:"received_at"`
	ClaimID    int64     `json:"claim_id"`
	JobNumber  string    `json:"job_number"`
	// Who names a sender whose mail gives no name as the claim's record
	// does (the board's words, not the API's).
	Who string `json:"-"`
}

// undeliveredItem is a report that mail the office sent did not arrive.
type undeliveredItem struct {
	ID int64 `json:"id"` // the report
	// OfficeID is the report's: the board offers "Mark seen" to those who
	// may change its things.
	OfficeID   int64                          `json:"-"`
	ReceivedAt time.Time                      `json:"received_at"`
	SentID     int64                          `json:"sent_id"` // the office's message
	Subject    string                         `json:"subject"` // the office's message's
	Recipients []storage.UndeliveredRecipient `json:"recipients"`
	ClaimID    int64                          `json:"claim_id"` // 0 when the office's message is in no claim
	JobNumber  string                         `json:"job_number"`
	// Returned are the recipients as the claims' records have them, for
	// the board's words.
	Returned []returnedTo `json:"-"`
}

// waitingItem is a message waiting for acknowledgment.
type waitingItem struct {
	ID         int64      `json:"id"`
	OfficeID   int64      `json:"office_id"`
	From       string     `json:"from"`
	FromName   string     `json:"from_name"`
	Subject    string     `json:"subject"`
	Status     string     `json:"status"`
	ReceivedAt time.Time  `json:"received_at"`
	DueAt      *time.Time `json:"due_at"`
	State      sla.State  `json:"state"`
	ClaimID    *int64     `json:"claim_id"`
	JobNumber  *string    `json:"job_number"`
	// Incomplete says why parsing stopped before the end of the message;
	// shown on the board, not part of the API.
	Incomplete string `json:"-"`
	// Who names a sender whose mail gives no name as the claim's record
	// does (the board's words, not the API's).
	Who string `json:"-"`
	// ClaimClosed marks mail on a closed claim, which the board lists here
	// rather than among the closed claims' mail: it waits for an answer.
	ClaimClosed bool `json:"-"`
	// WaitedMinutes is how many business minutes it has waited so far.
	WaitedMinutes int `json:"waited_minutes"`
	// Clock is the deadline in business time as the page first shows it
	// (the page's script keeps it running while the office is open).
	Clock businessClock `json:"-"`
}

// The board's rows spell out their fields rather than embed a shared
// struct: html/template finds a promoted field by a slow search, on every
// row of every list.

// missingUpdateItem is an open claim without an update yet today.
type missingUpdateItem struct {
	ClaimID       int64  `json:"claim_id"`
	OfficeID      int64  `json:"office_id"`
	JobNumber     string `json:"job_number"`
	ClaimNumber   string `json:"claim_number"`
	InsuredName   string `json:"insured_name"`
	AdjusterName  string `json:"adjuster_name"`
	AdjusterEmail string `json:"adjuster_email"`
	// Date is today's office date; DueAt is when the office closes.
	Date  string    `json:"date"`
	DueAt time.Time `json:"due_at"`
	State sla.State `json:"state"`
	// LastUpdateAt is the claim's latest update, null if none.
	LastUpdateAt *time.Time `json:"last_update_at"`
	// OverdueDays lists earlier days of the past week whose update is
	// missing too.
	OverdueDays []string `json:"overdue_days"`
}

// alertItem is a paperwork milestone of an open claim that needs action.
type alertItem struct {
	ClaimID     int64             `json:"claim_id"`
	OfficeID    int64             `json:"office_id"`
	JobNumber   string            `json:"job_number"`
	ClaimNumber string            `json:"claim_number"`
	InsuredName string            `json:"insured_name"`
	Milestone   sla.MilestoneName `json:"milestone"`
	State       sla.State         `json:"state"`
	// DueAt is null for work with no deadline (signatures to verify).
	DueAt *time.Time `json:"due_at"`
	// DueDay is the day (YYYY-MM-DD, on the office's clock) of a deadline
	// that is a whole day, as every page tells it (the ATP of work known
	// to start on a day alone): DueAt is then the office's close that
	// day. Null when DueAt is an instant, or null.
	DueDay  *string `json:"due_day"`
	Message string  `json:"message"`
}

// ackDayStats is how the office acknowledged the messages that arrived on
// one day.
type ackDayStats struct {
	Date string `json:"date"`
	// Count is how many messages needing acknowledgment arrived;
	// Acknowledged how many of them are acknowledged, Overdue how many
	// still wait past their deadline; the rest wait, not yet due.
	Count        int `json:"count"`
	Acknowledged int `json:"acknowledged"`
	Overdue      int `json:"overdue"`
	// Within is how many were acknowledged within the target.
	Within int `json:"within_target_count"`
	// MedianMinutes is the median business minutes of the acknowledgments;
	// null when there were none.
	MedianMinutes *float64 `json:"median_minutes"`
	// WithinTarget is the share of the messages whose outcome is known
	// (acknowledged, or past their deadline) acknowledged by the deadline;
	// null when no outcome is known yet.
	WithinTarget *float64 `json:"within_target"`
}

// slaUrgency orders states for the board: overdue first.
var slaUrgency = map[sla.State]int{sla.StateOverdue: 0, sla.StateDueSoon: 1, sla.StatePending: 2}

func (s *Server) handleAPISLA(w http.ResponseWriter, r *http.Request) {
	limit, err := limitParam(r.URL.Query(), defaultLimit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	coordinator, err := s.coordinatorParam(r.Context(), r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.now()
	board, _, err := s.slaBoardData(withCoordinator(r.Context(), coordinator), now, limit, func(ctx context.Context, b *slaBoard) error {
		return s.boardAlerts(ctx, b, now, limit)
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	board.Now = board.Now.UTC()
	writeJSON(w, http.StatusOK, board)
}

// missingUpdateOf returns today's entry of a claim's daily updates when the
// update is still owed, with the earlier days that went without.
func missingUpdateOf(days []sla.UpdateDay, today sla.Date) (missingUpdateItem, bool) {
	var it missingUpdateItem
	found := false
	for _, d := range days {
		switch {
		case d.Date == today && !d.State.Done():
			it.Date, it.DueAt, it.State, found = d.Date.String(), d.Due.UTC(), d.State, true
		case d.Date != today && d.State == sla.StateOverdue:
			it.OverdueDays = append(it.OverdueDays, d.Date.String())
		}
	}
	if it.OverdueDays == nil {
		it.OverdueDays = []string{}
	}
	return it, found
}

// officeSamples are the acknowledgment samples of offices that count by one
// calendar.
type officeSamples struct {
	cal     *sla.Calendar
	samples []storage.AckSample
}

// ackOutcome is what counts of sample m on its office's calendar cal:
// whether it is acknowledged, in how many business minutes, whether within
// target, and whether its outcome is known (acknowledged, or past its
// deadline).
func ackOutcome(cal *sla.Calendar, m storage.AckSample, now time.Time, target int) (acked bool, minutes int, within, known bool) {
	var due time.Time
	if m.DueAt != nil {
		due = *m.DueAt
	}
	state := sla.AckState(due, m.AcknowledgedAt, now, 0)
	if state.Done() {
		minutes = cal.BusinessMinutes(m.ArrivedAt, *m.AcknowledgedAt)
		if m.BusinessMinutes != nil {
			minutes = *m.BusinessMinutes
		}
		// Without a recorded deadline, the target decides.
		within = (m.DueAt != nil && state == sla.StateMet) || (m.DueAt == nil && minutes <= target)
	}
	return state.Done(), minutes, within, state.Done() || state == sla.StateOverdue
}

// ackStats sums up acknowledgments per day from first to last, each
// message on its own office's day and business hours.
func ackStats(groups []officeSamples, first, last sla.Date, now time.Time, target int) []ackDayStats {
	type day struct {
		count, acked, known, within int
		minutes                     []int
	}
	byDate := map[sla.Date]*day{}
	for _, g := range groups {
		for _, m := range g.samples {
			d := byDate[g.cal.DateOf(m.ArrivedAt)]
			if d == nil {
				d = &day{}
				byDate[g.cal.DateOf(m.ArrivedAt)] = d
			}
			d.count++
			acked, minutes, within, known := ackOutcome(g.cal, m, now, target)
			if acked {
				d.acked++
				d.minutes = append(d.minutes, minutes)
			}
			if within {
				d.within++
			}
			if known {
				d.known++
			}
		}
	}
	var out []ackDayStats
	for date := first; !date.After(last); date = date.AddDays(1) {
		st := ackDayStats{Date: date.String()}
		if d := byDate[date]; d != nil {
			st.Count, st.Acknowledged, st.Overdue, st.Within = d.count, d.acked, d.known-d.acked, d.within
			if len(d.minutes) > 0 {
				m := medianOf(d.minutes)
				st.MedianMinutes = &m
			}
			if d.known > 0 {
				share := float64(d.within) / float64(d.known)
				st.WithinTarget = &share
			}
		}
		out = append(out, st)
	}
	return out
}

// medianOf returns the median of xs, the mean of the middle two for an even
// count.
func medianOf(xs []int) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return float64(s[n/2])
	}
	return float64(s[n/2-1]+s[n/2]) / 2
}
