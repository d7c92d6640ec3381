package web

import (
	"context"
	"errors"
	"slices"
	"strings"
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
		a := claimAsks{people: people[mc.ID], to: outbox.AskRecipients(people[mc.ID], listed[mc.ID]), facts: *f, now: now}
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
			ar, err := s.morningAsk(ctx, claims[mc.ID], a, st.Asks)
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

// morningAsk is what asks each person a line of claim c asks for docs
// (lineAsks): the documents-needed reminder, which asks them for all they
// owe, as the claim page's does (claimAsks.ask); nil when they owe nothing.
func (s *Server) morningAsk(ctx context.Context, c storage.Claim, a claimAsks, docs []sla.DocType) (*alertReminder, error) {
	kind, loc := storage.ReminderChaseUpload, s.rulesOf(c.OfficeID).Calendar.Location()
	ar := &alertReminder{}
	for _, g := range lineAsks(docs, a.people, a.to) {
		ask := a.ask(kind, g.to)
		if len(ask.Docs) == 0 {
			continue
		}
		name := a.name(g.to)
		if s.opts.Outbox != nil {
			ar.Buttons = append(ar.Buttons, remindButton{ClaimID: c.ID, Kind: kind, To: g.to.Email, Label: "Remind " + name, Back: "/morning", Docs: ask.Docs})
			continue
		}
		d, err := s.writer.DraftReminder(ctx, c, kind, g.to, ask, coordinatorOf(ctx))
		if errors.Is(err, outbox.ErrBadTemplate) {
			s.log.Warn("reminder template unusable", "claim_id", c.ID, "kind", kind, "err", err)
			continue
		}
		if err != nil {
			return nil, err
		}
		sent := sentAtField{Now: a.now.In(loc).Format(stageTimeLayout), Min: a.facts.OpenedAt.In(loc).Format(stageTimeLayout)}
		ar.Mail = append(ar.Mail, reminderLink{mailLink: mailLink{Label: emailButton(name), Href: mailtoURL(d)}, ClaimID: c.ID, Kind: kind,
			To: g.to.Email, Name: name, Key: formKey(), sentAtField: sent})
	}
	if len(ar.Buttons) == 0 && len(ar.Mail) == 0 {
		return nil, nil
	}
	return ar, nil
}

// morningReminded says, by the index of a line of todo, where the latest
// reminder the line would send stands, as the claim page's Next says it:
// its alert's reminder, else the documents-needed reminder to a person
// the line asks. latest are the claim's reminders, newest first; times
// are on the office's clock (loc).
func morningReminded(todo []nextStep, latest []storage.ClaimReminder, people []storage.ClaimParticipant, now time.Time, loc *time.Location) map[int]string {
	var out map[int]string
	for i, st := range todo {
		if st.Alert == nil {
			continue
		}
		kind := reminderKindFor(st.Alert.Milestone)
		j := slices.IndexFunc(latest, func(r storage.ClaimReminder) bool {
			if kind != "" {
				return r.Kind == kind
			}
			return r.Kind == storage.ReminderChaseUpload && lineAsksOf(st.Asks, people, r.Recipient)
		})
		if j < 0 {
			continue
		}
		if out == nil {
			out = map[int]string{}
		}
		out[i] = reminderWords(latest[j], people, now, loc)
	}
	return out
}

// lineAsksOf reports whether a line asking for docs asks the person of
// address email.
func lineAsksOf(docs []sla.DocType, people []storage.ClaimParticipant, email string) bool {
	for _, t := range docs {
		if p := askedParticipant(t, people); p != nil && strings.EqualFold(strings.TrimSpace(p.Email), email) {
			return true
		}
	}
	return false
}
