package classify

import "testing"

// FuzzMatchClaim feeds arbitrary subjects, bodies and attachment text through
// every rule: no input may panic, and a filed decision always names a claim
// of the registry with strong or corroborated evidence.
func FuzzMatchClaim(f *testing.F) {
	f.Add("Claim 60-8H77-8H5", "Kevin Castillo at 6345 Birch Rd, Plano, TX 75023", "Doc1.pdf", "WORK AUTHORIZATION")
	f.Add("RE: Claim update", "> 713 River Rd\n> Richardson, TX 75080\n\nOn Tue wrote:", "", "")
	f.Add("New assignment", "Please accept this assignment.\nClaim #: 040500000001\nInsured: Gus Fring\nLoss Location: 1 A St\nX, NM 87102", "", "")
	f.Add("Smith, Elizabeth", "88 Elm Street 88 Elm 88", "ITEL_1442694208-1.pdf", "")
	f.Fuzz(func(t *testing.T, subject, body, name, text string) {
		reg := testRegistry(t)
		m := &Message{From: addr("Rita Moreno <rmoreno@chubb.example>"), Subject: subject, Text: body,
			Attachments: []Attachment{{Filename: name, ContentType: "application/pdf", Text: text}},
			Forwards:    []Forward{{Subject: subject, Body: body}}}
		d := MatchClaim(m, reg, testConfig())
		if d.Outcome == OutcomeFiled {
			if d.Claim == nil {
				t.Fatal("filed without a claim")
			}
			if _, ok := reg.Claim(d.Claim.ID); !ok {
				t.Fatalf("filed to unknown claim %d", d.Claim.ID)
			}
			if len(d.Evidence) == 0 {
				t.Fatal("filed without evidence")
			}
		}
		if d.Outcome == OutcomeNewClaim && (d.Assignment == nil || d.Assignment.ClaimNumber == "") {
			t.Fatal("new claim without an assignment")
		}
		_, _ = ParseAssignment(m)
		_, _ = DocType(m.Attachments[0], m)
		_ = NeedsAck(m, office)
	})
}
