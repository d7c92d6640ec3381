package storage_test

import (
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/storage"
)

// Filing keeps the plan its connection made while the claim's documents
// were few, as in a backfill, where Postgres analyzes the tables only
// after many filings. Once the claim has thousands of documents, and the
// office thousands of claims, most with a copy of one file, a filing
// still seeks the file by its claim and checksum, reads only the names
// that start as its own, and looks its claim up by its key.
func TestFilingKeepsToItsIndexesAsTheClaimGrows(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	conn := acquireConn(t, storage.PoolOf(b.db))
	for i := range 10 { // long enough for Postgres to settle on one plan for the connection
		fileOn(t, conn, b, b.newDocument(b.message(t), sha("cos", i), "COS.pdf"), true)
	}
	if _, err := conn.Exec(ctx, `
		WITH docs AS (
			INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
			SELECT $1, encode(sha256(i::text::bytea), 'hex'), 1, 'x.pdf', 'other', 'Other', 'bulk/' || i, now(), 1
			FROM generate_series(1, 5000) AS i)
		INSERT INTO claims (job_number, office_id) SELECT '27-' || i || '-WTR', 1 FROM generate_series(1, 5000) AS i`, b.claimA); err != nil {
		t.Fatal(err)
	}
	// A file every claim has: the office's certificate of insurance.
	if _, err := conn.Exec(ctx, `
		INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
		SELECT id, $1, 1, 'COI.pdf', 'other', 'Other', 'coi/' || id, now(), 1 FROM claims WHERE id <> $2`,
		sha("coi", 1), b.claimA); err != nil {
		t.Fatal(err)
	}
	shared := fileOn(t, conn, b, b.newDocument(b.message(t), sha("coi", 1), "COI.pdf"), false)
	free := fileOn(t, conn, b, b.newDocument(b.message(t), sha("estimate", 1), "Estimate.pdf"), false)
	taken := fileOn(t, conn, b, b.newDocument(b.message(t), sha("cos", 10), "COS.pdf"), false)
	if taken.claimScans != 0 || free.claimScans != 0 || shared.claimScans != 0 {
		t.Errorf("filing read the whole claims table %d, %d and %d times", free.claimScans, taken.claimScans, shared.claimScans)
	}
	// The file is sought by the claim and its checksum, not among the
	// claim's thousands of documents nor the thousands of claims' copies
	// of it, and a taken name among the eleven of its prefix.
	if free.entries > 100 || taken.entries > 100 || shared.entries > 100 {
		t.Errorf("filing read %d index entries of documents at a free name, %d at a taken one, %d for a file other claims have",
			free.entries, taken.entries, shared.entries)
	}
}

// filingReads is what filing one document read: the entries of documents'
// indexes, and the whole-table reads of claims.
type filingReads struct{ entries, claimScans int64 }

// fileOn files d on conn, in a transaction it commits when keep is set
// and else rolls back, and counts what the filing read.
func fileOn(t *testing.T, conn *pgxpool.Conn, b *docsBundle, d storage.NewDocument, keep bool) filingReads {
	t.Helper()
	ctx := t.Context()
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	before := readsSoFar(t, tx)
	got, err := storage.FileDocuments(ctx, tx, []storage.NewDocument{d}, b.loc)
	if err != nil || !got[0].Created {
		t.Fatalf("file %s: %v, %+v", d.Filename, err, got)
	}
	after := readsSoFar(t, tx)
	if keep {
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	return filingReads{after.entries - before.entries, after.claimScans - before.claimScans}
}

// readsSoFar is what the connection of tx has read and not yet reported
// to the statistics Postgres keeps for all.
func readsSoFar(t *testing.T, tx pgx.Tx) filingReads {
	t.Helper()
	var r filingReads
	err := tx.QueryRow(t.Context(), `SELECT
		(SELECT sum(pg_stat_get_xact_tuples_returned(indexrelid))::bigint FROM pg_index WHERE indrelid = 'documents'::regclass),
		pg_stat_get_xact_numscans('claims'::regclass)`).Scan(&r.entries, &r.claimScans)
	if err != nil {
		t.Fatalf("read statistics: %v", err)
	}
	return r
}
