package web

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// recipientAsk is what a paperwork line asks one person for.
type recipientAsk struct {
	to   outbox.Recipient
	docs []sla.DocType
}

// lineAsks are what a line asking for docs asks each person it may ask,
// among those that can be written to (to): each document of everyone
// whose job it is, the foreman as the technician (askedRoles), whom the
// board offers to remind alike and whose reminders the line counts
// (lineAsked). A person with no address is left out: nobody to write to.
func lineAsks(docs []sla.DocType, to []outbox.Recipient) []recipientAsk {
	var out []recipientAsk
	for _, t := range docs {
		roles := askedRoles(t)
		for _, r := range to {
			if !slices.ContainsFunc(roles, r.Holds) {
				continue
			}
			j := slices.IndexFunc(out, func(a recipientAsk) bool { return strings.EqualFold(a.to.Email, r.Email) })
			if j < 0 {
				out, j = append(out, recipientAsk{to: r}), len(out)
			}
			out[j].docs = append(out[j].docs, t)
		}
	}
	return out
}

// askedRoles are the roles whose job a document of type t is, the one a
// line names first (personFor) first; none for the office's own or the
// lab's.
func askedRoles(t sla.DocType) []string {
	switch t.AskedOf() {
	case sla.AskTechnician:
		return []string{"technician", "foreman"}
	case sla.AskEstimator:
		return []string{"estimator"}
	}
	return nil
}

// nextLineReminder is what Next line st of claim c says and offers of
// its reminders, the same on the claim page and the morning page: the
// reminder to each person it asks for docs (lineAsk: back, written as
// there), and where the line's latest reminder stands (lineStanding, of
// sent, the claim's reminders newest first). nil when it offers and says
// nothing.
func (s *Server) nextLineReminder(ctx context.Context, c storage.Claim, a claimAsks, st nextStep, sent []storage.ClaimReminder, back string, written []reminderLink) (*alertReminder, error) {
	ar, err := s.lineAsk(ctx, c, a, st.Asks, back, written)
	if err != nil {
		return nil, err
	}
	loc := s.rulesOf(c.OfficeID).Calendar.Location()
	return ar.standing(lineStanding(st.Alert.Milestone, st.Asks, sent, a.people, a.to, a.now, loc)), nil
}

// reminderStanding is where a line's latest reminder stands, in words
// ("reminded Marcus 09:10, no answer yet"), and whether it went from a
// mail program, which the line says too.
type reminderStanding struct {
	Status     string
	MarkedSent bool
}

// lineStanding is where the latest reminder of a line stands, as the
// claim page's Next, the morning page and the board all say it: the
// reminder its alert (of milestone m) answers (reminderKindFor), else,
// for a line asking for documents (docs), the documents-needed one; sent
// to one of the claim's recipients (to, their addresses taken from the
// office's people list where the claim has none) the line asks
// (lineAsked). A line asking only to add a person first has nobody it
// asks, and so no reminder. sent are the claim's reminders, newest first:
// all, or the latest of each kind to each recipient. people name the
// recipient, on the office's clock (loc). nil when no such reminder went.
func lineStanding(m sla.MilestoneName, docs []sla.DocType, sent []storage.ClaimReminder, people []storage.ClaimParticipant, to []outbox.Recipient, now time.Time, loc *time.Location) *reminderStanding {
	kind := reminderKindFor(m)
	if kind == "" && len(docs) > 0 {
		kind = storage.ReminderChaseUpload
	}
	if kind == "" {
		return nil
	}
	i := slices.IndexFunc(sent, func(r storage.ClaimReminder) bool {
		return r.Kind == kind && slices.ContainsFunc(to, func(t outbox.Recipient) bool {
			return strings.EqualFold(t.Email, r.Recipient) && lineAsked(m, docs, t)
		})
	})
	if i < 0 {
		return nil
	}
	return &reminderStanding{Status: reminderWords(sent[i], people, now, loc), MarkedSent: sent[i].MarkedSentAt != nil}
}

// lineAsked reports whether a line of an alert of milestone m asking for
// docs asks r: r holds a role whose job one of them is, the foreman's as
// the technician's, whom the board offers to remind alike; where it asks
// for none, whether the alert does (alertAsks).
func lineAsked(m sla.MilestoneName, docs []sla.DocType, r outbox.Recipient) bool {
	if len(docs) == 0 {
		return alertAsks(m, r)
	}
	return slices.ContainsFunc(docs, func(t sla.DocType) bool { return slices.ContainsFunc(askedRoles(t), r.Holds) })
}

// standing is ar saying where its line's latest reminder stands (st: nil
// when none went); nil when it then offers and says nothing.
func (ar *alertReminder) standing(st *reminderStanding) *alertReminder {
	if st == nil {
		if ar.offersNothing() {
			return nil
		}
		ar.reminderStanding = reminderStanding{}
		return ar
	}
	if ar == nil {
		ar = &alertReminder{}
	}
	ar.reminderStanding = *st
	return ar
}

// lineAsk is what a line asking for docs offers each person it asks
// (lineAsks), on the claim page and the morning page alike: the
// documents-needed reminder, which asks them for all they owe
// (claimAsks.ask), as the one-click button back to back where claimdesk
// sends mail, else as the link that writes it in the mail program, with
// its "I sent it". written are the links the page wrote already, whose
// forms the line's share; one not among them is written now. nil when it
// offers nothing.
func (s *Server) lineAsk(ctx context.Context, c storage.Claim, a claimAsks, docs []sla.DocType, back string, written []reminderLink) (*alertReminder, error) {
	kind := storage.ReminderChaseUpload
	ar := &alertReminder{}
	for _, g := range lineAsks(docs, a.to) {
		if !a.offers(kind, g.to) {
			continue
		}
		if s.opts.Outbox != nil {
			b := a.button(c.ID, kind, g.to, back)
			b.Label = "Remind " + a.name(g.to)
			ar.Buttons = append(ar.Buttons, b)
			continue
		}
		if i := slices.IndexFunc(written, func(l reminderLink) bool { return l.Kind == kind && l.To == g.to.Email }); i >= 0 {
			ar.Mail = append(ar.Mail, written[i])
			continue
		}
		l, ok, err := s.reminderLinkOf(ctx, c, a, kind, g.to, a.sentAt(s.rulesOf(c.OfficeID).Calendar.Location()))
		if err != nil {
			return nil, err
		}
		if ok {
			ar.Mail = append(ar.Mail, l)
		}
	}
	if ar.offersNothing() {
		return nil, nil
	}
	return ar, nil
}

// offersNothing reports whether a reminder has nothing to press.
func (ar *alertReminder) offersNothing() bool {
	return ar == nil || (len(ar.Buttons) == 0 && len(ar.Mail) == 0)
}
