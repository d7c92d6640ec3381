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
	r, err := s.readPaperwork(ctx, ids, now)
	if err != nil {
		return nil, 0, err
	}
	out := make([]claimPaperwork, len(claims))
	for i, c := range claims {
		out[i] = s.paperworkRow(c, r, now, home)
	}
	return out, total, nil
}

// paperworkReads are what the board's paperwork rows read of their claims,
// by claim.
type paperworkReads struct {
	people   map[int64][]storage.ClaimParticipant
	listed   map[int64][]storage.Person
	reminded map[int64][]storage.ClaimReminder
	facts    map[int64]*sla.ClaimFacts
	packets  map[int64]storage.ClaimBilling
}

// readPaperwork reads what the paperwork rows of claims ids show.
func (s *Server) readPaperwork(ctx context.Context, ids []int64, now time.Time) (r paperworkReads, err error) {
	if r.people, err = s.db.ParticipantsOfClaims(ctx, ids); err != nil {
		return r, err
	}
	if r.listed, err = s.db.PeopleOfClaims(ctx, ids); err != nil {
		return r, err
	}
	if r.reminded, err = s.db.LatestRemindersOfClaims(ctx, ids); err != nil {
		return r, err
	}
	if r.facts, err = s.db.ClaimsFullFacts(ctx, ids); err != nil {
		return r, err
	}
	r.packets, err = s.db.BillingOfClaims(ctx, ids, now)
	return r, err
}

// paperworkRow is the board's paperwork row of claim c.
func (s *Server) paperworkRow(c storage.ClaimAlerts, r paperworkReads, now time.Time, home *time.Location) claimPaperwork {
	cal := s.rulesOf(c.OfficeID).Calendar
	loc := cal.Location() // due times on the office's clock
	people := r.people[c.ClaimID]
	row := claimPaperwork{ClaimID: c.ClaimID, OfficeID: c.OfficeID, JobNumber: c.JobNumber, InsuredName: c.InsuredName, Next: c.Alerts[0]}
	var billing *storage.ClaimBilling
	if b, ok := r.packets[c.ClaimID]; ok {
		billing = &b
	}
	// Up to two lines the row shows them all (see sla_board.html).
	lines := shownPaperworkLines(c.Alerts, people, billing, func(l []paperworkLine) bool { return len(l) <= 2 }, now, loc, home)
	row.Action = sentence(c.Alerts[0].Message)
	var asks []sla.DocType
	if len(lines) > 0 && lines[0].Alert == c.Alerts[0] {
		row.Action, row.ActionHref, asks, lines = lines[0].Text, lines[0].addHref(c.ClaimID), lines[0].Docs, lines[1:]
	}
	offered := func(string, outbox.Recipient) bool { return false }
	if f := r.facts[c.ClaimID]; f != nil {
		offered = reminderOffers(cal, *f, now)
	}
	to := outbox.AskRecipients(people, r.listed[c.ClaimID])
	row.Reminder = s.alertReminderOf(c.ClaimID, c.Alerts[0], people, to, offered, "/").
		standing(lineStanding(c.Alerts[0].Milestone, asks, r.reminded[c.ClaimID], people, to, now, loc))
	for _, l := range lines {
		row.Rest = append(row.Rest, l.Text)
	}
	return row
}
