package outbox

import (
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// TestPersonFirstName: a greeting names a person by their first name, and
// names no one when the name is a department's, a company's or the
// address's own.
func TestPersonFirstName(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, address, want string }{
		{"Harold Becker", "hbecker1948@inboxmail.example", "Harold"},
		{"Becker, Harold", "hbecker1948@inboxmail.example", "Harold"},
		{"HAROLD BECKER", "hbecker1948@inboxmail.example", "Harold"},
		{"naomi fairbanks", "nf@inboxmail.example", "Naomi"},
		{`"Alicia Moreno"`, "amoreno@glcasualty.example", "Alicia"},
		{"Mrs. Ruth Sandoval", "ruth@inboxmail.example", "Ruth"},
		{"Mary-Jane O'Neil", "mj@inboxmail.example", "Mary-Jane"},
		{"José Peña", "jpena@inboxmail.example", "José"},
		{"McKenzie Dunn", "md@carrier.example", "McKenzie"},
		{"Harold", "harold@inboxmail.example", "Harold"},
		{"", "harold@inboxmail.example", ""},
		{"hbecker1948", "hbecker1948@inboxmail.example", ""},
		{"hbecker", "hbecker1948@inboxmail.example", ""},
		{"h.becker", "harold@inboxmail.example", ""},
		{"hbecker1948@inboxmail.example", "hbecker1948@inboxmail.example", ""},
		{"Claims Dept", "claims@glcasualty.example", ""},
		{"Great Lakes Casualty", "claims@glcasualty.example", ""},
		{"Alicia Moreno (Great Lakes Casualty)", "amoreno@glcasualty.example", ""},
		{"XactAnalysis", "noreply@xactanalysis.example", ""},
		{"Sunbelt Rentals", "ar@sunbelt.example", ""},
		{"Mr. Becker", "hb@inboxmail.example", ""},
		{"J. Smith", "js@inboxmail.example", ""},
		{"Mr. and Mrs. Becker", "hb@inboxmail.example", ""},
	} {
		if got := PersonFirstName(tt.name, tt.address); got != tt.want {
			t.Errorf("PersonFirstName(%q, %q) = %q, want %q", tt.name, tt.address, got, tt.want)
		}
	}
}

// TestGreetingName: a sender whose mail program gives no person's name is
// greeted by the name the claim has for their address, whichever of its
// people that is, and by none when the claim has no name for it either.
func TestGreetingName(t *testing.T) {
	t.Parallel()
	claim := &storage.Claim{AdjusterName: "Alicia Moreno", AdjusterEmail: "amoreno@glcasualty.example",
		InsuredName: "Harold Becker", InsuredEmail: "HBecker1948@inboxmail.example"}
	people := []storage.ClaimParticipant{
		{Role: "insurance_company", Name: "Great Lakes Casualty", Email: "claims@glcasualty.example"},
		{Role: "technician", Name: "Jake Halvorsen", Email: "jake@field.example"},
	}
	for _, tt := range []struct {
		fromName, address, want string
		claim                   *storage.Claim
	}{
		{"Naomi Fairbanks", "naomi@inboxmail.example", "Naomi", claim},
		{"hbecker1948", "hbecker1948@inboxmail.example", "Harold", claim},
		{"", "amoreno@glcasualty.example", "Alicia", claim},
		{"", "jake@field.example", "Jake", claim},
		{"Claims Dept", "claims@glcasualty.example", "", claim},
		{"", "someone@inboxmail.example", "", claim},
		{"", "hbecker1948@inboxmail.example", "", nil},
	} {
		if got := GreetingName(tt.fromName, tt.address, tt.claim, people); got != tt.want {
			t.Errorf("GreetingName(%q, %q) = %q, want %q", tt.fromName, tt.address, got, tt.want)
		}
	}
}
