package migrations_test

import (
	"context"
	"database/sql"
	"testing"
)

// dbStrings returns the one text column of query's rows, in order: what
// a migration left, as the tests compare it (queryStrings does so on a pgx connection).
func dbStrings(t *testing.T, db *sql.DB, query string) []string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}
