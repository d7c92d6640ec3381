package storage_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestSearchRanksTheStreetAboveTheTown: a word of a claim's street
// ("Cedar") puts it above a newer claim in a town of that name, and a
// street named with another type ("Cedar Street" of Cedar Rd) is its
// street; each hit says where it holds the words.
func TestSearchRanksTheStreetAboveTheTown(t *testing.T) {
	t.Parallel()
	b := setupSearch(t)
	opened := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	claim := func(job, insured, address string) int64 {
		t.Helper()
		opened = opened.Add(24 * time.Hour) // each newer than the last
		var id int64
		err := storage.PoolOf(b.db).QueryRow(t.Context(), `
			INSERT INTO claims (job_number, job_number_norm, insured_name, loss_address, created_at, office_id)
			VALUES ($1, upper(regexp_replace($1, '[^A-Za-z0-9]', '', 'g')), $2, $3, $4, 1) RETURNING id`,
			job, insured, address, opened).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	street := claim("26-4001-WTR", "Dana Whitfield", "77 Cedar Rd, Waverly, IA 50677")
	town := claim("26-4002-WTR", "Omar Haddad", "14 Birch Ln, Cedar Falls, IA 50613")
	// A new loss known by its town alone: "Cedar Grove" is no street of it,
	// though Grove is a street type.
	grove := claim("26-4003-WTR", "Ines Varga", "Cedar Grove, NJ 07009")
	for _, tc := range []struct {
		query            string
		want             []int64
		street, townOnly string
	}{
		{"the Kowalczyk house on Cedar Street", []int64{street, grove, town}, "[Cedar Street]", "[Cedar]"},
		{"Cedar Rd", []int64{street, grove, town}, "[Cedar Rd]", "[Cedar]"},
		{"Cedar Birch", []int64{town}, "[]", "[Cedar]"},
		{"Cedar", []int64{street, grove, town}, "[]", "[Cedar]"}, // a word of the street above the towns', though older; the towns newest first
	} {
		var got []int64
		places := map[int64]storage.SearchHit{}
		for _, h := range b.search(t, tc.query) {
			if h.Kind == storage.SearchKindClaim {
				got, places[h.ID] = append(got, h.ID), h
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: claims %v, want %v", tc.query, got, tc.want)
			continue
		}
		if s := fmt.Sprint(places[street].Street); slices.Contains(got, street) && s != tc.street {
			t.Errorf("%q: the street claim's street %s, want %s", tc.query, s, tc.street)
		}
		if s := fmt.Sprint(places[town].TownOnly); s != tc.townOnly {
			t.Errorf("%q: the town claim's town-only words %s, want %s", tc.query, s, tc.townOnly)
		}
		if s := fmt.Sprint(places[town].Street); s != "[]" {
			t.Errorf("%q: the town claim's street %s, want none", tc.query, s)
		}
		if s := fmt.Sprint(places[grove].Street); slices.Contains(got, grove) && s != "[]" {
			t.Errorf("%q: the claim known by its town alone has the street %s, want none", tc.query, s)
		}
	}
}

// TestSearchUnfoundWordsBesideResults: the words of a search the claims
// found were found without, and that no mail holds, are named though the
// other words find something, even when a claim not found spells one a
// letter otherwise; a street type typed after a street's name is read
// with it, never named alone.
func TestSearchUnfoundWordsBesideResults(t *testing.T) {
	t.Parallel()
	b := setupSearch(t) // Carlos Lopez, 3505 Hillcrest Rd
	b.mail(t, "Readings", "The house on Hillcrest is drying.")
	if _, err := storage.PoolOf(b.db).Exec(t.Context(), `
		INSERT INTO claims (job_number, job_number_norm, insured_name, loss_address, office_id)
		VALUES ('26-4003-WTR', '264003WTR', 'Ann Kowalcyk', '9 Oak St, Waverly, IA 50677', 1)`); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ query, want string }{
		{"the Kowalczyk house on Hillcrest Avenue", "[Kowalczyk]"},
		{"Lopez Hillcrest Rd", "[]"},
		{"Lopez Zzyzx Road", "[Zzyzx]"},
		{"Zzyzx", "[Zzyzx]"},      // nothing found
		{"house Hillcrest", "[]"}, // mail found holds every word
	} {
		got, err := b.db.UnfoundBeside(t.Context(), tc.query, b.search(t, tc.query), storage.AllOffices)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != tc.want {
			t.Errorf("%q: unfound %v, want %s", tc.query, got, tc.want)
		}
	}
}

// TestSearchFindsEveryWordOfTheRecordOnTheClaim: every word of a claim's
// record, its numbers, insured, job name, company, phone and adjusting
// firm's file number, finds it as a word of the claim itself, never of
// its town alone: the words a search finds a claim by and the street's
// words that tell town from claim are made by one rule.
func TestSearchFindsEveryWordOfTheRecordOnTheClaim(t *testing.T) {
	t.Parallel()
	b := setupSearch(t)
	var id int64
	err := storage.PoolOf(b.db).QueryRow(t.Context(), `
		INSERT INTO claims (job_number, job_number_norm, claim_number, claim_number_norm, policy_number, policy_number_norm,
		                    insured_name, loss_address, job_name, company, insured_phone, adjuster_file_number,
		                    adjuster_file_number_norm, office_id)
		VALUES ('26-4101-WTR', '264101WTR', '0683449786', '0683449786', 'HO-7731205', 'HO7731205',
		        'Priya Ramaswamy', '40 Quarry Ln', 'Basement flood', 'Lindqvist Holdings', '(319) 555-0142', 'AF-20931',
		        'AF20931', 1)
		RETURNING id`).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	for _, query := range []string{"26-4101-WTR", "0683449786", "HO-7731205", "Ramaswamy", "Quarry", "Basement",
		"Lindqvist", "3195550142", "AF-20931"} {
		hits := b.search(t, query)
		i := slices.IndexFunc(hits, func(h storage.SearchHit) bool { return h.Kind == storage.SearchKindClaim && h.ID == id })
		if i < 0 {
			t.Errorf("%q does not find the claim: %+v", query, hits)
			continue
		}
		if len(hits[i].TownOnly) > 0 {
			t.Errorf("%q: the claim holds %v only in its town", query, hits[i].TownOnly)
		}
	}
}
