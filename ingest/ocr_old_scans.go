package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// Typed PDFs filed before OCR read their scanned pages (a signed page
// scanned into a contract) kept their text layer alone. The old-scans job
// finds them among the text layers kept then, a few at a time, and queues
// their reading behind the OCR queue's own work: an upgrade reads them in
// the background, and new mail's scans never wait long behind them.
const (
	// OldScansInterval is how often the job looks.
	OldScansInterval = time.Minute
	// oldScansQueued bounds the files waiting on the OCR queue when the
	// job queues more: it queues none while the queue holds this many.
	oldScansQueued = 4
	// oldScansLook bounds the text layers one run looks at.
	oldScansLook = 500
)

// OldScansArgs is the periodic look for PDFs filed with scanned pages
// never read.
type OldScansArgs struct{}

// Kind names the job in River's tables.
func (OldScansArgs) Kind() string { return "ocr_old_scans" }

// InsertOpts keeps one look waiting at a time.
func (OldScansArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: storage.UniqueWhileActive()}
}

// OldScansWorker queues the OCR of PDFs filed with scanned pages never
// read.
type OldScansWorker struct {
	river.WorkerDefaults[OldScansArgs]
	db      *storage.DB
	blobs   blob.Store
	tempDir string
	log     *slog.Logger
	queued  int // files on the OCR queue at most, oldScansQueued unless set
}

// NewOldScansWorker builds the worker; PDFs are looked at under tempDir.
func NewOldScansWorker(db *storage.DB, blobs blob.Store, tempDir string, log *slog.Logger) *OldScansWorker {
	return &OldScansWorker{db: db, blobs: blobs, tempDir: tempDir, log: log, queued: oldScansQueued}
}

// OldScansJob is the periodic job that runs the look every
// OldScansInterval, from the start.
func OldScansJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(OldScansInterval),
		func() (river.JobArgs, *river.InsertOpts) { return OldScansArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})
}

// Work looks at the text layers not looked at yet, while the OCR queue
// has room, and queues the reading of those with a scanned page. Each
// layer looked at is marked so, and is not looked at again: a layer
// without scanned pages stays as it is, and one queued becomes OCR's
// text once read. A run stopped halfway looks again at what it did not
// mark, and the OCR job of a file is queued once however often.
func (w *OldScansWorker) Work(ctx context.Context, _ *river.Job[OldScansArgs]) error {
	if !ocr.Available(ocr.PDF) {
		return nil // looked at once tesseract is installed
	}
	client, err := river.ClientFromContextSafely[pgx.Tx](ctx)
	if err != nil {
		return fmt.Errorf("old scans: %w", err)
	}
	waiting, err := w.db.OCRFilesWaiting(ctx)
	if err != nil || waiting >= w.queued {
		return err
	}
	layers, err := w.db.UncheckedTextLayers(ctx, oldScansLook)
	if err != nil {
		return err
	}
	var checked []string
	var reads []river.InsertManyParams
	for _, l := range layers {
		if waiting+len(reads) >= w.queued {
			break
		}
		scanned, err := w.hasScannedPage(ctx, l)
		if err != nil {
			return err
		}
		if scanned {
			reads = append(reads, river.InsertManyParams{Args: OCRArgs{MessageID: l.MessageID,
				OCRFile: OCRFile{SHA256: l.SHA256, Filename: l.Filename, ContentType: l.ContentType}}})
		}
		checked = append(checked, l.SHA256)
	}
	if len(reads) > 0 {
		if _, err := client.InsertMany(ctx, reads); err != nil {
			return fmt.Errorf("queue ocr of %d old scans: %w", len(reads), err)
		}
		w.log.Info("queued the ocr of pdfs filed with scanned pages never read", "files", len(reads))
	}
	if len(checked) == 0 {
		return nil
	}
	return w.db.MarkScanPagesChecked(ctx, checked)
}

// hasScannedPage reports whether the PDF of layer l, filed from a message,
// has a page without text that draws a picture. A PDF whose file is gone
// has none to read.
func (w *OldScansWorker) hasScannedPage(ctx context.Context, l storage.UncheckedTextLayer) (bool, error) {
	if len(l.BlankPages) == 0 || l.MessageID == 0 || ocr.KindOf(l.Filename, l.ContentType) != ocr.PDF {
		return false, nil
	}
	r, err := w.blobs.Get(ctx, blob.ContentKey(l.SHA256))
	if errors.Is(err, blob.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("old scans: read %s: %w", l.SHA256, err)
	}
	defer r.Close()
	// A PDF pdfimages cannot list may have pictures anywhere: OCR tells.
	pictures, _ := (&ocr.Reader{TempDir: w.tempDir}).PicturePages(ctx, r)
	for _, page := range l.BlankPages {
		if pictures.Has(page) {
			return true, nil
		}
	}
	return false, nil
}
