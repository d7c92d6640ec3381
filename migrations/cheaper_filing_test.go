package migrations_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/claimdesk/claimdesk/migrations"
)

// Migration 46 lets the names of a claim's folder that start with a prefix,
// and the retired ones, be read as a range of an index, even in a plan
// made before the prefix is known.
func TestBrowseKeyPrefixMigrationReadsARange(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDBAt(t, 45)
	// A claim's folder of 500 names, 50 to a day, and as many retired.
	if _, err := db.ExecContext(ctx, `
		INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR', 1);
		INSERT INTO documents (claim_id, office_id, sha256, size, filename, doc_type, folder, browse_key, received_at)
		SELECT (SELECT id FROM claims), 1, md5(n::text) || md5(n::text), 1, 'COS.pdf', 'cos', 'Contracts',
		       format('offices/main/claims/26-1001-WTR/Contracts/2026-11-%s_COS_%s.pdf', 10 + n / 50, n), now()
		FROM generate_series(1, 500) AS n;
		INSERT INTO retired_browse_keys (key) SELECT browse_key || '.old' FROM documents;
		ANALYZE documents, retired_browse_keys`); err != nil {
		t.Fatal(err)
	}
	queries := map[string]string{
		"documents": `SELECT browse_key FROM documents WHERE claim_id = $1
			AND browse_key COLLATE "C" >= $2 AND browse_key COLLATE "C" < ($2 || chr(1114111))`,
		"retired_browse_keys": `SELECT key FROM retired_browse_keys
			WHERE key COLLATE "C" >= $1 AND key COLLATE "C" < ($1 || chr(1114111))`,
	}
	for table, q := range queries {
		if plan := genericPlan(t, db, q); strings.Contains(plan, "_prefix_idx") || strings.Contains(plan, "_browse_key_idx") {
			t.Errorf("%s before migration 46: %s", table, plan)
		}
	}
	if _, err := migrations.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
	for table, q := range queries {
		plan := genericPlan(t, db, q)
		if !strings.Contains(plan, "_prefix_idx") && !strings.Contains(plan, "documents_claim_browse_key_idx") {
			t.Errorf("%s after migration 46 reads no prefix index: %s", table, plan)
		}
		if !strings.Contains(plan, "Index Cond") || !strings.Contains(plan, ">= $") {
			t.Errorf("%s after migration 46 reads no range: %s", table, plan)
		}
	}
}

// genericPlan explains q as a plan made without its parameters' values.
func genericPlan(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, set := range []string{`SET plan_cache_mode = force_generic_plan`} {
		if _, err := conn.ExecContext(ctx, set); err != nil {
			t.Fatal(err)
		}
	}
	defer conn.ExecContext(ctx, `RESET ALL`)
	if _, err := conn.ExecContext(ctx, `PREPARE prefix_plan AS `+q); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, `DEALLOCATE prefix_plan`)
	args := "('offices/main/claims/26-1001-WTR/Contracts/2026-11-12_COS')"
	if strings.Contains(q, "$2") {
		args = "(1, 'offices/main/claims/26-1001-WTR/Contracts/2026-11-12_COS')"
	}
	rows, err := conn.QueryContext(ctx, `EXPLAIN EXECUTE prefix_plan`+args)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, strings.TrimSpace(line))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "; ")
}

// Migration 46 checks a document's and a request's claim and office once,
// by the claim in that office, and still refuses a claim or an office that
// does not hold.
func TestCheaperFilingMigrationChecksTheClaimOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDBAt(t, 45)
	if _, err := migrations.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `
		INSERT INTO offices (id, slug, name) OVERRIDING SYSTEM VALUE VALUES (2, 'north', 'North');
		INSERT INTO mailboxes (account, folder, role, office_id) VALUES ('claims@office.example', 'INBOX', 'inbox', 1);
		INSERT INTO claims (id, job_number, office_id) OVERRIDING SYSTEM VALUE VALUES (7, '26-1001-WTR', 1);
		INSERT INTO messages (id, mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, office_id) OVERRIDING SYSTEM VALUE
		VALUES (9, (SELECT id FROM mailboxes), 1, 1, 'in', repeat('a', 64), 10, 1)`); err != nil {
		t.Fatal(err)
	}
	document := `INSERT INTO documents (claim_id, office_id, sha256, size, filename, doc_type, folder, browse_key, received_at)
		VALUES ($1, $2, repeat('b', 64), 1, 'COS.pdf', 'cos', 'Contracts', 'offices/main/claims/26-1001-WTR/Contracts/COS.pdf', now())`
	request := `INSERT INTO requests (claim_id, office_id, message_id, from_addr, text, asked_at) VALUES ($1, $2, 9, 'a@b.example', 'COS?', now())`
	for _, c := range []struct {
		what, insert    string
		claim, office   int64
		wantForeignKeys bool
	}{
		{"document of a missing claim", document, 8, 1, true},
		{"document in another office than its claim", document, 7, 2, true},
		{"document in a missing office", document, 7, 3, true},
		{"request of a missing claim", request, 8, 1, true},
		{"request in another office than its claim", request, 7, 2, true},
		{"document", document, 7, 1, false},
		{"request", request, 7, 1, false},
	} {
		_, err := db.ExecContext(ctx, c.insert, c.claim, c.office)
		var pgErr *pgconn.PgError
		if refused := errors.As(err, &pgErr) && pgErr.Code == "23503"; refused != c.wantForeignKeys || (!refused && err != nil) {
			t.Errorf("%s: %v", c.what, err)
		}
	}
	var checks int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM pg_constraint
		WHERE contype = 'f' AND conrelid IN ('documents'::regclass, 'requests'::regclass)
		  AND confrelid IN ('claims'::regclass, 'offices'::regclass)`).Scan(&checks); err != nil {
		t.Fatal(err)
	}
	if checks != 2 {
		t.Errorf("documents and requests have %d foreign keys to claims and offices, want one each", checks)
	}
}
