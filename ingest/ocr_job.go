package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// OCRQueue is the River queue of OCR jobs. Reading a scan takes seconds of
// a core; a queue of its own, with its own worker count, lets a batch of
// scans be read while text mail goes on being processed.
const OCRQueue = "ocr"

// OCRTimeout bounds one OCR job: the page cap and time budget of the
// reader, with room to spare, and the time it may wait for mail processing
// to go idle (OCRWaitAllowance), so that waiting never fails a job.
const OCRTimeout = ocr.DefaultBudget + 2*time.Minute + OCRWaitAllowance

// OCRArgs is the job that reads the text of one file with OCR, then
// processes again every message waiting for it. MessageID is the message
// that queued it; copies of the file that other messages bring while it
// waits or runs share the job (OCRFile.SHA256 alone makes it unique).
type OCRArgs struct {
	MessageID int64 `json:"message_id"`
	OCRFile
}

// Kind names the job in River's tables.
func (OCRArgs) Kind() string { return "ocr_file" }

// InsertOpts puts OCR jobs on their own queue, one per file content while
// waiting or running: neither a message processed again while its pictures
// are read nor another message with the same picture queues it twice.
func (OCRArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{
		Queue:       OCRQueue,
		MaxAttempts: 5,
		UniqueOpts: river.UniqueOpts{
			ByArgs:  true,
			ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled},
		},
	}
}

// OCRWorker reads pictures and image-only PDFs for the messages waiting for
// them.
type OCRWorker struct {
	river.WorkerDefaults[OCRArgs]
	db     *storage.DB
	blobs  blob.Store
	reader pictureReader
	// tempDir holds the pages being read.
	tempDir string
	log     *slog.Logger
	steps   *StepTimes
	// afterRead, when set, runs once the file's text is kept and before the
	// messages waiting for it are looked for: tests stop a run there, as a
	// crash would.
	afterRead func(sha string) error
}

// pictureReader reads the text of a picture or scan: an *ocr.Reader, or in
// tests one that fails as tesseract can.
type pictureReader interface {
	Read(ctx context.Context, k ocr.Kind, in io.Reader) (ocr.Text, error)
}

// NewOCRWorker builds the OCR worker; pages are rendered under tempDir.
func NewOCRWorker(db *storage.DB, blobs blob.Store, tempDir string, log *slog.Logger) *OCRWorker {
	return &OCRWorker{db: db, blobs: blobs, reader: newOCRReader(tempDir, nil), tempDir: tempDir, log: log}
}

// newOCRReader is the reader of the OCR queue: in the background, and
// waiting at gate, when there is one, before each page.
func newOCRReader(tempDir string, gate *ProcessingGate) *ocr.Reader {
	r := &ocr.Reader{TempDir: tempDir, TextLayers: true, Background: true}
	if gate != nil {
		r.Gate, r.MaxWait = gate, OCRWaitAllowance
	}
	return r
}

// WithGate holds each page back while gate's processing runs.
func (w *OCRWorker) WithGate(gate *ProcessingGate) *OCRWorker {
	w.reader = newOCRReader(w.tempDir, gate)
	return w
}

// WithSteps adds the OCR jobs' time to steps (StepOCR).
func (w *OCRWorker) WithSteps(steps *StepTimes) *OCRWorker {
	w.steps = steps
	return w
}

// Timeout bounds one run.
func (w *OCRWorker) Timeout(*river.Job[OCRArgs]) time.Duration { return OCRTimeout }

// Work reads the file unless it was read before (the same scan sent again
// after its reading), keeps its text, and queues the processing of the
// messages waiting for it again: the run that finds every text read
// classifies a message. When the last attempt fails too, the file is kept
// as unread and its messages go on without it (giveUp).
func (w *OCRWorker) Work(ctx context.Context, job *river.Job[OCRArgs]) (err error) {
	defer w.steps.since(StepOCR, time.Now())
	defer func() {
		if r := recover(); r != nil {
			// A helper crashing on one file fails its attempt, as an error
			// would, and is given up on like one.
			err = fmt.Errorf("ocr of %s panicked: %v", job.Args.SHA256, r)
		}
		if err != nil && job.Attempt >= job.MaxAttempts && !isSnooze(err) {
			err = w.giveUp(ctx, job.Args, err)
		}
	}()
	a := job.Args
	if _, ok, err := w.db.OCRText(ctx, a.SHA256); err != nil {
		return err
	} else if !ok {
		if err := w.read(ctx, a.OCRFile, job.Attempt >= job.MaxAttempts); err != nil {
			return err
		}
	}
	if w.afterRead != nil {
		if err := w.afterRead(a.SHA256); err != nil {
			return err
		}
	}
	return w.wake(ctx, a)
}

// isSnooze reports whether err puts the job back rather than fails it.
func isSnooze(err error) bool {
	var snooze *rivertype.JobSnoozeError
	return errors.As(err, &snooze)
}

// wake queues the processing of the messages waiting for the file of a,
// and of the message that queued it whatever its state, as before copies
// shared the job.
func (w *OCRWorker) wake(ctx context.Context, a OCRArgs) error {
	waiting, err := w.db.MessagesWaitingForOCR(ctx, a.SHA256)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(waiting, func(m storage.OCRWaiter) bool { return m.ID == a.MessageID }) {
		waiting = append(waiting, storage.OCRWaiter{ID: a.MessageID})
	}
	return queueAfterOCR(ctx, waiting, a.SHA256)
}

// giveUpTimeout bounds keeping a file as unread after its last attempt,
// which may have used up the job's own time.
const giveUpTimeout = 30 * time.Second

// giveUp ends the last failed attempt at reading the file of a: the file is
// kept as unread, with the reason its messages' pages show, and they are
// processed without its text, filed or sent to triage by the rest of their
// evidence. When that fails too, the job is discarded with cause, and the
// sweep (sweepOCRWaits) does it later.
func (w *OCRWorker) giveUp(ctx context.Context, a OCRArgs, cause error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), giveUpTimeout)
	defer cancel()
	w.log.Warn("ocr failed every attempt; its messages go on without its text", "sha256", a.SHA256, "filename", a.Filename, "err", cause)
	if err := w.db.SaveOCRFailure(ctx, a.SHA256, ocrGaveUp); err != nil {
		return errors.Join(cause, err)
	}
	if err := w.wake(ctx, a); err != nil {
		return errors.Join(cause, err)
	}
	return nil
}

// Why OCR could not read a file, as the pages of its messages say it: the
// errors themselves, with their paths and commands, go to the log.
const (
	ocrGaveUp     = "every attempt to read it failed"
	ocrUnreadable = "the file is damaged or not a picture"
	ocrTooLong    = "reading it took longer than the time limit"
	ocrMissing    = "its file is missing from the blob store"
)

// queueAfterOCR queues the processing of messages again now that the file
// sha is read, in one statement. Messages in triage are matched again, and
// filed ones have their pictures typed again. The file names the runs, so
// that they are not folded into processing runs already under way, which
// may have found the text missing.
func queueAfterOCR(ctx context.Context, waiting []storage.OCRWaiter, sha string) error {
	client, err := river.ClientFromContextSafely[pgx.Tx](ctx)
	if err != nil {
		return fmt.Errorf("process again after ocr of %s: %w", sha, err)
	}
	// Each message once: a unique job twice in one statement is an error.
	var params []river.InsertManyParams
	seen := map[int64]bool{}
	for _, m := range waiting {
		if !seen[m.ID] {
			seen[m.ID] = true
			params = append(params, river.InsertManyParams{Args: ProcessArgs{
				MessageID: m.ID, Rematch: m.Status == storage.StatusTriage, Refine: m.Status == storage.StatusFiled, AfterOCR: sha,
			}})
		}
	}
	if _, err := client.InsertMany(ctx, params); err != nil {
		return fmt.Errorf("queue processing of %d messages after ocr of %s: %w", len(params), sha, err)
	}
	return nil
}

// read reads f and keeps its text. A file OCR cannot read (damaged, not a
// picture, too big for the bounds) is kept as unread, with the reason, so
// that the message goes on without it; one cut short by its time limit is
// tried again, unless this is the last attempt.
func (w *OCRWorker) read(ctx context.Context, f OCRFile, last bool) error {
	r, err := w.blobs.Get(ctx, blob.ContentKey(f.SHA256))
	if errors.Is(err, blob.ErrNotFound) {
		return w.db.SaveOCRFailure(ctx, f.SHA256, ocrMissing)
	}
	if err != nil {
		return fmt.Errorf("ocr read %s: %w", f.SHA256, err)
	}
	defer r.Close()
	start := time.Now()
	text, readErr := w.reader.Read(ctx, ocr.KindOf(f.Filename, f.ContentType), r)
	if errors.Is(readErr, ocr.ErrHeldBack) {
		// Stopped while waiting for processing: the job goes back to the
		// queue, its attempt not counted, for this process or another.
		w.log.Info("ocr put back while waiting for mail processing", "sha256", f.SHA256, "err", readErr)
		return river.JobSnooze(0)
	}
	if readErr != nil {
		if ctx.Err() != nil && !last {
			return fmt.Errorf("ocr %s: %w", f.SHA256, readErr)
		}
		w.log.Info("ocr could not read file", "sha256", f.SHA256, "filename", f.Filename, "err", readErr)
	}
	w.log.Debug("ocr read file", "sha256", f.SHA256, "pages", len(text.Pages), "truncated", text.Truncated, "took", time.Since(start))
	if err := saveTextLayers(ctx, w.blobs, f.SHA256, text); err != nil {
		return err
	}
	if readErr != nil && strings.TrimSpace(text.String()) == "" {
		reason := ocrUnreadable
		if ctx.Err() != nil {
			reason = ocrTooLong
		}
		return w.db.SaveOCRFailure(context.WithoutCancel(ctx), f.SHA256, reason)
	}
	return w.db.SaveOCRText(ctx, f.SHA256, text.String())
}

// enqueueOCR queues the reading of files for message id within tx, on the
// job queue of the running worker. It reports false outside a worker
// (tests calling Process), where nothing can be queued and the message is
// classified without those texts.
func enqueueOCR(ctx context.Context, tx pgx.Tx, id int64, files []OCRFile) (bool, error) {
	client, err := river.ClientFromContextSafely[pgx.Tx](ctx)
	if err != nil {
		return false, nil
	}
	// One statement for all the message's files: a phone's batch of
	// photos is many.
	params := ocrJobsOf(id, files)
	if _, err := client.InsertManyTx(ctx, tx, params); err != nil {
		return false, fmt.Errorf("queue ocr of %d files for message %d: %w", len(files), id, err)
	}
	return true, nil
}

// ocrJobsOf are the OCR jobs message id queues for files, one per content
// (a unique job twice in one statement is an error), in the order of their
// contents: another run queueing the same pictures waits for this one's
// commit, and runs taking the keys in one order never wait on each other.
func ocrJobsOf(id int64, files []OCRFile) []river.InsertManyParams {
	var params []river.InsertManyParams
	seen := map[string]bool{}
	for _, f := range slices.SortedFunc(slices.Values(files), func(a, b OCRFile) int { return strings.Compare(a.SHA256, b.SHA256) }) {
		if !seen[f.SHA256] {
			seen[f.SHA256] = true
			params = append(params, river.InsertManyParams{Args: OCRArgs{MessageID: id, OCRFile: f}})
		}
	}
	return params
}
