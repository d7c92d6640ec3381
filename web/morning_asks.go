package web

import (
	"context"
	"slices"
	"time"

	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// addMorningAsks gives each morning-page line that asks a person of the
// claim for documents what asks them, as the claim page's Next does: the
// one-click reminder where claimdesk sends mail, else the link that writes
// it in the mail program with its "I sent it"; a line asking to add the
// person first, the office's people in that role to pick from. claims
// are the page's, people their participants.
func (s *Server) addMorningAsks(ctx context.Context, v *morningView, claims map[int64]storage.Claim, people map[int64][]storage.ClaimParticipant, now time.Time) error {
	var ids []int64
	for _, mc := range v.Claims {
		for _, st := range mc.Todo {
			if mc.Mail == nil && len(st.Asks) > 0 {
				ids = append(ids, mc.ID)
				break
			}
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
		f := facts[mc.ID]
		if f == nil {
			continue
		}
		c := claims[mc.ID]
		a := claimAsks{people: people[mc.ID], to: outbox.AskRecipients(people[mc.ID], listed[mc.ID]), facts: *f, now: now,
			offered: reminderOffers(s.rulesOf(c.OfficeID).Calendar, *f, now)}
		var lines [][]sla.DocType
		for _, st := range mc.Todo {
			lines = append(lines, st.Asks)
		}
		a.owed = owedOf(lines, a.people, a.to)
		for j, st := range mc.Todo {
			if len(st.Asks) == 0 {
				continue
			}
			if st.Add != "" {
				mc.addPeople(j, slices.DeleteFunc(slices.Clone(listed[mc.ID]), func(p storage.Person) bool { return p.Role != st.Add }))
			}
			ar, err := s.lineAsk(ctx, c, a, st.Asks, "/morning", nil)
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

// morningReminded says, by the index of a line of todo, where the latest
// reminder it answers stands, as the claim page's Next says it
// (lineStanding). latest are the claim's latest reminders of each kind to
// each recipient, newest first; times are on the office's clock (loc).
func morningReminded(todo []nextStep, latest []storage.ClaimReminder, people []storage.ClaimParticipant, now time.Time, loc *time.Location) map[int]*reminderStanding {
	var out map[int]*reminderStanding
	for i, st := range todo {
		if st.Alert == nil {
			continue
		}
		if rs := lineStanding(st.Alert.Milestone, st.Asks, latest, people, now, loc); rs != nil {
			if out == nil {
				out = map[int]*reminderStanding{}
			}
			out[i] = rs
		}
	}
	return out
}
