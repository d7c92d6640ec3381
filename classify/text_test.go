package classify

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTextFromHTML(t *testing.T) {
	t.Parallel()
	got := TextFromHTML(fixture(t, "html_only.html"))
	for _, want := range []string{"claim LA123-456789-01 below", "Insured\tMark Ortiz", "Loss Location\t713 River Road\nRichardson, TX 75080", "Nancy Fitzgerald"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	for _, bad := range []string{"color", "<", "Status"} {
		if strings.Contains(got, bad) {
			t.Errorf("kept %q in\n%s", bad, got)
		}
	}
	if !looksLikeHTML("<div>hi</div>") || looksLikeHTML("Claim <123> is fine\nthanks") {
		t.Error("looksLikeHTML")
	}
}

func TestTopText(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"Thanks!\n\nOn Tue, Nov 3, 2026 at 9:14 AM Tom <t@x.example> wrote:\n> old":                   "Thanks!\n",
		"FYI\n---------- Forwarded message ---------\nFrom: A <a@x.example>\n":                        "FYI",
		"New one\n\n-----Original Message-----\nFrom: Rita\nSent: Monday\n":                           "New one\n",
		"Sent from my iPhone\n\nBegin forwarded message:\n\n> From: R <r@x.example>":                  "Sent from my iPhone\n",
		"ok\n\nFrom: Tom Reed <t@x.example>\nSent: Tuesday, November 3, 2026\nTo: Dana\nSubject: x\n": "ok\n",
		"Gracias\n\nEl mar, 3 nov 2026 a las 9:14, Tom (<t@x.example>) escribió:\n> hola":             "Gracias\n",
		"From: the desk of Tom\nno header block here":                                                 "From: the desk of Tom\nno header block here",
	}
	for in, want := range tests {
		if got := topText(in); got != want {
			t.Errorf("topText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestQuotedSenders(t *testing.T) {
	t.Parallel()
	for name, tt := range map[string]struct {
		text string
		want Address
	}{
		"outlook":        {fixture(t, "outlook_forward.txt"), Address{Name: "Tom Reed", Email: "treed@acme-mutual.example"}},
		"outlook mailto": {fixture(t, "outlook_assignment_forward.txt"), Address{Name: "Rita Moreno", Email: "rmoreno@chubb.example"}},
		"apple":          {fixture(t, "apple_forward.txt"), Address{Name: "Rita Moreno", Email: "rmoreno@chubb.example"}},
		"spanish":        {"Reenvío\n\nDe: Jorge Ruiz <jruiz@mapfre.example>\nEnviado: lunes\nPara: nosotros\nAsunto: reclamo", Address{Name: "Jorge Ruiz", Email: "jruiz@mapfre.example"}},
	} {
		got := quotedSenders(tt.text)
		if len(got) == 0 || got[0] != tt.want {
			t.Errorf("%s: got %+v, want %+v", name, got, tt.want)
		}
	}
}

func TestWords(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][]string{
		"Robert O'Brien":         {"robert", "obrien"},
		"Kevin Castillo's claim": {"kevin", "castillo", "claim"},
		"SOFÍA Hernández-López":  {"sofia", "hernandez", "lopez"},
		"6345 Birch Rd., Plano":  {"6345", "birch", "rd", "plano"},
		"O’Sullivan’s house":     {"osullivan", "house"},
		"":                       nil,
	} {
		if got := words(in); !slices.Equal(got, want) {
			t.Errorf("words(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParsePostal(t *testing.T) {
	t.Parallel()
	p, ok := parsePostal("1208 N Magnolia Avenue Apt 4, Austin, TX 78701-1234")
	if !ok || p.number != "1208" || !slices.Equal(p.street, []string{"magnolia"}) || p.suffix != "ave" ||
		!slices.Equal(p.city, []string{"austin"}) || p.state != "tx" || p.zip != "78701" {
		t.Fatalf("got %+v", p)
	}
	p, ok = parsePostal("8527 Prairie View Rd Garland TX 75040")
	if !ok || !slices.Equal(p.street, []string{"prairie", "vw"}) || p.suffix != "rd" || p.zip != "75040" {
		t.Fatalf("no commas: got %+v", p)
	}
	for in, unit := range map[string]string{
		"1140 N Main St Apt 2, Marysville, OH 43040": "2",
		"1140 North Main Street #2, Marysville":      "2",
		"88 Elm St, Suite 4B, Garland, TX 75040":     "4b",
		"88 Elm St, Garland, FL 33101":               "",
	} {
		p, ok := parsePostal(in)
		if !ok || p.unit != unit || !slices.Equal(p.street, []string{p.street[0]}) || p.suffix != "st" || slices.Contains(p.city, "suite") {
			t.Errorf("%q: got %+v, want one street word, type st and unit %q", in, p, unit)
		}
	}
	if _, ok := parsePostal("PO Box 12"); ok {
		t.Error("PO box parsed as a street")
	}
}

func TestFindAddress(t *testing.T) {
	t.Parallel()
	p, _ := parsePostal("713 River Road, Richardson, TX 75080")
	tests := []struct {
		text        string
		found, full bool
	}{
		{"at 713 River Rd, Richardson, TX 75080.", true, true},
		{"at 713 RIVER ROAD RICHARDSON TX", true, true},
		{"713 River Rd\nRichardson, TX 75080", true, true},
		{"713 River Rd, Apt 2, Richardson", true, true},
		{"713 River Rd 75080", true, true},
		{"Dumpster delivered - 713 River Rd", true, false},
		{"713 River Rd, Allen, TX 75002", false, false},
		{"713 River Rd, Dallas, TX", false, false},
		{"713 River Ln, Richardson", false, false},
		{"715 River Rd, Richardson, TX 75080", false, false},
		{"7130 River Rd", false, false},
	}
	for _, tt := range tests {
		m, found := findAddress(p, tt.text, tokenize(tt.text))
		if found != tt.found || m.full != tt.full {
			t.Errorf("%q: found %v full %v, want %v %v", tt.text, found, m.full, tt.found, tt.full)
		}
	}
}

func TestParsePersons(t *testing.T) {
	t.Parallel()
	keys := func(s string) []string {
		var out []string
		for _, p := range parsePersons(s) {
			out = append(out, p.key())
		}
		return out
	}
	for in, want := range map[string][]string{
		"Kevin Castillo":        {"kevin castillo"},
		"Castillo, Kevin":       {"kevin castillo"},
		"John and Jane Doe":     {"john doe", "jane doe"},
		"María y José Reyes":    {"maria reyes", "jose reyes"},
		"Mr. Robert O'Brien Jr": {"robert obrien"},
		"Cher":                  nil,
	} {
		if got := keys(in); !slices.Equal(got, want) {
			t.Errorf("parsePersons(%q) = %q, want %q", in, got, want)
		}
	}
	p := parsePersons("Mary Ann Smith")[0]
	for text, want := range map[string]bool{
		"Mary Smith called": true, "Mary A. Smith": true, "Mary Ann Smith": true, "Smith, Mary": true,
		"Mary called Mr Smith": false, "Mary Smithson": false,
	} {
		if _, got := findPerson(p, text, tokenize(text)); got != want {
			t.Errorf("findPerson(%q) = %v, want %v", text, got, want)
		}
	}
}

func FuzzTextFromHTML(f *testing.F) {
	f.Add("<html><body><p>Claim&nbsp;<b>60-8H77-8H5</b></p><table><tr><td>a</td><td>b</td></tr></table></body></html>")
	f.Add("<script>x</script><!-- c --><br/>&amp;&#x41;")
	f.Add("<<<>>><td")
	f.Fuzz(func(t *testing.T, s string) {
		out := TextFromHTML(s)
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 from valid input")
		}
	})
}

// FuzzTopText covers the forward and quote detection used when the parser
// left forwarded messages in the body.
func FuzzTopText(f *testing.F) {
	f.Add("Thanks\n\nOn Tue wrote:\n> x")
	f.Add("a\n-----Original Message-----\nFrom: x [mailto:x@y.example]\nSent: now")
	f.Add("From: A <a@b.example>\nTo: c\n")
	f.Fuzz(func(t *testing.T, s string) {
		top := topText(s)
		if !strings.HasPrefix(s, top) {
			t.Fatalf("topText is not a prefix")
		}
		for _, a := range quotedSenders(s) {
			if !strings.Contains(a.Email, "@") {
				t.Fatalf("sender without address: %+v", a)
			}
		}
	})
}
