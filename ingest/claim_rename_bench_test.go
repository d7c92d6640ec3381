package ingest

import (
	"bytes"
	"fmt"
	"log/slog"
	"testing"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// BenchmarkRelocateRenamedClaim measures the relocation runs in a store of
// renameClaims claims of renameDocs documents each, all in their folders:
// "nothing" is the whole-store run every start makes when nothing is left
// to move, "claim" the run a job-number rename queues, which moves the
// renamed claim's renameDocs documents (the claim is renamed back and
// forth, so that every run moves them).
func BenchmarkRelocateRenamedClaim(b *testing.B) {
	const renameClaims, renameDocs, size = 2000, 50, 4 << 10
	ctx := b.Context()
	dsn := testenv.Postgres(b)
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(db.Close)
	sql := testenv.SQL(b, dsn)
	blobs, err := blob.Open(ctx, "file://"+b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	// Documents of the other claims never move: their bytes are not needed.
	if _, err := sql.Exec(ctx, `INSERT INTO claims (job_number, office_id) SELECT format('26-%s-WTR', 1000 + n), 1 FROM generate_series(1, $1) n`,
		renameClaims); err != nil {
		b.Fatal(err)
	}
	if _, err := sql.Exec(ctx, `
		INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
		SELECT c.id, md5(c.id || '/' || n) || md5(n || '/' || c.id), 1, 'IMG.jpg', 'photo', 'Photos',
		       format('offices/main/claims/%s/Photos/2026-03-02_IMG_%s.jpg', c.job_number, n), now(), c.office_id
		FROM claims c, generate_series(1, $1) n WHERE c.job_number <> '26-1001-WTR'`, renameDocs); err != nil {
		b.Fatal(err)
	}
	var claim int64
	if err := sql.QueryRow(ctx, `SELECT id FROM claims WHERE job_number = '26-1001-WTR'`).Scan(&claim); err != nil {
		b.Fatal(err)
	}
	content := bytes.Repeat([]byte("photo bytes "), size/12+1)[:size]
	for i := range renameDocs {
		content[0] = byte(i)
		sum := hexSum(content)
		key := fmt.Sprintf("offices/main/claims/26-1001-WTR/Photos/2026-03-02_IMG_%d.jpg", i)
		if err := blobs.Put(ctx, blob.ContentKey(sum), bytes.NewReader(content), size); err != nil {
			b.Fatal(err)
		}
		if err := blobs.Copy(ctx, blob.ContentKey(sum), key); err != nil {
			b.Fatal(err)
		}
		if _, err := sql.Exec(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
			VALUES ($1, $2, $3, 'IMG.jpg', 'photo', 'Photos', $4, now(), 1)`, claim, sum, size, key); err != nil {
			b.Fatal(err)
		}
	}
	for _, table := range []string{"claims", "documents"} {
		if _, err := sql.Exec(ctx, `ANALYZE `+table); err != nil {
			b.Fatal(err)
		}
	}
	log := slog.New(slog.DiscardHandler)
	b.Run("nothing", func(b *testing.B) {
		for b.Loop() {
			if res, err := RelocateBrowseKeys(ctx, db, blobs, log); err != nil || res.Moved != 0 {
				b.Fatalf("moved %+v: %v", res, err)
			}
		}
	})
	b.Run("claim", func(b *testing.B) {
		jobs := []string{"26-1001-MLD", "26-1001-WTR"}
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			if _, err := sql.Exec(ctx, `UPDATE claims SET job_number = $2 WHERE id = $1`, claim, jobs[i%2]); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if res, err := RelocateClaimBrowseKeys(ctx, db, blobs, claim, log); err != nil || res.Moved != renameDocs {
				b.Fatalf("moved %+v: %v", res, err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N)/renameDocs, "ms/doc")
	})
}
