package ingest

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/stamp"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// StampQueue is the River queue of stamp jobs. A queue of their own lets its
// worker count bound how many PDFs are in memory at once, and keeps a slow
// PDF from delaying the processing of mail.
const StampQueue = "stamp"

// DefaultStampTimeout bounds one stamping run when StampConfig.Timeout is 0.
const DefaultStampTimeout = 5 * time.Minute

// stampTimeoutAttempts is how many runs may time out before the document is
// flagged instead of tried again: once might be a busy machine, three times
// is the PDF.
const stampTimeoutAttempts = 3

// StampArgs is the job that makes the received-stamped copy of one
// document (a PDF, or a picture of a signed form), or drops the copy of a
// picture retyped as no form.
type StampArgs struct {
	DocumentID int64 `json:"document_id"`
}

// Kind names the job in River's tables.
func (StampArgs) Kind() string { return "stamp_document" }

// InsertOpts puts stamp jobs on their own queue. They are not unique: a move
// queues a new job while the old one may still be running, and the old one
// then finds the document moved and leaves it to the new one.
func (StampArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: StampQueue, MaxAttempts: 10}
}

// EnqueueRestampClaim queues, within tx, the received stamp of every
// stamped document of claim id again, from its original, and forgets the
// old stamped copies meanwhile (storage.ForgetClaimStamps): its job number
// or its office, whose zone the stamp's time is in, changed. The jobs go
// on the stamp queue, whose workers bound how many are stamped at once
// however many documents the claim has. It returns how many were queued.
func (q *Queue) EnqueueRestampClaim(ctx context.Context, tx pgx.Tx, id int64) (int, error) {
	ids, err := storage.ForgetClaimStamps(ctx, tx, id)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	params := make([]river.InsertManyParams, len(ids))
	for i, doc := range ids {
		params[i] = river.InsertManyParams{Args: StampArgs{DocumentID: doc}}
	}
	if _, err := q.client.InsertManyTx(ctx, tx, params); err != nil {
		return 0, fmt.Errorf("enqueue stamping claim %d's %d documents again: %w", id, len(ids), err)
	}
	return len(ids), nil
}

// EnqueueStamp queues the received stamp of document id within tx.
func (q *Queue) EnqueueStamp(ctx context.Context, tx pgx.Tx, id int64) error {
	if _, err := q.client.InsertTx(ctx, tx, StampArgs{DocumentID: id}, nil); err != nil {
		return fmt.Errorf("enqueue stamping of document %d: %w", id, err)
	}
	return nil
}

// StampConfig bounds the stamp worker.
type StampConfig struct {
	// Location is the time zone in which the stamp shows the received
	// time; nil means the system's.
	Location *time.Location
	// Offices, when set, has the stamp show it in the zone of the
	// document's office instead.
	Offices OfficeCalendars
	// MaxBytes is the largest PDF or picture stamped; larger ones are
	// filed with a stamp error. 0 means stamp.DefaultMaxBytes.
	MaxBytes int64
	// TempDir holds the original and the stamped copy while stamping (a
	// HEIC photo's conversion too); "" means the system's temporary
	// directory.
	TempDir string
	// Timeout bounds one run; 0 means DefaultStampTimeout.
	Timeout time.Duration
	// Steps, when set, gets the stamp jobs' time (StepStamp).
	Steps *StepTimes
}

func (c StampConfig) withDefaults() StampConfig {
	if c.Location == nil {
		c.Location = time.Local
	}
	c.MaxBytes = cmp.Or(c.MaxBytes, stamp.DefaultMaxBytes)
	c.Timeout = cmp.Or(c.Timeout, DefaultStampTimeout)
	return c
}

// StampWorker is the River worker of StampArgs: it stamps a filed PDF, or
// makes the stamped PDF of a picture of a signed form (stampPicture),
// stores the stamped copy content-addressed, records it on the document and
// makes it readable beside the original's browse key
// (Document.StampedBrowseKey). The original is never changed.
//
// A PDF or picture that cannot be stamped (encrypted, damaged, too large,
// or one that makes pdfcpu panic) is recorded with a stamp error and the
// job succeeds: the original stays filed and downloadable. Failures of the
// database or the blob store return an error, and River tries again.
type StampWorker struct {
	river.WorkerDefaults[StampArgs]
	db    *storage.DB
	blobs blob.Store
	cfg   StampConfig
	log   *slog.Logger
	// pictures is the memory the picture stamps of all the worker's runs
	// share: one picture at the per-picture limit at a time, or several
	// phone photos, however many stamp workers run.
	pictures *stamp.MemoryBudget
	// tiffcp is libtiff's, which converts faxes in two-dimensional Group
	// 3 coding for their stamp (faxToGroup4); "" when not installed.
	tiffcp string
}

// NewStampWorker builds the stamp worker. A process has one, which all its
// stamp queue's workers run.
func NewStampWorker(db *storage.DB, blobs blob.Store, cfg StampConfig, log *slog.Logger) *StampWorker {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &StampWorker{db: db, blobs: blobs, cfg: cfg.withDefaults(), log: log,
		pictures: stamp.NewMemoryBudget(stamp.DefaultMaxPictureMemory), tiffcp: lookTIFFCP()}
}

// Timeout bounds one run: pdfcpu cannot be interrupted, so this is how long
// one PDF may hold a worker.
func (w *StampWorker) Timeout(*river.Job[StampArgs]) time.Duration { return w.cfg.Timeout }

// Work stamps one document. Running it again is safe: a document with a
// result only gets its stamped copy published again. A stamp the blob
// store fails at every attempt (its server down, its credentials refused,
// a claim folder it may not write) is not the file's failure: it waits,
// tried again every RetryStampsInterval, until the store works, the
// document shown as being stamped meanwhile.
func (w *StampWorker) Work(ctx context.Context, job *river.Job[StampArgs]) error {
	defer w.cfg.Steps.since(StepStamp, time.Now())
	err := w.work(ctx, job)
	if storeFailed(err) && job.Attempt >= job.MaxAttempts {
		w.log.Warn("stamp waits for the blob store", "document_id", job.Args.DocumentID, "err", err,
			"retry_in", RetryStampsInterval)
		return river.JobSnooze(RetryStampsInterval)
	}
	return err
}

// errBlobStore marks the blob store's failures in stamping.
var errBlobStore = errors.New("blob store")

// inStore marks err, from the blob store, as the store's failure.
func inStore(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w: %w", errBlobStore, err)
}

// storeFailed reports whether err is the blob store's failure, other than
// a blob missing, which waiting does not bring back.
func storeFailed(err error) bool {
	return errors.Is(err, errBlobStore) && !errors.Is(err, blob.ErrNotFound)
}

// work is Work's run.
func (w *StampWorker) work(ctx context.Context, job *river.Job[StampArgs]) error {
	d, err := w.db.GetDocument(ctx, job.Args.DocumentID)
	if errors.Is(err, storage.ErrNotFound) {
		return nil // merged into the target claim's copy by a move
	}
	if err != nil {
		return err
	}
	stampable := Stampable(d)
	switch {
	case (d.StampedSHA256 != "" || d.StampError != "") && !stampable:
		return w.unstamp(ctx, d.ID)
	case d.StampedSHA256 != "" || d.StampError != "":
		return w.publishStamped(ctx, d.ID)
	case !stampable:
		return nil
	case d.Size > w.cfg.MaxBytes:
		return w.record(ctx, d, "", tooLarge(fileWord(d), d.Size, w.cfg.MaxBytes))
	}
	stampFile := w.stamp
	if !d.IsPDF() {
		stampFile = w.stampPicture
	}
	sum, why, err := stampFile(ctx, d)
	if err == nil {
		return w.record(ctx, d, sum, why)
	}
	// Out of time or out of tries: say so on the document rather than leave
	// a PDF silently without a stamp.
	why.kind = storage.StampFailed
	switch {
	case storeFailed(err):
		return err // not the file's: Work waits for the store
	case ctx.Err() != nil && errors.Is(err, context.DeadlineExceeded) && job.Attempt >= stampTimeoutAttempts:
		why.sentence = fmt.Sprintf("Not stamped: stamping took longer than %s, %d times. The original is filed unchanged. "+
			"Ask the sender for a smaller copy, or tell whoever runs claimdesk.",
			w.cfg.Timeout, job.Attempt)
	case job.Attempt >= job.MaxAttempts:
		why.sentence = fmt.Sprintf("Not stamped: stamping failed %d times (%v). The original is filed unchanged. "+
			"Tell whoever runs claimdesk: the server's log says more.", job.Attempt, err)
	default:
		return err
	}
	w.log.Warn("pdf not stamped", "document_id", d.ID, "attempt", job.Attempt, "err", err)
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if rerr := w.record(rctx, d, "", why); rerr != nil {
		return errors.Join(err, rerr)
	}
	return nil
}

// stampInMemory is the largest PDF whose stamped copy is made in memory;
// larger ones go through temporary files. pdfcpu holds several copies of
// the PDF while stamping anyway, and a temporary file costs an inode.
const stampInMemory = 8 << 20

// stamp makes the stamped copy of d and stores it under its content key.
// It returns the copy's SHA-256, or why there is none; err is for
// failures worth a retry (temporary files, blob store, timeout).
func (w *StampWorker) stamp(ctx context.Context, d storage.Document) (sum string, why notStamped, err error) {
	r, err := w.blobs.Get(ctx, blob.ContentKey(d.SHA256))
	if err != nil {
		return "", why, fmt.Errorf("stamp document %d: read original: %w", d.ID, inStore(err))
	}
	defer r.Close()
	in, n, done, err := w.seekable(r)
	if err != nil {
		return "", why, fmt.Errorf("stamp document %d: read original: %w", d.ID, inStore(err))
	}
	defer done()
	if n > w.cfg.MaxBytes {
		return "", tooLarge("PDF", n, w.cfg.MaxBytes), nil
	}
	// A scan's stamped copy carries the text OCR read of it, invisible, so
	// that it is searchable in any viewer.
	layers, err := textLayers(ctx, w.db, w.blobs, d)
	if err != nil {
		return "", why, fmt.Errorf("stamp document %d: %w", d.ID, err)
	}

	var out interface {
		io.Writer
		io.Reader
	}
	if n <= stampInMemory {
		out = bytes.NewBuffer(make([]byte, 0, n+n/8+4096))
	} else {
		f, err := os.CreateTemp(w.cfg.TempDir, "claimdesk-stamp-out-*")
		if err != nil {
			return "", why, fmt.Errorf("stamp document %d: %w", d.ID, err)
		}
		defer os.Remove(f.Name())
		defer f.Close()
		out = f
	}
	h := sha256.New()
	counted := &countingWriter{w: io.MultiWriter(out, h)}
	err = stamp.ApplyWithText(ctx, in, counted, w.received(d), layers, stamp.Options{MaxBytes: w.cfg.MaxBytes})
	if err != nil {
		if why := pdfNotStamped(err, w.cfg.MaxBytes); why.sentence != "" {
			var panicErr *stamp.PanicError
			if errors.As(err, &panicErr) {
				w.log.Warn("pdf stamping panicked", "document_id", d.ID, "err", err, "stack", string(panicErr.Stack))
			} else {
				w.log.Info("pdf not stamped", "document_id", d.ID, "err", err)
			}
			return "", why, nil
		}
		return "", why, fmt.Errorf("stamp document %d: %w", d.ID, err)
	}
	if f, ok := out.(*os.File); ok {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return "", why, fmt.Errorf("stamp document %d: %w", d.ID, err)
		}
	}
	sum = hex.EncodeToString(h.Sum(nil))
	if err := w.blobs.Put(ctx, blob.ContentKey(sum), out, counted.n); err != nil {
		return "", why, fmt.Errorf("stamp document %d: store stamped copy: %w", d.ID, inStore(err))
	}
	return sum, why, nil
}

// received is what the stamp of d says: when its office received it, on
// the office's clock, and its job number.
func (w *StampWorker) received(d storage.Document) stamp.Received {
	return stamp.Received{At: d.ReceivedAt.In(w.locationOf(d.OfficeID)), JobNumber: d.JobNumber}
}

// locationOf is the time zone the stamps of office's documents show.
func (w *StampWorker) locationOf(office int64) *time.Location {
	if w.cfg.Offices != nil {
		if cal := w.cfg.Offices.For(office).Calendar; cal != nil && cal.Location() != nil {
			return cal.Location()
		}
	}
	return w.cfg.Location
}

// seekable returns the original as pdfcpu reads it, with its size (at most
// MaxBytes+1 read), and what to call when done with it: the blob itself
// when the store gives a file, else a copy, in memory when small.
func (w *StampWorker) seekable(r io.Reader) (io.ReadSeeker, int64, func(), error) {
	nothing := func() {}
	if f, ok := r.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
			return f, info.Size(), nothing, nil
		}
	}
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(r, stampInMemory+1))
	if err != nil {
		return nil, 0, nil, err
	}
	if n <= stampInMemory {
		return bytes.NewReader(buf.Bytes()), n, nothing, nil
	}
	f, err := os.CreateTemp(w.cfg.TempDir, "claimdesk-stamp-in-*")
	if err != nil {
		return nil, 0, nil, err
	}
	done := func() { f.Close(); os.Remove(f.Name()) }
	n, err = io.Copy(f, io.LimitReader(io.MultiReader(&buf, r), w.cfg.MaxBytes+1))
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		done()
		return nil, 0, nil, err
	}
	return f, n, done, nil
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// errRetyped rolls back the record of a stamp made of a picture that was
// retyped as no signed form meanwhile.
var errRetyped = errors.New("retyped as no signed form while stamping")

// record stores the outcome of stamping d, a stamped copy or why there is
// none, and, for a stamped copy, puts it at its browse key while the
// document is locked, so that a move cannot slip between the two and leave
// the copy under the old job's folder. A stamp error is recorded with the
// worker's abilities.
func (w *StampWorker) record(ctx context.Context, d storage.Document, sum string, why notStamped) error {
	err := w.recordTx(ctx, d, sum, why)
	if errors.Is(err, errRetyped) {
		return nil // the retype queued the job that drops the stamp
	}
	return err
}

func (w *StampWorker) recordTx(ctx context.Context, d storage.Document, sum string, why notStamped) error {
	// A picture's stamp carries none of the text OCR reads of it.
	textSource := d.TextSource
	if !d.IsPDF() {
		textSource = ""
	}
	o := storage.StampOutcome{DocumentID: d.ID, ClaimID: d.ClaimID, JobNumber: d.JobNumber, OfficeID: d.OfficeID,
		TextSource: textSource, StampedSHA256: sum, Error: why.sentence, ErrorKind: why.kind,
		// Refused for its size alone, which a larger limit stamps; the
		// other limits (pages, pixels, memory) are no setting's.
		OverLimit: why.kind == storage.StampTooLarge && d.Size > w.cfg.MaxBytes}
	if why.sentence != "" {
		o.Abilities = w.abilities()
	}
	return w.db.InTx(ctx, func(tx pgx.Tx) error {
		cur, recorded, err := storage.RecordStamp(ctx, tx, o)
		if errors.Is(err, storage.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if recorded && !Stampable(cur) {
			return errRetyped
		}
		if !recorded && (cur.ClaimID != d.ClaimID || cur.JobNumber != d.JobNumber || cur.OfficeID != d.OfficeID) {
			// Moved or renamed while stamping: the move or the rename
			// queued a new stamp.
			return nil
		}
		if !recorded && cur.TextSource != d.TextSource && cur.StampedSHA256 == "" && cur.StampError == "" {
			// Read by OCR while stamping: the next attempt lays the words
			// read over the scan.
			return fmt.Errorf("stamp document %d: read by ocr meanwhile, stamping again", d.ID)
		}
		if cur.StampedSHA256 == "" {
			return nil
		}
		key := cur.StampedBrowseKey()
		if recorded {
			// A run that failed after its copy reached the key, but before
			// its commit, left a copy that is not the record: replace it.
			if err := w.blobs.Delete(ctx, key); err != nil {
				return inStore(err)
			}
		}
		return inStore(w.blobs.Copy(ctx, blob.ContentKey(cur.StampedSHA256), key))
	})
}

// publishStamped makes sure the recorded stamped copy of document id is at
// its browse key.
func (w *StampWorker) publishStamped(ctx context.Context, id int64) error {
	return w.db.InTx(ctx, func(tx pgx.Tx) error {
		d, err := storage.LockDocument(ctx, tx, id)
		if errors.Is(err, storage.ErrNotFound) {
			return nil
		}
		if err != nil || d.StampedSHA256 == "" {
			return err
		}
		return inStore(w.blobs.Copy(ctx, blob.ContentKey(d.StampedSHA256), d.StampedBrowseKey()))
	})
}

// unstamp forgets the stamp of document id, a picture no longer typed as
// a signed form (a person or OCR found it an ordinary photo), and deletes
// its stamped copy from the claim's folder: packets and downloads then
// give the photo itself.
func (w *StampWorker) unstamp(ctx context.Context, id int64) error {
	return w.db.InTx(ctx, func(tx pgx.Tx) error {
		d, err := storage.LockDocument(ctx, tx, id)
		if errors.Is(err, storage.ErrNotFound) {
			return nil
		}
		if err != nil || Stampable(d) || d.StampedSHA256 == "" && d.StampError == "" {
			return err
		}
		if err := storage.ResetStamp(ctx, tx, d.ID); err != nil {
			return err
		}
		return inStore(w.blobs.Delete(ctx, d.StampedBrowseKey()))
	})
}

// notStamped is why a document has no stamped copy: a sentence for the
// coordinator, and its kind (storage.StampDamaged, ...), which says
// whether it is tried again once claimdesk can do more. The zero value
// is no reason.
type notStamped struct {
	kind, sentence string
}

// pdfNotStamped explains, for the coordinator, why a PDF has no stamped
// copy; no reason when err is not about the PDF.
func pdfNotStamped(err error, maxBytes int64) notStamped {
	switch {
	case errors.Is(err, stamp.ErrEncrypted):
		return notStamped{storage.StampEncrypted, "Not stamped: the PDF is password-protected. The original is filed unchanged. " +
			"Ask the sender for a copy without a password (an unlocked PDF): that copy is stamped when it comes."}
	case errors.Is(err, stamp.ErrTooLarge):
		return notStamped{storage.StampTooLarge, fmt.Sprintf("Not stamped: the PDF is beyond the stamping limits (%s, %d pages). "+
			"The original is filed unchanged. Ask the sender for it in smaller parts if it must be stamped.",
			humanSize(maxBytes), stamp.DefaultMaxPages)}
	case errors.Is(err, stamp.ErrMalformed):
		// Panics inside pdfcpu match ErrMalformed too.
		return notStamped{storage.StampDamaged, "Not stamped: the PDF is damaged or incomplete and could not be read. " +
			"The original is filed unchanged. Ask the sender to send it again."}
	}
	return notStamped{}
}

// tooLarge says that a file, a "PDF" or a "picture", is too large to
// stamp.
func tooLarge(what string, size, maxBytes int64) notStamped {
	return notStamped{storage.StampTooLarge, fmt.Sprintf("Not stamped: the %s is %s, over the %s stamping limit. "+
		"The original is filed unchanged. Ask the sender for a smaller copy, or for it in parts, if it must be stamped; "+
		"or whoever runs claimdesk to raise the limit (CLAIMDESK_STAMP_MAX_MB) above its size: it is stamped then.",
		what, humanSize(size), humanSize(maxBytes))}
}

// fileWord is what a coordinator calls document d: a PDF or a picture.
func fileWord(d storage.Document) string {
	if d.IsPDF() {
		return "PDF"
	}
	return "picture"
}

// humanSize writes a byte count the way a coordinator reads file sizes.
func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
