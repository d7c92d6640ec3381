package storage_test

import (
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// TestCloseClaimsForgiveSpelling checks the claims a search finds by
// close spellings of its words, after those it finds as typed: a name
// heard on the phone finds the insured spelt otherwise, a letter swapped
// in a street finds the street, the fewest letters changed first. Words
// of three letters, numbers, names two letters apart from a short word,
// excluded words, other filters and other offices' claims keep their
// claims out, and a claim found as typed is not found again.
func TestCloseClaimsForgiveSpelling(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := t.Context()
	save := func(c storage.Claim) int64 { return saveClaim(t, db, c).ID }
	erik := save(storage.Claim{JobNumber: "26-1001-WTR", InsuredName: "Erik Lindqvist", LossAddress: "12 Maple Ave, Edina, MN 55424"})
	anna := save(storage.Claim{JobNumber: "26-1002-WTR", InsuredName: "Anna Lindquist", LossAddress: "5 Oak Dr, Edina, MN 55424"})
	pena := save(storage.Claim{JobNumber: "26-1042-WTR", InsuredName: "Luis Peña", LossAddress: "2106 Fuller St S, Minneapolis, MN 55401"})
	miller := save(storage.Claim{JobNumber: "26-1043-WTR", InsuredName: "Dan Miller", LossAddress: "9 Lake Dr, Wayzata, MN 55391"})
	closed := save(storage.Claim{JobNumber: "25-0990-MLD", InsuredName: "Rosa Sandoval", LossAddress: "77 Birch Ln, Edina, MN 55424",
		Status: "closed"})
	west, err := db.CreateOffice(ctx, storage.Office{Slug: "west", Name: "West"})
	if err != nil {
		t.Fatal(err)
	}
	kowalski := save(storage.Claim{JobNumber: "26-2001-WTR", InsuredName: "Piotr Kowalski", LossAddress: "5 Elm St", OfficeID: west.ID})

	for _, tc := range []struct {
		query  string
		filter storage.ClaimFilter
		all    bool   // every office's claims
		want   string // claims with "typed>found (field)" and edits
	}{
		{query: "Lindquist", want: fmt.Sprintf("[%d Lindquist>Lindqvist (insured) 1]", erik)},
		{query: "lindqvist", want: fmt.Sprintf("[%d lindqvist>Lindquist (insured) 1]", anna)},
		{query: "Lindqvst", want: fmt.Sprintf("[%d Lindqvst>Lindqvist (insured) 1 %d Lindqvst>Lindquist (insured) 2]", erik, anna)},
		{query: "Pena Fulelr", want: fmt.Sprintf("[%d Fulelr>Fuller (address) 1]", pena)},
		{query: "Erik Mapel Avenue", want: fmt.Sprintf("[%d Mapel>Maple (address) 1]", erik)},
		{query: "Lindqvst -Erik", want: fmt.Sprintf("[%d Lindqvst>Lindquist (insured) 2]", anna)},
		{query: "Lindqvst", filter: storage.ClaimFilter{Carrier: "USAA"}, want: "[]"},
		{query: "Fuller", want: "[]"},    // Miller is two letters off a short name
		{query: "Mill Lake", want: "[]"}, // found as typed ("mill" is the start of Miller)
		{query: "Oka Dr", want: "[]"},    // three letters
		{query: "26-1044", want: "[]"},   // another claim's number
		{query: "Kowalsky", want: "[]"},  // another office's claim
		{query: "Sandovall", want: "[]"}, // closed
		{query: "Sandovall", filter: storage.ClaimFilter{Status: "closed"}, want: fmt.Sprintf("[%d Sandovall>Sandoval (insured) 1]", closed)},
		{query: "Kowalsky", all: true, want: fmt.Sprintf("[%d Kowalsky>Kowalski (insured) 1]", kowalski)},
		{query: "Erik Lindquist 12 Maple Ave Edina MN 55424", want: fmt.Sprintf("[%d Lindquist>Lindqvist (insured) 1]", erik)},
		// more words than a name and an address: not looked up
		{query: "Erik Lindquist 12 Maple Ave Edina MN 55424 Erik Erik Erik", want: "[]"},
	} {
		f := tc.filter
		f.Query = tc.query
		if f.Status == "" {
			f.Status = "open"
		}
		f.Offices = storage.OnlyOffices(storage.DefaultOfficeID)
		if tc.all {
			f.Offices = storage.AllOffices
		}
		got, err := db.CloseClaims(ctx, f, 10)
		if err != nil {
			t.Fatalf("%q: %v", tc.query, err)
		}
		if s := closeClaimsString(got); s != tc.want {
			t.Errorf("%q: %s, want %s", tc.query, s, tc.want)
		}
	}
	// A name corrected on the record is found by its new spelling's
	// neighbours.
	if _, err := db.UpdateClaim(ctx, miller, storage.ClaimPatch{Fields: map[string]string{"insured_name": "Dan Mjöllner"}}, "test"); err != nil {
		t.Fatal(err)
	}
	got, err := db.CloseClaims(ctx, storage.ClaimFilter{Query: "Mjollnir", Offices: storage.AllOffices}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if s, want := closeClaimsString(got), fmt.Sprintf("[%d Mjollnir>Mjöllner (insured) 1]", miller); s != want {
		t.Errorf("after the name changed: %s, want %s", s, want)
	}
}

// TestCloseClaimsAmongOtherOffices checks that an office's claim spelt
// close to a search is found however many other offices' names lie
// nearer to the word typed: they are not the searching office's words.
func TestCloseClaimsAmongOtherOffices(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := t.Context()
	erik := saveClaim(t, db, storage.Claim{JobNumber: "26-1001-WTR", InsuredName: "Erik Lindqvist", LossAddress: "12 Maple Ave"}).ID
	east, err := db.CreateOffice(ctx, storage.Office{Slug: "east", Name: "East"})
	if err != nil {
		t.Fatal(err)
	}
	// More names than a search weighs, each nearer to "Lindquist" by
	// trigrams than "Lindqvist" is.
	const letters = "abcdefghijklmnopqrstuvwxyz"
	for i := range 104 {
		name := "Ann Lindquist" + string(letters[i/26]) + string(letters[i%26])
		saveClaim(t, db, storage.Claim{JobNumber: fmt.Sprintf("26-3%03d-WTR", i), InsuredName: name, LossAddress: "1 Elm St", OfficeID: east.ID})
	}
	got, err := db.CloseClaims(ctx, storage.ClaimFilter{Query: "Lindquist", Status: "open", Offices: storage.OnlyOffices(storage.DefaultOfficeID)}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if s, want := closeClaimsString(got), fmt.Sprintf("[%d Lindquist>Lindqvist (insured) 1]", erik); s != want {
		t.Errorf("close claims of the office: %s, want %s", s, want)
	}
	// A claim moved in from another office brings its words.
	zofia := saveClaim(t, db, storage.Claim{JobNumber: "26-4001-WTR", InsuredName: "Zofia Kowalczyk", LossAddress: "3 Elm St", OfficeID: east.ID}).ID
	if _, err := storage.PoolOf(db).Exec(ctx, `UPDATE claims SET office_id = $2 WHERE id = $1`, zofia, storage.DefaultOfficeID); err != nil {
		t.Fatal(err)
	}
	got, err = db.CloseClaims(ctx, storage.ClaimFilter{Query: "Kowalczik", Status: "open", Offices: storage.OnlyOffices(storage.DefaultOfficeID)}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if s, want := closeClaimsString(got), fmt.Sprintf("[%d Kowalczik>Kowalczyk (insured) 1]", zofia); s != want {
		t.Errorf("close claims after a claim moved in: %s, want %s", s, want)
	}
}

// closeClaimsString writes close claims as their ids, spellings and edits.
func closeClaimsString(cs []storage.CloseClaim) string {
	s := "["
	for i, c := range cs {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprint(c.ID)
		for _, sp := range c.Spellings {
			s += fmt.Sprintf(" %s>%s (%s)", sp.Typed, sp.Found, sp.Field)
		}
		s += fmt.Sprint(" ", c.Edits)
	}
	return s + "]"
}

// TestClaimWordsAddedWithoutWaiting checks that two transactions writing
// claims that bring the same new words (claims made from assignments while
// an insured's name is corrected) do not wait for each other: a word added
// twice is found once, each claim with it once.
func TestClaimWordsAddedWithoutWaiting(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := t.Context()
	pool := storage.PoolOf(db)
	var ids [2]int64
	var txs [2]pgx.Tx
	for i := range txs {
		tx, err := pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx) //nolint:errcheck // committed below
		txs[i] = tx
		// Waiting for the other transaction, still open, fails.
		if _, err := tx.Exec(ctx, `SET LOCAL lock_timeout = '2s'`); err != nil {
			t.Fatal(err)
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO claims (job_number, job_number_norm, insured_name, loss_address, office_id)
			VALUES ($1, $2, 'Zbigniew Quaxley', $3, 1) RETURNING id`,
			fmt.Sprintf("26-300%d-W", i), fmt.Sprintf("26300%dW", i), fmt.Sprintf("%d Yarrowgate Rd", i+1)).Scan(&ids[i]); err != nil {
			t.Fatalf("claim %d: %v", i, err)
		}
	}
	for _, tx := range txs {
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.CloseClaims(ctx, storage.ClaimFilter{Query: "Quaxly Yarowgate", Offices: storage.AllOffices}, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("[%d Quaxly>Quaxley (insured) Yarowgate>Yarrowgate (address) 2 %d Quaxly>Quaxley (insured) Yarowgate>Yarrowgate (address) 2]", ids[1], ids[0])
	if s := closeClaimsString(got); s != want {
		t.Errorf("Quaxly Yarowgate: %s, want %s", s, want)
	}
}
