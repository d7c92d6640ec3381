package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// Filer files messages into claims: each attachment and the message itself
// become documents of the claim in Postgres (the authority), readable in
// the blob store at browsable keys, and every PDF gets a stamp job.
//
// The database work of a filing or a move is one transaction, which also
// queues the stamp jobs and a publish job. The blob steps that follow
// (copies to browse keys, deletion of retired ones) are idempotent: the
// Filer runs them right after commit, and the publish job runs them again
// should the process die in between.
type Filer struct {
	db    *storage.DB
	blobs blob.Store
	queue *Queue
	loc   *time.Location
	log   *slog.Logger
	// cal dates the requests of messages filed by hand; nil leaves their
	// due times unread.
	cal     *sla.Calendar
	offices OfficeCalendars // each office's calendar for those; nil: cal
	// officeDomain tells the office's own invoices from vendors'.
	officeDomain string
}

// WithOfficeDomain has the filer count invoices in mail from domain (and
// in mail the office sent) as the office's own, any other as a vendor's.
func (f *Filer) WithOfficeDomain(domain string) *Filer {
	f.officeDomain = domain
	return f
}

// WithCalendar has the filer read due times of requests in messages it
// files by hand on the office calendar cal.
func (f *Filer) WithCalendar(cal *sla.Calendar) *Filer {
	f.cal = cal
	return f
}

// NewFiler builds a Filer. queue inserts the stamp and publish jobs; loc is
// the office's time zone, which dates browse keys and stamps (nil: the
// system's).
func NewFiler(db *storage.DB, blobs blob.Store, queue *Queue, loc *time.Location, log *slog.Logger) *Filer {
	if loc == nil {
		loc = time.Local
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Filer{db: db, blobs: blobs, queue: queue, loc: loc, log: log}
}

// FileRequest asks to file one message into one claim.
type FileRequest struct {
	MessageID int64
	ClaimID   int64
	// DocTypes maps a part's path ("2", "3.1") to its document type
	// (classify.DocPhoto, ...). Parts of type classify.DocInline are not
	// filed; an attachment without an entry is filed as classify.DocOther,
	// so that nothing the sender attached goes missing.
	DocTypes map[string]string
	// PublishedByCaller says the caller publishes once the transaction
	// commits, from a job that runs again should it stop before: no
	// publish job of its own is queued then.
	PublishedByCaller bool
}

// FileResult says what filing or moving a message did.
type FileResult struct {
	MessageID int64
	ClaimID   int64
	// FromClaimID is the claim a move took the message from; 0 when it was
	// in none (triage) or for a plain filing.
	FromClaimID int64
	// Moved reports that a move changed the message's claim.
	Moved bool
	// Documents lists the message's documents in its claim, the message
	// itself (correspondence) included.
	Documents []storage.Document
	// Created counts the documents filed for the first time; the others were
	// in the claim already (the same file sent before, or a repeated run).
	Created int
	// Stamping counts the stamp jobs queued.
	Stamping int
	// Retired lists the browse keys a move gave up; Publish deletes them.
	Retired []string
}

// Message statuses that filing accepts: parsing has stored the parts.
func fileable(status string) bool {
	switch status {
	case storage.StatusParsed, storage.StatusFiled, storage.StatusTriage, storage.StatusIgnored:
		return true
	}
	return false
}

// File files a message into a claim in one transaction, then publishes its
// documents to the blob store. Filing a message again is harmless: what is
// filed already is left as it is. A message whose documents are in another
// claim is not filed (ErrConflict): moving it is Move's job.
func (f *Filer) File(ctx context.Context, req FileRequest) (FileResult, error) {
	var res FileResult
	err := f.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		res, err = f.FileTx(ctx, tx, req)
		return err
	})
	if err != nil {
		return FileResult{}, err
	}
	f.publishAfterCommit(ctx, res)
	return res, nil
}

// FileTx is File within the caller's transaction, for a caller that decides
// the claim in the same transaction. Once tx commits, the queued publish
// job makes the browse keys; call Publish to have them at once.
func (f *Filer) FileTx(ctx context.Context, tx pgx.Tx, req FileRequest) (FileResult, error) {
	// A lab report sets the claim's sample stage (stagesFromDocuments).
	labReport := slices.Contains(slices.Collect(maps.Values(req.DocTypes)), classify.DocLabReport)
	st, err := storage.LockFilingState(ctx, tx, req.MessageID, req.ClaimID, labReport)
	if err != nil {
		return FileResult{}, err
	}
	m := st.Message
	if m.ClaimID != 0 && m.ClaimID != req.ClaimID {
		return FileResult{}, fmt.Errorf("file message %d in claim %d: it is in claim %d; move it instead: %w",
			m.ID, req.ClaimID, m.ClaimID, storage.ErrConflict)
	}
	for _, d := range st.Documents {
		if d.ClaimID != req.ClaimID {
			return FileResult{}, fmt.Errorf("file message %d in claim %d: its documents are in claim %d; move it instead: %w",
				m.ID, req.ClaimID, d.ClaimID, storage.ErrConflict)
		}
	}
	if !fileable(m.Status) {
		return FileResult{}, notParsed(m)
	}
	if st.Claim.Job == "" {
		return FileResult{}, fmt.Errorf("claim %d: %w", req.ClaimID, storage.ErrNotFound)
	}
	res := FileResult{MessageID: m.ID, ClaimID: req.ClaimID}
	if err := f.fileParts(ctx, tx, &res, m, st.Claim, st.Parts, req.DocTypes); err != nil {
		return FileResult{}, err
	}
	if m.Status != storage.StatusFiled || m.ClaimID != req.ClaimID {
		if err := storage.SetMessageFiled(ctx, tx, res.MessageID, res.ClaimID); err != nil {
			return FileResult{}, err
		}
	}
	if !req.PublishedByCaller {
		if err := f.queue.enqueuePublish(ctx, tx, res.MessageID, res.Retired); err != nil {
			return FileResult{}, err
		}
	}
	return res, nil
}

func notParsed(m storage.FilingMessage) error {
	return fmt.Errorf("file message %d: status %s, not parsed: %w", m.ID, m.Status, storage.ErrConflict)
}

// fileParts files m's attachments (parts) and m itself into res.ClaimID, whose
// folder is claim, and queues a stamp job for every new PDF.
func (f *Filer) fileParts(ctx context.Context, tx pgx.Tx, res *FileResult, m storage.FilingMessage, claim storage.ClaimFolder, parts []storage.FilingPart, docTypes map[string]string) error {
	var news []storage.NewDocument
	for _, p := range parts {
		dt, ok := docTypes[p.Path]
		if dt == classify.DocInline {
			continue
		}
		if !ok || (dt != classify.DocOther && classify.Folder(dt) == classify.Folder(classify.DocOther)) {
			// No type, or one this claimdesk does not know: kept, as other.
			dt = classify.DocOther
		}
		news = append(news, storage.NewDocument{
			SHA256: p.SHA256, Size: p.Size, Filename: p.Filename, ContentType: p.ContentType,
			DocType: dt, Folder: classify.Folder(dt), PartID: p.ID,
			Vendor: dt == classify.DocInvoice && !classify.OfficeMail(m.Direction, m.FromAddress, f.officeDomain),
		})
	}
	news = append(news, storage.NewDocument{
		SHA256: m.RawSHA256, Size: m.RawSize, Filename: correspondenceFilename(m.Subject),
		ContentType: "message/rfc822", DocType: storage.DocTypeCorrespondence, Folder: storage.FolderCorrespondence,
	})
	for i := range news {
		news[i].ClaimID, news[i].JobNumber, news[i].OfficeSlug, news[i].ReceivedAt, news[i].MessageID = res.ClaimID, claim.Job, claim.Office, m.ReceivedAt, m.ID
	}
	filed, err := storage.FileDocuments(ctx, tx, news, f.loc)
	if err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, fd := range filed {
		if seen[fd.ID] {
			continue // the same file attached twice to one message
		}
		seen[fd.ID] = true
		res.Documents = append(res.Documents, fd.Document)
		if fd.Created {
			res.Created++
			if err := f.stampLater(ctx, tx, res, fd.Document); err != nil {
				return err
			}
		}
	}
	return f.stagesFromDocuments(ctx, tx, res, true)
}

// stampLater queues the received stamp of doc when it gets one.
func (f *Filer) stampLater(ctx context.Context, tx pgx.Tx, res *FileResult, doc storage.Document) error {
	if !Stampable(doc) {
		return nil
	}
	if err := f.queue.EnqueueStamp(ctx, tx, doc.ID); err != nil {
		return err
	}
	res.Stamping++
	return nil
}

// markFiled records that the message is filed in res.ClaimID and queues the
// publish job of res.
func (f *Filer) markFiled(ctx context.Context, tx pgx.Tx, res FileResult) error {
	if err := storage.SetMessageFiled(ctx, tx, res.MessageID, res.ClaimID); err != nil {
		return err
	}
	return f.queue.enqueuePublish(ctx, tx, res.MessageID, res.Retired)
}

// Publish runs the blob steps of a filing or move that has committed: every
// document of the message readable at its browse key (and its stamped copy
// beside it), and the browse keys the move gave up deleted. Running it
// again does nothing more.
func (f *Filer) Publish(ctx context.Context, res FileResult) error {
	return publishDocuments(ctx, f.db, f.blobs, res.MessageID, res.Retired)
}

// publishAfterCommit publishes at once so that the keys are there when File
// or Move returns. A failure is only logged: the filing is committed and the
// queued publish job retries the same steps.
func (f *Filer) publishAfterCommit(ctx context.Context, res FileResult) {
	if err := f.Publish(ctx, res); err != nil {
		f.log.Warn("publishing filed documents failed; the publish job retries", "message_id", res.MessageID, "err", err)
	}
}

// publishDocuments copies the documents of messageID to their browse keys
// and deletes the retired keys. The documents stay locked while their keys
// are linked: a move that commits meanwhile would otherwise find its old
// keys deleted and then re-created here. A link waits for the disk only
// when it creates a claim's folder; the flushes of the directories that
// gained keys come after the locks are released, so no transaction stays
// open while they wait. What a move does in between changes nothing the
// flushes make durable. The caller counts the keys published (its job
// done) only once the flushes return.
func publishDocuments(ctx context.Context, db *storage.DB, blobs blob.Store, messageID int64, retired []string) error {
	// One batch: each directory that gains keys is flushed once, not once
	// per key.
	b := blob.NewBatch(blobs)
	defer b.Close()
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		docs, err := storage.LockDocumentKeysToPublish(ctx, tx, messageID)
		if err != nil {
			return err
		}
		return linkBrowseKeys(ctx, b, docs)
	})
	if err != nil {
		return err
	}
	if err := b.Commit(ctx); err != nil {
		return fmt.Errorf("publish documents of message %d: %w", messageID, err)
	}
	_, err = deleteRetiredKeys(ctx, db, blobs, retired)
	return err
}

// linkBrowseKeys copies each document, and its stamped copy, to its browse
// key in b.
func linkBrowseKeys(ctx context.Context, b blob.Batch, docs []storage.DocumentKeys) error {
	for _, d := range docs {
		if err := b.Copy(ctx, blob.ContentKey(d.SHA256), d.BrowseKey); err != nil {
			return fmt.Errorf("publish document %d: %w", d.ID, err)
		}
		if d.StampedSHA256 != "" {
			if err := b.Copy(ctx, blob.ContentKey(d.StampedSHA256), d.StampedBrowseKey()); err != nil {
				return fmt.Errorf("publish stamped copy of document %d: %w", d.ID, err)
			}
		}
	}
	return nil
}

// deleteRetiredKeys deletes the blobs of browse keys given up, and frees
// the keys in the transaction that deletes them, so that no new document
// takes one while its old file is still there. A key freed already is left
// alone, since a new document may hold it. deleted counts the keys freed.
func deleteRetiredKeys(ctx context.Context, db *storage.DB, blobs blob.Store, keys []string) (deleted int, err error) {
	if len(keys) == 0 {
		return 0, nil
	}
	err = db.InTx(ctx, func(tx pgx.Tx) error {
		released, err := storage.ReleaseRetiredBrowseKeys(ctx, tx, keys)
		if err != nil {
			return err
		}
		for _, r := range released {
			// Only browse keys: the content-addressed originals and stamped
			// copies stay, the database refers to them.
			for _, key := range append([]string{r.Key}, r.Stamped...) {
				if err := blobs.Delete(ctx, key); err != nil {
					return err
				}
			}
			if d := r.Republish; d != nil {
				// Its stamped copy was at one of those names.
				if err := blobs.Copy(ctx, blob.ContentKey(d.StampedSHA256), d.StampedBrowseKey()); err != nil {
					return fmt.Errorf("publish stamped copy of document %d: %w", d.ID, err)
				}
			}
		}
		deleted = len(released)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("delete retired browse keys: %w", err)
	}
	return deleted, nil
}

// Stampable reports whether a document gets a received stamp: every PDF,
// and a picture (a phone photo, a HEIC one too) typed as a signed form,
// whose stamped copy is a PDF of it; never an ordinary photo. Senders
// label PDFs application/octet-stream often enough that the name counts
// too; a file that is not a PDF after all gets a stamp error.
func Stampable(d storage.Document) bool {
	return d.IsPDF() || isPicture(d) && classify.SignedForm(d.DocType)
}

// isPicture reports whether d is a picture, which OCR reads.
func isPicture(d storage.Document) bool {
	k := ocr.KindOf(d.Filename, d.ContentType)
	return k == ocr.Image || k == ocr.HEIC
}

// correspondenceFilename names a filed message after its subject:
// "Estimate 26-1001-WTR.eml", or "message.eml" without a usable subject.
func correspondenceFilename(subject string) string {
	const ext = ".eml"
	// A slash in a subject is a date or a fraction ("Invoice 11/05"), not a
	// path: the sanitizer would keep only what follows it.
	stem := mailparse.SanitizeStem(strings.NewReplacer("/", "-", `\`, "-").Replace(subject), len(ext))
	if stem == "" {
		stem = "message"
	}
	return stem + ext
}

// PublishArgs is the job that runs the blob steps of a filing or move
// (see Filer.Publish), queued in its transaction.
type PublishArgs struct {
	MessageID int64    `json:"message_id"`
	Retired   []string `json:"retired,omitempty"`
}

// Kind names the job in River's tables.
func (PublishArgs) Kind() string { return "publish_documents" }

// InsertOpts retries for a long while: a blob store down for hours must not
// leave documents without their browse keys.
func (PublishArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 25}
}

// PublishWorker is the River worker of PublishArgs.
type PublishWorker struct {
	river.WorkerDefaults[PublishArgs]
	db    *storage.DB
	blobs blob.Store
}

// NewPublishWorker builds the publish worker.
func NewPublishWorker(db *storage.DB, blobs blob.Store) *PublishWorker {
	return &PublishWorker{db: db, blobs: blobs}
}

// Work publishes the documents of one message. Every error is our
// infrastructure's (database, blob store), so every error is retried.
func (w *PublishWorker) Work(ctx context.Context, job *river.Job[PublishArgs]) error {
	return publishDocuments(ctx, w.db, w.blobs, job.Args.MessageID, job.Args.Retired)
}

// queuePublish queues the publish job of a filed message on its own.
func (f *Filer) queuePublish(ctx context.Context, messageID int64) error {
	return f.db.InTx(ctx, func(tx pgx.Tx) error { return f.queue.enqueuePublish(ctx, tx, messageID, nil) })
}

// enqueuePublish queues the publish job of a filing or move within its
// transaction.
func (q *Queue) enqueuePublish(ctx context.Context, tx pgx.Tx, messageID int64, retired []string) error {
	if _, err := q.client.InsertTx(ctx, tx, PublishArgs{MessageID: messageID, Retired: retired}, nil); err != nil {
		return fmt.Errorf("enqueue publishing of message %d: %w", messageID, err)
	}
	return nil
}
