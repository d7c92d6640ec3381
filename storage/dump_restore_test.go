package storage_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/claimdesk/claimdesk/internal/pgcluster"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// TestDumpRestores backs a database up as README says (pg_dump, custom
// format) and restores it into an empty one: nothing fails, and what the
// database computes from a claim and a document (their search words) reads
// the same. A restore runs with an empty search_path, so a stored
// expression that calls a function by a name the path must find breaks it.
func TestDumpRestores(t *testing.T) {
	t.Parallel()
	pgDump, pgRestore := pgTool(t, "pg_dump"), pgTool(t, "pg_restore")
	ctx := context.Background()
	dsn := testenv.Postgres(t)
	sql := testenv.SQL(t, dsn)
	// A file name and a text with a number's dashes and with accents: their
	// words are numbers without dashes and words folded.
	if _, err := sql.Exec(ctx, `INSERT INTO claims (job_number, job_number_norm, insured_name, loss_address, office_id)
		VALUES ('26-2109-WTR', '262109WTR', 'Luis Peña', '17 Maple Ave', 1);
		INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
		VALUES (1, repeat('a', 64), 1, 'Estimación Peña 26-2109-WTR.pdf', 'estimate', 'Estimates', 'k1', now(), 1);
		INSERT INTO file_texts (sha256, content) VALUES (repeat('a', 64), 'Reparación del baño, job 26-2109-WTR')`); err != nil {
		t.Fatal(err)
	}
	dump := filepath.Join(t.TempDir(), "claimdesk.dump")
	if out, err := exec.Command(pgDump, "--format=custom", "--file="+dump, "--dbname="+dsn).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	cfg, err := pgconn.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	restored := cfg.Database + "_restored"
	if _, err := sql.Exec(ctx, `CREATE DATABASE `+restored); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = sql.Exec(context.Background(), `DROP DATABASE `+restored+` WITH (FORCE)`) })
	target := strings.Replace(dsn, "dbname="+cfg.Database, "dbname="+restored, 1)
	if out, err := exec.Command(pgRestore, "--exit-on-error", "--no-owner", "--dbname="+target, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	db, err := storage.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hits, _, err := db.Search(ctx, storage.SearchQuery{Text: "Pena Maple", Limit: 5, Offices: storage.AllOffices})
	if err != nil || len(hits) != 1 || hits[0].Kind != storage.SearchKindClaim {
		t.Errorf("search of the restored database: %+v, %v; want the claim", hits, err)
	}
	for _, q := range []string{"estimacion pena 262109WTR", "reparacion bano 262109WTR"} {
		hits, _, err = db.Search(ctx, storage.SearchQuery{Text: q, Limit: 5, Offices: storage.AllOffices})
		if err != nil || len(hits) != 2 || hits[1].Kind != storage.SearchKindDocument {
			t.Errorf("search of the restored database for %q: %+v, %v; want the claim (by its number), then the document", q, hits, err)
		}
	}
}

// pgTool finds one of PostgreSQL's programs: beside the server's, or on
// the PATH.
func pgTool(t *testing.T, name string) string {
	t.Helper()
	if bin, err := pgcluster.BinDir(); err == nil {
		if p, err := exec.LookPath(filepath.Join(bin, name)); err == nil {
			return p
		}
	}
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return p
}
