package migrations_test

import (
	"context"
	"slices"
	"testing"

	"github.com/claimdesk/claimdesk/migrations"
)

// Migration 98 keeps the words a search may find spelt otherwise per
// office: the words of stored claims go to their own office, a word two
// offices' claims hold to both.
func TestClaimWordsByOfficeMigrationSortsStoredWords(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDBAt(t, 94)
	if _, err := db.ExecContext(ctx, `
		INSERT INTO offices (id, slug, name) OVERRIDING SYSTEM VALUE VALUES (2, 'north', 'North');
		INSERT INTO claims (job_number, insured_name, office_id) VALUES ('26-1001-WTR', 'Erik Lindqvist', 1);
		INSERT INTO claims (job_number, insured_name, office_id) VALUES ('26-2001-WTR', 'Anna Lindqvist', 2);
		INSERT INTO claims (job_number, insured_name, office_id) VALUES ('26-2002-WTR', 'Piotr Kowalski', 2)`); err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
	rows, err := db.QueryContext(ctx, `SELECT office_id || ' ' || word FROM claim_words ORDER BY office_id, word`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var words []string
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			t.Fatal(err)
		}
		words = append(words, w)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{"1 erik", "1 lindqvist", "2 anna", "2 kowalski", "2 lindqvist", "2 piotr"}
	if !slices.Equal(words, want) {
		t.Errorf("claim words: %v, want %v", words, want)
	}
}
