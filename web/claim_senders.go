package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/mail"
	"slices"
	"strings"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// claimSendersShown is how many of the people who wrote into a claim its
// page suggests adding to its people.
const claimSendersShown = 5

// senderSuggestion is someone who wrote into the claim and is not among
// its people: the page adds them in one click.
type senderSuggestion struct {
	Name, Email string
	// Role is the role offered first: theirs on the office's people list,
	// coordinator for someone who signs in to the office, technician for
	// another of the office's own addresses, and for anyone else none: a
	// choice to make, never a guess.
	Role string
	// Staff marks an address of the office's own domain.
	Staff bool
	// Sent says what they sent: "sent 14 photos, 1 ATP in 6 messages".
	Sent string
}

// claimSenders suggests up to claimSendersShown people who wrote into
// claim c and are not among its people; people is the office's people
// list, whose names and roles it knows them by.
func (s *Server) claimSenders(ctx context.Context, c storage.Claim, people []storage.Person) ([]senderSuggestion, error) {
	domain := s.opts.OfficeDomain
	office, err := s.db.OfficeByID(ctx, c.OfficeID)
	if err != nil {
		return nil, err
	}
	if office.Domain != "" {
		domain = office.Domain
	}
	// The address the office sends from is its own, whatever its mailbox
	// is called.
	var skip []string
	if s.opts.Outbox != nil {
		skip = append(skip, strings.ToLower(s.opts.Outbox.From()))
	}
	senders, err := s.db.ClaimSenders(ctx, c.ID, domain, skip, claimSendersShown)
	if err != nil {
		return nil, err
	}
	out := make([]senderSuggestion, 0, len(senders))
	for _, sd := range senders {
		if !addable(sd.Email) {
			continue // the add would refuse it
		}
		sg := senderSuggestion{Name: sd.Name, Email: sd.Email, Staff: sd.Office, Sent: sentWords(sd)}
		switch i := slices.IndexFunc(people, func(p storage.Person) bool { return strings.EqualFold(p.Email, sd.Email) }); {
		case i >= 0:
			sg.Name, sg.Role = people[i].Name, people[i].Role
		case sd.User:
			sg.Role = "coordinator"
		case sd.Office:
			sg.Role = "technician"
		}
		out = append(out, sg)
	}
	return out, nil
}

// sentOrder is the order sentWords names document types in: the job's
// photos and signed forms first.
var sentOrder = []string{"photo", "atp", "atr", "cos", "waiver", "scope", "drying_log", "estimate", "sketch",
	"lab_report", "invoice", "other"}

// sentNouns name one and several documents of a type, for sentWords.
var sentNouns = map[string][2]string{
	"photo": {"photo", "photos"}, "atp": {"ATP", "ATPs"}, "atr": {"ATR", "ATRs"}, "cos": {"COS", "COSs"},
	"waiver": {"waiver", "waivers"}, "scope": {"scope", "scopes"}, "drying_log": {"drying log", "drying logs"},
	"estimate": {"estimate", "estimates"}, "sketch": {"sketch", "sketches"}, "lab_report": {"lab report", "lab reports"},
	"invoice": {"invoice", "invoices"}, "other": {"other file", "other files"},
}

// sentWords says what a sender sent: "sent 14 photos, 1 ATP in 6
// messages", or "wrote 2 messages" when their mail brought no document.
func sentWords(sd storage.ClaimSender) string {
	msgs := "1 message"
	if sd.Messages != 1 {
		msgs = fmt.Sprintf("%d messages", sd.Messages)
	}
	if len(sd.Documents) == 0 {
		return "wrote " + msgs
	}
	types := make([]string, 0, len(sd.Documents))
	for t := range sd.Documents {
		types = append(types, t)
	}
	rank := func(t string) int {
		if i := slices.Index(sentOrder, t); i >= 0 {
			return i
		}
		return len(sentOrder)
	}
	slices.SortFunc(types, func(a, b string) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b)) })
	docs := make([]string, len(types))
	for i, t := range types {
		noun, ok := sentNouns[t]
		if !ok {
			noun = [2]string{"file", "files"}
		}
		n, word := sd.Documents[t], noun[1]
		if n == 1 {
			word = noun[0]
		}
		docs[i] = fmt.Sprintf("%d %s", n, word)
	}
	return "sent " + strings.Join(docs, ", ") + " in " + msgs
}

// handleClaimParticipantAdd adds one person to the claim's people, as
// the claim page's suggestions of who wrote in send them: a role, a name
// and an email. A name or email the office's people list knows brings the
// rest of that person (name, phone). The change is in the claim's history.
func (s *Server) handleClaimParticipantAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := storage.ClaimParticipant{Role: strings.TrimSpace(r.PostFormValue("role")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Email: strings.TrimSpace(r.PostFormValue("email")), Phone: strings.TrimSpace(r.PostFormValue("phone"))}
	who := cmp.Or(p.Name, p.Email)
	switch {
	case p.Name == "" && p.Email == "":
		s.fail(w, r, badRequest("say whom to add: a name or an email"))
		return
	case p.Role == "":
		s.fail(w, r, badRequest("choose the role of %s", who))
		return
	case !slices.Contains(sla.ParticipantRoles, p.Role):
		s.fail(w, r, badRequest("%q is no role: choose one of those offered", p.Role))
		return
	case len(p.Name) > maxClaimField || len(p.Email) > maxClaimField || len(p.Phone) > maxClaimField:
		s.fail(w, r, badRequest("longer than %d bytes", maxClaimField))
		return
	}
	if p.Email != "" && !addable(p.Email) {
		s.fail(w, r, badRequest("%q is not an email address", p.Email))
		return
	}
	people, err := s.db.PeopleOfClaims(ctx, []int64{id})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The people list's person of that address, in that role if it has
	// one: the address alone says who it is.
	for _, known := range people[id] {
		byEmail := p.Email != "" && strings.EqualFold(known.Email, p.Email)
		byName := p.Email == "" && known.Role == p.Role && strings.EqualFold(known.Name, p.Name)
		if byEmail || byName {
			p.Name, p.Email, p.Phone = known.Name, cmp.Or(p.Email, known.Email), cmp.Or(p.Phone, known.Phone)
			if known.Role == p.Role {
				break
			}
		}
	}
	if err := s.db.AddClaimParticipant(ctx, id, p, actorFrom(ctx)); err != nil {
		s.fail(w, r, fieldError(err))
		return
	}
	s.log.Info("claim participant added", "claim_id", id, "role", p.Role, "actor", actorFrom(ctx))
	back := "#people"
	if r.PostFormValue("back") == "next" {
		back = "#next-h" // added from a Next line: what to ask them is there
	}
	http.Redirect(w, r, fmt.Sprintf("/claims/%d%s", id, back), http.StatusSeeOther)
}

// addable reports whether email is an address a person may be added by:
// one that reads back as written.
func addable(email string) bool {
	a, err := mail.ParseAddress(email)
	return err == nil && a.Address == email
}

// handleClaimSenderDismiss stops suggesting one sender on the claim's page
// ("Not part of this claim": a vendor's billing robot, someone copied
// once), as the suggestion sends them: an email and the name shown. The
// dismissal is in the claim's history, and undone by
// handleClaimSenderRestore.
func (s *Server) handleClaimSenderDismiss(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	email, name := strings.TrimSpace(r.PostFormValue("email")), strings.TrimSpace(r.PostFormValue("name"))
	switch {
	case email == "":
		s.fail(w, r, badRequest("say whom to dismiss: an email"))
		return
	case len(email) > maxClaimField || len(name) > maxClaimField:
		s.fail(w, r, badRequest("longer than %d bytes", maxClaimField))
		return
	case !addable(email):
		s.fail(w, r, badRequest("%q is not an email address", email))
		return
	}
	if err := s.db.DismissClaimSender(ctx, id, email, name, actorFrom(ctx)); err != nil {
		s.fail(w, r, fieldError(err))
		return
	}
	s.log.Info("claim sender dismissed", "claim_id", id, "actor", actorFrom(ctx))
	http.Redirect(w, r, fmt.Sprintf("/claims/%d#senders", id), http.StatusSeeOther)
}

// handleClaimSenderRestore suggests a dismissed sender on the claim's page
// again, in the claim's history.
func (s *Server) handleClaimSenderRestore(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	email := strings.TrimSpace(r.PostFormValue("email"))
	if email == "" {
		s.fail(w, r, badRequest("say whom to restore: an email"))
		return
	}
	if err := s.db.RestoreClaimSender(ctx, id, email, actorFrom(ctx)); err != nil {
		s.fail(w, r, fieldError(err))
		return
	}
	s.log.Info("claim sender restored", "claim_id", id, "actor", actorFrom(ctx))
	http.Redirect(w, r, fmt.Sprintf("/claims/%d#senders", id), http.StatusSeeOther)
}
