package web

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/storage"
)

// The classifier's reason for a decision is written for whoever runs
// claimdesk: it grades evidence ("weak evidence"), quotes Message-IDs and
// names claims by number. The pages say the same from the decision's
// evidence, in a coordinator's words, naming claims by insured and street;
// the reason itself stays in the administrator's fold.

// visibleDecision drops from d what concerns claims of offices the caller
// does not work in (dropOtherOffices), and returns the classifier's own
// reason unless it was about some of them: it names claims by number.
func (s *Server) visibleDecision(ctx context.Context, d *classify.Decision) (string, error) {
	n, filed := len(d.Evidence)+len(d.Candidates), d.Claim != nil
	if err := s.dropOtherOffices(ctx, d); err != nil {
		return "", err
	}
	if len(d.Evidence)+len(d.Candidates) < n || filed && d.Claim == nil {
		return "", nil
	}
	return d.Reason, nil
}

// decisionClaims are the claims d's evidence points at, to name them: its
// claim and candidates, and any other as the database has it.
func (s *Server) decisionClaims(ctx context.Context, d classify.Decision) (map[int64]classify.Claim, error) {
	out := map[int64]classify.Claim{}
	if d.Claim != nil {
		out[d.Claim.ID] = *d.Claim
	}
	for _, c := range d.Candidates {
		out[c.ID] = c
	}
	for _, e := range d.Evidence {
		if _, ok := out[e.ClaimID]; ok || e.ClaimID == 0 {
			continue
		}
		c, err := s.db.GetClaim(ctx, e.ClaimID)
		if err != nil && !errors.Is(err, storage.ErrNotFound) {
			return nil, err
		}
		out[e.ClaimID] = ingest.ClassifyClaim(c) // no name for a claim deleted since
	}
	return out, nil
}

// claimName names a claim as a coordinator knows it: "Pena – Maple Ave
// (job 24-1031)", the insured's last name and the street of the loss,
// then its number.
func claimName(c classify.Claim) string {
	var number string
	switch {
	case c.JobNumber != "":
		number = "job " + c.JobNumber
	case c.ClaimNumber != "":
		number = "claim " + c.ClaimNumber
	}
	who := joinNonEmpty(" – ", lastName(c.InsuredName), streetOf(c.LossAddress))
	switch {
	case who != "" && number != "":
		return who + " (" + number + ")"
	case who == "" && number == "":
		return "another claim" // deleted since
	}
	return who + number
}

// streetOf is the street of an address, "Maple Ave" of "17 Maple Ave,
// Springfield, IL": its first part without the house number.
func streetOf(address string) string {
	first, _, _ := strings.Cut(address, ",")
	words := strings.Fields(first)
	if len(words) > 1 && unicode.IsDigit([]rune(words[0])[0]) {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// clueForms words one piece of evidence: first naming its claim (%s),
// then as another clue of a claim already named. The name says the
// insured and the street: the text a clue matched is quoted only where it
// is not the claim's own (a number one character off).
var clueForms = map[string][2]string{
	classify.RuleThread:          {"a reply in the thread of %s", "a reply in its thread"},
	classify.RuleForwardAddress:  {"sent to the forwarding address of %s", "sent to its forwarding address"},
	classify.RuleJobNumber:       {"the job number of %s", "its job number"},
	classify.RuleClaimNumber:     {"the claim number of %s", "its claim number"},
	classify.RulePolicyNumber:    {"the policy number of %s", "its policy number"},
	classify.RuleFileNumber:      {"the adjuster’s file number of %s", "its adjuster’s file number"},
	classify.RuleInsuredName:     {"the insured’s name of %s", "its insured’s name"},
	classify.RuleAdjusterEmail:   {"mail from the adjuster of %s", "mail from its adjuster"},
	classify.RuleNearClaimNumber: {"“%[2]s”, one character off the number of %[1]s", "“%s”, one character off its number"},
	classify.RuleReturnedTo:      {"its mail to %[2]s that came back, meant for someone on the record of %[1]s", "its mail to %s that came back"},
}

// clueWords words evidence e of the claim named of, or, with of empty, of
// a claim already named.
func clueWords(e classify.Evidence, of string) string {
	forms, ok := clueForms[e.Rule]
	switch {
	case e.Rule == classify.RuleLossAddress && e.Strength == classify.StrengthWeak:
		forms = [2]string{"part of the address of %s", "part of its address"}
	case e.Rule == classify.RuleLossAddress:
		forms = [2]string{"the address of %s", "its address"}
	case !ok: // a rule added later
		forms = [2]string{classify.RuleWords(e.Rule) + " of %s", classify.RuleWords(e.Rule)}
	}
	quoted := strings.Contains(forms[1], "%s")
	switch {
	case of == "" && quoted:
		return fmt.Sprintf(forms[1], e.Matched)
	case of == "":
		return forms[1]
	case quoted:
		return fmt.Sprintf(forms[0], of, e.Matched)
	}
	return fmt.Sprintf(forms[0], of)
}

// cluesOf words up to three different clues that evs give about claim id,
// the first naming it unless named is false: "the claim number of Pena –
// Maple Ave (job 24-1031) and its insured’s name".
func cluesOf(evs []classify.Evidence, id int64, name string, named bool) string {
	var out []string
	for _, e := range evs {
		if e.ClaimID != id || e.Rule == classify.RuleAssignment {
			continue
		}
		of := ""
		if len(out) == 0 && named {
			of = name
		}
		if w := clueWords(e, of); !slices.Contains(out, w) && len(out) < 3 {
			out = append(out, w)
		}
	}
	if len(out) < 2 {
		return strings.Join(out, "")
	}
	return strings.Join(out[:len(out)-1], ", ") + " and " + out[len(out)-1]
}

// fullSentence is words with a capital first letter, ended with a full
// stop unless they end with a question.
func fullSentence(words string) string {
	if words == "" {
		return ""
	}
	r := []rune(words)
	r[0] = unicode.ToUpper(r[0])
	s := string(r)
	if strings.HasSuffix(s, "?") || strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// unknownNumber is the number of d that names no claim yet as the mail
// wrote it, which the reason quotes first; the decision keeps it only
// normalized.
func unknownNumber(d classify.Decision) string {
	if len(d.Unknown) == 0 {
		return ""
	}
	if q, err := strconv.QuotedPrefix(d.Reason); err == nil {
		if s, err := strconv.Unquote(q); err == nil && classify.Normalize(s) == d.Unknown[0] {
			return s
		}
	}
	return d.Unknown[0]
}

// decisionWords says why claimdesk decided d as it did, in a coordinator's
// words; claims holds the claims its evidence points at.
func decisionWords(d classify.Decision, claims map[int64]classify.Claim) string {
	r := readEvidence(d, func(id int64) string { return claimName(claims[id]) })
	switch d.Outcome {
	case classify.OutcomeFiled:
		if d.Claim == nil {
			return ""
		}
		clues := cluesOf(d.Evidence, d.Claim.ID, "", false)
		return fullSentence(joinNonEmpty(": ", "filed to "+r.name(d.Claim.ID), clues))
	case classify.OutcomeNewClaim:
		if d.Assignment == nil {
			return ""
		}
		return fullSentence("a new assignment, for claim " + d.Assignment.ClaimNumber + ", which no claim had yet")
	case classify.OutcomeIgnored:
		return "Automatic or bulk mail that names no claim: not filed."
	}
	if w := r.namedWords(); w != "" {
		return w
	}
	return r.cluesWords()
}

// evidenceReading sorts a decision's evidence for wording it.
type evidenceReading struct {
	d    classify.Decision
	name func(id int64) string
	// strong are the claims evidence names outright, strongest first;
	// clued those that clues alone point at, each by a clue of its own.
	strong, clued []int64
	// shared are strong evidence, and fits clues, whose text points at
	// several claims, one of each text; near are numbers one character
	// off a claim's.
	shared, fits, near []classify.Evidence
	// claimsOf are the claims each text points at.
	claimsOf map[string][]int64
}

// evidenceKey is what makes two pieces of evidence the same text: the
// same number however written, the same thread.
func evidenceKey(e classify.Evidence) string {
	return e.Rule + "\x00" + classify.Normalize(e.Matched)
}

func readEvidence(d classify.Decision, name func(int64) string) evidenceReading {
	r := evidenceReading{d: d, name: name, claimsOf: map[string][]int64{}}
	for _, e := range d.Evidence {
		if k := evidenceKey(e); e.ClaimID != 0 && !slices.Contains(r.claimsOf[k], e.ClaimID) {
			r.claimsOf[k] = append(r.claimsOf[k], e.ClaimID)
		}
	}
	seen := map[string]bool{}
	for _, e := range d.Evidence {
		k := evidenceKey(e)
		several := len(r.claimsOf[k]) > 1
		switch {
		case e.ClaimID == 0 || e.Rule == classify.RuleAssignment:
		case e.Rule == classify.RuleNearClaimNumber:
			r.near = append(r.near, e)
		case e.Strength == classify.StrengthStrong:
			r.strong = appendNew(r.strong, e.ClaimID)
			if several && !seen[k] {
				r.shared = append(r.shared, e)
			}
		case several && !seen[k]:
			r.fits = append(r.fits, e)
		case !several:
			r.clued = appendNew(r.clued, e.ClaimID)
		}
		seen[k] = true
	}
	return r
}

func appendNew(ids []int64, id int64) []int64 {
	if slices.Contains(ids, id) {
		return ids
	}
	return append(ids, id)
}

// names names the claims ids: "A and B", "A, B and C".
func (r evidenceReading) names(ids []int64) string {
	var out []string
	for _, id := range ids {
		out = append(out, r.name(id))
	}
	if len(out) < 2 {
		return strings.Join(out, "")
	}
	return strings.Join(out[:len(out)-1], ", ") + " and " + out[len(out)-1]
}

// clues words what the evidence says of each claim of ids, a claim's
// clues apart from the next's.
func (r evidenceReading) clues(ids []int64) string {
	var out []string
	for _, id := range ids {
		out = append(out, cluesOf(r.d.Evidence, id, r.name(id), true))
	}
	return strings.Join(out, "; ")
}

// namedWords says why evidence naming claims outright did not file the
// message; "" when none does.
func (r evidenceReading) namedWords() string {
	d := r.d
	switch {
	case len(r.shared) > 0 && r.shared[0].Rule == classify.RuleThread:
		return fullSentence("it replies in a thread filed to more than one claim: " + r.names(r.claimsOf[evidenceKey(r.shared[0])]))
	case len(r.shared) > 0 && r.shared[0].Rule == classify.RuleReturnedTo:
		return fullSentence("the office’s mail to " + r.shared[0].Matched + " came back, and that address is on more than one claim’s record: " +
			r.names(r.claimsOf[evidenceKey(r.shared[0])]) + ". File it where it was meant to go")
	case len(r.shared) > 0:
		e := r.shared[0]
		return fullSentence(fmt.Sprintf("the %s “%s” is on more than one claim: %s",
			classify.RuleWords(e.Rule), e.Matched, r.names(r.claimsOf[evidenceKey(e)])))
	case len(r.strong) > 1:
		return fullSentence("it points to more than one claim: " + r.clues(r.strong))
	case d.Assignment != nil && len(r.strong) == 1:
		return fullSentence("an assignment for claim " + d.Assignment.ClaimNumber + ", with " + r.clues(r.strong) +
			": a new claim, or that one?")
	case d.Assignment != nil && len(r.near) > 0:
		return fullSentence("an assignment for claim " + d.Assignment.ClaimNumber + ", one character off the number of " +
			r.names(r.nearClaims()) + ": a typing slip, or a new claim?")
	case len(r.strong) == 0:
		return ""
	}
	x := r.strong[0]
	var others []int64
	for _, id := range slices.Concat(r.clued, r.nearClaims()) {
		if id != x {
			others = appendNew(others, id)
		}
	}
	if len(others) == 0 {
		return fullSentence("it names " + r.name(x) + ", but something in it points elsewhere: check it is that claim")
	}
	return fullSentence("it names one claim, and clues point to another: " + r.clues(append([]int64{x}, others...)))
}

func (r evidenceReading) nearClaims() []int64 {
	var ids []int64
	for _, e := range r.near {
		ids = appendNew(ids, e.ClaimID)
	}
	return ids
}

// cluesWords says why clues alone did not file the message.
func (r evidenceReading) cluesWords() string {
	if n := unknownNumber(r.d); n != "" {
		if len(r.near) > 0 {
			return fullSentence("“" + n + "” is no claim’s number yet, and one character off the number of " + r.names(r.nearClaims()))
		}
		return fullSentence("“" + n + "” is no claim’s number yet: the message is filed by itself once a claim has it")
	}
	var fits []string
	for _, e := range r.fits {
		fits = append(fits, clueWords(e, r.names(r.claimsOf[evidenceKey(e)])))
	}
	switch {
	case len(r.near) > 0:
		return fullSentence(clueWords(r.near[0], r.names(r.nearClaims())) + ": a typing slip?")
	case len(r.clued) > 1:
		return fullSentence("only clues, and they point to more than one claim: " + r.clues(r.clued))
	case len(r.clued) == 1 && len(fits) > 0:
		return fullSentence("only clues, and some fit several claims: " + r.clues(r.clued) + "; " + strings.Join(fits, "; "))
	case len(r.clued) == 1 && r.corroborated(r.clued[0]):
		return fullSentence("clues point to one claim, but the mail names another address: " + r.clues(r.clued) +
			". Another loss of the same insured?")
	case len(r.clued) == 1:
		return fullSentence("not enough to file it: only " + r.clues(r.clued))
	case len(fits) > 0:
		return fullSentence("only clues, and they fit several claims: " + strings.Join(fits, "; "))
	}
	return "Nothing in it names a claim: no job, claim or policy number, no reply in a filed thread, no insured’s name or address."
}

// corroborated reports whether clues alone would file the message to claim
// id: a whole address, or clues of two kinds.
func (r evidenceReading) corroborated(id int64) bool {
	kinds := map[string]bool{}
	for _, e := range r.d.Evidence {
		if e.ClaimID == id {
			kinds[e.Rule] = true
			if e.Strength == classify.StrengthMedium {
				return true
			}
		}
	}
	return len(kinds) > 1
}
