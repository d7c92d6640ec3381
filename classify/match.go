package classify

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Registry is what the matcher needs to know about claims. Lookups take
// identifiers already passed through Normalize.
type Registry interface {
	ByJobNumber(norm string) []Claim
	ByClaimNumber(norm string) []Claim
	ByPolicyNumber(norm string) []Claim
	// ByFileNumber returns the claims whose adjuster's file number (an
	// independent adjusting firm's or TPA's own) is norm.
	ByFileNumber(norm string) []Claim
	// ByThread returns the claims of already-filed messages (including the
	// office's own Sent replies) with these Message-IDs, given in
	// "<local@domain>" form.
	ByThread(messageIDs []string) []Claim
	// OpenClaims returns the open claims, for the weak signals.
	OpenClaims() []Claim
}

// Prefetcher is a Registry that answers many lookups at once: MatchClaim
// tells it every number and thread Message-ID it is about to look up, so
// that a registry behind a database answers them all, and the open claims,
// in one round trip rather than one per lookup. What it answers must be what
// the single lookups would.
type Prefetcher interface {
	Prefetch(numbers, threadIDs []string)
}

// Claim is a claim as the matcher sees it.
type Claim struct {
	ID            int64  `json:"id"`
	JobNumber     string `json:"job_number"`
	ClaimNumber   string `json:"claim_number"`
	PolicyNumber  string `json:"policy_number,omitempty"`
	Carrier       string `json:"carrier,omitempty"`
	InsuredName   string `json:"insured_name,omitempty"`
	LossAddress   string `json:"loss_address,omitempty"`
	AdjusterName  string `json:"adjuster_name,omitempty"`
	AdjusterEmail string `json:"adjuster_email,omitempty"`
	Open          bool   `json:"open"`
	// FileNumber is the adjusting firm's own file number for the claim.
	FileNumber string `json:"adjuster_file_number,omitempty"`
}

// Config tunes matching to one office.
type Config struct {
	// OfficeDomain is the office's mail domain: mail from it is staff mail,
	// and per-claim forward addresses live in it. Empty accepts forward
	// addresses in any domain.
	OfficeDomain string
	// ForwardLocal is the local part of the shared address; a per-claim
	// forward address is ForwardLocal+<job or claim number>@OfficeDomain.
	// Default "claims".
	ForwardLocal string
}

// DefaultForwardLocal is the local part of the shared claims address.
const DefaultForwardLocal = "claims"

func (c Config) withDefaults() Config {
	c.ForwardLocal = strings.ToLower(strings.TrimSpace(cmp.Or(c.ForwardLocal, DefaultForwardLocal)))
	c.OfficeDomain = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(c.OfficeDomain, "@")))
	return c
}

// Outcome is what happens to a message.
type Outcome string

// Outcomes of MatchClaim.
const (
	// OutcomeFiled: the message belongs to Decision.Claim.
	OutcomeFiled Outcome = "filed"
	// OutcomeTriage: a person must place the message; Candidates lists the
	// claims the evidence pointed at.
	OutcomeTriage Outcome = "triage"
	// OutcomeIgnored: bulk or automatic mail without claim evidence.
	OutcomeIgnored Outcome = "ignored"
	// OutcomeNewClaim: an assignment for a claim the registry does not know;
	// Decision.Assignment holds the new claim's details.
	OutcomeNewClaim Outcome = "new_claim"
)

// Strength grades a piece of evidence.
type Strength string

// Evidence strengths.
const (
	// StrengthStrong names a claim outright: forward address, thread,
	// claim, job, policy or adjuster's file number.
	StrengthStrong Strength = "strong"
	// StrengthMedium is a complete loss address (number, street, street
	// type, and city or ZIP), a house number and street in the office
	// staff's own words, or the insured writing under their full name or
	// signing for the insured: enough alone when it singles out one claim
	// and nothing points elsewhere.
	StrengthMedium Strength = "medium"
	// StrengthWeak never files a message alone: insured name, partial
	// address, adjuster's address. Two different weak rules agreeing on one
	// claim do.
	StrengthWeak Strength = "weak"
)

// Evidence rules.
const (
	RuleForwardAddress  = "forward_address"   // RuleForwardAddress: sent to <local>+<job or claim>@office.
	RuleThread          = "thread"            // RuleThread: replies to a message already filed.
	RuleJobNumber       = "job_number"        // RuleJobNumber: names our job number.
	RuleClaimNumber     = "claim_number"      // RuleClaimNumber: names the carrier's claim number.
	RulePolicyNumber    = "policy_number"     // RulePolicyNumber: names the policy number.
	RuleInsuredName     = "insured_name"      // RuleInsuredName: names the insured (weak).
	RuleLossAddress     = "loss_address"      // RuleLossAddress: names the loss address (medium when complete, else weak).
	RuleAdjusterEmail   = "adjuster_email"    // RuleAdjusterEmail: sent by the adjuster of exactly one open claim (weak).
	RuleAssignment      = "assignment"        // RuleAssignment: an assignment names a claim not yet known.
	RuleNearClaimNumber = "near_claim_number" // RuleNearClaimNumber: one typing slip from a known number; never files.
)

// RuleFileNumber names the adjusting firm's own file number: strong, as a
// claim number is.
const RuleFileNumber = "adjuster_file_number"

// Evidence is one reason for a decision.
type Evidence struct {
	Rule     string   `json:"rule"`
	Matched  string   `json:"matched"`  // the text that matched
	Where    string   `json:"where"`    // "to", "subject", "body", "forward[0].subject", "attachment:x.pdf", "attachment_text:x.pdf", "attachment_ocr:scan0001.pdf, page 1" (read by OCR), ...
	ClaimID  int64    `json:"claim_id"` // 0 for a claim not yet created
	Strength Strength `json:"strength"`
}

// Decision is the outcome of matching one message, with its evidence,
// strongest first.
type Decision struct {
	Outcome    Outcome    `json:"outcome"`
	Claim      *Claim     `json:"claim,omitempty"`      // set when Outcome is OutcomeFiled
	Candidates []Claim    `json:"candidates,omitempty"` // claims a person should choose from (triage, ignored)
	Evidence   []Evidence `json:"evidence"`
	Reason     string     `json:"reason"`
	// Assignment is set when the message is an assignment: for
	// OutcomeNewClaim it describes the claim to create; for a known claim
	// it carries details to update.
	Assignment *Assignment `json:"assignment,omitempty"`
	// Unknown lists, normalized, the identifiers that name a claim or job
	// the registry does not know yet. Mail about a claim often arrives
	// before its assignment: when a claim with one of these numbers is
	// created, the message should be matched again.
	Unknown []string `json:"unknown,omitempty"`
}

var msgIDRe = regexp.MustCompile(`<[^<>\s]+>`)

// threadIDs returns the Message-IDs a message replies to, parent first, in
// "<id>" form.
func threadIDs(m *Message) []threadID {
	var out []threadID
	seen := map[string]bool{}
	add := func(s, where string) {
		ids := msgIDRe.FindAllString(s, -1)
		if len(ids) == 0 {
			if t := strings.TrimSpace(s); t != "" && !strings.ContainsAny(t, " \t<>") {
				ids = []string{"<" + t + ">"}
			}
		}
		for _, id := range ids {
			if !seen[id] && len(out) < 100 {
				seen[id] = true
				out = append(out, threadID{id, where})
			}
		}
	}
	add(m.Returned, "returned")
	add(m.InReplyTo, "in_reply_to")
	for i := len(m.References) - 1; i >= 0; i-- {
		add(m.References[i], "references")
	}
	return out
}

// forwardTag returns the tag of a per-claim forward address
// (claims+26-1031-WTR@office).
func forwardTag(addr string, cfg Config) (string, bool) {
	local := emailLocal(addr)
	if cfg.OfficeDomain != "" && !inDomain(addr, cfg.OfficeDomain) {
		return "", false
	}
	tag, ok := strings.CutPrefix(local, cfg.ForwardLocal+"+")
	if !ok || Normalize(tag) == "" {
		return "", false
	}
	// Keep the tag as written in the address, not lower-cased.
	addr = strings.TrimSpace(strings.Trim(strings.TrimSpace(addr), "<>"))
	return addr[len(cfg.ForwardLocal)+1 : strings.LastIndexByte(addr, '@')], true
}

// ForwardDomain returns the mail domain, in lower case, of a per-claim
// forward address (claims+26-1031-WTR@north.example gives north.example);
// false for any other address. It tells which office mail forwarded to a
// claim was meant for.
func ForwardDomain(addr string, cfg Config) (string, bool) {
	cfg = cfg.withDefaults()
	tag, ok := strings.CutPrefix(emailLocal(addr), cfg.ForwardLocal+"+")
	if !ok || Normalize(tag) == "" {
		return "", false
	}
	d := emailDomain(addr)
	return d, d != ""
}

// collector gathers strong evidence. Each group is the set of claims one
// piece of evidence points at; a message is filed only when all groups agree
// on exactly one claim.
type collector struct {
	claims   map[int64]Claim
	evidence []Evidence
	groups   []map[int64]bool
	seenEv   map[string]bool
}

func newCollector() *collector {
	return &collector{claims: map[int64]Claim{}, seenEv: map[string]bool{}}
}

func (c *collector) add(e Evidence, cl Claim) {
	c.claims[cl.ID] = cl
	k := fmt.Sprint(e.Rule, "\x00", Normalize(e.Matched), "\x00", e.Where, "\x00", e.ClaimID)
	if e.Rule == RuleThread {
		k = fmt.Sprint(e.Rule, "\x00", e.Matched, "\x00", e.ClaimID)
	}
	if c.seenEv[k] {
		return
	}
	c.seenEv[k] = true
	c.evidence = append(c.evidence, e)
}

// strong records one piece of strong evidence: rules[i] matched cs[i].
func (c *collector) strong(matched, where string, rules []string, cs [][]Claim) {
	g := map[int64]bool{}
	for i, list := range cs {
		for _, cl := range list {
			g[cl.ID] = true
			c.add(Evidence{Rule: rules[i], Matched: matched, Where: where, ClaimID: cl.ID, Strength: StrengthStrong}, cl)
		}
	}
	if len(g) > 0 {
		c.groups = append(c.groups, g)
	}
}

// agreed returns the claims every group points at, and all claims pointed at.
func (c *collector) agreed() (inter, union []int64) {
	all := map[int64]bool{}
	for _, g := range c.groups {
		for id := range g {
			all[id] = true
		}
	}
	for id := range all {
		union = append(union, id)
		in := true
		for _, g := range c.groups {
			if !g[id] {
				in = false
				break
			}
		}
		if in {
			inter = append(inter, id)
		}
	}
	slices.Sort(inter)
	slices.Sort(union)
	return inter, union
}

// MatchClaim decides which claim a message belongs to. Evidence is gathered
// strongest first: (a) a per-claim forward address, (b) the thread, (c) claim,
// job, policy and adjuster's file numbers anywhere in the message (subject, body, forwards,
// attachment names, attachment text), and, for the office's mail that came
// back and names no claim, the record of the person it was meant for (see
// ReturnsRegistry), (d) weak signals (insured name, loss
// address, the sender being the adjuster of exactly one open claim).
//
// A message is filed only when the strong evidence agrees on one claim and no
// corroborated weak evidence points elsewhere, or, without strong evidence,
// when a complete loss address or two different weak signals single out one
// claim. Conflicts, ambiguity and lone weak signals go to triage with their
// candidates; bulk and automatic mail without strong evidence is ignored; an
// assignment for an unknown claim number asks for a new claim.
func MatchClaim(m *Message, reg Registry, cfg Config) Decision {
	f := gather(m, reg, cfg.withDefaults())
	switch {
	case len(f.col.groups) > 0:
		return f.decideStrong()
	case f.isAsg:
		return f.decideAssignment()
	}
	return f.decideWeak(m)
}

// NumberEvidence returns the strong evidence the claim, job and policy
// numbers in m's texts give, as MatchClaim gathers it, without deciding
// anything: what the pictures of a message filed already turn out to say.
func NumberEvidence(m *Message, reg Registry) []Evidence {
	c := newCollector()
	c.identifiers(identifiersOf(m), reg, nil)
	return sortEvidence(c.evidence)
}

// findings is all a message says about claims, gathered before anything is
// decided.
type findings struct {
	col *collector
	// unknown are identifiers that name a claim or job we do not know.
	unknown []string
	// weak singles out one claim per rule; ambiguous are weak hits pointing
	// at several; near are unknown numbers one slip from a known one.
	weak, ambiguous, near []Evidence
	// corroborated are the claims weak evidence alone would file.
	corroborated []int64
	asg          Assignment
	isAsg        bool
}

// gather collects the evidence of every rule, strong and weak.
func gather(m *Message, reg Registry, cfg Config) *findings {
	f := &findings{col: newCollector()}
	asked := lookupsOf(m, cfg)
	if p, ok := reg.(Prefetcher); ok {
		p.Prefetch(asked.numbers(), asked.threadIDs())
	}
	f.unknown = f.col.forwardAddresses(asked.forwards, reg)
	f.col.thread(asked.thread, reg)
	open := reg.OpenClaims()
	unknown, slips, short := f.col.identifiers(asked.sources, reg, open)
	f.unknown = append(f.unknown, unknown...)
	var returned []Evidence
	if len(f.col.groups) == 0 && len(f.unknown) == 0 {
		// Whom the office's mail was meant for says which claim it is
		// about only when nothing in it names one.
		returned = f.col.returnedTo(m, reg, cfg)
	}

	f.asg, f.isAsg = ParseAssignment(m)
	f.weak, f.ambiguous = weakEvidence(m, open, cfg)
	f.weak = slices.Concat(f.weak, short, returned)
	f.near = nearEvidence(slips, open)
	for _, e := range slices.Concat(f.weak, f.ambiguous, f.near) {
		if cl, ok := claimByID(open, e.ClaimID); ok {
			f.col.claims[cl.ID] = cl
		}
	}
	f.corroborated = corroboratedClaims(f.weak)
	return f
}

// forwardAddresses records the per-claim forward addresses the message was
// sent to (a), and returns the tags that name no known claim.
func (c *collector) forwardAddresses(tags []forwardTagAt, reg Registry) (unknown []string) {
	for _, t := range tags {
		n := Normalize(t.tag)
		byJob, byClaim := reg.ByJobNumber(n), reg.ByClaimNumber(n)
		if len(byJob)+len(byClaim) == 0 {
			unknown = append(unknown, t.tag)
			continue
		}
		c.strong(t.tag, t.where, []string{RuleForwardAddress, RuleForwardAddress}, [][]Claim{byJob, byClaim})
	}
	return unknown
}

// thread records the claims of the messages this one replies to (b).
func (c *collector) thread(ids []threadID, reg Registry) {
	for _, t := range ids {
		if cs := reg.ByThread([]string{t.id}); len(cs) > 0 {
			c.strong(t.id, t.where, []string{RuleThread}, [][]Claim{cs})
		}
	}
}

// identifiers records the claim, job, policy and adjuster's file numbers
// the message names (c), found in each of its sources. An identifier that names a claim or
// job we do not know (labelled "Claim #", or shaped like our job numbers)
// means the message is about some claim: weak signals must not file it
// elsewhere, so it is returned in unknown. Slips are the numbers worth
// comparing with known ones for typos: the unknown ones, and those in
// subjects. Short is weak evidence: numbers that are one open claim's claim
// number without its trailing suffix (shortClaimNumber).
func (c *collector) identifiers(sources []sourceIdentifiers, reg Registry, open []Claim) (unknown, slips []string, short []Evidence) {
	for _, src := range sources {
		var found, missed []Identifier
		for _, id := range src.ids {
			byJob, byClaim, byPolicy := reg.ByJobNumber(id.Norm), reg.ByClaimNumber(id.Norm), reg.ByPolicyNumber(id.Norm)
			byFile := reg.ByFileNumber(id.Norm)
			if len(byJob)+len(byClaim)+len(byPolicy)+len(byFile) == 0 {
				if cl, ok := shortClaimNumber(id.Norm, open); ok {
					found = append(found, id)
					short = append(short, Evidence{Rule: RuleClaimNumber, Matched: oneLine(id.Text), Where: src.where, ClaimID: cl.ID, Strength: StrengthWeak})
					continue
				}
				missed = append(missed, id)
				continue
			}
			found = append(found, id)
			c.strong(oneLine(id.Text), src.where,
				[]string{RuleJobNumber, RuleClaimNumber, RulePolicyNumber, RuleFileNumber},
				[][]Claim{byJob, byClaim, byPolicy, byFile})
		}
		for _, id := range missed {
			if overlapsAny(id, found) || id.Kind == KindPolicyNumber {
				continue
			}
			if id.Labelled || id.Kind == KindJobNumber {
				unknown = append(unknown, id.Text)
				slips = append(slips, id.Text)
			} else if src.where == "subject" {
				slips = append(slips, id.Text)
			}
		}
	}
	return unknown, slips, short
}

// shortClaimNumber returns the one open claim whose claim number is norm
// followed by a short suffix written after a separator: carriers number a
// claim's exposures or features ("3008124577-1-1", "LA123-456789-01") and
// people quote the claim without them. The rest must be long enough to be
// a claim number of its own, and the suffix at most four characters. Weak
// evidence only: a member number that prefixes several claims of one
// policyholder must not file alone.
func shortClaimNumber(norm string, open []Claim) (Claim, bool) {
	digits := 0
	for i := 0; i < len(norm); i++ {
		if isDigit(norm[i]) {
			digits++
		}
	}
	if len(norm) < 8 || digits < 6 {
		return Claim{}, false
	}
	var hit Claim
	n := 0
	for _, c := range open {
		if claimNumberStem(c.ClaimNumber, norm) {
			hit = c
			n++
		}
	}
	return hit, n == 1
}

// claimNumberStem reports whether number, with one or more of its trailing
// separated groups left out (four characters at most in all), normalizes
// to norm. It reads number in place, as it runs for every open claim: an
// ASCII number's letters and digits against norm, then the cut at a
// separator, then what is left out.
func claimNumberStem(number, norm string) bool {
	seen, i := 0, 0
	for ; i < len(number) && seen < len(norm); i++ {
		c := number[i]
		switch {
		case c >= utf8.RuneSelf:
			return false
		case !isAlnum(c):
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		}
		if c != norm[seen] {
			return false
		}
		seen++
	}
	if seen < len(norm) || i == len(number) || isAlnum(number[i]) {
		return false
	}
	left := 0
	for ; i < len(number); i++ {
		if number[i] >= utf8.RuneSelf {
			return false
		}
		if isAlnum(number[i]) {
			left++
		}
	}
	return left > 0 && left <= 4
}

// decideStrong decides on strong evidence: it files when the evidence
// agrees on one claim and nothing else points elsewhere.
func (f *findings) decideStrong() Decision {
	inter, union := f.col.agreed()
	switch {
	case len(inter) == 0:
		return f.finish(OutcomeTriage, 0, "strong evidence points to different claims: "+f.names(union...)+" ("+describeConflict(f.col)+")", union)
	case len(inter) > 1:
		return f.finish(OutcomeTriage, 0, "identifiers shared by several claims: "+f.names(inter...), inter)
	}
	x := inter[0]
	for _, id := range f.corroborated {
		if id != x {
			return f.finish(OutcomeTriage, 0, fmt.Sprintf("strong evidence names %s but the insured, address or adjuster point to %s",
				f.names(x), f.names(id)), []int64{x, id})
		}
	}
	for _, e := range f.near {
		if e.ClaimID != x {
			return f.finish(OutcomeTriage, 0, fmt.Sprintf("strong evidence names %s but %q is one slip away from %s's number",
				f.names(x), e.Matched, f.names(e.ClaimID)), []int64{x, e.ClaimID})
		}
	}
	if f.isAsg && Normalize(f.asg.ClaimNumber) != Normalize(f.col.claims[x].ClaimNumber) {
		return f.finish(OutcomeTriage, 0, fmt.Sprintf("assignment for claim %s arrived in the context of %s", f.asg.ClaimNumber, f.names(x)), []int64{x})
	}
	return f.finish(OutcomeFiled, x, "filed to "+f.names(x)+" on "+strongSummary(f.col.evidence, x), nil)
}

// decideAssignment decides on an assignment that no strong evidence ties
// to a known claim: a new claim, unless its number is one slip from a
// known one.
func (f *findings) decideAssignment() Decision {
	if len(f.near) > 0 {
		near := evidenceClaims(f.near)
		return f.finish(OutcomeTriage, 0, fmt.Sprintf("assignment for unknown claim %s is one slip away from %s", f.asg.ClaimNumber, f.names(near...)), near)
	}
	if f.asg.ByFields && len(f.corroborated) > 0 {
		// Its fields alone made it an assignment, and they describe a
		// claim the office has: the same loss under another number (an
		// adjusting firm's, a vendor's) or a new one, a person decides.
		return f.finish(OutcomeTriage, 0, fmt.Sprintf("claim %s is unknown, but its insured and address are %s's: the same loss under another number, or a new one?",
			f.asg.ClaimNumber, f.names(f.corroborated...)), f.corroborated)
	}
	f.col.evidence = append(f.col.evidence, Evidence{Rule: RuleAssignment, Matched: f.asg.ClaimNumber, Where: f.asg.Where, Strength: StrengthStrong})
	return f.finish(OutcomeNewClaim, 0, "assignment for new claim "+f.asg.ClaimNumber, nil)
}

// decideWeak decides without strong evidence: corroborated weak evidence
// for one claim files, anything less goes to a person.
func (f *findings) decideWeak(m *Message) Decision {
	// Mail sent to many (or by machines) is filed only on strong evidence: a
	// newsletter that happens to print an insured's address is not about
	// the claim.
	bulk, bulkWhy := IsBulkOrAuto(m)
	weakClaims := evidenceClaims(f.weak)
	if !bulk && len(weakClaims) == 1 && len(f.corroborated) == 1 && len(f.ambiguous) == 0 && f.onlyTranspositionsOf(f.corroborated[0]) {
		x := f.corroborated[0]
		if other := otherAddress(m, f.col.claims[x]); other != "" && !slices.ContainsFunc(f.weak, func(e Evidence) bool { return e.Rule == RuleLossAddress }) {
			// Same insured and adjuster, another property: likely a second
			// loss, not this claim.
			return f.finish(OutcomeTriage, 0, fmt.Sprintf("insured and adjuster match %s but the message names another address, %q", f.names(x), other), []int64{x})
		}
		return f.finish(OutcomeFiled, x, "filed to "+f.names(x)+" on corroborated weak evidence: "+weakSummary(f.weak), nil)
	}
	cands := evidenceClaims(slices.Concat(f.weak, f.near, f.ambiguous))
	if bulk {
		return f.finish(OutcomeIgnored, 0, "bulk or automatic mail ("+bulkWhy+") without claim evidence", cands)
	}
	var reason string
	switch {
	case len(f.unknown) > 0 && len(f.near) > 0:
		reason = fmt.Sprintf("%q names no known claim; close to %s", f.unknown[0], f.names(evidenceClaims(f.near)...))
	case len(f.unknown) > 0:
		reason = fmt.Sprintf("%q names no known claim", f.unknown[0])
	case len(f.near) > 0:
		reason = fmt.Sprintf("%q is one slip away from %s", f.near[0].Matched, f.names(evidenceClaims(f.near)...))
	case len(weakClaims) > 1:
		reason = "weak evidence points to several claims: " + f.names(weakClaims...)
	case len(weakClaims) == 1 && len(f.ambiguous) > 0:
		reason = "weak evidence for " + f.names(weakClaims...) + " is contradicted by signals matching several claims"
	case len(weakClaims) == 1:
		reason = "only weak evidence for " + f.names(weakClaims...) + " (" + weakSummary(f.weak) + "): a person must confirm"
	case len(cands) > 0:
		reason = "signals match several claims"
	default:
		return f.finish(OutcomeTriage, 0, "no claim evidence", nil)
	}
	return f.finish(OutcomeTriage, 0, reason, cands)
}

// onlyTranspositionsOf reports whether every number the message names
// that no claim has is claim x's number with two neighbouring characters
// swapped. With the insured, the address or the adjuster corroborating x,
// such a number is x's mistyped; a number off in one character may be
// another claim of the same insured and adjuster, numbered next to it.
func (f *findings) onlyTranspositionsOf(x int64) bool {
	for _, e := range f.near {
		if e.ClaimID != x || !transposed(Normalize(e.Matched), Normalize(f.col.claims[x].ClaimNumber)) {
			return false
		}
	}
	for _, u := range f.unknown {
		if !slices.ContainsFunc(f.near, func(e Evidence) bool { return Normalize(e.Matched) == Normalize(u) }) {
			return false
		}
	}
	return true
}

// finish builds the decision with all the evidence gathered, strongest
// first; claimID is the claim filed to (0: none).
func (f *findings) finish(o Outcome, claimID int64, reason string, candidates []int64) Decision {
	d := Decision{Outcome: o, Reason: reason}
	if f.isAsg {
		d.Assignment = &f.asg
	}
	for _, u := range f.unknown {
		if n := Normalize(u); !slices.Contains(d.Unknown, n) {
			d.Unknown = append(d.Unknown, n)
		}
	}
	d.Evidence = sortEvidence(slices.Concat(f.col.evidence, f.weak, f.ambiguous, f.near))
	if d.Evidence == nil {
		d.Evidence = []Evidence{} // a decision without evidence says [] in JSON
	}
	if claimID != 0 {
		cl := f.col.claims[claimID]
		d.Claim = &cl
	}
	for _, id := range rankCandidates(candidates, d.Evidence) {
		if cl, ok := f.col.claims[id]; ok {
			d.Candidates = append(d.Candidates, cl)
		}
	}
	return d
}

// MaxCandidates is how many claims a decision offers a person to choose
// from: more would be a list to read rather than a choice.
const MaxCandidates = 3

// rankCandidates orders claims by the weight of the evidence for each, the
// likeliest first (strong evidence outweighs any number of weak hits, a
// complete address two weak ones), and keeps the first MaxCandidates.
func rankCandidates(ids []int64, evs []Evidence) []int64 {
	weight := map[int64]int{}
	for _, e := range evs {
		switch e.Strength {
		case StrengthStrong:
			weight[e.ClaimID] += 100
		case StrengthMedium:
			weight[e.ClaimID] += 10
		default:
			weight[e.ClaimID] += 3
		}
	}
	ranked := slices.Clone(ids)
	slices.SortStableFunc(ranked, func(a, b int64) int { return cmp.Compare(weight[b], weight[a]) })
	return ranked[:min(len(ranked), MaxCandidates)]
}

// names lists the claims with ids for people.
func (f *findings) names(ids ...int64) string {
	var s []string
	for _, id := range ids {
		s = append(s, claimLabel(f.col.claims[id]))
	}
	return strings.Join(s, ", ")
}

// corroboratedClaims returns the claims that weak evidence alone would file:
// a complete loss address, or two different weak rules.
func corroboratedClaims(weak []Evidence) []int64 {
	rules := map[int64]map[string]bool{}
	medium := map[int64]bool{}
	for _, e := range weak {
		if rules[e.ClaimID] == nil {
			rules[e.ClaimID] = map[string]bool{}
		}
		rules[e.ClaimID][e.Rule] = true
		if e.Strength == StrengthMedium {
			medium[e.ClaimID] = true
		}
	}
	var out []int64
	for id, rs := range rules {
		if medium[id] || len(rs) >= 2 {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// nearEvidence flags unknown identifiers one typing slip away from an open
// claim's claim or job number.
func nearEvidence(unknown []string, open []Claim) []Evidence {
	var out []Evidence
	seen := map[string]bool{}
	for _, u := range unknown {
		n := Normalize(u)
		for _, c := range open {
			k := fmt.Sprint(n, "\x00", c.ID)
			if seen[k] {
				continue
			}
			if nearMiss(n, Normalize(c.ClaimNumber)) || nearMiss(n, Normalize(c.JobNumber)) {
				seen[k] = true
				out = append(out, Evidence{Rule: RuleNearClaimNumber, Matched: u, Where: "", ClaimID: c.ID, Strength: StrengthWeak})
			}
		}
	}
	return out
}

// overlapsAny reports whether id shares text with one of the found
// identifiers: "1442694208-1 2" is a longer reading of a number already
// matched, not another claim.
func overlapsAny(id Identifier, found []Identifier) bool {
	for _, f := range found {
		if id.Offset < f.Offset+len(f.Text) && f.Offset < id.Offset+len(id.Text) {
			return true
		}
	}
	return false
}

func claimByID(cs []Claim, id int64) (Claim, bool) {
	for _, c := range cs {
		if c.ID == id {
			return c, true
		}
	}
	return Claim{}, false
}

func evidenceClaims(evs []Evidence) []int64 {
	var out []int64
	for _, e := range evs {
		if e.ClaimID != 0 && !slices.Contains(out, e.ClaimID) {
			out = append(out, e.ClaimID)
		}
	}
	return out
}

func claimLabel(c Claim) string {
	switch {
	case c.JobNumber != "" && c.ClaimNumber != "":
		return c.JobNumber + " (claim " + c.ClaimNumber + ")"
	case c.JobNumber != "":
		return c.JobNumber
	case c.ClaimNumber != "":
		return "claim " + c.ClaimNumber
	}
	return fmt.Sprintf("claim #%d", c.ID)
}

func strengthRank(s Strength) int {
	switch s {
	case StrengthStrong:
		return 0
	case StrengthMedium:
		return 1
	}
	return 2
}

var ruleOrder = map[string]int{
	RuleForwardAddress: 0, RuleThread: 1, RuleAssignment: 2, RuleClaimNumber: 3, RuleJobNumber: 4,
	RulePolicyNumber: 5, RuleReturnedTo: 5, RuleLossAddress: 6, RuleInsuredName: 7, RuleAdjusterEmail: 8, RuleNearClaimNumber: 9,
}

func sortEvidence(evs []Evidence) []Evidence {
	slices.SortStableFunc(evs, func(a, b Evidence) int {
		return cmp.Or(cmp.Compare(strengthRank(a.Strength), strengthRank(b.Strength)),
			cmp.Compare(ruleOrder[a.Rule], ruleOrder[b.Rule]))
	})
	return evs
}

func strongSummary(evs []Evidence, id int64) string {
	var parts []string
	for _, e := range sortEvidence(slices.Clone(evs)) {
		if e.ClaimID != id {
			continue
		}
		p := RuleWords(e.Rule) + inWhere(e.Where)
		switch e.Rule {
		case RuleThread:
			p = threadWords(e.Where)
		case RuleReturnedTo:
			p = "its mail to " + e.Matched + " came back, meant for a person on its record"
		}
		if !slices.Contains(parts, p) {
			parts = append(parts, p)
		}
		if len(parts) == 3 {
			break
		}
	}
	return strings.Join(parts, ", ")
}

// threadWords say why mail found in a filed thread (where) is the
// claim's, as the reason says it: the rule names the thread already.
func threadWords(where string) string {
	if where == "returned" {
		return "it returns the office's mail filed there"
	}
	return "a reply in a thread already filed there"
}

// inWhere is " in " and where in words, or nothing when the evidence
// does not say where it was found.
func inWhere(where string) string {
	if where == "" {
		return ""
	}
	return " in " + WhereWords(where)
}

func weakSummary(evs []Evidence) string {
	var parts []string
	for _, e := range evs {
		parts = append(parts, fmt.Sprintf("%s %q%s", RuleWords(e.Rule), e.Matched, inWhere(e.Where)))
	}
	return strings.Join(parts, ", ")
}

func describeConflict(col *collector) string {
	var parts []string
	for _, e := range sortEvidence(slices.Clone(col.evidence)) {
		p := fmt.Sprintf("%s %s%s -> %s", RuleWords(e.Rule), e.Matched, inWhere(e.Where), claimLabel(col.claims[e.ClaimID]))
		if !slices.Contains(parts, p) {
			parts = append(parts, p)
		}
		if len(parts) == 4 {
			break
		}
	}
	return strings.Join(parts, "; ")
}
