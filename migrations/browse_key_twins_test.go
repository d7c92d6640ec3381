package migrations_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/claimdesk/claimdesk/migrations"
)

// Migration 69 lets no two documents hold a browse key and its twin (the
// key with one ".pdf" added or taken off), on a database that holds such
// pairs already: each keeps its keys, and every other key, a new one
// included, is checked against them.
func TestBrowseKeyTwinsMigrationKeepsStoredPairs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDBAt(t, 68)
	const dir = "offices/main/claims/26-1001-WTR/Contracts/2026-11-09_"
	stored := []string{
		"scan", "scan.pdf", // a PDF without its extension beside one with it, filed before names were kept apart
		"ATP.jpg.pdf", "ATP.jpg", // a photo's stamped name mailed back, and the photo, filed at once
		"X.pdf", "X.pdf.pdf", // no twins: X.pdf's is X
		"Y.pdf",
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR', 1)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `
		INSERT INTO documents (claim_id, office_id, sha256, size, filename, doc_type, folder, browse_key, received_at)
		SELECT (SELECT id FROM claims), 1, md5(key) || md5(key), 1, 'f', 'atp', 'Contracts', $1 || key, now()
		FROM unnest($2::text[]) WITH ORDINALITY AS k(key, n) ORDER BY n`, dir, stored); err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
	var kept int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE browse_key = ANY(SELECT $1 || k FROM unnest($2::text[]) k)`,
		dir, stored).Scan(&kept); err != nil {
		t.Fatal(err)
	}
	if kept != len(stored) {
		t.Errorf("%d of the %d stored keys kept", kept, len(stored))
	}
	// The later of a pair leaving its key is held to the rule at its new
	// one, and so is a new document at its old one.
	if _, err := db.ExecContext(ctx, `UPDATE documents SET browse_key = $1 || 'moved.jpg' WHERE browse_key = $1 || 'scan.pdf'`,
		dir); err != nil {
		t.Fatal(err)
	}
	for key, twin := range map[string]bool{
		"Y": true, "X": true, "ATP.jpg.pdf.pdf": false, "moved.jpg.pdf": true,
		"scan.pdf": true,
	} {
		err := insertDocument(ctx, db, dir+key)
		if got := isUniqueViolation(err); got != twin || err != nil && !got {
			t.Errorf("a document at %s: %v, want a unique violation %v", key, err, twin)
		}
	}
	// Filing's insert names no index, and does nothing at a twin.
	res, err := db.ExecContext(ctx, `
		INSERT INTO documents (claim_id, office_id, sha256, size, filename, doc_type, folder, browse_key, received_at)
		VALUES ((SELECT id FROM claims), 1, md5('new') || md5('new'), 1, 'f', 'atp', 'Contracts', $1 || 'Y', now())
		ON CONFLICT DO NOTHING`, dir)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 0 {
		t.Errorf("a filing at Y inserted %d documents (%v), want none", n, err)
	}
}

// Migration 69 keeps every pair a database holds, however many: an office
// filed for years before names were kept apart. The later of each is
// marked in its own row, not listed in the index's definition, whose
// catalog row holds no more than about 8 kB.
func TestBrowseKeyTwinsMigrationKeepsManyStoredPairs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDBAt(t, 68)
	const dir, pairs = "offices/main/claims/26-1001-WTR/Contracts/2026-11-09_", 2000
	if _, err := db.ExecContext(ctx, `INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR', 1)`); err != nil {
		t.Fatal(err)
	}
	// Each pair a scan and scan.pdf of a name of its own, then one key
	// without its twin.
	if _, err := db.ExecContext(ctx, `
		INSERT INTO documents (claim_id, office_id, sha256, size, filename, doc_type, folder, browse_key, received_at)
		SELECT (SELECT id FROM claims), 1, md5(n::text) || md5(n::text), 1, 'f', 'atp', 'Contracts',
		       $1 || CASE WHEN n > 2 * $2 + 1 THEN 'single' ELSE 'scan ' || md5((n / 2)::text) || CASE WHEN n % 2 = 0 THEN '' ELSE '.pdf' END END,
		       now()
		FROM generate_series(2, 2 * $2 + 2) n ORDER BY n`, dir, pairs); err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.Up(ctx, db); err != nil {
		t.Fatalf("migrate a database holding %d pairs: %v", pairs, err)
	}
	var kept int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&kept); err != nil {
		t.Fatal(err)
	}
	if kept != 2*pairs+1 {
		t.Errorf("%d documents kept, want %d", kept, 2*pairs+1)
	}
	if err := insertDocument(ctx, db, dir+"single.pdf"); !isUniqueViolation(err) {
		t.Errorf("a document at the twin of a stored key: %v, want a unique violation", err)
	}
}

// insertDocument inserts a document at key into the claim, in a
// transaction rolled back.
func insertDocument(ctx context.Context, db *sql.DB, key string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `
		INSERT INTO documents (claim_id, office_id, sha256, size, filename, doc_type, folder, browse_key, received_at)
		VALUES ((SELECT id FROM claims), 1, md5($1) || md5('new'), 1, 'f', 'atp', 'Contracts', $1, now())`, key)
	return err
}

func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505"
}
