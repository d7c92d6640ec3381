package classify

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// wantEvidence names evidence a decision must carry.
type wantEvidence struct {
	rule, where string
	claim       int64
}

func hasEvidence(d Decision, w wantEvidence) bool {
	for _, e := range d.Evidence {
		if e.Rule == w.rule && (w.where == "" || e.Where == w.where) && (w.claim == 0 || e.ClaimID == w.claim) {
			return true
		}
	}
	return false
}

func candidateIDs(d Decision) []int64 {
	var out []int64
	for _, c := range d.Candidates {
		out = append(out, c.ID)
	}
	slices.Sort(out)
	return out
}

func TestMatchClaim(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		msg        Message
		filed      map[string]int64 // thread history: Message-ID -> claim
		outcome    Outcome
		claim      int64   // for filed
		candidates []int64 // for triage, when checked
		evidence   []wantEvidence
	}{
		{
			name:    "forward address with job number",
			msg:     Message{From: addr("dcruz@" + office), To: []Address{{Email: "claims+26-1101-WTR@" + office}}, Subject: "photos day 1"},
			outcome: OutcomeFiled, claim: 1,
			evidence: []wantEvidence{{RuleForwardAddress, "to", 1}},
		},
		{
			name:    "forward address with claim number in Delivered-To, lower-cased by the server",
			msg:     Message{From: addr("dcruz@" + office), To: []Address{{Email: "claims@" + office}}, DeliveredTo: []string{"claims+clm-2026-004512@" + office}},
			outcome: OutcomeFiled, claim: 2,
			evidence: []wantEvidence{{RuleForwardAddress, "delivered_to", 2}},
		},
		{
			name:    "plus address of another domain is not ours",
			msg:     Message{From: addr("x@gmail.example"), To: []Address{{Email: "claims+26-1101-WTR@elsewhere.example"}}, Subject: "hello"},
			outcome: OutcomeTriage,
		},
		{
			name:    "unknown forward tag blocks weak filing",
			msg:     Message{From: addr("dcruz@" + office), To: []Address{{Email: "claims+26-1999-WTR@" + office}}, Text: "Kevin Castillo, 6345 Birch Rd, Plano, TX 75023"},
			outcome: OutcomeTriage, candidates: []int64{1},
		},
		{
			name:    "thread names a filed message",
			msg:     Message{From: addr("Rita Moreno <rmoreno@chubb.example>"), Subject: "RE: Claim update", InReplyTo: "<ack.1@" + office + ">", Text: "Received, thanks."},
			filed:   map[string]int64{"<ack.1@" + office + ">": 5},
			outcome: OutcomeFiled, claim: 5,
			evidence: []wantEvidence{{RuleThread, "in_reply_to", 5}},
		},
		{
			name:    "thread through References only",
			msg:     Message{From: addr("someone@gmail.example"), Subject: "RE: RE: update", References: []string{"<orig@chubb.example>", "<ack.9@" + office + ">"}},
			filed:   map[string]int64{"<orig@chubb.example>": 5},
			outcome: OutcomeFiled, claim: 5,
			evidence: []wantEvidence{{RuleThread, "references", 5}},
		},
		{
			name: "a bounce of a filed message goes where that message is",
			msg: Message{From: addr("Mail Delivery System <MAILER-DAEMON@mx." + office + ">"), Subject: "Undelivered Mail Returned to Sender",
				Headers: map[string]string{"Auto-Submitted": "auto-replied"}, Returned: "<cos.1@" + office + ">"},
			filed:   map[string]int64{"<cos.1@" + office + ">": 5},
			outcome: OutcomeFiled, claim: 5,
			evidence: []wantEvidence{{RuleThread, "returned", 5}},
		},
		{
			name:       "thread points at one claim, subject names another: triage",
			msg:        Message{From: addr("rmoreno@chubb.example"), Subject: "RE: 60-8H77-8H5 photos", InReplyTo: "<ack.1@" + office + ">"},
			filed:      map[string]int64{"<ack.1@" + office + ">": 5},
			outcome:    OutcomeTriage,
			candidates: []int64{1, 5},
		},
		{
			name:    "claim number with spaces in the subject",
			msg:     Message{From: addr("janderson@statefarm.example"), Subject: "Claim# 60 8H77 8H5 - need scope"},
			outcome: OutcomeFiled, claim: 1,
			evidence: []wantEvidence{{RuleClaimNumber, "subject", 1}},
		},
		{
			name:    "longer number is not a prefix match",
			msg:     Message{From: addr("williams@farmers.example"), Subject: "Claim 1442694208-12 update"},
			outcome: OutcomeFiled, claim: 4,
		},
		{
			name:    "exact suffix",
			msg:     Message{From: addr("williams@farmers.example"), Subject: "Claim 1442694208-1 update"},
			outcome: OutcomeFiled, claim: 3,
		},
		{
			name:    "claim number split across a line break",
			msg:     Message{From: addr("nfitzgerald@libertymutual.example"), Subject: "Status", Text: "Please update claim LA123-456789-\n01 by Friday."},
			outcome: OutcomeFiled, claim: 6,
			evidence: []wantEvidence{{RuleClaimNumber, "body", 6}},
		},
		{
			name: "claim number only in an attachment name",
			msg: Message{From: addr("reports@itel.example"), Subject: "Your report", Headers: map[string]string{"Auto-Submitted": "auto-generated"},
				Attachments: []Attachment{{Filename: "ITEL_040523012345.pdf", ContentType: "application/pdf"}}},
			outcome: OutcomeFiled, claim: 5,
			evidence: []wantEvidence{{RuleClaimNumber, "attachment:ITEL_040523012345.pdf", 5}},
		},
		{
			name: "claim number only in the attached PDF's text",
			msg: Message{From: addr("dcruz@" + office), Subject: "signed form",
				Attachments: []Attachment{{Filename: "scan0001.pdf", ContentType: "application/pdf", Text: "WORK AUTHORIZATION\nClaim: H0012-3456\nSignature"}}},
			outcome: OutcomeFiled, claim: 7,
			evidence: []wantEvidence{{RuleClaimNumber, "attachment_text:scan0001.pdf", 7}},
		},
		{
			name: "claim number read by OCR from a scan's second page",
			msg: Message{From: addr("dcruz@" + office), Subject: "signed form",
				Attachments: []Attachment{{Filename: "scan0001.pdf", ContentType: "application/pdf", OCR: true, Text: "WORK AUTHORIZATION\fClaim: H0012-3456\nSignature\f"}}},
			outcome: OutcomeFiled, claim: 7,
			evidence: []wantEvidence{{RuleClaimNumber, "attachment_ocr:scan0001.pdf, page 2", 7}},
		},
		{
			name:    "policy number",
			msg:     Message{From: addr("treed@acme-mutual.example"), Subject: "Policy HO-7734-2210 question"},
			outcome: OutcomeFiled, claim: 2,
			evidence: []wantEvidence{{RulePolicyNumber, "subject", 2}},
		},
		{
			name:    "job number",
			msg:     Message{From: addr("hvilla@" + office), Subject: "Fwd: 26-1103-MLD signed ATP"},
			outcome: OutcomeFiled, claim: 3,
			evidence: []wantEvidence{{RuleJobNumber, "subject", 3}},
		},
		{
			name:    "closed claim still receives its mail",
			msg:     Message{From: addr("billing@vendor.example"), Subject: "Final invoice claim 0683449786"},
			outcome: OutcomeFiled, claim: 8,
		},
		{
			name:    "phone-shaped claim number",
			msg:     Message{From: addr("scole@erie.example"), Subject: "Claim 214-555-0199"},
			outcome: OutcomeFiled, claim: 9,
		},
		{
			name:       "two claims named: triage",
			msg:        Message{From: addr("williams@farmers.example"), Subject: "1442694208-1 and 1442694208-12"},
			outcome:    OutcomeTriage,
			candidates: []int64{3, 4},
		},
		{
			name:    "unwrapped forward subject",
			msg:     Message{From: addr("pgrant@" + office), Subject: "Fwd: Supplement", Forwards: []Forward{{From: addr("treed@acme-mutual.example"), Subject: "Supplement CLM-2026-004512"}}},
			outcome: OutcomeFiled, claim: 2,
			evidence: []wantEvidence{{RuleClaimNumber, "forward[0].subject", 2}},
		},
		{
			name:    "Outlook forward left in the body, number split across lines",
			msg:     Message{From: addr("dcruz@" + office), Subject: "FW: Supplement", Text: fixture(t, "outlook_forward.txt")},
			outcome: OutcomeFiled, claim: 2,
		},
		{
			name:    "Apple Mail forward with a spaced claim number",
			msg:     Message{From: addr("hvilla@" + office), Subject: "Fwd: Roof tarp", Text: fixture(t, "apple_forward.txt")},
			outcome: OutcomeFiled, claim: 5,
		},
		{
			name:    "HTML-only body",
			msg:     Message{From: addr("nfitzgerald@libertymutual.example"), Subject: "Status", Text: fixture(t, "html_only.html")},
			outcome: OutcomeFiled, claim: 6,
			evidence: []wantEvidence{{RuleClaimNumber, "body", 6}},
		},
		{
			name:    "Spanish customer: name and full address",
			msg:     Message{From: addr("María José Hernández <mjh@gmail.example>"), Subject: "Pregunta sobre mi reclamo", Text: fixture(t, "spanish_customer.txt")},
			outcome: OutcomeFiled, claim: 2,
			evidence: []wantEvidence{{RuleLossAddress, "body", 2}, {RuleInsuredName, "", 2}},
		},
		{
			name:    "adjuster names insured and address; signature shares another insured's name",
			msg:     Message{From: addr("Mark Ortiz <mortiz@towerhill.example>"), Subject: "Miller loss - 8527 Prairie View Rd", Text: "I handle the loss for Rosa Miller at 8527 Prairie View Rd, Garland, TX 75040.\n\nMark Ortiz\nTower Hill"},
			outcome: OutcomeFiled, claim: 7,
		},
		{
			name:    "complete address alone files",
			msg:     Message{From: addr("dispatch@rolloff.example"), Subject: "Dumpster delivered", Text: "Container delivered to 713 River Rd.\nRichardson, TX 75080. Invoice attached."},
			outcome: OutcomeFiled, claim: 6,
			evidence: []wantEvidence{{RuleLossAddress, "body", 6}},
		},
		{
			name:       "street without city is only weak: triage with the candidate",
			msg:        Message{From: addr("dispatch@rolloff.example"), Subject: "Pod drop-off 713 River Rd", Text: "Delivered today."},
			outcome:    OutcomeTriage,
			candidates: []int64{6},
		},
		{
			name:    "same street and number in another city is another property",
			msg:     Message{From: addr("dispatch@rolloff.example"), Subject: "Dumpster quote", Text: "A homeowner at 713 River Rd, Dallas, TX 75201 asked for a dumpster."},
			outcome: OutcomeTriage, candidates: nil,
		},
		{
			name:    "the house next door",
			msg:     Message{From: addr("dispatch@rolloff.example"), Subject: "Dumpster quote - 715 River Road, Richardson, TX 75080"},
			outcome: OutcomeTriage, candidates: nil,
		},
		{
			name:       "adjuster of exactly one claim, nothing else: triage",
			msg:        Message{From: addr("Rita Moreno <rmoreno@chubb.example>"), Subject: "Any update?", Text: "Any update on the tarp?"},
			outcome:    OutcomeTriage,
			candidates: []int64{5},
			evidence:   []wantEvidence{{RuleAdjusterEmail, "from", 5}},
		},
		{
			name:       "same insured and adjuster at another address: a second loss, triage",
			msg:        Message{From: addr("Rita Moreno <rmoreno@chubb.example>"), Subject: "Jane Doe - new loss", Text: "Jane Doe has a new leak at her rental, 400 Vine St, Los Angeles, CA 90028."},
			outcome:    OutcomeTriage,
			candidates: []int64{5},
		},
		{
			name:    "adjuster plus insured name corroborate",
			msg:     Message{From: addr("Rita Moreno <rmoreno@chubb.example>"), Subject: "Jane Doe's claim", Text: "Any update on the tarp?"},
			outcome: OutcomeFiled, claim: 5,
		},
		{
			name:       "adjuster of two claims and a surname only: triage",
			msg:        Message{From: addr("williams@farmers.example"), Subject: "Smith file", Text: "Any news on the Smith file?"},
			outcome:    OutcomeTriage,
			candidates: nil,
		},
		{
			name:       "claim number one digit off: never filed, even with corroborating signals",
			msg:        Message{From: addr("Nancy Fitzgerald <nfitzgerald@libertymutual.example>"), Subject: "Claim LA123-456789-07 status", Text: "Mark Ortiz at 713 River Road, Richardson, TX 75080"},
			outcome:    OutcomeTriage,
			candidates: []int64{6},
			evidence:   []wantEvidence{{RuleNearClaimNumber, "", 6}},
		},
		{
			name:    "the insured writes under their full name: filed",
			msg:     Message{From: addr("Kevin Castillo <kc1988@gmail.example>"), Subject: "Question", Text: "What time are you coming tomorrow to check the fans?\n\nSent from my iPhone"},
			outcome: OutcomeFiled, claim: 1,
			evidence: []wantEvidence{{RuleInsuredName, "from", 1}},
		},
		{
			name:       "the insured writes about another property: triage",
			msg:        Message{From: addr("Kevin Castillo <kc1988@gmail.example>"), Subject: "New leak", Text: "Now our rental at 12 Oak Ct, Allen, TX 75002 has water in the kitchen."},
			outcome:    OutcomeTriage,
			candidates: []int64{1},
		},
		{
			name:    "the insured's name and the street after a flat's number: filed",
			msg:     Message{From: addr("Ana Ruiz <ana.ruiz@gmail.example>"), Subject: "fans", Text: "I'm Kevin Castillo's sister, in flat 12 on Birch Road. The fans are very loud at night."},
			outcome: OutcomeFiled, claim: 1,
			evidence: []wantEvidence{{RuleLossAddress, "body", 1}},
		},
		{
			name:    "staff name a job by its house number and street: filed",
			msg:     Message{From: addr("Dee Cruz <dcruz@" + office + ">"), Subject: "pics", Text: "6345 Birch, day 1. Hall and kitchen."},
			outcome: OutcomeFiled, claim: 1,
			evidence: []wantEvidence{{RuleLossAddress, "body", 1}},
		},
		{
			name:       "a stranger's house number and street alone: triage",
			msg:        Message{From: addr("pat@homeowner.example"), Subject: "pics", Text: "6345 Birch, water in the hall."},
			outcome:    OutcomeTriage,
			candidates: []int64{1},
		},
		{
			name:    "surname, then the street after a dash: filed",
			msg:     Message{From: addr("ops@drywallpros.example"), Subject: "Castillo - Birch Rd - drywall", Text: "We can hang board Monday."},
			outcome: OutcomeFiled, claim: 1,
			evidence: []wantEvidence{{RuleLossAddress, "subject", 1}},
		},
		{
			name:    "claim number with two neighbouring digits swapped, insured and adjuster agreeing: mistyped, filed",
			msg:     Message{From: addr("Nancy Fitzgerald <nfitzgerald@libertymutual.example>"), Subject: "Claim LA123-456798-01", Text: "The Ortiz family still smells smoke upstairs."},
			outcome: OutcomeFiled, claim: 6,
			evidence: []wantEvidence{{RuleNearClaimNumber, "", 6}},
		},
		{
			name:       "swapped digits with the adjuster alone: triage",
			msg:        Message{From: addr("Nancy Fitzgerald <nfitzgerald@libertymutual.example>"), Subject: "Claim LA123-456798-01", Text: "Any news?"},
			outcome:    OutcomeTriage,
			candidates: []int64{6},
		},
		{
			name:       "unknown claim number with a known insured and address: a new loss, not this claim",
			msg:        Message{From: addr("janderson@statefarm.example"), Subject: "Claim 99-9Z99-9Z9", Text: "Second loss for Kevin Castillo at 6345 Birch Rd, Plano, TX 75023."},
			outcome:    OutcomeTriage,
			candidates: []int64{1},
		},
		{
			name:    "strong evidence and corroborated weak evidence for another claim: triage",
			msg:     Message{From: addr("dispatch@rolloff.example"), Subject: "Invoice 26-1101-WTR", Text: "Site: 713 River Road, Richardson, TX 75080"},
			outcome: OutcomeTriage, candidates: []int64{1, 6},
		},
		{
			name:    "newsletter is ignored",
			msg:     Message{From: addr("news@riweekly.example"), Subject: "Trade show pricing", Headers: map[string]string{"List-Unsubscribe": "<mailto:u@riweekly.example>", "Precedence": "bulk"}, Text: "Read online."},
			outcome: OutcomeIgnored,
		},
		{
			name:    "newsletter printing an insured's address is not filed",
			msg:     Message{From: addr("news@stormwatch.example"), Subject: "Storm report", Headers: map[string]string{"List-Unsubscribe": "<mailto:u@stormwatch.example>"}, Text: "Hail reported near 6345 Birch Rd, Plano, TX 75023 and Kevin Castillo's street."},
			outcome: OutcomeIgnored,
		},
		{
			name:    "out-of-office without evidence is ignored",
			msg:     Message{From: addr("rmoreno@chubb.example"), Subject: "Automatic reply: Claim update", Headers: map[string]string{"X-Auto-Response-Suppress": "All"}},
			outcome: OutcomeIgnored,
		},
		{
			name:    "automatic notification with a claim number is filed",
			msg:     Message{From: addr("noreply@xactanalysis.example"), Subject: "Note added to 60-8H77-8H5", Headers: map[string]string{"Auto-Submitted": "auto-generated"}},
			outcome: OutcomeFiled, claim: 1,
		},
		{
			name:     "new assignment",
			msg:      Message{From: addr("noreply@xactanalysis.example"), Subject: "New Assignment - 33-7K21-0P9 - Ana Ruiz", Headers: map[string]string{"Auto-Submitted": "auto-generated"}, Text: "Claim Number: 33-7K21-0P9\nInsured: Ana Ruiz\nLoss Address: 10 Oak Ct, Allen, TX 75002\nType of Loss: Water"},
			outcome:  OutcomeNewClaim,
			evidence: []wantEvidence{{RuleAssignment, "body", 0}},
		},
		{
			name: "fields of a known loss under an unknown number wait for a person",
			msg: Message{From: addr("Billing <ar@drymasters.example>"), Subject: "Invoice 5521",
				Text: "Claim #: DM-88120\nInsured: Kevin Castillo\nProperty: 6345 Birch Rd, Plano, TX 75023\nAmount due: $1,840.00"},
			outcome: OutcomeTriage, candidates: []int64{1},
		},
		{
			name: "fields of a new loss hand it over",
			msg: Message{From: addr("Rhonda Vance <rvance@hanover.example>"), Subject: "Water job",
				Text: "Claim #: HX4471902\nInsured: Irene Kowalski\nProperty: 58 Birch Hollow Ln, Canton, MI 48187\n\nPlease call her today."},
			outcome: OutcomeNewClaim,
		},
		{
			name:    "repeat assignment of a known claim is filed to it",
			msg:     Message{From: addr("noreply@xactanalysis.example"), Subject: "New Assignment - 60-8H77-8H5", Headers: map[string]string{"Auto-Submitted": "auto-generated"}, Text: "Claim Number: 60-8H77-8H5\nInsured: Kevin Castillo"},
			outcome: OutcomeFiled, claim: 1,
		},
		{
			name:    "assignment arriving in another claim's thread: triage",
			msg:     Message{From: addr("rmoreno@chubb.example"), Subject: "New assignment", InReplyTo: "<ack.1@" + office + ">", Text: "Please accept this assignment.\nClaim #: 040500000001\nInsured: Gus Fring"},
			filed:   map[string]int64{"<ack.1@" + office + ">": 5},
			outcome: OutcomeTriage, candidates: []int64{5},
		},
		{
			name:    "no evidence at all",
			msg:     Message{From: addr("someone@gmail.example"), Subject: "Question", Text: "Do you do mold remediation?"},
			outcome: OutcomeTriage,
		},
		// A claim number quoted without its exposure suffix is weak: it
		// files with a second weak signal, never alone, and never when the
		// stem is shared.
		{
			name:    "claim number without its suffix, from the claim's adjuster",
			msg:     Message{From: addr("Nancy Fitzgerald <nfitzgerald@libertymutual.example>"), Subject: "Claim LA123-456789 - invoice please", Text: "Please send the final invoice for claim LA123-456789 so we can pay."},
			outcome: OutcomeFiled, claim: 6,
			evidence: []wantEvidence{{RuleClaimNumber, "subject", 6}, {RuleAdjusterEmail, "from", 6}},
		},
		{
			name:    "claim number without its suffix, with the insured's name",
			msg:     Message{From: addr("someone@gmail.example"), Subject: "LA123 456789", Text: "This is about Mark Ortiz's kitchen."},
			outcome: OutcomeFiled, claim: 6,
		},
		{
			name:    "claim number without its suffix alone stays with a person",
			msg:     Message{From: addr("someone@gmail.example"), Subject: "Claim LA123-456789", Text: "Any news?"},
			outcome: OutcomeTriage, candidates: []int64{6},
		},
		{
			name:    "a stem two claims share names neither",
			msg:     Message{From: addr("Ángel Williams <williams@farmers.example>"), Subject: "Claim 1442694208", Text: "Status please."},
			outcome: OutcomeTriage, candidates: []int64{3}, // one slip from -1, as before
		},
		{
			name:    "a cut inside a group is another number",
			msg:     Message{From: addr("Nancy Fitzgerald <nfitzgerald@libertymutual.example>"), Subject: "Claim LA123-4567", Text: "Status please."},
			outcome: OutcomeTriage, candidates: []int64{6},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			reg := testRegistry(t)
			for id, c := range tt.filed {
				reg.FileMessage(id, c)
			}
			d := MatchClaim(&tt.msg, reg, testConfig())
			js, _ := json.MarshalIndent(d, "", " ")
			if d.Outcome != tt.outcome {
				t.Fatalf("outcome %s, want %s\n%s", d.Outcome, tt.outcome, js)
			}
			if tt.outcome == OutcomeFiled && (d.Claim == nil || d.Claim.ID != tt.claim) {
				t.Fatalf("filed to %v, want claim %d\n%s", d.Claim, tt.claim, js)
			}
			if tt.outcome != OutcomeFiled && d.Claim != nil {
				t.Fatalf("claim set on %s\n%s", d.Outcome, js)
			}
			if tt.outcome == OutcomeTriage && !slices.Equal(candidateIDs(d), tt.candidates) {
				t.Errorf("candidates %v, want %v\n%s", candidateIDs(d), tt.candidates, js)
			}
			for _, w := range tt.evidence {
				if !hasEvidence(d, w) {
					t.Errorf("missing evidence %+v\n%s", w, js)
				}
			}
			if d.Reason == "" {
				t.Errorf("no reason")
			}
			for i := 1; i < len(d.Evidence); i++ {
				if strengthRank(d.Evidence[i].Strength) < strengthRank(d.Evidence[i-1].Strength) {
					t.Errorf("evidence not strongest first: %s", js)
				}
			}
		})
	}
}

func TestMatchClaimUnknownIdentifiersForLater(t *testing.T) {
	t.Parallel()
	reg := testRegistry(t)
	msg := &Message{From: addr("rwhit@" + office), Subject: "Fwd: Reinspection", Text: "Reinspection scheduled for claim LA034-176848-78 on Thursday."}
	d := MatchClaim(msg, reg, testConfig())
	if d.Outcome != OutcomeTriage || !slices.Contains(d.Unknown, "LA03417684878") {
		t.Fatalf("want triage with the unknown claim number, got %s %v", d.Outcome, d.Unknown)
	}
	// Once the assignment creates the claim, the same message files.
	c := reg.Add(Claim{ClaimNumber: "LA034-176848-78", JobNumber: "26-1200-WTR", Open: true})
	d = MatchClaim(msg, reg, testConfig())
	if d.Outcome != OutcomeFiled || d.Claim.ID != c.ID {
		t.Fatalf("after the claim exists: %s %v (%s)", d.Outcome, d.Claim, d.Reason)
	}
}

func TestMatchClaimForwardLocal(t *testing.T) {
	t.Parallel()
	reg := testRegistry(t)
	msg := &Message{From: addr("a@" + office), To: []Address{{Email: "Jobs+26-1101-wtr@" + strings.ToUpper(office)}}}
	d := MatchClaim(msg, reg, Config{OfficeDomain: office, ForwardLocal: "jobs"})
	if d.Outcome != OutcomeFiled || d.Claim.ID != 1 {
		t.Fatalf("got %s (%s)", d.Outcome, d.Reason)
	}
	d = MatchClaim(msg, reg, testConfig())
	if d.Outcome == OutcomeFiled {
		t.Fatalf("default local part should not accept jobs+: %s", d.Reason)
	}
}

func TestForwardDomain(t *testing.T) {
	for addr, want := range map[string]string{
		"claims+26-1031-WTR@North.Example":  "north.example",
		"<claims+0683449786@south.example>": "south.example",
		"claims@north.example":              "",
		"claims+@north.example":             "",
		"jobs+26-1031-WTR@north.example":    "",
		"claims+26-1031-WTR":                "",
	} {
		got, ok := ForwardDomain(addr, Config{})
		if got != want || ok != (want != "") {
			t.Errorf("ForwardDomain(%q) = %q, %v; want %q", addr, got, ok, want)
		}
	}
}

// TestNumberEvidence gives the numbers on each text as MatchClaim finds
// them, and decides nothing: two claims named is two pieces of evidence.
func TestNumberEvidence(t *testing.T) {
	t.Parallel()
	reg := testRegistry(t)
	m := &Message{Attachments: []Attachment{
		{Filename: "scan0001.pdf", ContentType: "application/pdf", OCR: true, Text: "WORK AUTHORIZATION\fClaim: H0012-3456\f"},
		{Filename: "IMG_0001.jpg", ContentType: "image/jpeg", OCR: true, Text: "Policy HO-7734-2210"},
	}}
	got := NumberEvidence(m, reg)
	want := []wantEvidence{
		{RuleClaimNumber, "attachment_ocr:scan0001.pdf, page 2", 7},
		{RulePolicyNumber, "attachment_ocr:IMG_0001.jpg, page 1", 2},
	}
	for _, w := range want {
		if !slices.ContainsFunc(got, func(e Evidence) bool {
			return e.Rule == w.rule && e.Where == w.where && e.ClaimID == w.claim && e.Strength == StrengthStrong
		}) {
			t.Errorf("evidence %+v; want %+v among it", got, w)
		}
	}
	if d := MatchClaim(m, reg, Config{}); d.Outcome != OutcomeTriage {
		t.Errorf("MatchClaim outcome %s; the two claims conflict, want triage (NumberEvidence decides nothing)", d.Outcome)
	}
}

func TestClaimNumberStem(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		number, norm string
		want         bool
	}{
		{"3008124577-1-1", "3008124577", true},
		{"3008124577-1-1", "30081245771", true},
		{"la123-456789-01", "LA123456789", true},
		{"3008124577-1-1", "3008124577111", false}, // the whole number
		{"30081245771-1", "3008124577", false},     // the cut splits a group
		{"3008124577-12345", "3008124577", false},  // more than a short suffix
		{"3008124577", "3008124577", false},        // nothing left out
		{"3008124578-1", "3008124577", false},
		{"３００８１２４５７７-1", "3008124577", false}, // not ASCII: no short form
	} {
		if got := claimNumberStem(c.number, c.norm); got != c.want {
			t.Errorf("claimNumberStem(%q, %q) = %v, want %v", c.number, c.norm, got, c.want)
		}
	}
}

// Someone who signs for an insured organisation (its administrator, its
// manager) writes for the insured; the organisation named elsewhere in a
// stranger's mail is one weak signal.
func TestMatchClaimSignsForInsured(t *testing.T) {
	t.Parallel()
	reg := NewMemRegistry(append(slices.Clone(testClaims), Claim{ID: 20, JobNumber: "26-1120-MLD", ClaimNumber: "LX0044120",
		Carrier: "Lexington", InsuredName: "Bethel Chapel", LossAddress: "40 Mill Rd, Frisco, TX 75034", Open: true})...)
	for _, c := range []struct {
		name string
		msg  Message
		want Outcome
	}{
		{"administrator's signature", Message{From: addr("Deb Kline <office@bethelfrisco.example>"), Subject: "Fellowship hall",
			Text: "Can the hall be used on Sunday?\n\nThanks,\nDeb Kline\nChurch Administrator, Bethel Chapel"}, OutcomeFiled},
		{"named in a vendor's text", Message{From: addr("Sam Ortiz <sam@tileworks.example>"), Subject: "Quote",
			Text: "Attached is our quote for the tile at Bethel Chapel.\n\nSam Ortiz\nTile Works"}, OutcomeTriage},
	} {
		d := MatchClaim(&c.msg, reg, testConfig())
		if d.Outcome != c.want || c.want == OutcomeFiled && d.Claim.ID != 20 {
			t.Errorf("%s: %s (%s), want %s", c.name, d.Outcome, d.Reason, c.want)
		}
	}
}
