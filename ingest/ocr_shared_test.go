package ingest

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// TestCopiesOfAPictureShareOneReading sends the same scan in three
// messages that all arrive before it is read: they wait for one OCR job,
// and its end files all three.
func TestCopiesOfAPictureShareOneReading(t *testing.T) {
	t.Parallel()
	if !ocr.Available(ocr.PDF) {
		t.Skip("tesseract not installed: scripts/test installs it")
	}
	ctx := t.Context()
	db, dsn := openDB(t)
	sql := testenv.SQL(t, dsn)
	if _, err := sql.Exec(ctx, `INSERT INTO claims (job_number, claim_number, job_number_norm, claim_number_norm) VALUES ('26-1001-WTR', 'LA920-967489-27', '261001WTR', 'LA92096748927')`); err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.Open(ctx, "file://"+t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	inserter, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, NewProcessor(db, blobs, ProcessorConfig{TempDir: t.TempDir(), Filer: NewFiler(db, blobs, NewQueue(inserter), time.UTC, log)}, log))
	river.AddWorker(workers, NewOCRWorker(db, blobs, t.TempDir(), log))
	rc, done := testQueue(t, db, workers, map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}, OCRQueue: {MaxWorkers: 2}})
	if err := rc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := rc.QueuePause(ctx, OCRQueue, nil); err != nil {
		t.Fatal(err)
	}
	scan := scanMail(t)
	var ids []int64
	for i := range 3 {
		raw := bytes.Replace(scan, []byte("<scan-1@"), fmt.Appendf(nil, "<scan-%d@", i+1), 1)
		id := storeRawMessageUID(t, db, blobs, raw, uint32(i+1))
		if _, err := rc.Insert(ctx, ProcessArgs{MessageID: id}, nil); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	deadline := time.After(2 * time.Minute)
	var kinds []string
	wait := func(want string, n int) {
		t.Helper()
		for got := 0; got < n; {
			select {
			case ev := <-done:
				kinds = append(kinds, fmt.Sprintf("%s:%s", ev.Job.Kind, ev.Kind))
				if ev.Job.Kind == want && ev.Kind == river.EventKindJobCompleted {
					got++
				}
			case <-deadline:
				t.Fatalf("after jobs %v, want %d %s completed", kinds, n, want)
			}
		}
	}
	wait("process_message", 3)
	for _, id := range ids {
		if m, err := db.GetMessage(ctx, id); err != nil || m.Status != storage.StatusParsed {
			t.Fatalf("message %d %+v (%v) while the OCR queue is held, want parsed, waiting", id, m.Status, err)
		}
	}
	if err := rc.QueueResume(ctx, OCRQueue, nil); err != nil {
		t.Fatal(err)
	}
	wait("ocr_file", 1)
	wait("process_message", 3)
	for _, id := range ids {
		if m, err := db.GetMessage(ctx, id); err != nil || m.Status != storage.StatusFiled {
			t.Fatalf("message %d %s (%v) after the scan was read, want filed; jobs %v", id, m.Status, err, kinds)
		}
	}
	var ocrJobs int
	if err := sql.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'ocr_file'`).Scan(&ocrJobs); err != nil {
		t.Fatal(err)
	}
	if ocrJobs != 1 {
		t.Errorf("%d OCR jobs for three copies of one scan, want 1; jobs %v", ocrJobs, kinds)
	}
}
