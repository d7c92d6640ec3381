package classify

import "testing"

// TestSurnameAndStreetAsPeopleWriteThem files a vendor's note that names
// the insured by surname alone, without its accent, and the street with its
// suffix spelled out; a house two doors down, or a surname with no address
// that several claims share, files nothing.
func TestSurnameAndStreetAsPeopleWriteThem(t *testing.T) {
	t.Parallel()
	claims := append([]Claim(nil), testClaims...)
	claims = append(claims,
		Claim{ID: 20, JobNumber: "26-1120-WTR", ClaimNumber: "0308774863", InsuredName: "Lucía Peña",
			LossAddress: "4410 Maple Ave, Frisco, TX 75034", AdjusterEmail: "nwilson@allstate.example", Open: true},
		Claim{ID: 21, JobNumber: "26-1121-WTR", ClaimNumber: "0308774999", InsuredName: "Linda Johnson",
			LossAddress: "3893 Elm Dr, Frisco, TX 75034", Open: true},
		Claim{ID: 22, JobNumber: "26-1122-WTR", ClaimNumber: "0308775000", InsuredName: "Mark Johnson",
			LossAddress: "12 Oak St., Plano, TX 75023", Open: true},
	)
	reg := NewMemRegistry(claims...)
	vendor := addr("Luis Ochoa <luis@ochoaelectric.example>")
	for _, c := range []struct {
		name, subject, body string
		want                int64 // 0: not filed
	}{
		{"surname without accent, suffix spelled out", "Safety check", "We finished at the Pena home, 4410 Maple Avenue. Ready for drying.", 20},
		{"abbreviated with a period", "4410 Maple Ave. - Pena", "Done today.", 20},
		{"two doors down", "Safety check", "We finished at the Pena home, 4414 Maple Avenue. Ready for drying.", 0},
		{"address alone", "Safety check", "We finished at 4410 Maple Avenue.", 0},
		{"shared surname settled by the address", "3893 Elm Drive - Johnson", "Done at the Johnson home, 3893 Elm Drive.", 21},
		{"shared surname alone", "Johnson", "We finished at the Johnson home.", 0},
		{"surname that is a street", "Safety check", "Parts left at 3893 Johnson Street.", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := MatchClaim(&Message{From: vendor, Subject: c.subject, Text: c.body}, reg, testConfig())
			var got int64
			if d.Outcome == OutcomeFiled {
				got = d.Claim.ID
			}
			if got != c.want {
				t.Errorf("filed to %d (%s: %s), want %d", got, d.Outcome, d.Reason, c.want)
			}
		})
	}
}

// TestTriageCandidatesRanked offers at most three claims, the one with the
// most evidence first.
func TestTriageCandidatesRanked(t *testing.T) {
	t.Parallel()
	m := &Message{From: addr("Pat Vendor <pat@vendor.example>"), Subject: "Schedule",
		Text: "This week: Kevin Castillo, Mark Ortiz, Rosa Miller, and Olga Petrova at 12 Harbor Ct, Erie, PA 16501."}
	d := MatchClaim(m, testRegistry(t), testConfig())
	if d.Outcome != OutcomeTriage {
		t.Fatalf("outcome %s (%s), want triage", d.Outcome, d.Reason)
	}
	var got []int64
	for _, c := range d.Candidates {
		got = append(got, c.ID)
	}
	if len(got) != MaxCandidates || got[0] != 9 {
		t.Errorf("candidates %v (%s), want %d of them, Olga Petrova's claim 9 first", got, d.Reason, MaxCandidates)
	}
}
