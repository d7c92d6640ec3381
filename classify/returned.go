package classify

import "strings"

// RuleReturnedTo: the office's mail came back undelivered from the
// insured's address on the claim's record, or from one spelt a letter or
// two off it, written under the name the record has there. Strong: the
// office meant to write the insured of that claim.
const RuleReturnedTo = "returned_to"

// ReturnsRegistry is a Registry that knows the delivery reports (bounces)
// of the office's mail, and the addresses on the claims' records.
type ReturnsRegistry interface {
	// ReturnedTo returns the entries of claims' records at the addresses
	// that delivery reports say refused the message with Message-ID id,
	// of those in sentTo (its To and Cc: a report naming anyone else is
	// not believed), or, where no record has such an address, at the
	// addresses spelt closest to it at its domain.
	ReturnedTo(id string, sentTo []string) []RecordEntry
}

// RecordEntry is an email address on a claim's record, and the address
// that refused the office's mail meant for it.
type RecordEntry struct {
	Claim   Claim
	Refused string // the address the mail went to
	Email   string // the record's address
	Name    string // the name the record has at Email
	// Role is the person's on the claim: "insured", "adjuster" or a
	// participant's role.
	Role string
}

// oneClaimRole is the role of the one person a claim's record holds who
// has that claim alone: the insured. The carrier's people, the office's
// own staff (technicians, foremen, estimators) and referrers work on many
// claims, so mail meant for one of them is only a clue to which claim it
// is about.
const oneClaimRole = "insured"

// returnedTo records the claims whose people the office's message m was
// meant for, where its mail to them came back: an exact address, or a
// misspelt one sent under the record's name for it. A misspelt address
// sent under another name or none, or anyone but the insured (see
// oneClaimRole), are only clues, returned as weak evidence. Only the office's own mail is looked
// at: reports return nothing else that is stored.
func (c *collector) returnedTo(m *Message, reg Registry, cfg Config) (weak []Evidence) {
	rr, ok := reg.(ReturnsRegistry)
	if !ok || m.MessageID == "" || cfg.OfficeDomain == "" || !inDomain(m.From.Email, cfg.OfficeDomain) {
		return nil
	}
	names := map[string]string{}
	var sentTo []string
	for _, a := range append(append([]Address(nil), m.To...), m.Cc...) {
		e := strings.ToLower(strings.TrimSpace(a.Email))
		sentTo = append(sentTo, e)
		names[e] = a.Name
	}
	byRefused := map[string][]Claim{}
	var order []string
	for _, e := range rr.ReturnedTo(m.MessageID, sentTo) {
		refused := strings.ToLower(e.Refused)
		if e.Role != oneClaimRole || !strings.EqualFold(e.Email, refused) && !sameName(names[refused], e.Name) {
			c.claims[e.Claim.ID] = e.Claim
			weak = append(weak, Evidence{Rule: RuleReturnedTo, Matched: refused, Where: "to", ClaimID: e.Claim.ID, Strength: StrengthWeak})
			continue
		}
		if _, seen := byRefused[refused]; !seen {
			order = append(order, refused)
		}
		byRefused[refused] = append(byRefused[refused], e.Claim)
	}
	for _, refused := range order {
		c.strong(refused, "to", []string{RuleReturnedTo}, [][]Claim{byRefused[refused]})
	}
	return weak
}

// sameName reports whether two people's names are one, ignoring case,
// accents and spacing; an empty name is nobody's.
func sameName(a, b string) bool {
	fa, fb := strings.Join(words(a), " "), strings.Join(words(b), " ")
	return fa != "" && fa == fb
}
