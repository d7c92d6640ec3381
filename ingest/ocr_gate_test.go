package ingest

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// holdArgs is a job of the processing queue that runs until its test
// releases it: mail processing kept busy.
type holdArgs struct{}

func (holdArgs) Kind() string { return "test_hold_processing" }

type holdWorker struct {
	river.WorkerDefaults[holdArgs]
	started chan struct{}
	release chan struct{}
}

func (w *holdWorker) Work(ctx context.Context, _ *river.Job[holdArgs]) error {
	w.started <- struct{}{}
	select {
	case <-w.release:
	case <-ctx.Done():
	}
	return nil
}

// gateRig processes mail and reads scans on one job queue whose OCR waits
// at a processing gate, as claimdesk serve runs them; the gate's wait
// limit passes only when the test fires expire.
type gateRig struct {
	db     *storage.DB
	sql    *pgxpool.Pool
	blobs  blob.Store
	expire chan time.Time
	hold   *holdWorker
	limit  time.Duration // the last wait's limit
	mu     sync.Mutex
}

func newGateRig(t *testing.T) *gateRig {
	t.Helper()
	if !ocr.Available(ocr.PDF) {
		t.Skip("tesseract not installed: scripts/test installs it")
	}
	db, sql, blobs, _ := ocrRig(t)
	r := &gateRig{db: db, sql: sql, blobs: blobs, expire: make(chan time.Time, 1),
		hold: &holdWorker{started: make(chan struct{}, 1), release: make(chan struct{})}}
	return r
}

// start starts a job queue whose OCR waits at gate.
func (r *gateRig) start(t *testing.T, gate *ProcessingGate) *river.Client[pgx.Tx] {
	t.Helper()
	gate.timer = func(d time.Duration) (<-chan time.Time, func() bool) {
		r.mu.Lock()
		r.limit = d
		r.mu.Unlock()
		return r.expire, func() bool { return true }
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	inserter, err := storage.NewQueueClient(r.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, NewProcessor(r.db, r.blobs, ProcessorConfig{TempDir: t.TempDir(), Filer: NewFiler(r.db, r.blobs, NewQueue(inserter), time.UTC, log)}, log))
	river.AddWorker(workers, NewOCRWorker(r.db, r.blobs, t.TempDir(), log).WithGate(gate))
	river.AddWorker(workers, NewPublishWorker(r.db, r.blobs))
	river.AddWorker(workers, r.hold)
	rc, err := storage.NewQueueClient(r.db, &river.Config{
		Logger:            log,
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 3}, OCRQueue: {MaxWorkers: 1}},
		Workers:           workers,
		Middleware:        []rivertype.Middleware{gate.Middleware()},
		FetchCooldown:     5 * time.Millisecond,
		FetchPollInterval: 20 * time.Millisecond,
		TestOnly:          true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := rc.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = rc.Stop(ctx)
	})
	return rc
}

// holdProcessing starts a processing job that runs until release is
// called.
func (r *gateRig) holdProcessing(t *testing.T, rc *river.Client[pgx.Tx]) (release func()) {
	t.Helper()
	if _, err := rc.Insert(t.Context(), holdArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.hold.started:
	case <-time.After(time.Minute):
		t.Fatal("the processing job never started")
	}
	release = sync.OnceFunc(func() { close(r.hold.release) })
	t.Cleanup(release) // before the queue stops
	return release
}

// processScan queues the processing of scanMail and returns its id and its
// scan's content hash.
func (r *gateRig) processScan(t *testing.T, rc *river.Client[pgx.Tx]) (int64, string) {
	t.Helper()
	raw := scanMail(t)
	id := storeRawMessage(t, r.db, r.blobs, raw)
	if _, err := rc.Insert(t.Context(), ProcessArgs{MessageID: id}, nil); err != nil {
		t.Fatal(err)
	}
	return id, scanSHA(t, raw)
}

// waitFor waits until cond holds, checking it every few milliseconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(2 * time.Minute)
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("waited two minutes for %s", what)
		}
	}
}

func (g *ProcessingGate) waiters() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.waiting
}

// ocrRead reports whether the scan of sha has its text kept.
func (r *gateRig) ocrRead(t *testing.T, sha string) bool {
	t.Helper()
	_, ok, err := r.db.OCRText(t.Context(), sha)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func (r *gateRig) filed(t *testing.T, id int64) func() bool {
	return func() bool {
		m, err := r.db.GetMessage(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		return m.Status == storage.StatusFiled
	}
}

// scanAtGate starts the queue with gate, keeps mail processing busy and
// processes a message with a scan; it returns once the scan's OCR waits at
// the gate, with the queue, the release of processing, the message and the
// scan's digest.
func (r *gateRig) scanAtGate(t *testing.T, gate *ProcessingGate) (rc *river.Client[pgx.Tx], release func(), id int64, sha string) {
	t.Helper()
	rc = r.start(t, gate)
	release = r.holdProcessing(t, rc)
	id, sha = r.processScan(t, rc)
	waitFor(t, "the scan's OCR to wait at the gate", func() bool { return gate.waiters() == 1 })
	return rc, release, id, sha
}

// TestOCRWaitsForProcessingToGoIdle reads a scan while mail is being
// processed: its OCR waits at the gate, reading nothing, until processing
// is done, then reads the scan and files its message.
func TestOCRWaitsForProcessingToGoIdle(t *testing.T) {
	t.Parallel()
	r := newGateRig(t)
	gate := NewProcessingGate()
	_, release, id, sha := r.scanAtGate(t, gate)
	if r.ocrRead(t, sha) {
		t.Fatal("the scan was read while mail was being processed")
	}
	release()
	waitFor(t, "the scan's message to be filed once processing is idle", r.filed(t, id))
	if !r.ocrRead(t, sha) {
		t.Error("message filed with its scan unread")
	}
}

// TestOCRReadsAfterBoundedWait keeps mail processing busy for good: the
// scan's OCR waits at most OCRWaitAllowance, then reads it, within the
// job's timeout.
func TestOCRReadsAfterBoundedWait(t *testing.T) {
	t.Parallel()
	r := newGateRig(t)
	gate := NewProcessingGate()
	_, _, id, sha := r.scanAtGate(t, gate)
	r.mu.Lock()
	limit := r.limit
	r.mu.Unlock()
	if limit != OCRWaitAllowance {
		t.Errorf("OCR waits for processing %s at most, want OCRWaitAllowance (%s)", limit, OCRWaitAllowance)
	}
	if timeout := (&OCRWorker{}).Timeout(nil); timeout < OCRWaitAllowance+ocr.DefaultBudget+time.Minute {
		t.Errorf("OCR job timeout %s leaves no room to read after waiting %s", timeout, OCRWaitAllowance)
	}
	r.expire <- time.Now() // the allowance is spent; processing is still busy
	waitFor(t, "the scan's message to be filed while processing is busy", r.filed(t, id))
	if !r.ocrRead(t, sha) {
		t.Error("message filed with its scan unread")
	}
}

// TestOCRWaitingWhenStoppedLosesNothing stops the job queue while a scan's
// OCR waits at the gate: the job goes back to the queue, no attempt spent
// and no error kept, and the next process to run reads it.
func TestOCRWaitingWhenStoppedLosesNothing(t *testing.T) {
	t.Parallel()
	r := newGateRig(t)
	gate := NewProcessingGate()
	rc, release, id, sha := r.scanAtGate(t, gate)
	// As claimdesk serve stops: the gate closes, then the queue stops.
	gate.Close()
	release()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	if err := rc.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	var state string
	var attempt, errs int
	if err := r.sql.QueryRow(t.Context(), `SELECT state, attempt, coalesce(array_length(errors, 1), 0) FROM river_job WHERE kind = 'ocr_file'`).
		Scan(&state, &attempt, &errs); err != nil {
		t.Fatal(err)
	}
	if state != string(rivertype.JobStateAvailable) || attempt != 0 || errs != 0 || r.ocrRead(t, sha) {
		t.Fatalf("OCR job %s, attempt %d, %d errors after stopping while it waited; want available again, no attempt spent", state, attempt, errs)
	}
	r.start(t, NewProcessingGate())
	waitFor(t, "the next process to read the scan and file its message", r.filed(t, id))
}

// settleClock stands for time.AfterFunc in a ProcessingGate: the test
// fires the settle periods it started.
type settleClock struct {
	mu     sync.Mutex
	fires  []func()
	period time.Duration
}

func (c *settleClock) after(d time.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.period = d
	c.fires = append(c.fires, f)
	return func() bool { return true }
}

// fire runs the i-th settle period's end, as its timer would.
func (c *settleClock) fire(i int) {
	c.mu.Lock()
	f := c.fires[i]
	c.mu.Unlock()
	f()
}

// settlingGate is a gate whose settle periods and clock the test runs.
func settlingGate() (*ProcessingGate, *settleClock, *time.Time) {
	gate := NewProcessingGate()
	clock := &settleClock{}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	gate.after, gate.now = clock.after, func() time.Time { return now }
	gate.timer = func(time.Duration) (<-chan time.Time, func() bool) { return nil, func() bool { return true } }
	return gate, clock, &now
}

// TestOCRWaitsForProcessingToSettle lets a backlog's processing, busy for
// seconds, finish while a page waits: the page waits on through the
// settle period, and through the end of one that a job starting within it
// made stale, and reads once processing has been idle for a whole period.
func TestOCRWaitsForProcessingToSettle(t *testing.T) {
	t.Parallel()
	gate, clock, now := settlingGate()

	gate.start()
	*now = now.Add(5 * time.Second)
	waited := make(chan error, 1)
	go func() { waited <- gate.Wait(t.Context(), OCRWaitAllowance) }()
	waitFor(t, "the page to wait at the gate", func() bool { return gate.waiters() == 1 })
	stillWaiting := func(when string) {
		t.Helper()
		if gate.opened() {
			t.Fatalf("the gate opened %s", when)
		}
		select {
		case err := <-waited:
			t.Fatalf("the page went ahead (%v) %s", err, when)
		default:
		}
	}

	gate.finish()
	stillWaiting("as soon as processing finished")
	if clock.period != ProcessingSettle {
		t.Errorf("settle period %s, want ProcessingSettle (%s)", clock.period, ProcessingSettle)
	}
	gate.start() // the next job of the backlog, within the period
	gate.finish()
	clock.fire(0)
	stillWaiting("at the end of a period a job interrupted")
	clock.fire(1)
	select {
	case err := <-waited:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the page still waits after processing settled")
	}
	if err := gate.Wait(t.Context(), OCRWaitAllowance); err != nil {
		t.Fatalf("a settled gate held the next page: %v", err)
	}
}

// TestOCRSettlesAsLongAsProcessingRan finishes short spells of processing,
// as the runs that follow a page's reading are: OCR is held back as long
// as they ran, not a whole settle period, and not at all after none.
func TestOCRSettlesAsLongAsProcessingRan(t *testing.T) {
	t.Parallel()
	gate, clock, now := settlingGate()
	gate.start()
	*now = now.Add(40 * time.Millisecond)
	gate.finish()
	if clock.period != 40*time.Millisecond {
		t.Errorf("after 40ms of processing OCR settles for %s, want 40ms", clock.period)
	}
	clock.fire(0)
	if !gate.opened() {
		t.Fatal("the gate stayed closed at the end of its settle period")
	}
	gate.start()
	gate.finish() // no time passed
	if len(clock.fires) != 1 {
		t.Errorf("an instant of processing started a settle period")
	}
	if !gate.opened() {
		t.Error("the gate stayed closed after an instant of processing")
	}
}

func (g *ProcessingGate) opened() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.open
}
