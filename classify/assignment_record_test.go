package classify

import (
	"testing"
)

// TestParseAssignmentKeepsTheRecord reads what carriers' assignments say
// beyond the claim number, in their own layouts: names written "LAST,
// FIRST" in capitals, phones and emails of the insured and the adjuster,
// the cause and the description, the date of loss, the carrier from the
// notification or the sender's domain; plain text and HTML tables, across
// and down.
func TestParseAssignmentKeepsTheRecord(t *testing.T) {
	t.Parallel()
	tests := []assignmentCase{
		{
			name: "XactAnalysis-style notification, names in capitals",
			msg: Message{From: addr("XactAnalysis <noreply@xactanalysis.example>"), Subject: "New Assignment PHI-0683449786",
				Headers: map[string]string{"Auto-Submitted": "auto-generated"}, Text: fixture(t, "assignment_xact_caps.txt")},
			want: Assignment{ClaimNumber: "PHI-0683449786", Carrier: "Pinnacle Home Insurance", PolicyNumber: "HO3-77120045",
				InsuredName: "Wendell Ostrowski", InsuredPhone: "(214) 555-0143", InsuredEmail: "wostrowski@home.example",
				LossAddress: "4410 Preston Rd, Dallas, TX 75225", LossType: LossWater, Cause: "Water - supply line",
				LossDescription: "Supply line to the kitchen sink failed overnight. Water spread into the dining room and hallway; hardwood cupping reported.",
				AdjusterName:    "Dana Reyes", AdjusterEmail: "dreyes@pinnacle-ins.example", AdjusterPhone: "972-555-0100 ext 12",
				DateOfLoss: date(2026, 2, 27), System: true, Where: "body"},
		},
		{
			name: "adjuster's own email, phone in the signature",
			msg: Message{From: addr("Sam Fox <sfox@statefarm.example>"), Subject: "New assignment - Okafor",
				Text: fixture(t, "assignment_adjuster_own.txt")},
			want: Assignment{ClaimNumber: "25-6G41-6U5", Carrier: "State Farm", InsuredName: "Mia Okafor", InsuredPhone: "469-555-0177",
				LossAddress: "88 Elm St, Plano, TX 75023", LossType: LossWater, Cause: "dishwasher leak",
				LossDescription: "Dishwasher leaked under the cabinets for several days before it was found.",
				AdjusterName:    "Sam Fox", AdjusterEmail: "sfox@statefarm.example", AdjusterPhone: "214.555.0190",
				DateOfLoss: date(2026, 3, 1), Where: "body"},
		},
		{
			name: "a mutual's plain text in capitals",
			msg: Message{From: addr("GPM Claims <claims@gpmutual.example>"), Subject: "New loss assignment GPM-2026-004417",
				Text: fixture(t, "assignment_carrier_b.txt")},
			want: Assignment{ClaimNumber: "GPM-2026-004417", Carrier: "Great Plains Mutual", InsuredName: "Ellen M Hargrove", InsuredPhone: "817.555.0121",
				InsuredEmail: "ellen.hargrove@mail.example", LossAddress: "1902 Bluebonnet Dr, Fort Worth, TX 76109",
				LossType: LossWater, LossDescription: "Water heater burst in the garage.", AdjusterName: "Ravi Patel",
				AdjusterEmail: "rpatel@gpmutual.example", AdjusterPhone: "817-555-0200", DateOfLoss: date(2026, 3, 2), Where: "body"},
		},
		{
			name: "HTML-only assignment, a table down",
			msg: Message{From: addr("Lone Star Casualty <noreply@lonestarcas.example>"), Subject: "Emergency Services Assignment",
				Headers: map[string]string{"Auto-Submitted": "auto-generated"}, Text: fixture(t, "assignment_carrier_c.html")},
			want: Assignment{ClaimNumber: "LSC-55-20931", Carrier: "Lone Star Casualty", InsuredName: "Thanh Nguyen", InsuredPhone: "(512) 555-0164",
				LossAddress: "77 Riverside Dr, Austin, TX 78704", LossType: LossWater, Cause: "Roof leak during storm",
				LossDescription: "Ceiling stains in two bedrooms, insulation wet.", AdjusterName: "Carla Diaz",
				AdjusterEmail: "cdiaz@lonestarcas.example", AdjusterPhone: "512-555-0111", DateOfLoss: date(2026, 3, 3),
				System: true, Where: "body"},
		},
		{
			name: "HTML-only assignment, a table across",
			msg: Message{From: addr("Big Horn Claims <claims@bighorn.example>"), Subject: "Claim assigned",
				Text: fixture(t, "assignment_carrier_d.html")},
			want: Assignment{ClaimNumber: "BH-7781-22", Carrier: "Big Horn Insurance", InsuredName: "Jose Ramirez",
				LossAddress: "5 Mesa Ct, El Paso, TX 79912", LossType: LossMold, AdjusterName: "Tom Reed",
				AdjusterPhone: "915-555-0133", Where: "body"},
		},
	}
	checkAssignments(t, tests)
}

func TestPersonName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"OSTROWSKI, WENDELL":                   "Wendell Ostrowski",
		"Ostrowski, Wendell":                   "Wendell Ostrowski",
		"O'BRIEN-SMITH, MARY ANN":              "Mary Ann O'Brien-Smith",
		"JOSE PEREZ":                           "Jose Perez",
		"José Perez (jperez@usaa.example)":     "José Perez",
		"Michael Wilson - 214-555-0100":        "Michael Wilson",
		"Smith, Jr.":                           "Smith",
		"Wilson, Michael and Sarah":            "Wilson",
		"Walter & Skyler White":                "Walter & Skyler White",
		"REYES, DANA (dreyes@carrier.example)": "Dana Reyes",
	} {
		if got := personName(in); got != want {
			t.Errorf("personName(%q) = %q, want %q", in, got, want)
		}
	}
}
