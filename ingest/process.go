package ingest

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/sla"

	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// Processor is the River worker that takes a stored message through the
// pipeline: parse, classify, file.
type Processor struct {
	river.WorkerDefaults[ProcessArgs]
	db         *storage.DB
	blobs      blob.Store
	cfg        ProcessorConfig
	classifier *Classifier
	log        *slog.Logger
	// beforeNewClaim, when set, runs between an assignment's decision and
	// the creation of its claim: tests hold a run there to stage the race
	// of parallel workers that the job numbers' order must survive.
	beforeNewClaim func(ctx context.Context, messageID int64)
	// beforeWaiting, when set, runs between a classification that found
	// files to read with OCR and setting the message waiting for them:
	// tests hold a run there to stage the readings and runs that race it.
	beforeWaiting func(ctx context.Context, messageID int64)
	// beforeSave, when set, runs between a classification and the
	// transaction that stores it: tests decide the message there, as a
	// person or another run would meanwhile.
	beforeSave func(ctx context.Context, messageID int64)
	// earlier remembers the earlier messages new claims have read.
	earlier *earlierMemo
	// texts has the PDFs' texts read, and which of them the database keeps.
	texts *pdfTextCache
	// openClaims keeps every office's open claims between messages.
	openClaims *OpenClaimsCache
}

// ProcessorConfig is what processing needs to know about the office.
type ProcessorConfig struct {
	Parse      mailparse.ParseOptions
	Classify   classify.Config
	JobPattern string         // job numbers of claims created from assignments; default classify.DefaultJobPattern
	Location   *time.Location // the office's time zone
	TempDir    string
	// Calendar counts the business minutes of acknowledgment deadlines;
	// nil turns the SLA tracking off.
	Calendar *sla.Calendar
	// Offices, when set, gives each office's calendar, which counts its
	// messages' deadlines instead of Calendar, and the offices themselves,
	// which are otherwise read from the database for every message.
	Offices    OfficeRegistry
	AckMinutes int // default sla.DefaultAckMinutes
	// Filer files the documents of messages classified to a claim; nil
	// classifies without filing.
	Filer *Filer
	// Timeout bounds one processing run; default ProcessTimeout.
	Timeout time.Duration
	// Steps, when set, adds up the time of each step (parse, text,
	// classify, order, store).
	Steps *StepTimes
}

// OfficeCalendars gives the rules an office counts by;
// officerules.Registry does.
type OfficeCalendars interface {
	For(office int64) sla.OfficeRules
}

// OfficeRegistry keeps the offices and the rules each counts by in
// memory, read again when one is added or changed; officerules.Registry
// does.
type OfficeRegistry interface {
	OfficeCalendars
	// Offices returns every office as last read, the default one first.
	Offices() []storage.Office
}

// NewProcessor builds the processing worker.
func NewProcessor(db *storage.DB, blobs blob.Store, cfg ProcessorConfig, log *slog.Logger) *Processor {
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	cfg.AckMinutes = cmp.Or(cfg.AckMinutes, sla.DefaultAckMinutes)
	cfg.Timeout = cmp.Or(cfg.Timeout, ProcessTimeout)
	texts := newPDFTextCache(db)
	return &Processor{
		db: db, blobs: blobs, cfg: cfg, log: log, earlier: newEarlierMemo(), texts: texts, openClaims: NewOpenClaimsCache(db),
		classifier: &Classifier{Config: cfg.Classify, Blobs: blobs, TempDir: cfg.TempDir, KeepTexts: true, Known: texts, OCRTexts: db, Steps: cfg.Steps},
	}
}

// ProcessTimeout bounds one processing run: large attachments take a while.
const ProcessTimeout = 10 * time.Minute

// Timeout bounds one processing run.
func (p *Processor) Timeout(*river.Job[ProcessArgs]) time.Duration { return p.cfg.Timeout }

// noHeaderReason is what a message without a mail header shows as its
// failure.
const noHeaderReason = "not a mail message: no header at the start (empty, or other data); processing it again cannot help"

// errTransient marks failures of our own infrastructure (database, blob
// store), worth retrying with backoff; anything else is the message's fault.
var errTransient = errors.New("transient")

// Work processes one message. Running it again is safe: every step replaces
// or skips what an earlier run did.
func (p *Processor) Work(ctx context.Context, job *river.Job[ProcessArgs]) error {
	id := job.Args.MessageID
	err := p.process(ctx, id, job.Args, job.JobRow)
	if err == nil {
		return nil
	}
	if errors.Is(err, errPublish) {
		return err // filed: only its publishing is to do again
	}
	if errors.Is(err, storage.ErrChangeUnderway) {
		// Not the message's fault, and no attempt used: run again soon,
		// at a time of its own, as two rematches queuing each other may
		// both have met the other's change.
		p.log.Info("a change is asking for the message to be matched again; matching it again shortly", "message_id", id)
		return river.JobSnooze(changeUnderwayWait + rand.N(changeUnderwayWait))
	}
	if errors.Is(err, mailparse.ErrNoHeader) {
		// Bytes that are not mail (empty, binary garbage) stay what they
		// are: no retry, automatic or by a person, can read them.
		p.log.Warn("message has no mail header; failed for good", "message_id", id)
		return p.db.FailMessagePermanently(context.WithoutCancel(ctx), id, noHeaderReason)
	}
	timedOut := errors.Is(ctx.Err(), context.DeadlineExceeded)
	if timedOut {
		// The message's own doing (a pathological part): another run would
		// hold a worker as long again, so it waits for a person's retry.
		err = fmt.Errorf("processing took longer than %v and was stopped", p.cfg.Timeout)
	}
	if timedOut || !errors.Is(err, errTransient) || job.Attempt >= job.MaxAttempts {
		p.log.Warn("message processing failed", "message_id", id, "err", err)
		if serr := p.db.SetMessageStatus(context.WithoutCancel(ctx), id, storage.StatusFailed, err.Error()); serr != nil {
			return serr
		}
		return nil // the message shows as failed; claimdesk retry runs it again
	}
	return err
}

// changeUnderwayWait is the least time a rematch that met a change under
// way waits before it runs again (see run.stillCurrent); up to as long
// again is added at random.
const changeUnderwayWait = 250 * time.Millisecond

// Process runs the pipeline on message id.
func (p *Processor) Process(ctx context.Context, id int64) error {
	return p.process(ctx, id, ProcessArgs{MessageID: id}, nil)
}

// process runs the pipeline on message id, as job (nil outside the job
// queue); a.Rematch also takes a message out of triage when it now
// matches, and a.Refine types the pictures of a filed message again.
func (p *Processor) process(ctx context.Context, id int64, a ProcessArgs, job *rivertype.JobRow) error {
	m, err := p.db.GetMessage(ctx, id)
	if errors.Is(err, storage.ErrNotFound) {
		return nil // deleted since: nothing to do
	}
	if err != nil {
		return fmt.Errorf("%w: %w", errTransient, err)
	}
	switch {
	case m.Status == storage.StatusNew, m.Status == storage.StatusFailed, m.Status == storage.StatusParsed:
	case a.Rematch && m.Status == storage.StatusTriage:
	case a.Rematch && m.Status == storage.StatusIgnored:
		// A delivery report read before the office's message it returns
		// was filed (see linkReports): checked once parsed.
	case m.Status == storage.StatusTriage && !a.Refine:
		// Put in triage by an earlier run of this job, which may have
		// stopped before it looked for what settles the message.
		return p.afterEarlierRun(ctx, m, func() error { return p.recheckTriage(ctx, m.ID, m.OfficeID, nil) })
	case a.Refine && m.Status == storage.StatusFiled && p.cfg.Filer != nil:
		return p.refine(ctx, m)
	case m.Status == storage.StatusFiled && p.cfg.Filer != nil:
		// Filed by an earlier run of this job that may have stopped before
		// publishing its documents: publishing again is harmless.
		return p.afterEarlierRun(ctx, m, func() error { return p.publish(ctx, m.ID) })
	default:
		return p.afterEarlierRun(ctx, m, nil) // already past this job's steps
	}
	start := time.Now()
	raw, err := p.blobs.Get(ctx, blob.ContentKey(m.RawSHA256))
	if err != nil {
		return fmt.Errorf("%w: read raw message: %w", errTransient, err)
	}
	defer raw.Close()
	sink := newBatchSink(p.blobs, p.cfg.TempDir, p.cfg.Steps)
	defer sink.close()
	parsed, err := mailparse.ParseMessage(ctx, raw, sink, p.cfg.Parse)
	if err == nil {
		err = sink.commit(ctx)
	}
	p.cfg.Steps.Add(StepParse, time.Since(start)-sink.stored)
	if err != nil {
		if errors.Is(err, errTransient) || ctx.Err() != nil {
			return fmt.Errorf("%w: %w", errTransient, err)
		}
		return fmt.Errorf("parse: %w", err)
	}
	if m.Status == storage.StatusIgnored && parsed.DeliveryFailure == nil {
		return nil // only a delivery report is matched again once ignored
	}
	err = p.classify(ctx, m, parsed, runOf(m, a, job))
	if err != nil && m.Status != storage.StatusTriage {
		// The parse is saved with the classification; without one, it is
		// saved alone, so that a person deciding about the message sees it.
		if serr := p.db.SaveParsed(context.WithoutCancel(ctx), id, toStored(parsed)); serr != nil {
			p.log.Warn("save parsed message", "message_id", id, "err", serr)
		}
	}
	return err
}

// run is what a processing job's run of a message knows besides the
// message itself.
type run struct {
	// newToTriage says whether the message, put in triage, looks for what
	// settles it itself (see recheckTriage): it was not in triage before,
	// moved from another office, or has more text read. Otherwise it is
	// news to none of the filings that could settle it.
	newToTriage bool
	// rematch is the running attempt of a rematch job, nil for other runs
	// (see stillCurrent).
	rematch *rivertype.JobRow
}

func runOf(m storage.StoredMessage, a ProcessArgs, job *rivertype.JobRow) run {
	r := run{newToTriage: m.Status != storage.StatusTriage || a.MovedTo != 0 || a.AfterOCR != ""}
	if a.Rematch {
		r.rematch = job
	}
	return r
}

// stillCurrent returns errTaken, last in the run's transaction, when a
// rematch of message id was queued behind this attempt: a change committed
// since the attempt started asked for it, and the claims the run read may
// be older than that change. The rematch behind reads after the change and
// decides; the run's decision, a filing the change took away say, is not
// saved. A change queuing one now stops the run, to run again shortly
// (see Work); one that comes later waits for the run's commit, its
// decision then first (see storage.RematchQueuedBehind).
func (r run) stillCurrent(ctx context.Context, tx pgx.Tx, id int64) error {
	if r.rematch == nil {
		return nil
	}
	switch behind, err := storage.RematchQueuedBehind(ctx, tx, id, r.rematch.ID, r.rematch.Attempt); {
	case err != nil:
		return err
	case behind:
		return errTaken
	}
	return nil
}

// classify decides the message's claim and stores the decision; an
// assignment creates its claim. A message filed, or a claim created, may
// settle messages waiting in triage: they are matched again.
func (p *Processor) classify(ctx context.Context, m storage.StoredMessage, parsed *mailparse.Message, r run) error {
	start := time.Now()
	office, err := p.messageOffice(ctx, m, parsed)
	if err != nil {
		return err
	}
	reg := NewDBRegistry(ctx, p.db, office.ID).WithOpenClaims(p.openClaims)
	c := p.classifierFor(office).Classify(ctx, parsed, reg)
	p.cfg.Steps.Add(StepClassify, time.Since(start)-c.textTime)
	if reg.Err != nil {
		return fmt.Errorf("%w: claims registry: %w", errTransient, reg.Err)
	}
	c.threadClaims = reg.ThreadClaims()
	readLater := p.readAfterFiling(c)
	if !readLater {
		switch wait, err := p.awaitOCR(ctx, m, parsed, c.AwaitOCR); {
		case err != nil:
			return err
		case wait == ocrReadMeanwhile:
			// Texts now read: classify again rather than queue a run that
			// River could fold into one already past its reading.
			if m.Status != storage.StatusTriage {
				m.Status = storage.StatusParsed
			}
			return p.classify(ctx, m, parsed, r)
		case wait != ocrNone:
			return nil
		}
	}
	return p.store(ctx, m, parsed, office.ID, c, readLater, r)
}

// store stores classification c of message m, in office, with what it
// decides in one transaction: the claim an assignment creates, the
// documents filed, the messages in triage it may settle queued to be
// matched again. It then publishes what was filed.
func (p *Processor) store(ctx context.Context, m storage.StoredMessage, parsed *mailparse.Message, office int64, c Classification, readLater bool, r run) error {
	rec, upd, earlier, err := p.prepareStore(ctx, m, parsed, office, c)
	if err != nil {
		return err
	}
	if p.beforeSave != nil {
		p.beforeSave(ctx, m.ID)
	}
	start := time.Now()
	defer p.cfg.Steps.since(StepStore, start)
	var filed FileResult
	err = p.db.InTx(ctx, func(tx pgx.Tx) error {
		if err := takeToOffice(ctx, tx, &m, office); err != nil {
			return err
		}
		claim, err := p.claimOf(ctx, tx, m, parsed, c.Decision, earlier)
		if err != nil {
			return err
		}
		rec.Status = statusOf(claim, c.Decision)
		if claim != nil {
			rec.ClaimID = claim.ID
		}
		if err := p.save(ctx, tx, m, parsed, rec, c, claim, upd); err != nil {
			return err
		}
		if claim != nil {
			if filed, err = p.settleFiled(ctx, tx, m, parsed, claim, c, readLater); err != nil {
				return err
			}
		}
		return r.stillCurrent(ctx, tx, m.ID)
	})
	switch {
	case errors.Is(err, errTaken):
		// What this run read is stale: what decided the message, or the
		// rematch queued behind it, stands.
		p.log.Info("message decided by another run or a person meanwhile; left as it is", "message_id", m.ID)
		return nil
	case errors.Is(err, storage.ErrConflict):
		return fmt.Errorf("file: %w", err) // filed elsewhere meanwhile: a person decides
	case err != nil:
		return fmt.Errorf("%w: save classification: %w", errTransient, err)
	}
	if rec.Status == storage.StatusTriage && r.newToTriage {
		if err := p.recheckTriage(ctx, m.ID, office, c.threadClaims); err != nil {
			return fmt.Errorf("%w: %w", errTransient, err)
		}
	}
	if err := p.linkUndelivered(ctx, m, rec.Undelivered != nil); err != nil {
		return err
	}
	return p.afterStored(ctx, m, rec.Status, c, filed, readLater)
}

// prepareStore works out, before store's transaction, what it records of
// message m's classification c in office: its record, the update it may
// be, and the claims that earlier assignments create first.
func (p *Processor) prepareStore(ctx context.Context, m storage.StoredMessage, parsed *mailparse.Message, office int64, c Classification) (storage.Classification, *updateContext, []earlierAssignment, error) {
	d := c.Decision
	rec, err := p.classificationRecord(m, office, c)
	if err != nil {
		return storage.Classification{}, nil, nil, err
	}
	upd, err := p.updateContextOf(ctx, m, d)
	if err != nil {
		return storage.Classification{}, nil, nil, err
	}
	rec.Undelivered = undeliveredOf(m, parsed)
	start := time.Now()
	earlier, err := p.claimsBefore(ctx, m, d)
	if err != nil {
		return storage.Classification{}, nil, nil, err
	}
	if d.Outcome == classify.OutcomeNewClaim {
		p.cfg.Steps.since(StepOrder, start)
	}
	return rec, upd, earlier, nil
}

// afterEarlierRun does again, for message m that an earlier run of its job
// stored, the steps that follow the store's commit and might not have run
// (the job stopped, or one of them failed): the delivery report links, then
// rest (nil: nothing more). Each is harmless twice.
func (p *Processor) afterEarlierRun(ctx context.Context, m storage.StoredMessage, rest func() error) error {
	if err := p.linkReports(ctx, m.ID, linkAndReturned(storage.LinkUndelivered)); err != nil {
		return err
	}
	if rest == nil {
		return nil
	}
	return rest()
}

// linkUndelivered links a delivery report (report) and the office's
// message it returns, whichever of the two is stored second: each looks
// for the other after its own commit, so that of two stored at once the
// later look sees the other.
func (p *Processor) linkUndelivered(ctx context.Context, m storage.StoredMessage, report bool) error {
	switch {
	case report:
		return p.linkReports(ctx, m.ID, linkAndReturned(storage.LinkUndeliveredReport))
	case m.Direction == "out":
		return p.linkReports(ctx, m.ID, storage.LinkReportsOf)
	}
	return nil
}

// linkAndReturned is link, which also returns the office's messages in
// triage that the delivery report it links returns: matched again, the
// report may tell whom they were meant for.
func linkAndReturned(link func(context.Context, pgx.Tx, int64) ([]int64, error)) func(context.Context, pgx.Tx, int64) ([]int64, error) {
	return func(ctx context.Context, tx pgx.Tx, id int64) ([]int64, error) {
		ids, err := link(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		returned, err := storage.ReturnedInTriage(ctx, tx, id)
		return append(ids, returned...), err
	}
}

// linkReports runs link, one of storage's delivery report links, for
// message id, and queues the reports it returns to be matched again in the
// same transaction: read before the office's message was filed, they go
// where it is.
func (p *Processor) linkReports(ctx context.Context, id int64, link func(context.Context, pgx.Tx, int64) ([]int64, error)) error {
	err := p.db.InTx(ctx, func(tx pgx.Tx) error {
		reports, err := link(ctx, tx, id)
		if err != nil {
			return err
		}
		return p.enqueueRematch(ctx, tx, reports)
	})
	if err != nil {
		return fmt.Errorf("%w: %w", errTransient, err)
	}
	return nil
}

// afterStored does what follows the commit of message m's classification
// c, which gave it status: the PDFs' texts are remembered as kept, what was
// filed is published, and pictures read meanwhile type the documents.
func (p *Processor) afterStored(ctx context.Context, m storage.StoredMessage, status string, c Classification, filed FileResult, readLater bool) error {
	if status != storage.StatusIgnored {
		p.texts.keep(slices.Collect(maps.Keys(c.Texts)))
	}
	if filed.MessageID != 0 {
		if err := p.publish(ctx, filed.MessageID); err != nil {
			return err
		}
	}
	p.logProcessed(m, status, filed)
	if readLater {
		p.log.Info("message filed before its pictures are read", "message_id", m.ID, "files", len(c.AwaitOCR))
		p.refineIfReadMeanwhile(ctx, m, c.AwaitOCR)
	}
	return nil
}

// logProcessed says where message m went: the one line an office manager
// follows mail by in the server's log.
func (p *Processor) logProcessed(m storage.StoredMessage, status string, filed FileResult) {
	if filed.ClaimID == 0 {
		p.log.Info("message processed", "message_id", m.ID, "status", status)
		return
	}
	p.log.Info("message filed", "message_id", m.ID, "claim_id", filed.ClaimID,
		"documents", len(filed.Documents), "new_documents", filed.Created)
}

// save stores within tx message m's parse and classification rec, the
// texts of its PDFs and what tracking it keeps, filed to claim (nil: none),
// in one round trip: each trip makes the transaction wait for the database
// and then for its worker's turn on the CPU. Only what tracking's answers
// call for takes more.
func (p *Processor) save(ctx context.Context, tx pgx.Tx, m storage.StoredMessage, parsed *mailparse.Message,
	rec storage.Classification, c Classification, claim *storage.Claim, upd *updateContext) error {
	b := &pgx.Batch{}
	storage.QueueProcessed(b, m.ID, toStored(parsed), rec)
	// The PDFs' texts, read once for classification, make the documents
	// filed from them searchable: now, or once assigned from triage.
	if rec.Status != storage.StatusIgnored {
		if err := storage.QueueFileTexts(b, p.texts.unkept(c.Texts)); err != nil {
			return err
		}
	}
	return p.track(ctx, tx, b, m, parsed, rec.NeedsAck, claim, c.DocTypes, upd)
}

// calendarOf returns the calendar the deadlines of office's mail are
// counted by; nil when SLA tracking is off.
func (p *Processor) calendarOf(office int64) *sla.Calendar {
	return officeCalendar(p.cfg.Offices, p.cfg.Calendar, office)
}

// officeCalendar returns office's calendar in offices, else def (offices
// nil); nil when def is, as SLA tracking is off then.
func officeCalendar(offices OfficeCalendars, def *sla.Calendar, office int64) *sla.Calendar {
	if def == nil || offices == nil {
		return def
	}
	return offices.For(office).Calendar
}

// classificationRecord is what is stored of message m's classification c,
// with its acknowledgment deadline in office's business time.
func (p *Processor) classificationRecord(m storage.StoredMessage, office int64, c Classification) (storage.Classification, error) {
	decision, err := json.Marshal(c.Decision)
	if err != nil {
		return storage.Classification{}, err
	}
	rec := storage.Classification{NeedsAck: c.NeedsAck, Decision: decision, Unknown: c.Decision.Unknown, DocTypes: map[string][2]string{}}
	for path, dt := range c.DocTypes {
		rec.DocTypes[path] = [2]string{dt.Type, dt.Evidence}
	}
	if cal := p.calendarOf(office); cal != nil && m.Direction == "in" && c.NeedsAck {
		due := cal.Due(m.ArrivedAt, p.cfg.AckMinutes)
		rec.AckDue = &due
	}
	return rec, nil
}

// undeliveredOf is what delivery report m says of the mail it returns:
// nil unless it reports failed recipients of a message it names. Whether
// the office sent that message is linkUndelivered's to find out.
func undeliveredOf(m storage.StoredMessage, parsed *mailparse.Message) *storage.Undelivered {
	f := parsed.DeliveryFailure
	if f == nil || f.MessageID == "" || m.Direction != "in" {
		return nil
	}
	u := &storage.Undelivered{Returned: f.MessageID}
	for _, r := range f.Recipients {
		u.Recipients = append(u.Recipients, storage.UndeliveredRecipient{Address: r.Address, Final: r.Final, Status: r.Status, Diagnostic: r.Diagnostic})
	}
	return u
}

// statusOf is the status of a message decided as d, filed to claim (nil
// when none).
func statusOf(claim *storage.Claim, d classify.Decision) string {
	switch {
	case claim != nil:
		return storage.StatusFiled
	case d.Outcome == classify.OutcomeIgnored:
		return storage.StatusIgnored
	default:
		return storage.StatusTriage
	}
}

// settleFiled does within tx what follows message m's filing to claim: the
// water category is filled in, its documents are filed (and its pictures
// queued for OCR when they are read after filing), and waiting messages of
// its thread are matched again. Filing belongs to the same transaction: a
// message is never filed without its documents.
func (p *Processor) settleFiled(ctx context.Context, tx pgx.Tx, m storage.StoredMessage, parsed *mailparse.Message,
	claim *storage.Claim, c Classification, readLater bool) (FileResult, error) {
	filed, err := p.fileSettled(ctx, tx, m, parsed, claim, c, readLater)
	if err != nil {
		return FileResult{}, err
	}
	// Last: every message filed into the claim queues the same rematch
	// jobs, and a unique job another transaction has inserted uncommitted
	// waits for that transaction's end. Waiting at the last statement, this
	// transaction holds nothing the other may still need (the claim's row,
	// its documents): queued first, two runs filing into one claim
	// deadlocked.
	if err := p.rematchWaiting(ctx, tx, m, claim, parsed.MessageID); err != nil {
		return FileResult{}, err
	}
	return filed, nil
}

// fileSettled fills in claim's water category from m and files m's
// documents into it, queueing the OCR of its pictures when they are read
// after filing.
func (p *Processor) fileSettled(ctx context.Context, tx pgx.Tx, m storage.StoredMessage, parsed *mailparse.Message,
	claim *storage.Claim, c Classification, readLater bool) (FileResult, error) {
	if err := fillWaterCategory(ctx, tx, claim.ID, m.ID, parsed, c); err != nil {
		return FileResult{}, err
	}
	if p.cfg.Filer == nil {
		return FileResult{}, nil
	}
	types := make(map[string]string, len(c.DocTypes))
	for path, dt := range c.DocTypes {
		types[path] = dt.Type
	}
	// This job publishes after the commit, and runs again if it stops
	// before (process publishes a filed message): no publish job.
	filed, err := p.cfg.Filer.FileTx(ctx, tx, FileRequest{MessageID: m.ID, ClaimID: claim.ID, DocTypes: types, PublishedByCaller: true})
	if err != nil || !readLater {
		return filed, err
	}
	_, err = enqueueOCR(ctx, tx, m.ID, c.AwaitOCR)
	return filed, err
}

// refineIfReadMeanwhile refines the types of the pictures of m, filed before
// they were read, if they were all read meanwhile: a copy's OCR job already
// running when m's was folded into it may have looked for the messages
// carrying the file before m showed as filed. It looks once m shows so.
func (p *Processor) refineIfReadMeanwhile(ctx context.Context, m storage.StoredMessage, files []OCRFile) {
	read, err := p.allRead(ctx, files)
	if err == nil && read {
		err = p.refine(ctx, m)
	}
	if err != nil {
		p.log.Warn("pictures read meanwhile: types not refined", "message_id", m.ID, "err", err)
	}
}

// claimOf is the claim the decision d files m into, nil for none: the
// claim an assignment creates (after earlier ones' claims), or a known one,
// which a repeated assignment fills in.
func (p *Processor) claimOf(ctx context.Context, tx pgx.Tx, m storage.StoredMessage, parsed *mailparse.Message, d classify.Decision, earlier []earlierAssignment) (*storage.Claim, error) {
	switch d.Outcome {
	case classify.OutcomeNewClaim:
		created, err := p.newClaim(ctx, tx, m, assignmentClaim(d.Assignment, m.OfficeID), p.receivedAt(parsed), earlier)
		if err != nil {
			return nil, err
		}
		return &created, nil
	case classify.OutcomeFiled:
		c := &storage.Claim{ID: d.Claim.ID, JobNumber: d.Claim.JobNumber, ClaimNumber: d.Claim.ClaimNumber,
			PolicyNumber: d.Claim.PolicyNumber, AdjusterEmail: d.Claim.AdjusterEmail, AdjusterFileNumber: d.Claim.FileNumber}
		if d.Assignment != nil {
			// A repeated assignment fills in what the claim lacks: an
			// adjusting firm's file number that mail waiting names, say.
			a := assignmentClaim(d.Assignment, m.OfficeID)
			filled, _, err := storage.ClaimFromAssignment(ctx, tx, a, p.cfg.JobPattern, p.receivedAt(parsed), m.ID)
			if err != nil {
				return nil, err
			}
			c.AdjusterFileNumber = filled.AdjusterFileNumber
		}
		return c, nil
	}
	return nil, nil
}

// recheckTriage queues message id, which a run has put in triage in
// office, to be matched again when what settles it committed while the
// run classified it: a claim with a number it names, or a filing in its
// thread other than into seen, the claims its classification found there
// (see storage.TriageSettled). The filing or claim looked for mail in
// triage before the message was there. It runs after the message's own
// transaction, in one that waits for nothing else first: waiting for the
// triage lock while holding the message's rows could close a circle of
// transactions waiting for each other.
func (p *Processor) recheckTriage(ctx context.Context, id, office int64, seen []int64) error {
	return p.db.InTx(ctx, func(tx pgx.Tx) error {
		settled, err := storage.TriageSettled(ctx, tx, id, office, seen)
		if err != nil || !settled {
			return err
		}
		p.log.Info("what settles the message committed while it was classified; matching it again", "message_id", id)
		return p.enqueueRematch(ctx, tx, []int64{id})
	})
}

// rematchWaiting queues matching again for the messages of m's office
// that claim, just filed into by m (Message-ID messageID) or created, may
// settle: replies waiting for messageID's thread, messages naming the
// claim's numbers, and delivery reports of m outside a claim.
func (p *Processor) rematchWaiting(ctx context.Context, tx pgx.Tx, m storage.StoredMessage, claim *storage.Claim, messageID string) error {
	waiting, err := awaitingFiling(ctx, tx, m.OfficeID, m.ID, m.Direction, messageID, claimNumbers(*claim))
	if err != nil {
		return err
	}
	return p.enqueueRematch(ctx, tx, waiting)
}

// awaitingFiling returns, within tx, the messages that the filing of
// message id (of office, direction and Message-ID messageID) may settle:
// mail in triage waiting for its thread or naming one of numbers, and, for
// the office's own message, its delivery reports linked while it waited
// (for OCR, in triage) outside a claim.
func awaitingFiling(ctx context.Context, tx pgx.Tx, office, id int64, direction, messageID string, numbers []string) ([]int64, error) {
	waiting, err := storage.MessagesAwaiting(ctx, tx, office, messageID, numbers)
	if err != nil || direction != "out" {
		return waiting, err
	}
	reports, err := storage.ReportsOutsideClaim(ctx, tx, id)
	return append(waiting, reports...), err
}

// ocrWait is what awaitOCR made of a message's files only OCR can read.
type ocrWait int

const (
	ocrNone          ocrWait = iota // nothing to wait for (or no queue): classify now
	ocrWaiting                      // set waiting: the files' readings process it again
	ocrTaken                        // another run classified it meanwhile: left as that run left it
	ocrReadMeanwhile                // set waiting, but all read meanwhile: classify again now
)

// errTaken stops a run from storing what it made of a message that
// another run, or a person, has decided since this one read it.
var errTaken = errors.New("message decided by another run or a person meanwhile")

// awaitOCR queues the reading of the attachments only OCR can read, and
// sets the message waiting for them in the same transaction: it is
// classified once their texts are read (a claim number printed on a scan is
// evidence), without holding a processing worker meanwhile. The parse is
// saved, so the message shows as parsed while it waits.
//
// Every reading's job looks for the messages waiting for it after keeping
// its text, and this looks for the texts after the message shows as
// waiting: whichever comes second sees the other, so no message waits for a
// reading that has ended.
func (p *Processor) awaitOCR(ctx context.Context, m storage.StoredMessage, parsed *mailparse.Message, files []OCRFile) (ocrWait, error) {
	if len(files) == 0 {
		return ocrNone, nil
	}
	if p.beforeWaiting != nil {
		p.beforeWaiting(ctx, m.ID)
	}
	var queued bool
	err := p.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		queued, err = enqueueOCR(ctx, tx, m.ID, files)
		if err != nil || !queued || m.Status == storage.StatusTriage {
			return err
		}
		set, err := storage.SaveParsedWaiting(ctx, tx, m.ID, toStored(parsed))
		if err == nil && !set {
			err = errTaken
		}
		return err
	})
	switch {
	case errors.Is(err, errTaken):
		p.log.Info("message classified by another run while this one read it", "message_id", m.ID)
		return ocrTaken, nil
	case err != nil:
		return ocrNone, fmt.Errorf("%w: %w", errTransient, err)
	case !queued:
		return ocrNone, nil
	}
	read, err := p.allRead(ctx, files)
	if err != nil {
		return ocrNone, fmt.Errorf("%w: %w", errTransient, err)
	}
	if read {
		return ocrReadMeanwhile, nil
	}
	p.log.Info("message waits for ocr", "message_id", m.ID, "files", len(files))
	return ocrWaiting, nil
}

// allRead reports whether OCR has read all of files.
func (p *Processor) allRead(ctx context.Context, files []OCRFile) (bool, error) {
	shas := make([]string, 0, len(files))
	for _, f := range files {
		shas = append(shas, f.SHA256)
	}
	read, err := p.db.OCRTextsOf(ctx, shas)
	if err != nil {
		return false, err
	}
	for _, sha := range shas {
		if _, ok := read[sha]; !ok {
			return false, nil
		}
	}
	return true, nil
}

// errPublish marks a filed message whose documents could not be published
// nor their publishing queued: the job runs again, and the message stays
// filed.
var errPublish = errors.New("publish filed documents")

// publish makes the documents of a filed message readable at their browse
// keys. When the blob store fails, a publish job takes over, with the
// patience of its own retries.
func (p *Processor) publish(ctx context.Context, id int64) error {
	err := p.cfg.Filer.Publish(ctx, FileResult{MessageID: id})
	if err == nil {
		return nil
	}
	p.log.Warn("publishing filed documents failed; a publish job retries", "message_id", id, "err", err)
	if qerr := p.cfg.Filer.queuePublish(ctx, id); qerr != nil {
		return fmt.Errorf("%w: %w", errPublish, errors.Join(err, qerr))
	}
	return nil
}

// updateContextOf reads what tells whether message m, classified as d, is
// its claim's daily update: office mail filed to a claim may be. It is read
// before the transaction, which must not wait for other connections; nil
// when m cannot be an update.
func (p *Processor) updateContextOf(ctx context.Context, m storage.StoredMessage, d classify.Decision) (*updateContext, error) {
	if m.Direction != "out" || d.Outcome != classify.OutcomeFiled || d.Claim == nil || p.cfg.Calendar == nil {
		return nil, nil
	}
	return p.readUpdateContext(ctx, d.Claim.ID)
}

// updateContext is what tells whether office mail on a claim is its daily
// update: the claim, its people and the office's reply templates. It is
// read before the pipeline's transaction, on connections of its own.
type updateContext struct {
	claim     storage.Claim
	people    []storage.ClaimParticipant
	templates []outbox.ReplyTemplate
}

// readUpdateContext reads the update context of claim claimID.
func (p *Processor) readUpdateContext(ctx context.Context, claimID int64) (*updateContext, error) {
	c, err := p.db.GetClaim(ctx, claimID)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, nil // deleted since it was matched: no update to count
	}
	if err != nil {
		return nil, fmt.Errorf("%w: claim of update: %w", errTransient, err)
	}
	people, err := p.db.ParticipantsOfClaims(ctx, []int64{claimID})
	if err != nil {
		return nil, fmt.Errorf("%w: participants of update: %w", errTransient, err)
	}
	saved, err := p.db.ReplyTemplates(ctx, c.OfficeID)
	if err != nil {
		return nil, fmt.Errorf("%w: reply templates: %w", errTransient, err)
	}
	return &updateContext{claim: c, people: people[claimID], templates: outbox.OfficeReplyTemplates(saved)}, nil
}

// isUpdate reports whether office mail is its claim's daily update: sent
// to the adjuster or carrier, and saying more than a bare acknowledgment
// or the update template left as it was (classify.UpdateCheck), or
// carrying documents.
func (u *updateContext) isUpdate(parsed *mailparse.Message, docTypes map[string]DocTypeResult) bool {
	if u == nil {
		return false
	}
	c := u.claim
	to := c.AdjusterEmail != "" && sentTo(parsed, c.AdjusterEmail)
	known := []string{c.InsuredName, c.JobNumber, c.ClaimNumber, c.PolicyNumber, c.AdjusterName, c.LossAddress, c.Carrier}
	for _, pp := range u.people {
		if (pp.Role == "adjuster" || pp.Role == "insurance_company") && pp.Email != "" && sentTo(parsed, pp.Email) {
			to = true
		}
		known = append(known, pp.Name)
	}
	if !to {
		return false
	}
	for _, dt := range docTypes {
		if dt.Type != classify.DocInline {
			return true
		}
	}
	check := classify.UpdateCheck{Known: known, Templates: outbox.TemplateWords(u.templates)}
	return check.IsUpdate(parsed.PlainText())
}

// sentTo reports whether addr is among m's recipients.
func sentTo(m *mailparse.Message, addr string) bool {
	for _, a := range append(append([]mailparse.Address(nil), m.To...), m.Cc...) {
		if strings.EqualFold(a.Email, addr) {
			return true
		}
	}
	return false
}

// enqueueRematch queues messages to be matched again, with the job queue of
// the running worker.
func (p *Processor) enqueueRematch(ctx context.Context, tx pgx.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	client, err := river.ClientFromContextSafely[pgx.Tx](ctx)
	if err != nil {
		return nil // outside a worker (tests calling Process): nothing to queue on
	}
	return insertRematches(ctx, client, tx, ids, 0)
}

// receivedAt is when the message arrived, for job numbers and stamps.
func (p *Processor) receivedAt(m *mailparse.Message) time.Time {
	if m.Date.IsZero() {
		return time.Now().In(p.cfg.Location)
	}
	return m.Date.In(p.cfg.Location)
}

// assignmentClaim is the claim assignment a asks office for.
func assignmentClaim(a *classify.Assignment, office int64) storage.Claim {
	return storage.Claim{
		OfficeID:    office,
		ClaimNumber: a.ClaimNumber, Carrier: a.Carrier, PolicyNumber: a.PolicyNumber, InsuredName: a.InsuredName,
		AdjusterFileNumber: a.FileNumber,
		LossAddress:        a.LossAddress, LossType: a.LossType, AdjusterName: a.AdjusterName,
		AdjusterEmail: a.AdjusterEmail, DateOfLoss: a.DateOfLoss, InsuredPhone: a.InsuredPhone,
		InsuredEmail: a.InsuredEmail, AdjusterPhone: a.AdjusterPhone, Cause: truncateUTF8(a.Cause, storage.MaxClaimField),
		LossDescription: truncateUTF8(a.LossDescription, storage.MaxClaimDescription),
	}
}

// fillWaterCategory gives claim id the water category and class a scope
// in the message names, where the claim has none yet: the scopes' PDF
// texts, then the body of a message that carries a scope or speaks of one
// (technicians write the 24-hour scope into the mail too). The claim's
// history has it as of message msg's arrival.
func fillWaterCategory(ctx context.Context, tx pgx.Tx, id, msg int64, parsed *mailparse.Message, c Classification) error {
	var texts []string
	var source string
	for _, part := range parsed.Parts {
		if dt, ok := c.DocTypes[part.Path]; ok && dt.Type == "scope" {
			source = cmp.Or(source, "scope "+part.Filename)
			texts = append(texts, c.Texts[part.SHA256])
		}
	}
	if source != "" || strings.Contains(strings.ToLower(parsed.Subject), "scope") {
		source = cmp.Or(source, "scope in the mail")
		texts = append(texts, parsed.Subject, parsed.PlainText())
	}
	cat, class := 0, 0
	for _, t := range texts {
		c2, k2 := classify.WaterCategory(t)
		cat, class = cmp.Or(cat, c2), cmp.Or(class, k2)
	}
	if cat == 0 && class == 0 {
		return nil
	}
	return storage.FillWaterCategory(ctx, tx, id, msg, cat, class, source)
}

// truncateUTF8 cuts s to at most n bytes without splitting a character:
// a cause or description an assignment runs on with is kept in part
// rather than refused.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func toStored(m *mailparse.Message) storage.ParsedMessage {
	out := storage.ParsedMessage{
		To:       emails(m.To),
		Cc:       emails(m.Cc),
		BodyText: m.TextBody,
		BodyHTML: m.HTMLBody,
		Warnings: m.Warnings,
		// Incomplete is the top message's: it covers the nested ones.
		Incomplete:  m.Incomplete,
		ForwardedBy: m.ForwardedBy,
	}
	for _, pt := range m.Parts {
		if pt.IsBody {
			continue
		}
		out.Parts = append(out.Parts, storage.MessagePart{
			Path: pt.Path, ContentType: pt.ContentType, Disposition: pt.Disposition, Filename: pt.Filename,
			ContentID: pt.ContentID, IsInline: pt.IsInline, IsAttachment: pt.IsAttachment, Nested: pt.Nested,
			Truncated: pt.Truncated, SHA256: pt.SHA256, Size: pt.Size,
		})
	}
	return out
}

func emails(as []mailparse.Address) []string {
	out := make([]string, 0, len(as))
	for _, a := range as {
		if a.Email != "" {
			out = append(out, a.Email)
		}
	}
	return out
}
