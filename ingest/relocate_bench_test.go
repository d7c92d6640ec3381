package ingest

import (
	"bytes"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// BenchmarkRelocateBrowseKeys measures moving claim folders from before
// offices into the office's folder: relocateDocs documents of relocateSize
// bytes each, copied, read back, recorded and deleted at the old key. It
// reports the documents moved per second and the time per document.
func BenchmarkRelocateBrowseKeys(b *testing.B) {
	const relocateDocs, relocateSize = 500, 64 << 10
	stores := map[string]func(tb testing.TB) blob.Store{
		"local": func(tb testing.TB) blob.Store {
			s, err := blob.Open(tb.Context(), "file://"+tb.TempDir())
			if err != nil {
				tb.Fatal(err)
			}
			return s
		},
		"s3": func(tb testing.TB) blob.Store {
			s, err := blob.Open(tb.Context(), testenv.S3(tb).URL)
			if err != nil {
				tb.Fatal(err)
			}
			return s
		},
	}
	for _, name := range []string{"local", "s3"} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db, blobs := seedRelocation(b, stores[name](b), relocateDocs, relocateSize)
				b.StartTimer()
				start := time.Now()
				res, err := RelocateBrowseKeys(b.Context(), db, blobs, slog.New(slog.DiscardHandler))
				elapsed := time.Since(start)
				if err != nil || res.Moved != relocateDocs {
					b.Fatalf("moved %+v: %v", res, err)
				}
				b.ReportMetric(float64(relocateDocs)/elapsed.Seconds(), "docs/s")
				b.ReportMetric(float64(elapsed.Microseconds())/1000/relocateDocs, "ms/doc")
			}
		})
	}
}

// seedRelocation makes a database of n documents of size bytes each in one
// claim, published at their browse keys of before offices.
func seedRelocation(b *testing.B, blobs blob.Store, n, size int) (*storage.DB, blob.Store) {
	b.Helper()
	ctx := b.Context()
	dsn := testenv.Postgres(b)
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(db.Close)
	sql := testenv.SQL(b, dsn)
	var claim int64
	if err := sql.QueryRow(ctx, `INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR', 1) RETURNING id`).Scan(&claim); err != nil {
		b.Fatal(err)
	}
	content := bytes.Repeat([]byte("photo bytes "), size/12+1)[:size]
	for i := range n {
		content[0], content[1] = byte(i), byte(i>>8) // a file of its own each
		sum := hexSum(content)
		key := fmt.Sprintf("claims/26-1001-WTR/Photos/2026-03-02_IMG_%d.jpg", i)
		if err := blobs.Put(ctx, blob.ContentKey(sum), bytes.NewReader(content), int64(size)); err != nil {
			b.Fatal(err)
		}
		if err := blobs.Copy(ctx, blob.ContentKey(sum), key); err != nil {
			b.Fatal(err)
		}
		if _, err := sql.Exec(ctx, `
			INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
			VALUES ($1, $2, $3, 'IMG.jpg', 'photo', 'Photos', $4, now(), 1)`, claim, sum, size, key); err != nil {
			b.Fatal(err)
		}
	}
	return db, blobs
}
