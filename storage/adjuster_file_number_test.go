package storage_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// An adjusting firm's file number is kept on the claim: an assignment
// fills it in where the claim has none and never overwrites one, the
// record changes it and clears it to unknown, and the lookups of numbers
// find its claims by it written any way, in the claim's office only.
func TestAdjusterFileNumber(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	at := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	assign := func(a storage.Claim) storage.Claim {
		t.Helper()
		var c storage.Claim
		if err := db.InTx(ctx, func(tx pgx.Tx) (err error) {
			c, _, err = storage.ClaimFromAssignment(ctx, tx, a, "", at, 0)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := assign(storage.Claim{ClaimNumber: "054419283017", LossType: "Water"})
	if c.AdjusterFileNumber != "" {
		t.Fatalf("file number %q before any is known", c.AdjusterFileNumber)
	}
	c = assign(storage.Claim{ClaimNumber: "054419283017", AdjusterFileNumber: "PCS-GA-26-44817"})
	again := assign(storage.Claim{ClaimNumber: "054419283017", AdjusterFileNumber: "OTHER-1234"})
	if c.AdjusterFileNumber != "PCS-GA-26-44817" || again.AdjusterFileNumber != "PCS-GA-26-44817" {
		t.Errorf("filled in %q, then %q; want PCS-GA-26-44817 both times", c.AdjusterFileNumber, again.AdjusterFileNumber)
	}

	north, err := db.CreateOffice(ctx, storage.Office{Slug: "north", Name: "North", TimeZone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	assign(storage.Claim{ClaimNumber: "NORTH-5511", AdjusterFileNumber: "PCS GA 26 44817", OfficeID: north.ID})
	_, _, _, byFile, err := db.ClaimsByNumber(ctx, storage.DefaultOfficeID, "PCSGA2644817")
	if err != nil {
		t.Fatal(err)
	}
	l, err := db.ClaimLookupsOf(ctx, storage.DefaultOfficeID, []string{"PCSGA2644817"}, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(byFile) != 1 || byFile[0].ID != c.ID || len(l.ByFile["PCSGA2644817"]) != 1 || l.ByFile["PCSGA2644817"][0].ID != c.ID {
		t.Errorf("by file number: %+v and %+v, want the default office's claim %d alone", byFile, l.ByFile, c.ID)
	}

	c, err = db.UpdateClaim(ctx, c.ID, storage.ClaimPatch{Fields: map[string]string{"adjuster_file_number": "IA-22-0193"}}, "ana")
	if err != nil || c.AdjusterFileNumber != "IA-22-0193" {
		t.Fatalf("typed: %q, %v", c.AdjusterFileNumber, err)
	}
	if _, _, _, byFile, _ = db.ClaimsByNumber(ctx, storage.DefaultOfficeID, "IA220193"); len(byFile) != 1 {
		t.Errorf("by the typed file number: %+v", byFile)
	}
	c, err = db.UpdateClaim(ctx, c.ID, storage.ClaimPatch{Fields: map[string]string{"adjuster_file_number": ""}}, "ana")
	if err != nil {
		t.Fatal(err)
	}
	var stored *string
	if err := storage.PoolOf(db).QueryRow(ctx, `SELECT adjuster_file_number FROM claims WHERE id = $1`, c.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != nil {
		t.Errorf("cleared file number stored as %q, want unknown (null)", *stored)
	}
	if _, _, _, byFile, _ = db.ClaimsByNumber(ctx, storage.DefaultOfficeID, "IA220193"); len(byFile) != 0 {
		t.Errorf("a cleared file number still finds %+v", byFile)
	}
}

// TestSearchFindsTheAdjustersFileNumber finds a claim by the adjusting
// firm's file number, at the top as in the claims list: whole, written with
// or without its dashes, or a part of it; the claim found by it says the
// number.
func TestSearchFindsTheAdjustersFileNumber(t *testing.T) {
	t.Parallel()
	b := setupSearch(t)
	oneal := saveClaim(t, b.db, storage.Claim{JobNumber: "26-2644-WTR", ClaimNumber: "054419283017", InsuredName: "Brian O'Neal",
		AdjusterFileNumber: "PCS-GA-26-44817"}).ID
	for _, q := range []string{"PCS-GA-26-44817", "pcsga2644817", "PCS GA 26 44817", "26-44817"} {
		var found []int64
		var snippet string
		for _, h := range b.search(t, q) {
			if h.Kind == storage.SearchKindClaim {
				found, snippet = append(found, h.ID), h.Snippet.String()
			}
		}
		if !slices.Equal(found, []int64{oneal}) || !strings.Contains(snippet, "adjuster's file PCS-GA-26-44817") {
			t.Errorf("search %q: claims %v (%q); want %d, saying its file number", q, found, snippet, oneal)
		}
		listed, err := b.db.ListClaims(t.Context(), storage.ClaimFilter{Query: q, Offices: storage.AllOffices})
		if err != nil {
			t.Fatal(err)
		}
		if ids := claimIDs(listed); !slices.Equal(ids, []int64{oneal}) {
			t.Errorf("claims list searching %q: %v; want %d", q, ids, oneal)
		}
	}
}
