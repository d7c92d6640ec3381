package web

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// morningClaims bounds the morning page's open claims: the most a
// coordinator works through in a morning. The page says when it stops,
// and the claims list, sorted the same way, has the rest; reading and
// printing thousands would make it slow to open and useless on paper.
const morningClaims = 100

// morningView is the coordinator's morning page: every open claim with
// what it needs today, those that need the most first, printable.
type morningView struct {
	// Date is the office's date in words.
	Date string
	// Claims are the open claims with something to do today.
	Claims []morningClaim
	// OnTrack are the open claims with nothing due today.
	OnTrack []morningClaim
	// More reports that the page leaves out open claims, those needing
	// the least; Shown is how many it holds then.
	More  bool
	Shown int
	// ToConfirm names the claims with equipment from mail to confirm.
	ToConfirm toConfirm
}

// morningClaim is one claim of the morning page, or mail in no claim
// waiting for an answer.
type morningClaim struct {
	ID          int64
	JobNumber   string
	InsuredName string
	OfficeID    int64
	State       claimState
	// Todo is what the claim needs today, most urgent first; Asks, by
	// the index of a paperwork line, what it says and offers of its
	// reminders, as the claim page's Next line does.
	Todo []nextStep
	Asks map[int]*alertReminder
	// Add are, by the index of a line asking to add a person to the
	// claim, the office's people in that role to pick from.
	Add map[int][]storage.Person
	// Mail is the message, in no claim yet, this entry answers; nil for a
	// claim.
	Mail *claimMail
}

// morningData is what the page reads about the open claims shown, by claim.
type morningData struct {
	people   map[int64][]storage.ClaimParticipant
	counts   map[int64]storage.ClaimCounts
	alerts   map[int64][]sla.Alert
	requests map[int64][]storage.Request
	waiting  map[int64][]storage.MessageRow
	// approvals are the equipment lines waiting for the carrier's approval.
	approvals map[int64][]storage.ApprovalWait
	// checklists are the paperwork checklists of the claims with open
	// requests: what is on file to send; billing what the billing
	// packets of those with a billing alert lack, as the board and the
	// claims list read them.
	checklists map[int64][]sla.ChecklistItem
	billing    map[int64]storage.ClaimBilling
	// reminded are the claims' latest reminders, newest first.
	reminded map[int64][]storage.ClaimReminder
	// returned are, first, the lines saying the office's mail on the claim
	// came back (morningReturned).
	returned map[int64][]nextStep
}

func (s *Server) handleMorningPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.morningView(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	mine, err := s.mineSwitchOf(r.Context(), "/morning", "The open claims you coordinate.")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "morning", pageData{Title: "Morning page", Nav: "sla", Mine: mine, Data: v})
}

// morningView gathers the morning page at the server's now.
func (s *Server) morningView(ctx context.Context) (morningView, error) {
	now := s.now()
	groups, err := s.officesByCalendar(ctx)
	if err != nil {
		return morningView{}, err
	}
	// The date is the first office's; each claim's day is its office's,
	// its times named with their zone when that is another.
	v := morningView{Date: now.In(groups[0].cal.Location()).Format("Monday, January 2, 2006")}
	// Paperwork alerts are read from what the refresh keeps up to date.
	if err := s.refreshClaimAlerts(ctx); err != nil {
		return v, err
	}
	f := storage.ClaimFilter{Status: "open", Sort: storage.ClaimSortAttention, Now: now, Limit: morningClaims + 1,
		Offices: scopeFrom(ctx).claimOffices()}
	if err := s.setUpdateDays(ctx, &f, now); err != nil {
		return v, err
	}
	claims, returned, err := s.morningClaimsOf(ctx, &v, f, now, groups[0].cal.Location())
	if err != nil {
		return v, err
	}
	d, err := s.morningData(ctx, claims, now)
	if err != nil {
		return v, err
	}
	d.returned = returned
	if v.ToConfirm, err = s.toConfirmOf(ctx); err != nil {
		return v, err
	}
	s.addMorningClaims(&v, claims, d, f, now, groups[0].cal.Location())
	byID := map[int64]storage.Claim{}
	for _, c := range claims {
		byID[c.ID] = c
	}
	if err := s.addMorningAsks(ctx, &v, byID, d, now); err != nil {
		return v, err
	}
	mail, err := s.morningMail(ctx, f.Offices, now, groups[0].cal.Location())
	if err != nil {
		return v, err
	}
	v.Claims = byAttention(mail, v.Claims)
	return v, nil
}

// morningClaimsOf lists the open claims f keeps that need the most, up to
// morningClaims (v says when it stops there), and the open claims whose
// mail came back, wherever they rank: that needs doing today, and no
// deadline ranks it. It returns them with the lines saying the mail came
// back, by claim (morningReturned).
func (s *Server) morningClaimsOf(ctx context.Context, v *morningView, f storage.ClaimFilter, now time.Time, home *time.Location) ([]storage.Claim, map[int64][]nextStep, error) {
	claims, err := s.db.ListClaims(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	if len(claims) > morningClaims {
		claims, v.More, v.Shown = claims[:morningClaims], true, morningClaims
	}
	returned, err := s.morningReturned(ctx, f.Offices, now, home)
	if err != nil {
		return nil, nil, err
	}
	for _, id := range slices.Sorted(maps.Keys(returned)) {
		if slices.ContainsFunc(claims, func(c storage.Claim) bool { return c.ID == id }) {
			continue
		}
		c, err := s.db.GetClaim(ctx, id)
		if errors.Is(err, storage.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		if c.Status == "open" {
			claims = append(claims, c)
		}
	}
	return claims, returned, nil
}

// addMorningClaims puts each of claims in v's Claims, with what it needs
// today, or else in its OnTrack; times on each office's clock, named when
// it is not the viewer's (home).
func (s *Server) addMorningClaims(v *morningView, claims []storage.Claim, d morningData, f storage.ClaimFilter, now time.Time, home *time.Location) {
	for _, c := range claims {
		mc := morningClaim{ID: c.ID, JobNumber: c.JobNumber, InsuredName: c.InsuredName, OfficeID: c.OfficeID,
			State: stateOf(c, d.counts[c.ID], f.TodayOf(c.OfficeID), now)}
		cal := s.rulesOf(c.OfficeID).Calendar
		mc.Todo = slices.Concat(d.returned[c.ID], nextSteps(d.work(c), f.TodayOf(c.OfficeID), now, cal, home))
		if len(mc.Todo) == 0 {
			v.OnTrack = append(v.OnTrack, mc)
			continue
		}
		v.Claims = append(v.Claims, mc)
	}
}

// morningMail lists the mail in no claim waiting for an answer (a
// homeowner asking "can someone come out today?"), soonest due first,
// each with the answer it waits for.
func (s *Server) morningMail(ctx context.Context, offices storage.Offices, now time.Time, home *time.Location) ([]morningClaim, error) {
	waiting, err := s.db.WaitingUnfiled(ctx, offices, morningClaims)
	if err != nil {
		return nil, err
	}
	var out []morningClaim
	for _, m := range waiting {
		n := storage.ClaimCounts{Waiting: 1}
		if m.AckDueAt != nil && m.AckDueAt.Before(now) {
			n.Overdue = 1
		}
		out = append(out, morningClaim{
			State: stateOf(storage.Claim{}, n, nil, now),
			Todo:  nextSteps(claimWork{waiting: []storage.MessageRow{m}}, nil, now, s.rulesOf(m.OfficeID).Calendar, home),
			Mail:  &claimMail{ID: m.ID, Subject: orNoSubject(m.Subject), From: cmp.Or(m.FromName, m.FromAddress)},
		})
	}
	return out, nil
}

// byAttention merges mail into claims, the most urgent first: by their
// state, then within a state by their most urgent thing to do
// (mostUrgent), mail ahead of a claim as urgent, since nobody has answered
// it at all.
func byAttention(mail, claims []morningClaim) []morningClaim {
	out := slices.Concat(mail, claims)
	slices.SortStableFunc(out, func(a, b morningClaim) int {
		if c := b.State.Attention - a.State.Attention; c != 0 {
			return c
		}
		return mostUrgent(a.Todo[0], b.Todo[0])
	})
	return out
}

// morningData reads the people, counts, alerts, open requests, mail
// waiting and equipment awaiting approval of claims.
func (s *Server) morningData(ctx context.Context, claims []storage.Claim, now time.Time) (morningData, error) {
	var d morningData
	ids := make([]int64, len(claims))
	for i, c := range claims {
		ids[i] = c.ID
	}
	var err error
	if d.people, err = s.db.ParticipantsOfClaims(ctx, ids); err != nil {
		return d, err
	}
	if d.counts, err = s.db.ClaimCountsOf(ctx, ids, now); err != nil {
		return d, err
	}
	if d.alerts, err = s.db.AlertsOfClaimsAt(ctx, ids, now); err != nil {
		return d, err
	}
	if d.requests, err = s.db.OpenRequestsOfClaims(ctx, ids); err != nil {
		return d, err
	}
	if d.approvals, err = s.db.ApprovalsAwaitedOfClaims(ctx, ids); err != nil {
		return d, err
	}
	if d.waiting, err = s.db.WaitingOfClaims(ctx, ids); err != nil {
		return d, err
	}
	if d.reminded, err = s.db.LatestRemindersOfClaims(ctx, ids); err != nil {
		return d, err
	}
	return d, s.addMorningPaperwork(ctx, &d, claims, now)
}

// addMorningPaperwork reads the claims' paperwork at now, only where a
// step says it: what is on file for their requests, and what the billing
// packets of those with a billing alert lack.
func (s *Server) addMorningPaperwork(ctx context.Context, d *morningData, claims []storage.Claim, now time.Time) error {
	var asked, billed []int64
	for _, c := range claims {
		if len(d.requests[c.ID]) > 0 {
			asked = append(asked, c.ID)
		}
		if slices.ContainsFunc(d.alerts[c.ID], func(a sla.Alert) bool { return a.Milestone == sla.MilestoneBilling }) {
			billed = append(billed, c.ID)
		}
	}
	var err error
	if d.billing, err = s.db.BillingOfClaims(ctx, billed, now); err != nil {
		return err
	}
	d.checklists = map[int64][]sla.ChecklistItem{}
	if len(asked) == 0 {
		return nil
	}
	facts, err := s.db.ClaimsFacts(ctx, asked)
	if err != nil {
		return err
	}
	for id, f := range facts {
		d.checklists[id] = sla.Checklist(*f, now)
	}
	return nil
}

// work is what claim c waits on, of what the page read.
func (d morningData) work(c storage.Claim) claimWork {
	w := claimWork{claim: c, people: d.people[c.ID], alerts: d.alerts[c.ID], requests: d.requests[c.ID],
		waiting: d.waiting[c.ID], lastUpdate: d.counts[c.ID].LastUpdateAt}
	// Today's work only: a new job's steps ahead of their deadline, and
	// its record, are the claim page's and the board's.
	w.checklist = d.checklists[c.ID]
	if b, ok := d.billing[c.ID]; ok {
		w.billing = &b
	}
	for _, a := range d.approvals[c.ID] {
		w.approvals = append(w.approvals, a.Equipment)
	}
	return w
}
