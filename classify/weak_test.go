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

// TestStreetWithoutItsNumber files mail that names the insured by surname
// and the street without a house number ("the Pena home on Maple Avenue")
// when the surname's claim is on that street; the street alone, a surname
// on another claim's street, another house's number or another town's
// street files nothing.
func TestStreetWithoutItsNumber(t *testing.T) {
	t.Parallel()
	pena := Claim{ID: 20, JobNumber: "26-1120-WTR", ClaimNumber: "0308774863", InsuredName: "Lucía Peña",
		LossAddress: "4410 Maple Ave, Frisco, TX 75034", Open: true}
	johnson := Claim{ID: 21, JobNumber: "26-1121-WTR", ClaimNumber: "0308774999", InsuredName: "Linda Johnson",
		LossAddress: "3893 N Elm Dr, Frisco, TX 75034", Open: true}
	diaz := Claim{ID: 23, JobNumber: "26-1123-WTR", ClaimNumber: "0308775111", InsuredName: "Rosa Diaz",
		LossAddress: "88 Maple Ave, Frisco, TX 75034", Open: true}
	tech := addr("Luis Ortega <lortega@office.example>")
	for _, c := range []struct {
		name          string
		claims        []Claim
		subject, body string
		want          int64 // 0: not filed
	}{
		{"surname and street", []Claim{pena, johnson}, "Safety check", "Where are we on drying at the Pena home on Maple Avenue?", 20},
		{"surname in the subject, street in the text", []Claim{pena, johnson}, "Pena day 1 photos", "Kitchen at Maple Ave. Three air movers running.", 20},
		{"street with a directional", []Claim{pena, johnson}, "Johnson", "Pulled the carpet at Elm Drive today.", 21},
		{"street alone", []Claim{pena, johnson}, "Day 1 photos", "Kitchen at Maple Ave. Three air movers running.", 0},
		{"surname on another claim's street", []Claim{pena, johnson}, "Pena", "Drying at Elm Drive today.", 0},
		{"another house on the street", []Claim{pena, johnson}, "Pena", "Done at 4414 Maple Avenue.", 0},
		{"another house with a directional", []Claim{pena, johnson}, "Johnson", "Done at 12 N Elm Dr.", 0},
		{"another town's street", []Claim{pena, johnson}, "Pena", "Done at Maple Ave, Dallas TX 75201.", 0},
		{"a street another claim is on too", []Claim{pena, johnson, diaz}, "Pena", "Kitchen at Maple Ave.", 20},
		{"a lower-case word that is the street's", []Claim{pena, johnson}, "Pena", "we moved the maple ave equipment", 0},
		{"the family by its plural", []Claim{pena, johnson}, "Drying", "Where are we on drying at the Penas' on Maple Avenue?", 20},
		{"the family of a surname in s", []Claim{pena, johnson}, "Drying", "Fans are off at the Johnsons on Elm Drive.", 21},
		{"a plural that is not the family's", []Claim{pena, johnson}, "Drying", "Penas Maple Avenue crew, call the office.", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := MatchClaim(&Message{From: tech, Subject: c.subject, Text: c.body}, NewMemRegistry(c.claims...), testConfig())
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

// TestStreetWithoutItsNumberCorroboratesOnlyTheInsured: a street named
// without its number is common ground (a vendor's name, directions, the
// adjuster's own office, a longer street's name) and files nothing with the
// adjuster's address alone, nor settles which of two claims a surname
// means.
func TestStreetWithoutItsNumberCorroboratesOnlyTheInsured(t *testing.T) {
	t.Parallel()
	pena := Claim{ID: 20, JobNumber: "26-1120-WTR", ClaimNumber: "0308774863", InsuredName: "Lucía Peña",
		LossAddress: "4410 Maple Ave, Frisco, TX 75034", AdjusterEmail: "powens@carrier.example", Open: true}
	garciaOak := Claim{ID: 30, JobNumber: "26-1130-WTR", ClaimNumber: "0308776000", InsuredName: "Ana Garcia",
		LossAddress: "15 Oak St, Frisco, TX 75034", Open: true}
	garciaBirch := Claim{ID: 31, JobNumber: "26-1131-WTR", ClaimNumber: "0308776001", InsuredName: "Luis Garcia",
		LossAddress: "9 Birch Ln, Frisco, TX 75034", Open: true}
	reg := NewMemRegistry(pena, garciaOak, garciaBirch)
	adjuster := addr("Pat Owens <powens@carrier.example>")
	vendor := addr("Billing <billing@oakplumbing.example>")
	tech := addr("Luis Ortega <lortega@office.example>")
	for _, c := range []struct {
		name          string
		from          Address
		subject, body string
	}{
		{"another insured in another town", adjuster, "New loss", "Please send a crew to the Nguyen home on Maple Ave in Plano, water heater burst."},
		{"another town after a comma", adjuster, "New loss", "Please send a crew to the Nguyen home, Maple Ave, Plano. Water heater burst."},
		{"another house named first", adjuster, "New loss", "New loss at 4414 Maple Ave, insured Tom Nguyen. The Maple Ave house has standing water in the den."},
		{"a house number with a letter", adjuster, "New loss", "New loss at 12B Maple Ave, insured Tom Nguyen."},
		{"a house number with a dash", adjuster, "New loss", "New loss at 4412-A Maple Ave, insured Tom Nguyen."},
		{"a longer street's name", adjuster, "New loss", "New loss at 77 Sugar Maple Ave, insured Tom Nguyen."},
		{"directions", adjuster, "New loss", "New loss for Tom Nguyen: take Maple Ave north, left at the light, blue house at the end of the cul-de-sac."},
		{"the adjuster's office", adjuster, "New loss", "Tom Nguyen's basement flooded, please call him.\n\nPat Owens\nField Adjuster\nOne Maple Avenue, Suite 300\nPlano"},
		{"a vendor's name and a shared surname", vendor, "Invoice - Garcia", "Attached is our invoice for the Garcia job.\n\nThanks,\nOak Street Plumbing\n(972) 555-0101"},
		{"directions and a shared surname", tech, "Garcia", "Stuck in traffic on Oak St, will be at the Garcia house 20 min late."},
		{"a shared surname, the street in the next sentence", tech, "Drying", "Finished at the Garcia house. Oak St is closed for paving."},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := MatchClaim(&Message{From: c.from, Subject: c.subject, Text: c.body}, reg, testConfig())
			if d.Outcome == OutcomeFiled {
				t.Errorf("filed to %d (%s), want it left for a person", d.Claim.ID, d.Reason)
			}
		})
	}
	// Written right after the surname, the street says which Garcia.
	d := MatchClaim(&Message{From: tech, Subject: "Drying", Text: "Where are we on drying at the Garcia loss on Oak Street?"}, reg, testConfig())
	if d.Outcome != OutcomeFiled || d.Claim.ID != garciaOak.ID {
		t.Errorf("the Garcia loss on Oak Street: %s %d (%s), want filed to %d", d.Outcome, d.Claim.ID, d.Reason, garciaOak.ID)
	}
}

// TestAnotherUnitOfTheBuilding: a loss address with an apartment or suite
// is that unit only. Another unit of the building, however written ("Apt
// 4", "#4", "Unit 4"), is a neighbour's property and files nothing, alone
// or beside the insured's name and adjuster; the claim's own unit, or the
// building without a unit, is the claim's address.
func TestAnotherUnitOfTheBuilding(t *testing.T) {
	t.Parallel()
	greer := Claim{ID: 40, JobNumber: "26-1140-WTR", ClaimNumber: "3401-7729-88", InsuredName: "Samantha Greer",
		LossAddress: "1140 N Main St Apt 2, Marysville, OH 43040", AdjusterEmail: "pdorsey@carrier.example", Open: true}
	reg := NewMemRegistry(greer)
	stranger := addr("Kyle Brandt <kbrandt@mail.example>")
	adjuster := addr("Phil Dorsey <pdorsey@carrier.example>")
	for _, c := range []struct {
		name string
		from Address
		body string
		want int64 // 0: not filed
	}{
		{"another apartment", stranger, "Water is coming through our ceiling at 1140 N Main St Apt 4 in Marysville.", 0},
		{"another unit after a comma", stranger, "We are at 1140 North Main Street, Unit 4, Marysville OH 43040.", 0},
		{"another unit by number sign", stranger, "Leak at 1140 N. Main St. #4, Marysville, OH 43040", 0},
		{"another unit beside the insured and adjuster", adjuster, "Samantha Greer called about 1140 N Main St Apt 4, Marysville, OH 43040.", 0},
		{"the claim's unit by number sign", stranger, "Equipment set at 1140 North Main Street #2, Marysville.", 40},
		{"the claim's unit as a suite word", stranger, "Equipment set at 1140 N Main St, Unit 2, Marysville, OH 43040.", 40},
		{"the building without a unit", stranger, "Equipment set at 1140 N Main St, Marysville, OH 43040.", 40},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := MatchClaim(&Message{From: c.from, Subject: "water", Text: c.body}, reg, testConfig())
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

// TestSharedNameToldApart: an insured's name that several claims share
// (one owner's two properties, two families of one surname) singles out
// none, unless the loss address or the adjuster's address singles out one
// of them. A name and an address of one claim are two signals for it.
func TestSharedNameToldApart(t *testing.T) {
	t.Parallel()
	hamlet := Claim{ID: 50, JobNumber: "26-1150-WTR", ClaimNumber: "SA-1184402", InsuredName: "Victor Aldana",
		LossAddress: "1422 Hamlet St, Columbus, OH 43201", AdjusterEmail: "lchen@carrier.example", Open: true}
	lane := Claim{ID: 51, JobNumber: "26-1151-WTR", ClaimNumber: "SA-1184417", InsuredName: "Victor Aldana",
		LossAddress: "88 E Lane Ave, Columbus, OH 43201", AdjusterEmail: "lchen@carrier.example", Open: true}
	johnsonA := Claim{ID: 52, JobNumber: "26-1152-WTR", ClaimNumber: "WIC-2026-0193374", InsuredName: "Derek and Amy Johnson",
		LossAddress: "77 Larchmont Rd, Upper Arlington, OH 43221", AdjusterEmail: "btate@westfield.example", Open: true}
	johnsonB := Claim{ID: 53, JobNumber: "26-1153-WTR", ClaimNumber: "300-0091827-2026", InsuredName: "Patricia Johnson",
		LossAddress: "64 Oakwood Ave, Newark, OH 43055", AdjusterEmail: "rbecker@aoins.example", Open: true}
	reg := NewMemRegistry(hamlet, lane, johnsonA, johnsonB)
	owner := addr("Victor Aldana <vic@mail.example>")
	lori := addr("Lori Chen <lchen@carrier.example>")
	brian := addr("Brian Tate <btate@westfield.example>")
	tech := addr("Luis Ortega <lortega@" + office + ">")
	for _, c := range []struct {
		name          string
		from          Address
		subject, body string
		want          int64 // 0: not filed
	}{
		{"the owner and one property's street address", owner, "Dehumidifier", "The tenant at 88 East Lane Avenue says the dehumidifier is beeping.", 51},
		{"the owner alone", owner, "Update?", "Any update on my claim?\nVictor Aldana", 0},
		{"the adjuster of both and the owner's name", lori, "Aldana invoice", "Please send the invoice for the Aldana loss, Victor Aldana.", 0},
		{"one family's adjuster and the shared surname", brian, "Kitchen", "On the Johnson kitchen loss: are the lower cabinets coming out?", 52},
		{"the shared surname alone", tech, "Johnson pics", "Johnson job, day 2.", 0},
		{"several insureds and one address", tech, "Schedule", "Today: Patricia Johnson, then Victor Aldana at 1422 Hamlet St.", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := MatchClaim(&Message{From: c.from, Subject: c.subject, Text: c.body}, reg, testConfig())
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
