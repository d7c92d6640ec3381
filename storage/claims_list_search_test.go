package storage_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// TestClaimsListSearchFindsTheRecordsWords filters the claims list by the
// words people type about a claim, as the search box at the top finds it:
// the insured's name with or without its accent, the street however it is
// spelled, the phone however it is written or its last seven digits, and
// parts of its numbers. Every word typed must be the claim's but a
// street's type, which may be any: a name and a street find the insured
// on that street, neither the neighbour nor the insured's loss on another
// street, and a word no record holds finds nothing.
func TestClaimsListSearchFindsTheRecordsWords(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	save := func(c storage.Claim) int64 { return saveClaim(t, db, c).ID }
	pena := save(storage.Claim{JobNumber: "26-1042-WTR", ClaimNumber: "60-8H77-8H5", PolicyNumber: "P0012345",
		InsuredName: "Luis Peña", LossAddress: "2106 Fuller St S, Minneapolis, MN 55401", InsuredPhone: "(763) 555-0147"})
	sandoval := save(storage.Claim{JobNumber: "26-1043-WTR", InsuredName: "Rosa Sandoval", LossAddress: "418 Maple Ave, Edina, MN 55424"})
	jones := save(storage.Claim{JobNumber: "26-1044-FIR", InsuredName: "Mark Jones", LossAddress: "420 Maple Ave, Edina, MN 55424"})
	oak := save(storage.Claim{JobNumber: "25-0990-MLD", InsuredName: "Rosa Sandoval", LossAddress: "77 Oak Dr, Edina, MN 55424",
		Status: "closed"})
	// A Fuller on a drive, whose phone ends in the same seven digits in
	// another area code.
	fuller := save(storage.Claim{JobNumber: "26-1045-WTR", InsuredName: "Ann Fuller", LossAddress: "9 Lake Dr, Wayzata, MN 55391",
		InsuredPhone: "+1 612 555 0147"})
	for _, tc := range []struct {
		query string
		want  []int64
	}{
		{"Pena", []int64{pena}},
		{"Peña", []int64{pena}},
		{"PENA", []int64{pena}},
		{"Sandoval", []int64{sandoval, oak}},
		{"Sandoval Maple", []int64{sandoval}},
		{"maple sandoval", []int64{sandoval}},
		{"Maple Avenue", []int64{sandoval, jones}},
		{"Jones Sandoval", nil},
		{"Sandoval Mapel", nil}, // a word no record holds keeps every claim out
		{"Sandoval -Oak", []int64{sandoval}},
		{"Fuller Street", []int64{pena}},
		{"Fuller Avenue", []int64{pena}}, // a street's type is remembered otherwise
		{"Avenue", nil},                  // and alone tells no claim apart
		{"Fuller St S", []int64{pena}},
		{"2106 Fuller St South", []int64{pena}},
		{"Fuller", []int64{pena, fuller}},
		{"Ann Fuller St", nil},
		{"(763) 555-0147", []int64{pena}},
		{"7635550147", []int64{pena}},
		{"763.555.0147", []int64{pena}},
		{"+1 763 555 0147", []int64{pena}},
		{"1-763-555-0147", []int64{pena}},
		{"612-555-0147", []int64{fuller}}, // kept with its country code
		{"555-0147", []int64{pena, fuller}},
		{"555 0147", []int64{pena, fuller}},
		{"2106", []int64{pena}},
		{"8H77", []int64{pena}},
		{"60 8H77", []int64{pena}},
		{"608h778h5", []int64{pena}},
		{"26-104", []int64{pena, sandoval, jones, fuller}}, // part of the job numbers
		{"P00123", []int64{pena}},
		{"Pena 1042", []int64{pena}},
		{"-26-1042", nil}, // excluded, not looked for
		{"26-104 -Sandoval -Jones", []int64{pena, fuller}},
	} {
		got, err := db.ListClaims(t.Context(), storage.ClaimFilter{Query: tc.query, Offices: storage.AllOffices})
		if err != nil {
			t.Fatalf("%q: %v", tc.query, err)
		}
		want := slices.Clone(tc.want)
		slices.SortFunc(want, func(a, b int64) int { return int(b - a) })
		if ids := claimIDs(got); !slices.Equal(ids, want) {
			t.Errorf("%q: claims %v, want %v", tc.query, ids, want)
		}
	}

	// Pages of a search go on after the last claim shown.
	var pages [][]int64
	for after := int64(0); ; {
		got, err := db.ListClaims(t.Context(), storage.ClaimFilter{Query: "maple avenue", AfterID: after, Limit: 1, Offices: storage.AllOffices})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 {
			break
		}
		pages = append(pages, claimIDs(got))
		after = got[0].ID
	}
	if fmt.Sprint(pages) != fmt.Sprint([][]int64{{jones}, {sandoval}}) {
		t.Errorf("pages of maple avenue: %v, want [[%d] [%d]]", pages, jones, sandoval)
	}
}

// TestUnheldClaimWords names the words of a claims search that no claim of
// the offices searched holds: a word only another office's claim holds is
// one of them.
func TestUnheldClaimWords(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := t.Context()
	saveClaim(t, db, storage.Claim{JobNumber: "26-1043-WTR", InsuredName: "Rosa Sandoval", LossAddress: "418 Maple Ave, Edina, MN 55424",
		InsuredPhone: "763-555-0147"})
	west, err := db.CreateOffice(ctx, storage.Office{Slug: "west", Name: "West"})
	if err != nil {
		t.Fatal(err)
	}
	saveClaim(t, db, storage.Claim{JobNumber: "26-2001-WTR", InsuredName: "Piotr Kowalski", LossAddress: "5 Elm St", OfficeID: west.ID})
	for _, tc := range []struct {
		query   string
		offices storage.Offices
		want    []string
	}{
		{"Sandoval Mapel", storage.AllOffices, []string{"Mapel"}},
		{"the Sandoval home on Maple Avenue", storage.AllOffices, []string{"the", "home", "on"}},
		{"Sandoval (763) 555-0147", storage.AllOffices, nil},
		{"(612) 555-0147", storage.AllOffices, []string{"(612) 555-0147"}},
		{"Kowalski Maple", storage.AllOffices, nil},
		{"Kowalski Maple", storage.OnlyOffices(storage.DefaultOfficeID), []string{"Kowalski"}},
		{"Sandoval -Kowalski", storage.AllOffices, nil}, // a word excluded keeps claims out; it need not be held
	} {
		got, err := db.UnheldClaimWords(ctx, tc.query, tc.offices)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: %q, want %q", tc.query, got, tc.want)
		}
	}
}

// TestClaimsListSearchReadsTheWordsIndex checks that a search of the
// claims list among thousands of claims reads the claims holding its words
// from their index (claims_search_words_idx), not every claim newest first
// until enough match.
func TestClaimsListSearchReadsTheWordsIndex(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := t.Context()
	pool := storage.PoolOf(db)
	// Words many records share, as an office's names, streets and towns
	// are: the planner reckons a word's start among them.
	if _, err := pool.Exec(ctx, `INSERT INTO claims (job_number, job_number_norm, office_id, insured_name, loss_address, insured_phone)
		SELECT '26-' || (2000 + n) || '-WTR', '26' || (2000 + n) || 'WTR', 1, 'Owner' || n % 150 || ' Family' || n % 40,
		       n || ' Street' || n % 120 || ' St, Town' || n % 30 || ', TX 787' || lpad((n % 100)::text, 2, '0'),
		       '512-555-' || lpad(n::text, 4, '0')
		FROM generate_series(1, 5000) n`); err != nil {
		t.Fatal(err)
	}
	saveClaim(t, db, storage.Claim{JobNumber: "26-1043-WTR", InsuredName: "Rosa Sandoval", LossAddress: "418 Maple Ave, Edina, MN 55424",
		InsuredPhone: "763-555-0147"})
	if _, err := pool.Exec(ctx, `VACUUM ANALYZE claims`); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"Sandoval Maple", "(763) 555-0147", "sandoval", "Sandoval 418", "26-1043", "7635550147", "Maple Avenue"} {
		query, args, err := storage.ListClaimsSQL(ctx, db, storage.ClaimFilter{Query: q, Status: "open", Limit: 51,
			Offices: storage.OnlyOffices(storage.DefaultOfficeID)})
		if err != nil {
			t.Fatal(err)
		}
		rows, err := pool.Query(ctx, `EXPLAIN `+query, args...)
		if err != nil {
			t.Fatal(err)
		}
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		if plan := strings.Join(lines, "\n"); !strings.Contains(plan, "Bitmap Index Scan on claims_search_words_idx") ||
			strings.Contains(plan, "Seq Scan on claims") {
			t.Errorf("%q: the plan does not read the claims' words index:\n%s", q, plan)
		}
	}
}

// TestClaimSearchFindsPartsOfNumbers checks that the claims list finds a
// claim by any part of its job, claim or policy number with a digit,
// however written: every claim whose normalized number holds the part
// typed is found.
func TestClaimSearchFindsPartsOfNumbers(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	rnd := rand.New(rand.NewPCG(5, 6))
	var numbers []string
	for i := range 120 {
		c := storage.Claim{
			JobNumber:    fmt.Sprintf("%02d-%04d-WTR", 20+i%7, 1000+i),
			ClaimNumber:  fmt.Sprintf("%02d-H%03X-%04d", i%100, i*37%4096, i),
			PolicyNumber: fmt.Sprintf("P%08d", i*7919%100000000),
			InsuredName:  "Insured " + fmt.Sprint(i),
			Status:       []string{"open", "closed"}[i%2],
		}
		saveClaim(t, db, c)
		numbers = append(numbers, c.JobNumber, c.ClaimNumber, c.PolicyNumber)
	}
	var terms []string
	for range 150 {
		s := numbers[rnd.IntN(len(numbers))]
		from := rnd.IntN(len(s))
		// a part typed with a leading dash is a word excluded
		if part := strings.TrimLeft(s[from:from+1+rnd.IntN(len(s)-from)], "-"); strings.ContainsAny(part, "0123456789") {
			terms = append(terms, part)
		}
	}
	terms = append(terms, "0683 449786", "h0", "wtr 2", "26 1001", "8H7", "p00")
	for _, q := range terms {
		for _, status := range []string{"", "open"} {
			got, err := db.ListClaims(ctx, storage.ClaimFilter{Query: q, Status: status, Offices: storage.AllOffices})
			if err != nil {
				t.Fatal(err)
			}
			ids := claimIDs(got)
			for _, id := range claimsByNumberPart(t, db, q, status) {
				if !slices.Contains(ids, id) {
					t.Fatalf("search %q (status %q): %v lacks claim %d", q, status, ids, id)
				}
			}
		}
	}
}

// claimsByNumberPart returns the claims one of whose numbers, normalized,
// holds q normalized.
func claimsByNumberPart(t *testing.T, db *storage.DB, q, status string) []int64 {
	t.Helper()
	norm := classify.Normalize(q)
	if norm == "" {
		return nil
	}
	rows, err := storage.PoolOf(db).Query(context.Background(), `
		SELECT id FROM claims c
		WHERE (strpos(c.job_number_norm, $1) > 0 OR strpos(c.claim_number_norm, $1) > 0 OR strpos(c.policy_number_norm, $1) > 0)
		  AND ($2 = '' OR c.status = $2)
		ORDER BY id DESC`, norm, status)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func claimIDs(cs []storage.Claim) []int64 {
	var out []int64
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}
