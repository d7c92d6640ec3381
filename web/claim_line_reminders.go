package web

import (
	"context"
	"slices"
	"strings"

	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// recipientAsk is what a paperwork line asks one person for.
type recipientAsk struct {
	to   outbox.Recipient
	docs []sla.DocType
}

// lineAsks are what a line asking for docs asks each person it names of
// the claim's people, among those that can be written to (to): each
// document of the person whose job it is, named as the line names them
// (askedPerson). A person with no address is left out: nobody to write to.
func lineAsks(docs []sla.DocType, people []storage.ClaimParticipant, to []outbox.Recipient) []recipientAsk {
	var out []recipientAsk
	for _, t := range docs {
		p := askedParticipant(t, people)
		if p == nil {
			continue
		}
		i := slices.IndexFunc(to, func(r outbox.Recipient) bool {
			if email := strings.TrimSpace(p.Email); email != "" {
				return strings.EqualFold(r.Email, email)
			}
			return strings.EqualFold(r.Name, strings.TrimSpace(p.Name))
		})
		if i < 0 {
			continue
		}
		j := slices.IndexFunc(out, func(a recipientAsk) bool { return a.to.Email == to[i].Email })
		if j < 0 {
			out, j = append(out, recipientAsk{to: to[i]}), len(out)
		}
		out[j].docs = append(out[j].docs, t)
	}
	return out
}

// askedParticipant is the person of the claim a line asks for a document
// of type t, as personFor picks them; nil when none, or when it is the
// office's own or the lab's.
func askedParticipant(t sla.DocType, people []storage.ClaimParticipant) *storage.ClaimParticipant {
	var roles []string
	switch t.AskedOf() {
	case sla.AskTechnician:
		roles = []string{"technician", "foreman"}
	case sla.AskEstimator:
		roles = []string{"estimator"}
	}
	for _, role := range roles {
		for i, p := range people {
			if p.Role == role && strings.TrimSpace(p.Name) != "" {
				return &people[i]
			}
		}
	}
	return nil
}

// lineReminder is the reminder a Next line asking people for docs offers
// where its alert's reminder offers none (the billing packet's COS, the
// ATP): what the line asks (lineAsk), its mail links the reminders
// card's, their "I sent it" forms the same; with it, where the last such
// reminder to a person it asks stands. nil when it offers nothing.
func (s *Server) lineReminder(ctx context.Context, v *claimView, docs []sla.DocType) (*alertReminder, error) {
	rs := &v.Reminders
	a, kind := rs.asks, storage.ReminderChaseUpload
	ar, err := s.lineAsk(ctx, v.C, a, docs, rs.back, rs.mail[kind])
	if err != nil {
		return nil, err
	}
	loc := s.rulesOf(v.C.OfficeID).Calendar.Location()
	for _, g := range lineAsks(docs, v.Participants, a.to) {
		if !a.offers(kind, g.to) {
			continue
		}
		if i := slices.IndexFunc(rs.sent, func(r storage.ClaimReminder) bool { return r.Kind == kind && r.Recipient == g.to.Email }); i >= 0 {
			if ar == nil {
				ar = &alertReminder{}
			}
			ar.Status, ar.MarkedSent = reminderWords(rs.sent[i], v.Participants, a.now, loc), rs.sent[i].MarkedSentAt != nil
			break
		}
	}
	return ar, nil
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
	for _, g := range lineAsks(docs, a.people, a.to) {
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
