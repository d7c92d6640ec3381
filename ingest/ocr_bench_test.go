package ingest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/ocr/ocrtest"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// Sizes of BenchmarkTextLatencyDuringOCR: text messages timed in each
// phase, and the batch of scans read during the second.
const (
	benchTextMessages = 20
	benchScans        = 6
	benchScanPages    = 2
)

// BenchmarkTextLatencyDuringOCR times text mail from arrival (its row
// committed and its processing queued, as the watcher leaves it) to filed,
// first with the OCR queue idle, then while a batch of image-only scans is
// being read, with the queues and worker counts of claimdesk serve's
// defaults. OCR has a queue of its own so that the second figure is the
// first: it reports both medians and 95th percentiles and their ratios
// (busy/quiet), and the pages per second the OCR worker read meanwhile.
func BenchmarkTextLatencyDuringOCR(b *testing.B) {
	if !ocr.Available(ocr.PDF) {
		b.Skip("tesseract not installed: scripts/test installs it")
	}
	ctx := context.Background()
	dsn := testenv.Postgres(b)
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(db.Close)
	sql := testenv.SQL(b, dsn)
	if _, err := sql.Exec(ctx, `INSERT INTO claims (job_number, claim_number, job_number_norm, claim_number_norm, office_id) VALUES ('26-1001-WTR', 'LA920-967489-27', '261001WTR', 'LA92096748927', 1)`); err != nil {
		b.Fatal(err)
	}
	blobs, err := blob.NewLocalStore(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	rc := benchOCRClient(b, db, blobs)
	events, unsubscribe := rc.SubscribeConfig(&river.SubscribeConfig{
		Kinds:    []river.EventKind{river.EventKindJobCompleted, river.EventKindJobFailed},
		ChanSize: 1024,
	})
	defer unsubscribe()
	if err := rc.Start(ctx); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = rc.Stop(ctx)
	})
	w := &jobWaiter{b: b, events: events}
	uid := uint32(0)
	var quiet, busy []time.Duration
	var pagesPerSec []float64
	for b.Loop() {
		quiet = append(quiet, w.textLatencies(rc, db, blobs, &uid, benchTextMessages)...)

		// The scans arrive first; once processed they wait for the OCR
		// worker, which reads them while the text mail comes. Each is a
		// different scan: the same one would be read once.
		start := time.Now()
		var scanJobs []int64
		for range benchScans {
			uid++
			id := storeRawMessageUID(b, db, blobs, benchScanMail(b, uid), uid)
			res, err := rc.Insert(ctx, ProcessArgs{MessageID: id}, nil)
			if err != nil {
				b.Fatal(err)
			}
			scanJobs = append(scanJobs, res.Job.ID)
		}
		for _, id := range scanJobs {
			w.wait(id)
		}
		busy = append(busy, w.textLatencies(rc, db, blobs, &uid, benchTextMessages)...)
		if left := w.ocrLeft(sql); left == 0 {
			b.Fatal("the scans were read before the text mail was timed: make the batch larger")
		}
		for w.ocrDone < benchScans {
			w.next()
		}
		pagesPerSec = append(pagesPerSec, float64(benchScans*benchScanPages)/time.Since(start).Seconds())
		w.ocrDone = 0
	}
	slices.Sort(quiet)
	slices.Sort(busy)
	q50, b50 := percentile(quiet, 0.5), percentile(busy, 0.5)
	q95, b95 := percentile(quiet, 0.95), percentile(busy, 0.95)
	b.ReportMetric(ms(q50), "quiet-p50-ms")
	b.ReportMetric(ms(b50), "busy-p50-ms")
	b.ReportMetric(float64(b50)/float64(q50), "p50-ratio")
	b.ReportMetric(ms(q95), "quiet-p95-ms")
	b.ReportMetric(ms(b95), "busy-p95-ms")
	b.ReportMetric(float64(b95)/float64(q95), "p95-ratio")
	b.ReportMetric(median(pagesPerSec), "ocr-pages/s")
}

// benchOCRClient is the job queue of claimdesk serve with its default
// worker counts: 4 processing, 2 stamping, 1 OCR.
func benchOCRClient(b *testing.B, db *storage.DB, blobs blob.Store) *river.Client[pgx.Tx] {
	b.Helper()
	log := benchLogger(b)
	inserter, err := storage.NewQueueClient(db, nil)
	if err != nil {
		b.Fatal(err)
	}
	tempDir := b.TempDir()
	workers := river.NewWorkers()
	river.AddWorker(workers, NewProcessor(db, blobs, ProcessorConfig{TempDir: tempDir, Filer: NewFiler(db, blobs, NewQueue(inserter), time.UTC, log)}, log))
	river.AddWorker(workers, NewOCRWorker(db, blobs, tempDir, log))
	river.AddWorker(workers, NewStampWorker(db, blobs, StampConfig{TempDir: tempDir}, log))
	river.AddWorker(workers, NewPublishWorker(db, blobs))
	rc, err := storage.NewQueueClient(db, &river.Config{
		Queues: map[string]river.QueueConfig{
			river.QueueDefault: {MaxWorkers: 4},
			StampQueue:         {MaxWorkers: 2},
			OCRQueue:           {MaxWorkers: 1},
		},
		Workers:       workers,
		Logger:        log,
		FetchCooldown: 10 * time.Millisecond,
	})
	if err != nil {
		b.Fatal(err)
	}
	return rc
}

// benchScanMail is message n, whose only evidence is on an image-only scan
// of benchScanPages pages of its own.
func benchScanMail(b *testing.B, n uint32) []byte {
	b.Helper()
	var pages [][]byte
	for i := range benchScanPages {
		pages = append(pages, scanPage(b, []string{fmt.Sprintf("DRYING LOG %d", n), fmt.Sprintf("Day %d", i+1), "Claim # LA920-967489-27", "Readings taken in the kitchen and hall."}))
	}
	return pdfMail(fmt.Sprintf("scan-%d", n), map[string][]byte{"scan0001.pdf": ocrtest.ImagePDF(pages, 1275, 1650)})
}

// jobWaiter follows the queue's completions, one event at a time.
type jobWaiter struct {
	b       *testing.B
	events  <-chan *river.Event
	done    map[int64]time.Time
	ocrDone int
}

// next takes one completion, noting when it came.
func (w *jobWaiter) next() {
	select {
	case ev := <-w.events:
		if ev.Kind == river.EventKindJobFailed {
			w.b.Fatalf("job %s failed: %v", ev.Job.Kind, ev.Job.Errors)
		}
		if w.done == nil {
			w.done = map[int64]time.Time{}
		}
		w.done[ev.Job.ID] = time.Now()
		if ev.Job.Kind == (OCRArgs{}).Kind() {
			w.ocrDone++
		}
	case <-time.After(5 * time.Minute):
		w.b.Fatal("no job finished in 5 minutes")
	}
}

// wait returns when job id completed.
func (w *jobWaiter) wait(id int64) time.Time {
	for {
		if at, ok := w.done[id]; ok {
			return at
		}
		w.next()
	}
}

// textLatencies stores n text messages one after another, each naming the
// claim in its subject, and returns how long each took to be filed.
func (w *jobWaiter) textLatencies(rc *river.Client[pgx.Tx], db *storage.DB, blobs blob.Store, uid *uint32, n int) []time.Duration {
	ctx := context.Background()
	var lat []time.Duration
	for range n {
		*uid++
		raw := fmt.Appendf(nil, "From: Adjuster <a@carrier.example>\r\nTo: claims@office.example\r\n"+
			"Subject: Claim LA920-967489-27 status\r\nMessage-ID: <text-%d@carrier.example>\r\n\r\nAny update?\r\n", *uid)
		start := time.Now()
		id := storeRawMessageUID(w.b, db, blobs, raw, *uid)
		res, err := rc.Insert(ctx, ProcessArgs{MessageID: id}, nil)
		if err != nil {
			w.b.Fatal(err)
		}
		lat = append(lat, w.wait(res.Job.ID).Sub(start))
		if m, err := db.GetMessage(ctx, id); err != nil || m.Status != storage.StatusFiled {
			w.b.Fatalf("text message %d: %+v (%v), want filed", id, m, err)
		}
	}
	return lat
}

// ocrLeft is how many OCR jobs are not finished.
func (w *jobWaiter) ocrLeft(sql *pgxpool.Pool) int {
	var n int
	if err := sql.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE queue = $1 AND state NOT IN ('completed', 'discarded', 'cancelled')`, OCRQueue).Scan(&n); err != nil {
		w.b.Fatal(err)
	}
	return n
}
