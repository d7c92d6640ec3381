package storage_test

import (
	"context"
	"slices"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// TestOpenClaimsLike finds the office's open claims of the loss a
// homeowner phones about, by the insured's name without its accent or the
// address spelled another way; a closed claim, another office's, a
// neighbour's or one whose job number holds the house number is not one.
func TestOpenClaimsLike(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	north, err := db.CreateOffice(ctx, storage.Office{Slug: "north", Name: "North Territory"})
	if err != nil {
		t.Fatal(err)
	}
	ruth := saveClaim(t, db, storage.Claim{JobNumber: "26-2106-WTR", InsuredName: "Ruth Sandoval", LossAddress: "812 Maple St, Plano, TX 75024"})
	saveClaim(t, db, storage.Claim{JobNumber: "25-1990-WTR", InsuredName: "Ruth Sandoval", LossAddress: "812 Maple St", Status: "closed"})
	saveClaim(t, db, storage.Claim{JobNumber: "26-2107-WTR", InsuredName: "Ruth Sandoval", LossAddress: "812 Maple St", OfficeID: north.ID})
	saveClaim(t, db, storage.Claim{JobNumber: "26-2108-WTR", InsuredName: "Tom Baker", LossAddress: "814 Maple St, Plano, TX 75024"})
	saveClaim(t, db, storage.Claim{JobNumber: "26-0812-FIR", InsuredName: "Ann Lee", LossAddress: "5 Oak Ln"})
	luis := saveClaim(t, db, storage.Claim{JobNumber: "26-2109-WTR", InsuredName: "Luis Peña", LossAddress: "17 Saint Charles Avenue"})

	for _, c := range []struct {
		name, insured, address string
		want                   []int64
	}{
		{"the insured and the address", "Ruth Sandoval", "812 Maple Street", []int64{ruth.ID}},
		{"the address alone, spelled another way", "", "812 maple st., Plano", []int64{ruth.ID}},
		{"the name without its accent", "LUIS PENA", "", []int64{luis.ID}},
		{"the street's words abbreviated", "", "17 St. Charles Ave", []int64{luis.ID}},
		{"a neighbour", "Dan Wu", "816 Maple St", nil},
		{"a house number that is in a job number", "", "812 Oak Ln", nil},
		{"nothing typed", "", "", nil},
	} {
		got, err := db.OpenClaimsLike(ctx, storage.DefaultOfficeID, c.insured, c.address)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var ids []int64
		for _, g := range got {
			ids = append(ids, g.ID)
		}
		if !slices.Equal(ids, c.want) {
			t.Errorf("%s: claims %v, want %v", c.name, ids, c.want)
		}
	}
}
