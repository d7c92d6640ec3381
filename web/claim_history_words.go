package web

import (
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// takenBackChange words a history row about something a person did that
// can be taken back (a signature check, a proposal from mail dismissed or
// restored, a daily-update note edited or deleted): its label, with its
// values put in words. False for any other row.
func takenBackChange(ch *storage.ClaimChange) (string, bool) {
	switch ch.Field {
	case storage.FieldSignature:
		ch.Old, ch.New = signatureWords(ch.Old), signatureWords(ch.New)
		if ch.Document == "" {
			return "Signature check of a document no longer on the claim", true
		}
		return "Signature check of " + ch.Document, true
	case storage.FieldEquipmentProposal:
		ch.Old, ch.New = proposalStatusWords[ch.Old], proposalStatusWords[ch.New]
		if ch.Proposal.ID == 0 {
			return "Equipment from mail", true
		}
		return "Equipment from mail: " + proposalWords(ch.Proposal), true
	case storage.FieldUpdateNote:
		if ch.New == "" {
			ch.New = "deleted"
		}
		return "Daily-update note", true
	}
	return "", false
}

// signatureWords says a signature check as the history keeps it.
func signatureWords(v string) string {
	if v == "" {
		return "not checked"
	}
	return v
}

// proposalStatusWords say where a proposal from mail stands.
var proposalStatusWords = map[string]string{
	storage.ProposalOpen:      "to confirm",
	storage.ProposalDismissed: "dismissed",
	storage.ProposalConfirmed: "confirmed",
}

// openedWords says how a claim was opened, the first line of its history:
// the person as pages name them (who), the claim's carrier for an
// assignment, and the mail's arrival on the office's clock (loc), its zone
// named when it is not the viewer's (home).
func openedWords(ch storage.ClaimChange, carrier string, who func(string) string, loc, home *time.Location) string {
	by := ""
	if ch.Actor != "" {
		by = " by " + who(ch.Actor)
	}
	switch ch.New {
	case storage.OpenedFromMail:
		if ch.Message.ID == 0 {
			return "Opened" + by + " from mail"
		}
		return "Opened" + by + " from " + possessive(ch.Message.From) + " mail of " +
			officeClock(ch.Message.ArrivedAt.In(loc), "Jan 2 15:04", home)
	case storage.OpenedFromAssignment:
		if carrier == "" {
			return "Opened from an assignment"
		}
		return "Opened from the assignment by " + carrier
	case storage.OpenedByAPI:
		return "Opened" + by + " through the API"
	case storage.OpenedByImport:
		return "Imported from a claims file"
	}
	return "Opened" + by
}

// possessive is "Maria Pena's", "James'".
func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}
