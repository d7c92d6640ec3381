package ingest

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// ocrBundle runs the processing and OCR queues of one test, the OCR queue
// held until the test resumes it.
type ocrBundle struct {
	db    *storage.DB
	sql   *pgxpool.Pool
	blobs blob.Store
	rc    *river.Client[pgx.Tx]
	done  <-chan *river.Event
	kinds []string
	// unclaimed counts the completed jobs of each kind no wait has taken
	// yet: a job may complete while a wait looks for another kind.
	unclaimed map[string]int
}

// setupOCR starts the queues; configure, when given, sets up the workers'
// test hooks first.
func setupOCR(t *testing.T, configure ...func(*Processor, *OCRWorker)) *ocrBundle {
	t.Helper()
	if !ocr.Available(ocr.PDF) {
		t.Skip("tesseract not installed: scripts/test installs it")
	}
	ctx := t.Context()
	db, dsn := openDB(t)
	blobs := localBlobs(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	inserter, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	workers := river.NewWorkers()
	proc := NewProcessor(db, blobs, ProcessorConfig{TempDir: t.TempDir(), Filer: NewFiler(db, blobs, NewQueue(inserter), time.UTC, log)}, log)
	ocrWorker := NewOCRWorker(db, blobs, t.TempDir(), log)
	for _, c := range configure {
		c(proc, ocrWorker)
	}
	river.AddWorker(workers, proc)
	river.AddWorker(workers, ocrWorker)
	river.AddWorker(workers, NewPublishWorker(db, blobs))
	// The sweep's clock is ahead by the time a message may wait with
	// nothing reading its files: a sweep the test runs finds it stranded.
	river.AddWorker(workers, NewSweepWorker(db, func() time.Time { return time.Now().Add(ocrStrandedAfter) }))
	rc, done := testQueue(t, db, workers, map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}, OCRQueue: {MaxWorkers: 2}})
	paused, stopPaused := rc.Subscribe(river.EventKindQueuePaused)
	defer stopPaused()
	if err := rc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := rc.QueuePause(ctx, OCRQueue, nil); err != nil {
		t.Fatal(err)
	}
	// The pause reaches the OCR queue's producer through a notification:
	// a reading queued before it arrives would still be worked.
	select {
	case <-paused:
	case <-time.After(time.Minute):
		t.Fatal("the OCR queue did not pause within a minute")
	}
	return &ocrBundle{db: db, sql: testenv.SQL(t, dsn), blobs: blobs, rc: rc, done: done}
}

// claim adds a claim and returns its id.
func (b *ocrBundle) claim(t *testing.T, job, number string) int64 {
	t.Helper()
	var id int64
	norm := func(s string) string { return strings.ReplaceAll(s, "-", "") }
	if err := b.sql.QueryRow(t.Context(), `INSERT INTO claims (job_number, claim_number, job_number_norm, claim_number_norm, office_id) VALUES ($1, $2, $3, $4, 1) RETURNING id`,
		job, number, norm(job), norm(number)).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// wait takes job events until n jobs of kind have completed that no
// earlier wait took, counting those completed while it looked for others.
func (b *ocrBundle) wait(t *testing.T, kind string, n int, deadline <-chan time.Time) {
	t.Helper()
	if b.unclaimed == nil {
		b.unclaimed = map[string]int{}
	}
	for b.unclaimed[kind] < n {
		select {
		case ev := <-b.done:
			b.kinds = append(b.kinds, fmt.Sprintf("%s:%s", ev.Job.Kind, ev.Kind))
			if ev.Kind == river.EventKindJobCompleted {
				b.unclaimed[ev.Job.Kind]++
			}
		case <-deadline:
			t.Fatalf("after jobs %v, want %d %s completed", b.kinds, n, kind)
		}
	}
	b.unclaimed[kind] -= n
}
