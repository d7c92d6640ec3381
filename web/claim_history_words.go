package web

import "github.com/claimdesk/claimdesk/storage"

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
