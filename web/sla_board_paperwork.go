package web

import (
	"context"
	"time"

	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// claimPaperwork is one claim's row in the board's paperwork section: the
// single next thing to do on it, in words, and the rest behind it.
type claimPaperwork struct {
	ClaimID int64
	// OfficeID is the claim's: its reminder buttons are offered to those
	// who may change its things.
	OfficeID    int64
	JobNumber   string
	InsuredName string
	// Next is the most urgent alert; Action says what to do about it, and
	// ActionHref where, when it is done on the claim's record (a person to
	// add first).
	Next       sla.Alert
	Action     string
	ActionHref string
	// Rest are the claim's other alerts, in words.
	Rest []string
	// Reminder is what was done to remind the field of Next, and the
	// buttons to; nil when no reminder answers it.
	Reminder *alertReminder
}

// boardPaperwork lists up to limit claims with paperwork due, one row per
// claim, most urgent first, and how many there are in all.
func (s *Server) boardPaperwork(ctx context.Context, now time.Time, home *time.Location, limit int) ([]claimPaperwork, int, error) {
	claims, total, err := s.db.ClaimAlertsByClaimAt(ctx, scopeFrom(ctx).claimOffices(), now, limit)
	if err != nil || len(claims) == 0 {
		return nil, total, err
	}
	ids := make([]int64, len(claims))
	for i, c := range claims {
		ids[i] = c.ClaimID
	}
	people, err := s.db.ParticipantsOfClaims(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	listed, err := s.db.PeopleOfClaims(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	reminded, err := s.db.LatestRemindersOfClaims(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	facts, err := s.db.ClaimsFullFacts(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	packets, err := s.db.BillingOfClaims(ctx, ids, now)
	if err != nil {
		return nil, 0, err
	}
	billing := func(id int64) *storage.ClaimBilling {
		if b, ok := packets[id]; ok {
			return &b
		}
		return nil
	}
	out := make([]claimPaperwork, len(claims))
	for i, c := range claims {
		cal := s.rulesOf(c.OfficeID).Calendar
		loc := cal.Location() // due times on the office's clock
		row := claimPaperwork{ClaimID: c.ClaimID, OfficeID: c.OfficeID, JobNumber: c.JobNumber, InsuredName: c.InsuredName, Next: c.Alerts[0]}
		// Up to two lines the row shows them all (see sla_board.html).
		lines := shownPaperworkLines(c.Alerts, people[c.ClaimID], billing(c.ClaimID), func(l []paperworkLine) bool { return len(l) <= 2 }, now, loc, home)
		row.Action = sentence(c.Alerts[0].Message)
		var asks []sla.DocType
		if len(lines) > 0 && lines[0].Alert == c.Alerts[0] {
			row.Action, row.ActionHref, asks, lines = lines[0].Text, lines[0].addHref(c.ClaimID), lines[0].Docs, lines[1:]
		}
		offered := func(string, outbox.Recipient) bool { return false }
		if f := facts[c.ClaimID]; f != nil {
			offered = reminderOffers(cal, *f, now)
		}
		to := outbox.AskRecipients(people[c.ClaimID], listed[c.ClaimID])
		row.Reminder = s.alertReminderOf(c.ClaimID, c.Alerts[0], people[c.ClaimID], to, offered, "/").
			standing(lineStanding(c.Alerts[0].Milestone, asks, reminded[c.ClaimID], people[c.ClaimID], to, now, loc))
		for _, l := range lines {
			row.Rest = append(row.Rest, l.Text)
		}
		out[i] = row
	}
	return out, total, nil
}
