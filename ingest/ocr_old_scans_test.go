package ingest

import (
	"context"
	"io"
	"log/slog"
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

// TestOldScansAreRead processes three typed contracts with a scanned page,
// and a typed PDF with a blank back page, as before OCR read such pages:
// their text layers alone are kept, unlooked at; two messages are filed
// by the claim number in their subject, the third, whose number is on its
// scanned page alone, goes to triage. The old-scans job queues the
// contracts' reading no more than its bound at a time, the OCR queue reads
// them, each contract is then found by a word of its scanned page, and the
// third message is filed by the number read. The typed PDF is never given
// to OCR, and a look after all is done queues nothing: no file is read
// twice.
func TestOldScansAreRead(t *testing.T) {
	t.Parallel()
	if !ocr.Available(ocr.PDF) {
		t.Skip("tesseract not installed: scripts/test installs it")
	}
	ctx := t.Context()
	db, dsn := openDB(t)
	sql := testenv.SQL(t, dsn)
	if _, err := sql.Exec(ctx, `INSERT INTO claims (job_number, claim_number, job_number_norm, claim_number_norm, office_id) VALUES ('26-1001-WTR', 'LA920-967489-27', '261001WTR', 'LA92096748927', 1)`); err != nil {
		t.Fatal(err)
	}
	blobs := localBlobs(t)
	typed := ocrtest.PDF([]ocrtest.Page{{Text: []string{"SCOPE OF WORK", "Extract water, set drying equipment."}}, {}}, 1275, 1650)
	first := storeRawMessageUID(t, db, blobs, pdfMailAbout("old-1", "Claim # LA920-967489-27 contract",
		map[string][]byte{"contract.pdf": mixedContract(t, "AUTHORIZATION TO PERFORM SERVICES", "Dale Hooper"), "typed.pdf": typed}), 1)
	second := storeRawMessageUID(t, db, blobs, pdfMailAbout("old-2", "Claim # LA920-967489-27 contract",
		map[string][]byte{"contract.pdf": mixedContract(t, "WORK AUTHORIZATION AND DIRECTION TO PAY", "Rosa Whitfield")}), 2)
	third := storeRawMessageUID(t, db, blobs, pdfMailAbout("old-3", "paperwork",
		map[string][]byte{"contract.pdf": mixedContract(t, "CERTIFICATE OF COMPLETION", "Ana Ortiz")}), 3)
	fileWithoutOCR(t, db, sql, blobs, first, second, third)
	if m, err := db.GetMessage(ctx, third); err != nil || m.Status != storage.StatusTriage {
		t.Fatalf("message with its number on a scanned page alone is %s (%v) before the reading, want triage", m.Status, err)
	}

	// A few at a time: with room for one file on the OCR queue, one look
	// queues one reading, and another look while it waits queues none.
	look := NewOldScansWorker(db, blobs, t.TempDir(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	look.queued = 1
	workers := river.NewWorkers()
	river.AddWorker(workers, look)
	river.AddWorker(workers, NewOCRWorker(db, blobs, t.TempDir(), nil)) // known to the queue, which works no OCR here
	rc, done := testQueue(t, db, workers, map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 1}})
	if err := rc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		lookOnce(t, rc, done)
		if n := ocrJobs(t, sql); n != 1 {
			t.Fatalf("%d files queued for OCR with room for one, want 1", n)
		}
	}
	stopCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := rc.Stop(stopCtx); err != nil {
		t.Fatal(err)
	}

	jobs := startOldScansPipeline(t, db, blobs)
	lookOnce(t, jobs.rc, jobs.done)
	jobs.run(t, db, sql, 30, first, second, third)
	checkMixedPDFDocument(t, db, first, "first contract", "Hooper")
	checkMixedPDFDocument(t, db, second, "second contract", "Whitfield")
	checkMixedPDFDocument(t, db, third, "contract in triage", "Ortiz")
	var source string
	var checked bool
	if err := sql.QueryRow(ctx, `SELECT source, scan_pages_checked FROM file_texts WHERE content LIKE '%SCOPE OF WORK%'`).Scan(&source, &checked); err != nil {
		t.Fatal(err)
	}
	if source != storage.TextSourcePDF || !checked {
		t.Errorf("typed PDF's text is %q, checked %v: want its text layer, checked", source, checked)
	}
	lookOnce(t, jobs.rc, jobs.done)
	if n := ocrJobs(t, sql); n != 3 {
		t.Errorf("%d OCR jobs for three contracts, want one each", n)
	}
}

// fileWithoutOCR processes messages with a processor outside the job queue,
// which queues no OCR, and leaves their texts kept unlooked at, as texts
// kept before the look for scanned pages are.
func fileWithoutOCR(t *testing.T, db *storage.DB, sql *pgxpool.Pool, blobs blob.Store, ids ...int64) {
	t.Helper()
	ctx := t.Context()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	inserter, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	filer := NewFiler(db, blobs, NewQueue(inserter), time.UTC, log)
	p := NewProcessor(db, blobs, ProcessorConfig{TempDir: t.TempDir(), Filer: filer}, log)
	for _, id := range ids {
		if err := p.Process(ctx, id); err != nil {
			t.Fatal(err)
		}
		if m, err := db.GetMessage(ctx, id); err != nil || (m.Status != storage.StatusFiled && m.Status != storage.StatusTriage) {
			t.Fatalf("message %d is %s (%v), want filed or in triage", id, m.Status, err)
		}
	}
	if _, err := sql.Exec(ctx, `UPDATE file_texts SET scan_pages_checked = false`); err != nil {
		t.Fatal(err)
	}
}

// startOldScansPipeline is startPipeline with the old-scans worker.
func startOldScansPipeline(t *testing.T, db *storage.DB, blobs blob.Store) pipeline {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	inserter, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, NewProcessor(db, blobs, ProcessorConfig{TempDir: t.TempDir(), Filer: NewFiler(db, blobs, NewQueue(inserter), time.UTC, log)}, log))
	river.AddWorker(workers, NewOCRWorker(db, blobs, t.TempDir(), log))
	river.AddWorker(workers, NewStampWorker(db, blobs, StampConfig{Location: time.UTC, TempDir: t.TempDir()}, log))
	river.AddWorker(workers, NewPublishWorker(db, blobs))
	river.AddWorker(workers, NewOldScansWorker(db, blobs, t.TempDir(), log))
	rc, done := testQueue(t, db, workers, map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 1}, OCRQueue: {MaxWorkers: 1}, StampQueue: {MaxWorkers: 1}})
	if err := rc.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	return pipeline{rc: rc, done: done}
}

// lookOnce runs one look for old scans and waits for its end.
func lookOnce(t *testing.T, rc *river.Client[pgx.Tx], done <-chan *river.Event) {
	t.Helper()
	res, err := rc.Insert(t.Context(), OldScansArgs{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.After(time.Minute)
	for {
		select {
		case ev := <-done:
			if ev.Job.ID != res.Job.ID {
				continue
			}
			if ev.Kind != river.EventKindJobCompleted {
				t.Fatalf("look for old scans: %s: %v", ev.Kind, ev.Job.Errors)
			}
			return
		case <-deadline:
			t.Fatal("look for old scans still running after a minute")
		}
	}
}

// ocrJobs counts the OCR jobs ever queued.
func ocrJobs(t *testing.T, sql *pgxpool.Pool) int {
	t.Helper()
	var n int
	if err := sql.QueryRow(t.Context(), `SELECT count(*) FROM river_job WHERE kind = 'ocr_file'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
