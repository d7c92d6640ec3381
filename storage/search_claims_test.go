package storage_test

import (
	"slices"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestSearchFindsClaimsByTheirRecordsWords searches for claims the way
// people write about them: by the insured's name with or without its
// accent, the street however it is spelled, a part of the job number, the
// phone. The claims whose records hold the most of the words come first;
// words no record holds ("home") do not keep a claim out, and a word the
// search excludes finds nothing.
func TestSearchFindsClaimsByTheirRecordsWords(t *testing.T) {
	t.Parallel()
	b := setupSearch(t) // Carlos Lopez, 3505 Hillcrest Rd
	claim := func(job, insured, address, phone string) int64 {
		var id int64
		err := storage.PoolOf(b.db).QueryRow(t.Context(), `
			INSERT INTO claims (job_number, job_number_norm, insured_name, loss_address, insured_phone, office_id)
			VALUES ($1, upper(regexp_replace($1, '[^A-Za-z0-9]', '', 'g')), $2, $3, $4, 1) RETURNING id`,
			job, insured, address, phone).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	pena := claim("26-2109-WTR", "Luis Peña", "17 Maple Avenue, Plano, TX 75024", "(763) 555-0144")
	maria := claim("26-2110-MLD", "Maria Pena", "9 Oak St, Plano, TX 75024", "")
	smith := claim("26-2111-FIR", "Ann Smith", "40 Maple Ave, Allen, TX 75002", "214-555-0199")
	obrien := claim("26-2112-WTR", "Robert O'Brien", "5 N Elm Dr, Allen, TX 75002", "")
	tran := claim("26-2113-WTR", "Trần Thị Nguyễn", "8 Saint James Ct, Allen, TX 75002", "")
	// A town's hundred other jobs: its name tells none of them apart.
	if _, err := storage.PoolOf(b.db).Exec(t.Context(), `
		INSERT INTO claims (job_number, job_number_norm, insured_name, loss_address, office_id)
		SELECT '26-3' || lpad(i::text, 3, '0') || '-WTR', '263' || lpad(i::text, 3, '0') || 'WTR', 'Owner ' || i,
		       i || ' Main St, Frisco, TX 75034', 1
		FROM generate_series(1, 101) i`); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query string
		want  []int64
	}{
		{"the Pena home on Maple Avenue", []int64{pena}},
		{"Pena", []int64{maria, pena}},
		{"Peña", []int64{maria, pena}},
		{"Pe", nil}, // too short to be a start
		{"Pen", []int64{maria, pena}},
		{"maple ave", []int64{pena, smith}},
		{"Maple Ave.", []int64{pena, smith}},
		{"2109", []int64{pena}},
		{"763-555-0144", []int64{pena}},
		{"555-0144", []int64{pena}},
		{"O'Brien", []int64{obrien}},
		{"obrien north elm drive", []int64{obrien}},
		{"Lopez Hillcrest", []int64{b.claim}},
		{"the", nil},
		{"Tran Nguyen", []int64{tran}},
		{"Saint James", []int64{tran}},
		{"Smith's kitchen", []int64{smith}},
		{"Frisco", nil},                       // held by too many claims to find one
		{"Pena Frisco", []int64{maria, pena}}, // the town's name keeps nobody out
		{"Owner7", nil},                       // not a word of any record
		{"-Pena", nil},
		{"Pena -Maria", []int64{pena}},
	} {
		var got []int64
		for _, h := range b.search(t, tc.query) {
			if h.Kind == storage.SearchKindClaim {
				got = append(got, h.ID)
			}
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(tc.want))
		if !slices.Equal(got, want) {
			t.Errorf("%q: claims %v; want %v", tc.query, got, want)
		}
	}
}

// TestSearchDatesAClaimFromItsStart: a claim found is dated from when it
// started (its first mail here), as the claim page says, not from when its
// row was made: claims imported from a file are made long after.
func TestSearchDatesAClaimFromItsStart(t *testing.T) {
	t.Parallel()
	b := setupSearch(t)
	first := b.mail(t, "New assignment", "Water loss at the Lopez home.")
	var arrived time.Time
	if err := storage.PoolOf(b.db).QueryRow(t.Context(), `SELECT received_at FROM messages WHERE id = $1`, first).Scan(&arrived); err != nil {
		t.Fatal(err)
	}
	if _, err := storage.PoolOf(b.db).Exec(t.Context(), `UPDATE claims SET created_at = $2 WHERE id = $1`,
		b.claim, arrived.Add(30*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, h := range b.search(t, "Lopez") {
		if h.Kind == storage.SearchKindClaim && !h.At.Equal(arrived) {
			t.Errorf("claim dated %s; want its first mail's arrival %s", h.At, arrived)
		}
	}
}
