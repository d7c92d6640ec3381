package web

import (
	"context"
	"fmt"
	"strings"

	"github.com/claimdesk/claimdesk/handoff"
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/sla"
)

// closingNote is claim h's final note for the job system and the
// carrier's portal: the office's closing template, filled with what is on
// file, in the layout of the copied updates. author signs it.
func (s *Server) closingNote(ctx context.Context, h handoffClaim, author string) (string, error) {
	saved, err := s.db.ReplyTemplates(ctx, h.claim.OfficeID)
	if err != nil {
		return "", err
	}
	c := h.claim
	f := outbox.ReplyFields{Insured: c.InsuredName, ClaimNumber: c.ClaimNumber, JobNumber: c.JobNumber,
		AdjusterFirstName: outbox.FirstName(c.AdjusterName), Coordinator: author, LossAddress: c.LossAddress,
		Facts: closingFacts(h.report)}
	text, err := outbox.ClosingNote(saved, outbox.LangEnglish, f)
	if err != nil {
		return "", err
	}
	note := handoff.Note{At: s.now(), Author: author, Source: "closing note", Text: text}
	return handoff.FormatNote(s.notesClaim(h), note, s.rulesOf(h.claim.OfficeID).Calendar.Location()), nil
}

// closingFacts are the closing note's bullets: the documents on file, the
// signed forms checked, and what is still missing (a signed form rejected
// among it).
func closingFacts(rep sla.ClaimReport) string {
	var onFile, missing []string
	for _, it := range rep.Checklist {
		switch {
		case it.Count == 0 && it.Required:
			missing = append(missing, docTypeLabel(string(it.Type)))
		case it.Status == sla.ItemRejected:
			missing = append(missing, docTypeLabel(string(it.Type))+" ("+rejectedWords(*it.Rejected)+", new signed copy needed)")
		case it.Count == 1:
			onFile = append(onFile, docTypeLabel(string(it.Type))+checkedWords(it))
		case it.Count > 1:
			onFile = append(onFile, fmt.Sprintf("%s (%d)%s", docTypeLabel(string(it.Type)), it.Count, checkedWords(it)))
		}
	}
	lines := []string{"- On file: " + orNone(onFile)}
	if len(missing) > 0 {
		lines = append(lines, "- Still missing: "+strings.Join(missing, ", "))
	}
	return strings.Join(lines, "\n")
}

// checkedWords say whether a signed form on file was checked.
func checkedWords(it sla.ChecklistItem) string {
	switch {
	case !isSignedForm(string(it.Type)):
		return ""
	case it.Status == sla.ItemUnverified:
		return ", signature not verified yet"
	}
	return ", signatures checked"
}

func orNone(items []string) string {
	if len(items) == 0 {
		return "nothing yet"
	}
	return strings.Join(items, ", ")
}
