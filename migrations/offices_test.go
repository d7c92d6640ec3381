package migrations_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/claimdesk/claimdesk/migrations"
)

// beforeOffices is the last migration of one-office databases.
const beforeOffices = 27

// officeTables are the tables whose rows belong to an office of their own
// (a day's morning digest is one office's, a word a search may find
// spelt otherwise is one office's claims').
var officeTables = []string{"claim_alert_firsts", "claim_alerts", "claim_billing", "claim_starts", "claim_words", "claims", "digests", "documents", "equipment", "mailboxes",
	"messages", "outbox", "people", "reply_templates", "requests"}

// tableNames returns the tables of ours.
func tableNames(t *testing.T, ctx context.Context, db *sql.DB) []string {
	t.Helper()
	rows, err := db.QueryContext(ctx, `
		SELECT tablename FROM pg_tables
		WHERE schemaname = 'public' AND tablename NOT LIKE 'river\_%' AND tablename NOT IN ('goose_db_version', 'offices', 'user_offices')
		ORDER BY tablename`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return tables
}

// tableColumns returns the columns of table.
func tableColumns(t *testing.T, ctx context.Context, db *sql.DB, table string) []string {
	t.Helper()
	var cols string
	if err := db.QueryRowContext(ctx, `SELECT coalesce(string_agg(column_name, ',' ORDER BY column_name), '')
		FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`, table).Scan(&cols); err != nil {
		t.Fatal(err)
	}
	return strings.Split(cols, ",")
}

// textArray is names (column names: no commas, quotes or braces) as a
// Postgres text array literal.
func textArray(ss []string) string {
	return "{" + strings.Join(ss, ",") + "}"
}

// tableSums returns, per table, its row count and a checksum of its rows
// without office_id and without the columns of columns, when given, it
// did not have then: those later migrations add.
func tableSums(t *testing.T, ctx context.Context, db *sql.DB, tables []string, columns map[string][]string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	for _, table := range tables {
		var n int
		var sum string
		var added []string
		if columns != nil {
			for _, c := range tableColumns(t, ctx, db, table) {
				if !slices.Contains(columns[table], c) {
					added = append(added, c)
				}
			}
		}
		// Table names come from the catalog, not from input.
		err := db.QueryRowContext(ctx, `
			SELECT count(*), coalesce(md5(string_agg(r, E'\n' ORDER BY r)), '')
			FROM (SELECT (to_jsonb(t) - 'office_id' - $1::text[])::text AS r FROM `+table+` t) rows`, textArray(added)).Scan(&n, &sum)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		if n == 0 {
			t.Errorf("table %s has no rows to carry over: the fixture must fill every table", table)
		}
		sums[table] = sum
	}
	return sums
}

// TestOfficesMigrationKeepsAOneOfficeDatabase loads a one-office database
// with rows in every table at the migration before offices, migrates up,
// and finds every row in the default office and nothing else changed.
func TestOfficesMigrationKeepsAOneOfficeDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDBAt(t, beforeOffices)
	fixture, err := os.ReadFile("testdata/one_office.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, string(fixture)); err != nil {
		t.Fatalf("load the one-office database: %v", err)
	}
	// Tables later migrations add start empty: the ones there were before
	// are compared.
	tables := tableNames(t, ctx, db)
	before := tableSums(t, ctx, db, tables, nil)
	columns := map[string][]string{}
	for _, table := range tables {
		columns[table] = tableColumns(t, ctx, db, table)
	}
	if _, err := migrations.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
	after := tableSums(t, ctx, db, tables, columns)
	for _, table := range slices.Sorted(maps.Keys(before)) {
		if before[table] != after[table] {
			t.Errorf("table %s changed beyond office_id", table)
		}
	}

	var offices, slug, configured string
	if err := db.QueryRowContext(ctx, `
		SELECT (SELECT count(*) FROM offices), slug, coalesce(configured_at::text, 'never') FROM offices WHERE id = 1`).Scan(&offices, &slug, &configured); err != nil {
		t.Fatal(err)
	}
	if offices != "1" || slug != "main" || configured != "never" {
		t.Errorf("default office: %s office(s), slug %s, configured %s; want one, main, never", offices, slug, configured)
	}
	var withOffice []string
	rows, err := db.QueryContext(ctx, `
		SELECT table_name FROM information_schema.columns
		WHERE table_schema = 'public' AND column_name = 'office_id' AND table_name <> 'user_offices' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		withOffice = append(withOffice, name)
	}
	if !slices.Equal(withOffice, officeTables) {
		t.Errorf("tables with office_id: %v, want %v", withOffice, officeTables)
	}
	for _, table := range officeTables {
		var elsewhere int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE office_id <> 1`).Scan(&elsewhere); err != nil {
			t.Fatal(err)
		}
		if elsewhere != 0 {
			t.Errorf("%s: %d rows outside the default office", table, elsewhere)
		}
	}
	// Every user keeps their role, disabled ones too.
	var wrongRole int
	if err := db.QueryRowContext(ctx, `
		SELECT count(*) FROM users u LEFT JOIN user_offices uo ON uo.user_id = u.id AND uo.office_id = 1
		WHERE uo.role IS DISTINCT FROM CASE WHEN u.is_admin THEN 'administrator' ELSE 'coordinator' END
		   OR (SELECT count(*) FROM user_offices WHERE user_id = u.id) <> 1`).Scan(&wrongRole); err != nil {
		t.Fatal(err)
	}
	if wrongRole != 0 {
		t.Errorf("%d users are not in the default office with their role", wrongRole)
	}
}

// TestOfficeKeys checks that job and claim numbers are unique per office,
// and that a row of a claim cannot be put in another office than its
// claim's, as a defaulted office_id would.
func TestOfficeKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t)
	mustExec := func(q string) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	wantCode := func(what, code, q string) {
		t.Helper()
		_, err := db.ExecContext(ctx, q)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != code {
			t.Errorf("%s: got %v, want SQLSTATE %s", what, err, code)
		}
	}
	mustExec(`INSERT INTO offices (slug, name) VALUES ('east', 'East')`)
	mustExec(`INSERT INTO claims (job_number, claim_number, claim_number_norm, office_id) VALUES ('26-1001-WTR', '60-8H77-8H5', '608H778H5', 1)`)
	mustExec(`INSERT INTO claims (office_id, job_number, claim_number, claim_number_norm)
	          VALUES ((SELECT id FROM offices WHERE slug = 'east'), '26-1001-WTR', '60-8H77-8H5', '608H778H5')`)
	wantCode("same job number twice in one office", "23505",
		`INSERT INTO claims (office_id, job_number) VALUES ((SELECT id FROM offices WHERE slug = 'east'), '26-1001-WTR')`)
	wantCode("same claim number twice in one office", "23505",
		`INSERT INTO claims (job_number, claim_number, claim_number_norm, office_id) VALUES ('26-1002-WTR', '60 8h77 8h5', '608H778H5', 1)`)
	// A document of east's claim in the default office: refused.
	wantCode("a document outside its claim's office", "23503", `
		INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
		VALUES ((SELECT id FROM claims WHERE office_id <> 1), repeat('a', 64), 1, 'a.pdf', 'cos', 'Contracts', 'k', now(), 1)`)
	// An insert that names no office fails rather than land in the
	// default one.
	for what, q := range map[string]string{
		"a mailbox": `INSERT INTO mailboxes (account, folder, role) VALUES ('claims@east.example', 'INBOX', 'inbox')`,
		"a claim":   `INSERT INTO claims (job_number) VALUES ('26-1003-WTR')`,
		"a message": `INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size)
			VALUES ((SELECT id FROM mailboxes LIMIT 1), 1, 1, 'in', repeat('b', 64), 1)`,
		"a document": `INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at)
			VALUES ((SELECT id FROM claims WHERE office_id = 1), repeat('c', 64), 1, 'a.pdf', 'cos', 'Contracts', 'k2', now())`,
		"a request": `INSERT INTO requests (claim_id, from_addr, asked_at)
			VALUES ((SELECT id FROM claims WHERE office_id = 1), 'adjuster@carrier.example', now())`,
		"equipment": `INSERT INTO equipment (claim_id, kind, count, placed_at)
			VALUES ((SELECT id FROM claims WHERE office_id = 1), 'dehumidifier', 1, now())`,
		"outbox mail": `INSERT INTO outbox (message_id, kind, account, from_address, recipients, subject, body, raw, raw_sha256)
			VALUES ('<x@east.example>', 'ack', 'claims@east.example', 'claims@east.example', '{a@b.example}', 's', 'b', 'raw', repeat('d', 64))`,
	} {
		wantCode(what+" naming no office", "23502", q)
	}
}

// An existing database's default office, filled from the configuration,
// follows it again after migration 34; an office a person added keeps its
// own settings.
func TestOfficeCalendarsMigrationLeavesTheDefaultOfficeAsConfigured(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDBAt(t, 33)
	if _, err := db.ExecContext(ctx, `
		UPDATE offices SET timezone = 'America/Chicago', configured_at = now() WHERE id = 1;
		INSERT INTO offices (slug, name, timezone, configured_at) VALUES ('east', 'East', 'America/New_York', now())`); err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
	rows, err := db.QueryContext(ctx, `SELECT slug, settings_set_at IS NULL FROM offices ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var slug string
		var asConfigured bool
		if err := rows.Scan(&slug, &asConfigured); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s:%v", slug, asConfigured))
	}
	if want := []string{"main:true", "east:false"}; !slices.Equal(got, want) {
		t.Errorf("offices following the configuration: %v, want %v", got, want)
	}
}
