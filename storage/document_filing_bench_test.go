package storage_test

import (
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/storage"
)

// BenchmarkFileDocuments files a reply's documents as processing does, in
// one transaction: an attachment sent again (the claim has it), a new
// attachment and the message itself. Half of a backfill's attachments are
// sent again. Each reply's own files have names of their own: the cost of
// many files of one name is not what is measured here.
//
// In a new claim, and in one that has grown to thousands of documents
// since the connection made its plan, as a backfill's claims grow long
// before Postgres analyzes the tables: what the plan reads of the claim
// shows there.
func BenchmarkFileDocuments(b *testing.B) {
	b.Run("NewClaim", func(b *testing.B) { benchmarkFileDocuments(b, 0) })
	b.Run("ClaimOf5000Documents", func(b *testing.B) { benchmarkFileDocuments(b, 5000) })
}

// benchmarkFileDocuments files replies into a claim that gains more
// documents once the connection has settled on its plan.
func benchmarkFileDocuments(b *testing.B, more int) {
	ctx := b.Context()
	d := setupDocs(b)
	first := d.message(b)
	if _, _, err := fileAll(b, d, first, []storage.NewDocument{d.newDocument(first, sha("form", 0), "Authorization.pdf")}); err != nil {
		b.Fatal(err)
	}
	pool := storage.PoolOf(d.db)
	for i := range 10 { // long enough for Postgres to settle on one plan for the connection
		m := d.message(b)
		if _, _, err := fileAll(b, d, m, []storage.NewDocument{d.newDocument(m, sha("settle", i), fmt.Sprintf("Note %d.pdf", i))}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := pool.Exec(ctx, `
		INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
		SELECT $1, encode(sha256(i::text::bytea), 'hex'), 1, 'x.pdf', 'other', 'Other', 'bulk/' || i, now(), 1
		FROM generate_series(1, $2::int) AS i`, d.claimA, more); err != nil {
		b.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS pg_stat_statements`); err != nil {
		b.Skipf("no pg_stat_statements: %v", err)
	}
	var calls int64
	var execMs float64
	n := 0
	for b.Loop() {
		b.StopTimer()
		n++
		m := d.message(b)
		parts := []storage.MessagePart{
			{Path: "2", ContentType: "application/pdf", Filename: "Authorization.pdf", IsAttachment: true, SHA256: sha("form", 0), Size: 3},
			{Path: "3", ContentType: "application/pdf", Filename: fmt.Sprintf("Estimate %d.pdf", n), IsAttachment: true, SHA256: sha("estimate", n), Size: 3},
		}
		if err := d.db.SaveParsed(ctx, m, storage.ParsedMessage{Parts: parts}); err != nil {
			b.Fatal(err)
		}
		rows, err := storage.PoolOf(d.db).Query(ctx, `SELECT id FROM message_parts WHERE message_id = $1 ORDER BY id`, m)
		if err != nil {
			b.Fatal(err)
		}
		partIDs, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			b.Fatal(err)
		}
		ds := []storage.NewDocument{
			d.newDocument(m, parts[0].SHA256, parts[0].Filename),
			d.newDocument(m, parts[1].SHA256, parts[1].Filename),
			d.newDocument(m, sha("raw", n), fmt.Sprintf("RE_ Estimate %d.eml", n)),
		}
		ds[0].PartID, ds[1].PartID = partIDs[0], partIDs[1]
		ds[2].DocType, ds[2].Folder = storage.DocTypeCorrespondence, storage.FolderCorrespondence
		c0, ms0 := statementStats(b, pool)
		b.StartTimer()
		if created, linked, err := fileAll(b, d, m, ds); err != nil || created != 2 || linked != 1 {
			b.Fatalf("created %d and linked %d (%v), want 2 and 1", created, linked, err)
		}
		b.StopTimer()
		c1, ms1 := statementStats(b, pool)
		calls, execMs = calls+c1-c0, execMs+ms1-ms0
		b.StartTimer()
	}
	b.ReportMetric(float64(calls)/float64(n), "statements/op")
	b.ReportMetric(execMs/float64(n), "pg-ms/op")
}

// statementStats is the top-level statements run in the database so far
// (their calls, and their execution time in ms), by pg_stat_statements.
func statementStats(b *testing.B, pool *pgxpool.Pool) (calls int64, ms float64) {
	b.Helper()
	err := pool.QueryRow(b.Context(), `SELECT coalesce(sum(calls), 0)::bigint, coalesce(sum(total_exec_time), 0) FROM pg_stat_statements
		WHERE toplevel AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
		  AND query NOT LIKE '%pg_stat_statements%'`).Scan(&calls, &ms)
	if err != nil {
		b.Fatal(err)
	}
	return calls, ms
}

// fileAll files ds in one transaction and counts the documents created
// and linked.
func fileAll(b *testing.B, d *docsBundle, m int64, ds []storage.NewDocument) (created, linked int, err error) {
	err = d.db.InTx(b.Context(), func(tx pgx.Tx) error {
		got, err := storage.FileDocuments(b.Context(), tx, ds, d.loc)
		for _, f := range got {
			if f.Created {
				created++
			} else {
				linked++
			}
		}
		return err
	})
	return created, linked, err
}
