package classify

import (
	"os"
	"path/filepath"
	"testing"
)

const office = "restorepros.example"

// testClaims are claims of several carriers and formats, none of them from
// the sample mailbox.
var testClaims = []Claim{
	{ID: 1, JobNumber: "26-1101-WTR", ClaimNumber: "60-8H77-8H5", Carrier: "State Farm", PolicyNumber: "P917061414",
		InsuredName: "Kevin Castillo", LossAddress: "6345 Birch Rd, Plano, TX 75023",
		AdjusterName: "Jennifer Anderson", AdjusterEmail: "janderson@statefarm.example", Open: true},
	{ID: 2, JobNumber: "26-1102-FIR", ClaimNumber: "CLM-2026-004512", Carrier: "Acme Mutual", PolicyNumber: "HO-7734-2210",
		InsuredName: "María José Hernández", LossAddress: "1208 N Magnolia Avenue, Austin, TX 78701",
		AdjusterName: "Tom Reed", AdjusterEmail: "treed@acme-mutual.example", Open: true},
	{ID: 3, JobNumber: "26-1103-MLD", ClaimNumber: "1442694208-1", Carrier: "Farmers",
		InsuredName: "Smith, Elizabeth", LossAddress: "88 Elm Street, Garland, TX 75040",
		AdjusterName: "Ángel Williams", AdjusterEmail: "williams@farmers.example", Open: true},
	{ID: 4, JobNumber: "26-1104-WTR", ClaimNumber: "1442694208-12", Carrier: "Farmers",
		InsuredName: "James Smith", LossAddress: "90 Elm Street, Garland, TX 75040",
		AdjusterName: "Ángel Williams", AdjusterEmail: "williams@farmers.example", Open: true},
	{ID: 5, JobNumber: "26-1105-STM", ClaimNumber: "040523012345", Carrier: "Chubb",
		InsuredName: "John and Jane Doe", LossAddress: "77 Sunset Blvd, Los Angeles, CA 90028",
		AdjusterName: "Rita Moreno", AdjusterEmail: "rmoreno@chubb.example", Open: true},
	{ID: 6, JobNumber: "26-1106-WTR", ClaimNumber: "LA123-456789-01", Carrier: "Liberty Mutual",
		InsuredName: "Mark Ortiz", LossAddress: "713 River Road, Richardson, TX 75080",
		AdjusterName: "Nancy Fitzgerald", AdjusterEmail: "nfitzgerald@libertymutual.example", Open: true},
	{ID: 7, JobNumber: "26-1107-WTR", ClaimNumber: "H0012-3456", Carrier: "Tower Hill",
		InsuredName: "Rosa Miller", LossAddress: "8527 Prairie View Rd, Garland, TX 75040",
		AdjusterName: "Mark Ortiz", AdjusterEmail: "mortiz@towerhill.example", Open: true},
	{ID: 8, JobNumber: "25-0990-WTR", ClaimNumber: "0683449786", Carrier: "Allstate",
		InsuredName: "Patricia Jackson", LossAddress: "5550 Bluebonnet Ln, Plano, TX 75023",
		AdjusterName: "Luis Williams", AdjusterEmail: "lwilliams@allstate.example", Open: false},
	{ID: 9, JobNumber: "26-1109-WTR", ClaimNumber: "214-555-0199", Carrier: "Erie",
		InsuredName: "Olga Petrova", LossAddress: "12 Harbor Ct, Erie, PA 16501",
		AdjusterName: "Sam Cole", AdjusterEmail: "scole@erie.example", Open: true},
}

func testRegistry(t *testing.T) *MemRegistry {
	t.Helper()
	return NewMemRegistry(testClaims...)
}

func testConfig() Config { return Config{OfficeDomain: office} }

// fixture reads a file under testdata.
func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func addr(s string) Address {
	a, ok := parseAddressText(s)
	if !ok {
		return Address{Email: s}
	}
	return a
}
