package classify

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"60-8H77-8H5":          "608H778H5",
		"la123 456789 01":      "LA12345678901",
		"LA123\u2013456789-01": "LA12345678901",
		" 1442694208 - 1 ":     "14426942081",
		"ｃｌｍ－２０２６":             "CLM2026",
		"26-1031-wtr":          "261031WTR",
		"":                     "",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func norms(ids []Identifier) []string {
	var out []string
	for _, id := range ids {
		out = append(out, id.Norm)
	}
	return out
}

func TestExtractIdentifiers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		want       []string // norms that must be found
		not        []string // norms that must not be found
	}{
		{"state farm", "Claim 60-8H77-8H5 status", []string{"608H778H5"}, nil},
		{"allstate ten digits", "claim #0683449786.", []string{"0683449786"}, nil},
		{"usaa", "Following up on 577104656-341 (9481 Hillcrest Rd)", []string{"577104656341"}, []string{"9481"}},
		{"liberty", "LA123-456789-01", []string{"LA12345678901"}, nil},
		{"farmers suffix", "Claim 1442694208-1, thanks", []string{"14426942081"}, nil},
		{"no prefix of a longer number", "Claim 1442694208-12", []string{"144269420812"}, []string{"14426942081", "1442694208"}},
		{"spaces", "Claim # 60 8H77 8H5 please", []string{"608H778H5"}, nil},
		{"underscores in a file name", "LA123_456789_01.pdf", []string{"LA12345678901"}, nil},
		{"file name", "ITEL_351U999C3.pdf", []string{"351U999C3"}, nil},
		{"esx name", "O'BRIEN_685850177-548.ESX", []string{"685850177548"}, nil},
		{"split at dash", "please update claim LA123-456789-\n01 today", []string{"LA12345678901"}, []string{"LA123456789"}},
		{"split at dash quoted", "> claim 1442694208-\n> 1 is ours", []string{"14426942081"}, nil},
		{"split without dash", "claim 14426942\n08-1 is ours", []string{"14426942081"}, nil},
		{"job number", "Fwd: 26-1031-WTR Lopez signed ATP", []string{"261031WTR"}, nil},
		{"travelers", "ITEL Laboratories: Results for GHM1417", []string{"GHM1417"}, nil},
		{"nationwide", "Claim 292244-GK / Luis", []string{"292244GK"}, nil},
		{"progressive", "claim 06-1622519?", []string{"061622519"}, nil},
		{"policy", "Policy No.: HO-7734-2210", []string{"HO77342210"}, nil},
		{"chubb twelve digits", "Claim: 040523012345", []string{"040523012345"}, nil},
		{"after a copula", "Heritage claim number is HP-FL-26-0079120.", []string{"HPFL260079120"}, []string{"ISHPFL260079120"}},
		{"en dash", "Claim CLM\u20132026\u2013004512", []string{"CLM2026004512"}, nil},
		{"spanish", "Número de reclamo: 77-1234-XZ", []string{"771234XZ"}, nil},
		{"zip code", "Plano, TX 75023", nil, []string{"75023"}},
		{"zip plus four", "Plano, TX 75023-1234", nil, []string{"750231234"}},
		{"house number", "6345 Birch Rd", nil, []string{"6345"}},
		{"phone labelled", "Cell: 214-555-0123", nil, []string{"2145550123"}},
		{"phone with area code", "(214) 555-0123", nil, []string{"5550123", "2145550123"}},
		{"iso date", "Date of Loss: 2026-10-31", nil, []string{"20261031"}},
		{"us date", "on 10-31-2026", nil, []string{"10312026"}},
		{"money", "Total RCV: $3767.76", nil, []string{"376776"}},
		{"bare 3-3-4 may be a claim", "claim 214-555-0199", []string{"2145550199"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := norms(ExtractIdentifiers(tt.text))
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("%q: missing %s in %v", tt.text, w, got)
				}
			}
			for _, n := range tt.not {
				if slices.Contains(got, n) {
					t.Errorf("%q: unexpected %s in %v", tt.text, n, got)
				}
			}
		})
	}
}

func TestExtractIdentifiersKindsAndLabels(t *testing.T) {
	t.Parallel()
	ids := ExtractIdentifiers("Claim #: 60-8H77-8H5\nPolicy Number: P917061414\nJob 26-1101-WTR\nref 99887766")
	byNorm := map[string]Identifier{}
	for _, id := range ids {
		byNorm[id.Norm] = id
	}
	check := func(norm string, kind IdentifierKind, labelled bool) {
		t.Helper()
		id, ok := byNorm[norm]
		if !ok {
			t.Fatalf("%s not found in %v", norm, norms(ids))
		}
		if id.Kind != kind || id.Labelled != labelled {
			t.Errorf("%s: kind %s labelled %v, want %s %v", norm, id.Kind, id.Labelled, kind, labelled)
		}
	}
	check("608H778H5", KindClaimNumber, true)
	check("P917061414", KindPolicyNumber, true)
	check("261101WTR", KindJobNumber, true)
	check("99887766", KindClaimNumber, false)

	// "claim number is X" labels X as "claim number: X" does.
	ids = ExtractIdentifiers("Her claim # is GFB-HO-2612203 and the policy number is HO-554102.")
	byNorm = map[string]Identifier{}
	for _, id := range ids {
		byNorm[id.Norm] = id
	}
	check("GFBHO2612203", KindClaimNumber, true)
	check("HO554102", KindPolicyNumber, true)
}

func TestNearMiss(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"LA73683873806", "LA78683873806", true}, // one substituted
		{"061602519", "061622519", true},
		{"0683449768", "0683449786", true}, // swapped
		{"14426942081", "144269420812", true},
		{"0683449786", "0683449786", false},
		{"0683449786", "0166848475", false},
		{"12345", "12346", false}, // too short to judge
	}
	for _, tt := range tests {
		if got := nearMiss(tt.a, tt.b); got != tt.want {
			t.Errorf("nearMiss(%s, %s) = %v", tt.a, tt.b, got)
		}
	}
}

func FuzzExtractIdentifiers(f *testing.F) {
	for _, s := range []string{
		"Claim 60-8H77-8H5 status",
		"claim LA123-456789-\n01",
		"> claim 1442694208-\n> 1",
		"ITEL_351U999C3.pdf",
		"Cell: (214) 555-0123, Plano, TX 75023-1234 on 2026-10-31 $3,767.76",
		"Número de reclamo: 77\u20131234\u2013XZ",
		"60 8H77 8H5 _ 1 - 2 - 3",
		"-\n-\n-",
		"\xff\xfe12345678",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ids := ExtractIdentifiers(text)
		seen := map[string]bool{}
		for _, id := range ids {
			if id.Offset < 0 || id.Offset+len(id.Text) > len(text) || text[id.Offset:id.Offset+len(id.Text)] != id.Text {
				t.Fatalf("identifier %+v does not sit in the text", id)
			}
			if id.Norm == "" || id.Norm != Normalize(id.Text) {
				t.Fatalf("identifier %+v: norm differs from Normalize(text) %q", id, Normalize(id.Text))
			}
			if strings.ToUpper(id.Norm) != id.Norm || !utf8.ValidString(id.Norm) {
				t.Fatalf("identifier %+v: norm not upper-case ASCII", id)
			}
			if seen[id.Norm] {
				t.Fatalf("identifier %s reported twice", id.Norm)
			}
			seen[id.Norm] = true
		}
	})
}
