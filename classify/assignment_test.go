package classify

import (
	"testing"
	"time"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParseAssignment(t *testing.T) {
	t.Parallel()
	tests := []assignmentCase{
		{
			name: "XactAnalysis-style notification, HTML table",
			msg: Message{From: addr("XactAnalysis <noreply@xactanalysis.example>"), Subject: "Assignment CLM-2026-009931",
				Headers: map[string]string{"Auto-Submitted": "auto-generated"}, Text: fixture(t, "assignment_table.html")},
			want: Assignment{ClaimNumber: "CLM-2026-009931", Carrier: "Acme Mutual", PolicyNumber: "HO-5521-0098",
				InsuredName: "Walter & Skyler White", LossAddress: "308 Negra Arroyo Ln, Albuquerque, NM 87104",
				LossType: LossFire, AdjusterName: "Tom Reed", AdjusterEmail: "treed@acme-mutual.example",
				DateOfLoss: date(2026, 11, 1), Cause: "Fire - kitchen", System: true, Where: "body"},
		},
		{
			name: "adjuster's email, labels of another carrier",
			msg: Message{From: addr("Ángel Williams <williams@farmers.example>"), Subject: "Mitigation assignment 1442694208-1",
				Text: "Hello,\n\nPlease accept this mitigation assignment.\n\nClaim #: 1442694208-1\nInsured: Michael Wilson\nProperty: 5119 Cedar Ln, Plano, TX 75023\nCause: supply line leak, kitchen and hallway affected.\n\nÁngel Williams\nFarmers Property Claims"},
			want: Assignment{ClaimNumber: "1442694208-1", Carrier: "Farmers", InsuredName: "Michael Wilson",
				LossAddress: "5119 Cedar Ln, Plano, TX 75023", LossType: LossWater, Cause: "supply line leak, kitchen and hallway affected",
				AdjusterName: "Ángel Williams", AdjusterEmail: "williams@farmers.example", Where: "body"},
		},
		{
			name: "Spanish adjuster's email",
			msg:  Message{From: addr("Jorge Ruiz <jruiz@mapfre.example>"), Subject: "Nueva asignación", Text: fixture(t, "assignment_es.txt")},
			want: Assignment{ClaimNumber: "77-1234-XZ", Carrier: "Mapfre", PolicyNumber: "PZ-4410-77", InsuredName: "Lucía Fernández",
				LossAddress: "4410 Pecan St, Laredo, TX 78040", LossType: LossWater,
				AdjusterName: "Jorge Ruiz", AdjusterEmail: "jruiz@mapfre.example", DateOfLoss: date(2026, 10, 31),
				Cause: "fuga en la línea de suministro del lavaplatos", Where: "body"},
		},
		{
			name: "Outlook forward by staff, left in the body",
			msg:  Message{From: addr("Paula Grant <pgrant@" + office + ">"), Subject: "FW: New assignment - hail / water intrusion", Text: fixture(t, "outlook_assignment_forward.txt")},
			want: Assignment{ClaimNumber: "040599887766", Carrier: "Chubb", InsuredName: "Gus Fring",
				LossAddress: "1210 Pollos Way, Albuquerque, NM 87102", LossType: LossStorm,
				AdjusterName: "Rita Moreno", AdjusterEmail: "rmoreno@chubb.example", DateOfLoss: date(2026, 10, 30), Where: "body"},
		},
		{
			name: "forward unwrapped by the parser",
			msg: Message{From: addr("Paula Grant <pgrant@" + office + ">"), Subject: "Fwd: new assignment", Text: "see below",
				Forwards: []Forward{{From: addr("Tom Reed <treed@acme-mutual.example>"), Subject: "New assignment",
					Body: "We are assigning you a new water loss.\nClaim No: CLM-2026-010001\nPolicyholder: Ana Ruiz\nLoss Location: 10 Oak Ct, Allen, TX 75002\nDOL: 2026-11-02"}}},
			want: Assignment{ClaimNumber: "CLM-2026-010001", InsuredName: "Ana Ruiz", LossAddress: "10 Oak Ct, Allen, TX 75002",
				LossType: LossWater, AdjusterName: "Tom Reed", AdjusterEmail: "treed@acme-mutual.example",
				DateOfLoss: date(2026, 11, 2), Where: "forward[0].body"},
		},
		{
			name: "prose without labels",
			msg: Message{From: addr("Tom Reed <treed@acme-mutual.example>"), Subject: "water loss",
				Text: "Hi team, please accept this mitigation assignment for claim CLM-2026-010777. Our insured Ana Ruiz reports a burst pipe at 10 Oak Ct, Allen, TX 75002 last night.\n\nTom"},
			want: Assignment{ClaimNumber: "CLM-2026-010777", InsuredName: "Ana Ruiz", LossAddress: "10 Oak Ct, Allen, TX 75002",
				LossType: LossWater, AdjusterName: "Tom Reed", AdjusterEmail: "treed@acme-mutual.example", Where: "body"},
		},
		{
			name: "a carrier's notification saying the claim was assigned to the company, HTML table",
			msg: Message{From: addr("Progressive Claims <claims-noreply@progressive.example>"), Subject: "Claim assignment - Brian Gonzalez",
				Headers: map[string]string{"Auto-Submitted": "auto-generated"},
				Text: "A new claim has been assigned to your company.\nCLAIM NUMBER\t07-2614948\nNAMED INSURED\tBrian Gonzalez\n" +
					"PROPERTY ADDRESS\t6167 Lakeview Blvd, Richardson, TX 75080\nPOLICY NUMBER\tP907416237\nTYPE OF LOSS\tWater\n" +
					"ADJUSTER\tThomas Taylor\nADJUSTER EMAIL\tttaylor@progressive.example"},
			want: Assignment{ClaimNumber: "07-2614948", Carrier: "Progressive", PolicyNumber: "P907416237", InsuredName: "Brian Gonzalez",
				LossAddress: "6167 Lakeview Blvd, Richardson, TX 75080", LossType: LossWater,
				AdjusterName: "Thomas Taylor", AdjusterEmail: "ttaylor@progressive.example", System: true, Where: "body"},
		},
		{
			name: "Spanish: the claim was assigned to the company",
			msg: Message{From: addr("Marta Solis <msolis@qualitas.example>"), Subject: "Reclamo 55-9912-QL",
				Text: "Buenas tardes,\n\nEl siguiente reclamo ha sido asignado a su empresa.\nNúmero de reclamo: 55-9912-QL\nAsegurado: Rosa Medina\nDirección: 120 Elm St, Dallas, TX 75201\n\nMarta Solis"},
			want: Assignment{ClaimNumber: "55-9912-QL", InsuredName: "Rosa Medina", LossAddress: "120 Elm St, Dallas, TX 75201",
				AdjusterName: "Marta Solis", AdjusterEmail: "msolis@qualitas.example", Where: "body"},
		},
		{
			name: "a notification of cards, each label in capitals over its value, a work order's number in the subject",
			msg: Message{From: addr("Claims Network <notify@claimsnet.example>"), Subject: "Work order 88-21907 | HARMON | Fire",
				Headers: map[string]string{"Auto-Submitted": "auto-generated"},
				Text: "NEW MITIGATION ASSIGNMENT\nWork order: 88-21907\n\nCLAIM NUMBER\nHX-0093-55182\n\nNAMED INSURED\nOlivia Harmon\n\n" +
					"LOSS ADDRESS\n16 Quarry Ln\nAllen, TX 75002\n\nTYPE OF LOSS\nFire - kitchen\n\nADJUSTER\nDev Patel\n"},
			want: Assignment{ClaimNumber: "HX-0093-55182", InsuredName: "Olivia Harmon", LossAddress: "16 Quarry Ln, Allen, TX 75002",
				LossType: LossFire, Cause: "Fire - kitchen", AdjusterName: "Dev Patel", System: true, Where: "body"},
		},
		{
			name: "claim number only in the subject",
			msg:  Message{From: addr("Linda Jackson <ljackson@statefarm.example>"), Subject: "New assignment 34-5W84-5L5", Text: "Please accept this assignment for Robert Rodriguez, mold in the bathroom."},
			want: Assignment{ClaimNumber: "34-5W84-5L5", Carrier: "State Farm", LossType: LossMold,
				AdjusterName: "Linda Jackson", AdjusterEmail: "ljackson@statefarm.example", Where: "body"},
		},
	}
	checkAssignments(t, tests)
}

// assignmentCase is mail ParseAssignment recognizes as an assignment and
// what it should read from it.
type assignmentCase struct {
	name string
	msg  Message
	want Assignment
}

// checkAssignments runs ParseAssignment on each case in a subtest of its own.
func checkAssignments(t *testing.T, tests []assignmentCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := ParseAssignment(&tt.msg)
			if !ok {
				t.Fatal("not recognized")
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseAssignmentRejects(t *testing.T) {
	t.Parallel()
	for name, m := range map[string]Message{
		"desk adjuster introduces themselves": {From: addr("jf@usaa.example"), Subject: "Claim LA736-838738-06 status",
			Text: "Could you send me the status on claim LA736-838738-06? I was just assigned as the desk adjuster."},
		"reply to an assignment": {From: addr("jf@usaa.example"), Subject: "RE: New Assignment - 685850177-548",
			Text: "Thanks for accepting the assignment.\nClaim Number: 685850177-548"},
		"adjuster update": {From: addr("jp@usaa.example"), Subject: "Need photos and scope for 685850177-548",
			Text: "Please upload the 24-hour scope notes."},
		"assignment without a claim number": {From: addr("jp@usaa.example"), Subject: "New assignment",
			Text: "Please accept this assignment, I will send the claim number later."},
		"newsletter": {From: addr("news@riweekly.example"), Subject: "How to win more assignments", Text: "Read online."},
		"the subject's only number is the text's work order": {From: addr("Claims Network <notify@claimsnet.example>"),
			Subject: "Work order WO-77120 | HARMON | Fire", Headers: map[string]string{"Auto-Submitted": "auto-generated"},
			Text: "NEW MITIGATION ASSIGNMENT\nWork Order #: WO-77120\nInsured: Olivia Harmon\nLoss address: 16 Quarry Ln, Allen, TX 75002"},
		"claim handed to another adjuster": {From: addr("jf@usaa.example"), Subject: "Claim LA736-838738-06",
			Text: "This claim has been assigned to a new adjuster, Kim Lee, effective today.\nClaim Number: LA736-838738-06"},
	} {
		if a, ok := ParseAssignment(&m); ok {
			t.Errorf("%s: recognized as %+v", name, a)
		}
	}
}

func TestAllocateJobNumber(t *testing.T) {
	t.Parallel()
	d := time.Date(2026, 3, 7, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		pattern  string
		seq      int
		lossType string
		want     string
	}{
		{"", 1031, "Water", "26-1031-WTR"},
		{DefaultJobPattern, 1031, "Fire", "26-1031-FIR"},
		{"YY-NNNN-<loss code>", 7, "mold", "26-0007-MLD"},
		{"YYYY-NNNNN-CODE", 42, "Hail", "2026-00042-STM"},
		{"JOB-YYMM-NNN", 5, "", "JOB-2603-005"},
		{"YYMMDD-NN-CODE", 123, "Agua", "260307-123-WTR"},
		{"YY-NNNN-CODE", 3, "vandalism", "26-0003-OTH"},
	}
	for _, tt := range tests {
		if got := AllocateJobNumber(tt.pattern, d, tt.seq, tt.lossType); got != tt.want {
			t.Errorf("AllocateJobNumber(%q, %d, %q) = %q, want %q", tt.pattern, tt.seq, tt.lossType, got, tt.want)
		}
	}
}

func TestLossTypeOf(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Water":                        LossWater,
		"supply line leak":             LossWater,
		"fuga en la tubería":           LossWater,
		"Fire - kitchen":               LossFire,
		"Incendio":                     LossFire,
		"smoke and soot":               LossFire,
		"Mold":                         LossMold,
		"moho en el baño":              LossMold,
		"Hail damaged roof then water": LossStorm,
		"Tormenta":                     LossStorm,
		"Mitigation":                   "",
	} {
		if got := LossTypeOf(in); got != want {
			t.Errorf("LossTypeOf(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"Water": "WTR", "Fire": "FIR", "Mold": "MLD", "Storm": "STM", "": "OTH"} {
		if got := LossCode(in); got != want {
			t.Errorf("LossCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Time{
		"2026-10-31":             date(2026, 10, 31),
		"10/31/2026":             date(2026, 10, 31),
		"10/31/26":               date(2026, 10, 31),
		"31/10/2026":             date(2026, 10, 31),
		"Oct 31, 2026":           date(2026, 10, 31),
		"October 31st 2026":      date(2026, 10, 31),
		"31 de octubre de 2026":  date(2026, 10, 31),
		"Sat, 31 Oct 2026":       date(2026, 10, 31),
		"approx. 11/2/2026 8 pm": date(2026, 11, 2),
	} {
		got, ok := ParseDate(in)
		if !ok || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v %v, want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "yesterday", "2026-02-30", "13/13/2026"} {
		if got, ok := ParseDate(in); ok {
			t.Errorf("ParseDate(%q) = %v, want none", in, got)
		}
	}
}

func TestNextJobNumber(t *testing.T) {
	at := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	existing := []string{"26-1001-WTR", "26-1030-FIR", "25-1999-WTR", "26-0999", "X-26-5000-WTR"}
	got, err := NextJobNumber("", at, LossWater, existing)
	if err != nil || got != "26-1031-WTR" {
		t.Errorf("NextJobNumber = %q, %v; want 26-1031-WTR", got, err)
	}
	got, err = NextJobNumber("", at, LossMold, nil)
	if err != nil || got != "26-0001-MLD" {
		t.Errorf("first of the year = %q, %v; want 26-0001-MLD", got, err)
	}
	if _, err := NextJobNumber("YY-CODE", at, LossWater, nil); err == nil {
		t.Error("a pattern without a sequence number was accepted")
	}
}

func TestNextJobNumberFrom(t *testing.T) {
	at := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	got, err := NextJobNumberFrom("", at, LossWater, []string{"25-1400-WTR"}, 1001)
	if err != nil || got != "26-1001-WTR" {
		t.Errorf("first of a territory starting at 1001 = %q, %v; want 26-1001-WTR", got, err)
	}
	got, err = NextJobNumberFrom("", at, LossWater, []string{"26-1001-WTR", "26-1002-FIR"}, 1001)
	if err != nil || got != "26-1003-WTR" {
		t.Errorf("after 26-1002 = %q, %v; want 26-1003-WTR", got, err)
	}
}

func TestLossTypeOfAppliances(t *testing.T) {
	for text, want := range map[string]string{
		"washing machine drain hose - laundry room":  LossWater,
		"ice dam at the north eave":                  LossWater,
		"sump pump failure":                          LossWater,
		"la manguera de la lavadora":                 LossWater,
		"kitchen grease fire, smoke in the hallways": LossFire,
	} {
		if got := LossTypeOf(text); got != want {
			t.Errorf("LossTypeOf(%q) = %q, want %q", text, got, want)
		}
	}
}

// A notification's description under a heading of its own, without a
// colon, is the loss description, up to the paragraph's end and not the
// instructions and disclaimer below it; a type of loss that says more
// than the type ("Water - Plumbing") is the cause when none is labelled.
func TestParseAssignmentDescriptionHeading(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, text, description, cause string
	}{
		{"indented section", "You have received a new assignment.\n\n  Claim Number:   52-9R13-4T7\n  Insured:        OSTROWSKI, WENDELL\n" +
			"  Type of Loss:   Water - Plumbing\n\nLOSS DESCRIPTION\n  Water heater failed in finished basement. Carpet and pad wet in family\n" +
			"  room and office, approx. 600 SF.\n\nContact the insured within 2 hours.\n\nThis is an automated message. Replies are not monitored.",
			"Water heater failed in finished basement. Carpet and pad wet in family room and office, approx. 600 SF.", "Water - Plumbing"},
		{"heading in words", "New assignment\nClaim #: CLM-2026-010777\nPeril: Fire / smoke - kitchen\nDescription of Loss\n" +
			"Grease fire on the stove, smoke through the first floor.\nThank you,\nClaims Center",
			"Grease fire on the stove, smoke through the first floor.", "Fire / smoke - kitchen"},
		{"bare type, no section", "New assignment\nClaim #: CLM-2026-010778\nType of Loss: Water damage\n\nPlease contact the insured.",
			"", ""},
	} {
		a, ok := ParseAssignment(&Message{From: addr("XactAnalysis <notifications@xactanalysis.example>"), Subject: "New Assignment",
			Headers: map[string]string{"Auto-Submitted": "auto-generated"}, Text: c.text})
		if !ok {
			t.Errorf("%s: not read as an assignment", c.name)
			continue
		}
		if a.LossDescription != c.description || a.Cause != c.cause {
			t.Errorf("%s: description %q, cause %q; want %q, %q", c.name, a.LossDescription, a.Cause, c.description, c.cause)
		}
	}
}

// A loss handed over without the word "assignment" is one by its fields: a
// claim number, the insured and an address with its house number, whether
// an adjuster types them or a carrier's referral lays them out, and a
// claim label may carry the carrier's name ("Westfield Claim #"). A notice
// that calls a referral off, or fields without an insured or a house
// number, hand over nothing.
func TestParseAssignmentByFields(t *testing.T) {
	t.Parallel()
	checkAssignments(t, []assignmentCase{
		{
			name: "adjuster's new loss in labelled lines",
			msg: Message{From: addr("Rhonda Vance <rvance@hanover.example>"), Subject: "Water job - Kowalski",
				Text: "Hi all,\n\nCan your crew take this one?\n\nInsured: Irene Kowalski\nLoss location: 58 Birch Hollow Ln, Canton, MI 48187\nClaim: HX4471902\nCell: 734-555-0140\n\nRhonda Vance\nHanover Insurance"},
			want: Assignment{ClaimNumber: "HX4471902", Carrier: "Hanover", InsuredName: "Irene Kowalski",
				LossAddress: "58 Birch Hollow Ln, Canton, MI 48187", LossType: LossWater, InsuredPhone: "734-555-0140",
				AdjusterName: "Rhonda Vance", AdjusterEmail: "rvance@hanover.example", Where: "body", ByFields: true},
		},
		{
			name: "independent adjuster's file with the carrier's claim label",
			msg: Message{From: addr("Omar Haddad <ohaddad@fieldpro-ia.example>"), Subject: "FP-7731 / Quinn",
				Text: "Our File:  FP-7731\nWestfield Claim #:  WIC-2026-0558120\nInsured:  Theo Quinn\nRisk:  412 Elm St, Lorain, OH 44052\n\nPlease call the insured today.\n\nOmar Haddad"},
			want: Assignment{ClaimNumber: "WIC-2026-0558120", FileNumber: "FP-7731", Carrier: "Westfield", InsuredName: "Theo Quinn",
				LossAddress: "412 Elm St, Lorain, OH 44052", AdjusterName: "Omar Haddad", AdjusterEmail: "ohaddad@fieldpro-ia.example", Where: "body", ByFields: true},
		},
		{
			name: "carrier's referral naming its claim professional",
			msg: Message{From: addr("Claims <claims.notice@chubb.example>"), Subject: "Vendor referral - NAKAMURA",
				Headers: map[string]string{"Auto-Submitted": "auto-generated"},
				Text:    "Claim Number: 040526099120\nNamed Insured: NAKAMURA, KEN\nRisk Address: 9 Alder Ct, Novi, MI 48375\nClaim Professional: Dina Cole - dcole@chubb.example"},
			want: Assignment{ClaimNumber: "040526099120", Carrier: "Chubb", InsuredName: "Ken Nakamura", LossAddress: "9 Alder Ct, Novi, MI 48375",
				AdjusterName: "Dina Cole", AdjusterEmail: "dcole@chubb.example", System: true, Where: "body", ByFields: true},
		},
		{
			name: "adjuster's new loss in prose",
			msg: Message{From: addr("Rhonda Vance <rvance@hanover.example>"), Subject: "one more for you",
				Text: "Hi all,\n\nCould your crew go out to a new loss for me? The insured is Irene Kowalski at 58 Birch Hollow Ln, Canton, MI 48187; a dishwasher line failed overnight. Our claim number is HX4471902.\n\nRhonda Vance\nHanover Insurance"},
			want: Assignment{ClaimNumber: "HX4471902", Carrier: "Hanover", InsuredName: "Irene Kowalski",
				LossAddress: "58 Birch Hollow Ln, Canton, MI 48187", LossType: LossWater,
				AdjusterName: "Rhonda Vance", AdjusterEmail: "rvance@hanover.example", Where: "body", ByFields: true},
		},
		{
			name: "prose address with a directional and its ZIP without the state",
			msg: Message{From: addr("Rhonda Vance <rvance@hanover.example>"), Subject: "new loss",
				Text: "Can you get out to this one today? The insured is Irene Kowalski, 58 Birch Hollow Ln NE, Canton 48187. Claim number is HX4471902.\n\nRhonda Vance\nHanover Insurance"},
			want: Assignment{ClaimNumber: "HX4471902", Carrier: "Hanover", InsuredName: "Irene Kowalski",
				LossAddress:  "58 Birch Hollow Ln NE, Canton 48187",
				AdjusterName: "Rhonda Vance", AdjusterEmail: "rvance@hanover.example", Where: "body", ByFields: true},
		},
		{
			name: "adjuster's new loss naming the resident by title",
			msg: Message{From: addr("Rhonda Vance <rvance@hanover.example>"), Subject: "Canton",
				Text: "Got one more in Canton: Mrs. Irene Kowalski, 58 Birch Hollow Ln, Canton, MI 48187, a dishwasher line. Claim # is HX4471902.\n\nRhonda Vance\nHanover Insurance"},
			want: Assignment{ClaimNumber: "HX4471902", Carrier: "Hanover", InsuredName: "Irene Kowalski",
				LossAddress: "58 Birch Hollow Ln, Canton, MI 48187", LossType: LossWater,
				AdjusterName: "Rhonda Vance", AdjusterEmail: "rvance@hanover.example", Where: "body", ByFields: true},
		},
	})
	for name, m := range map[string]Message{
		"referral called off": {From: addr("Claims <claims.notice@hanover.example>"), Subject: "Water mitigation assignment CANCELLED - KOWALSKI",
			Text: "Claim: HX4471903\nInsured: Irene Kowalski\nLoss location: 58 Birch Hollow Ln, Canton, MI 48187\nNo action is needed."},
		"no insured": {From: addr("rvance@hanover.example"), Subject: "Water job",
			Text: "Claim: HX4471902\nLoss location: 58 Birch Hollow Ln, Canton, MI 48187"},
		"street without a house number": {From: addr("rvance@hanover.example"), Subject: "Kowalski",
			Text: "Claim: HX4471902\nInsured: Irene Kowalski\nLocation: Birch Hollow Ln, Canton"},
		"prose naming no insured": {From: addr("Birch Board-Up <billing@birchboardup.example>"), Subject: "Invoice 2231",
			Text: "Invoice for the board-up at 60 Birch Hollow Ln, Canton, MI 48187 (claim HX4471903) attached."},
		"a carrier's letter forwarded, its address block naming the insured by title": {From: addr("Irene Kowalski <ikowalski@gmail.example>"),
			Subject: "Fwd: your claim", Text: "See below.\n\nMrs. Irene Kowalski\n58 Birch Hollow Ln, Canton, MI 48187\n\nDear Mrs. Kowalski, your claim number is HX4471902."},
		"a titled name without an address after it": {From: addr("rvance@hanover.example"), Subject: "Kowalski",
			Text: "Mrs. Irene Kowalski called about claim # HX4471902; the crew at 58 Birch Hollow Ln, Canton, MI 48187 left early."},
		"prose naming no claim number": {From: addr("rvance@hanover.example"), Subject: "Kowalski",
			Text: "The insured is Irene Kowalski at 58 Birch Hollow Ln, Canton, MI 48187. Policy number is HO-7734-2210."},
	} {
		if a, ok := ParseAssignment(&m); ok {
			t.Errorf("%s: recognized as %+v", name, a)
		}
	}
}
