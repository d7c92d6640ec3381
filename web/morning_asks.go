package web

import (
	"context"
	"slices"
	"time"

	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// addMorningAsks gives each morning-page line of a paperwork alert what
// the claim page's Next line says and offers of its reminders
// (nextLineReminder): where the latest stands, the one-click reminder to
// each person it asks for documents where claimdesk sends mail, else the
// link that writes it in the mail program with its "I sent it"; a line
// asking to add the person first, the office's people in that role to
// pick from. claims are the page's, d their people and latest reminders.
func (s *Server) addMorningAsks(ctx context.Context, v *morningView, claims map[int64]storage.Claim, d morningData, now time.Time) error {
	var ids []int64
	for _, mc := range v.Claims {
		if mc.Mail == nil && slices.ContainsFunc(mc.Todo, func(st nextStep) bool { return st.Alert != nil }) {
			ids = append(ids, mc.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	listed, err := s.db.PeopleOfClaims(ctx, ids)
	if err != nil {
		return err
	}
	facts, err := s.db.ClaimsFullFacts(ctx, ids)
	if err != nil {
		return err
	}
	for i := range v.Claims {
		mc := &v.Claims[i]
		if f := facts[mc.ID]; f != nil {
			if err := s.addMorningClaimAsks(ctx, mc, claims[mc.ID], d, listed[mc.ID], *f, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// addMorningClaimAsks gives the lines of morning-page claim mc (c, with
// facts f; listed, the office's people) what they say and offer of their
// reminders (addMorningAsks).
func (s *Server) addMorningClaimAsks(ctx context.Context, mc *morningClaim, c storage.Claim, d morningData, listed []storage.Person, f sla.ClaimFacts, now time.Time) error {
	people := d.people[mc.ID]
	a := claimAsks{people: people, to: outbox.AskRecipients(people, listed), facts: f, now: now,
		offered: reminderOffers(s.rulesOf(c.OfficeID).Calendar, f, now)}
	var lines [][]sla.DocType
	for _, st := range mc.Todo {
		lines = append(lines, st.Asks)
	}
	a.owed = owedOf(lines, a.to)
	for j, st := range mc.Todo {
		if st.Alert == nil {
			continue
		}
		if st.Add != "" {
			mc.addPeople(j, slices.DeleteFunc(slices.Clone(listed), func(p storage.Person) bool { return p.Role != st.Add }))
		}
		ar, err := s.nextLineReminder(ctx, c, a, st, d.reminded[mc.ID], "/morning", nil)
		if err != nil {
			return err
		}
		if ar != nil {
			if mc.Asks == nil {
				mc.Asks = map[int]*alertReminder{}
			}
			mc.Asks[j] = ar
		}
	}
	return nil
}

// addPeople offers the people to pick from for line i, which asks to add
// one to the claim; none, nothing.
func (mc *morningClaim) addPeople(i int, people []storage.Person) {
	if len(people) == 0 {
		return
	}
	if mc.Add == nil {
		mc.Add = map[int][]storage.Person{}
	}
	mc.Add[i] = people
}
