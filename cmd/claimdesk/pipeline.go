package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/internal/config"
	"github.com/claimdesk/claimdesk/internal/demo"
	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/officerules"
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// pipeline is the running mail pipeline: the job queue's workers and one
// watcher per mailbox folder.
type pipeline struct {
	river    *river.Client[pgx.Tx]
	filer    *ingest.Filer // files and moves documents; the web's triage uses it too
	blobs    blob.Store    // the blob store, retrying through outages
	workerID string        // this process's name in the job queue
	tempDir  string
	watchers sync.WaitGroup
	// share decides which of the mailboxes this process watches, among
	// the processes sharing the database.
	share  *ingest.WatchShare
	demo   *demo.IMAPServer
	cancel context.CancelFunc
	// stopLiveness ends this worker's liveness lock, after the job queue.
	stopLiveness func()
	// outbox queues the dashboard's replies (nil without CLAIMDESK_SMTP_URL);
	// sent keeps the mailboxes whose Sent folders receive them.
	outbox *outbox.Outbox
	sent   *outbox.SentFolders
	// steps adds up the time of each pipeline step, for /metrics.
	steps *ingest.StepTimes
	// ocrGate holds OCR back while this process's workers process mail.
	ocrGate *ingest.ProcessingGate
	// offices gives each office's calendar and milestones; stopOffices
	// ends its following of office changes.
	offices     *officerules.Registry
	stopOffices func()
}

// startPipeline starts the workers and the watchers (managed: the
// mailboxes in the database at start). With sample it watches the
// built-in sample mailbox too.
func startPipeline(ctx context.Context, cfg *config.Config, db *storage.DB, blobs blob.Store, log *slog.Logger, sample bool, managed ...mailbox.Account) (*pipeline, error) {
	p, err := startWorkers(ctx, cfg, db, blobs, log)
	if err != nil {
		return nil, err
	}
	blobs = p.blobs // the watchers wait out blob store outages too
	watchCtx, cancel := context.WithCancel(ctx)
	p.cancel = cancel

	accounts := cfg.IMAP
	if sample {
		sampleAccounts, err := p.startSample(watchCtx, cfg, log)
		if err != nil {
			p.stop(log)
			return nil, err
		}
		accounts = append(sampleAccounts, accounts...)
	}
	wcfg := ingest.WatcherConfig{PollInterval: cfg.PollInterval, SentPoll: cfg.SentPoll, MaxMessageBytes: cfg.MaxMessageBytes, TempDir: p.tempDir,
		Logins: ingest.NewLoginGate(ingest.DefaultLogins), Conns: ingest.NewServerConns(cfg.IMAPMaxConns),
		Nudges: ingest.NewSentNudges(), Steps: p.steps}
	// A reply the dashboard sends is looked for in Sent at once.
	p.sent.OnFiled(wcfg.Nudges.Nudge)
	queue := ingest.NewQueue(p.river)
	health := mailbox.NewDBHealth(db, log)
	newWatcher := func(acct mailbox.Account, folder, role string) *ingest.Watcher {
		return ingest.NewWatcher(acct, folder, role, db, blobs, queue, wcfg, log)
	}
	p.share = ingest.NewWatchShare(db, p.shareConfig(), log)
	for i, a := range accounts {
		acct := accountOf(a)
		acct.Health = health
		p.sent.Add(acct)
		if sample && i == 0 {
			// The sample server listens on a new port each run: its mail
			// is the same mailbox all the same.
			acct.Key = p.demo.User + sampleMailboxSuffix
		}
		p.share.Offer(acct.Name(), watchFolders(acct, folders(a), newWatcher))
	}
	p.watchers.Go(func() { p.share.Run(watchCtx) })
	// The database's mailboxes are followed while serve runs.
	p.superviseMailboxes(watchCtx, cfg, db, health, log, newWatcher)
	return p, nil
}

// startSample starts the built-in sample mailbox and returns its account.
func (p *pipeline) startSample(ctx context.Context, cfg *config.Config, log *slog.Logger) ([]config.MailboxAccount, error) {
	newest, err := sampleMailDate(cfg, time.Now())
	if err != nil {
		return nil, err
	}
	srv, err := demo.StartIMAPAt(ctx, newest, cfg.Calendar)
	if err != nil {
		return nil, fmt.Errorf("sample mailbox: %w", err)
	}
	p.demo = srv
	log.Info("--demo: watching the built-in sample mailbox", "addr", srv.Addr)
	return config.ParseIMAPURLs(srv.URL())
}

// shareConfig names this process among those sharing the mailboxes.
func (p *pipeline) shareConfig() ingest.WatchShareConfig {
	host, _ := os.Hostname()
	return ingest.WatchShareConfig{ProcessID: p.workerID, ProcessName: fmt.Sprintf("%s:%d", host, os.Getpid())}
}

// watchFolders watches the folders of acct until ctx ends and every
// watcher has returned: what a process runs for a mailbox it holds. An
// inbox and a Sent folder share one connection.
func watchFolders(acct mailbox.Account, fs []folderRole, newWatcher func(acct mailbox.Account, folder, role string) *ingest.Watcher) func(context.Context) {
	return func(ctx context.Context) {
		if len(fs) == 2 && fs[0].role == storage.RoleInbox && fs[1].role == storage.RoleSent && fs[1].folder != fs[0].folder {
			inbox, sent := newWatcher(acct, fs[0].folder, fs[0].role), newWatcher(acct, fs[1].folder, fs[1].role)
			_ = ingest.NewMailboxWatcher(inbox, sent).RunHeld(ctx)
			return
		}
		if len(fs) == 0 {
			return
		}
		// The last folder is watched on the caller's goroutine: one that
		// only waited for the others would cost a stack per mailbox.
		var wg sync.WaitGroup
		for _, f := range fs[:len(fs)-1] {
			w := newWatcher(acct, f.folder, f.role)
			wg.Go(func() { _ = w.RunHeld(ctx) })
		}
		last := fs[len(fs)-1]
		_ = newWatcher(acct, last.folder, last.role).RunHeld(ctx)
		wg.Wait()
	}
}

// startWorkers starts the job queue and its workers.
func startWorkers(ctx context.Context, cfg *config.Config, db *storage.DB, blobs blob.Store, log *slog.Logger) (*pipeline, error) {
	tempDir := filepath.Join(cfg.DataDir, "tmp")
	if err := os.MkdirAll(tempDir, 0o700); err != nil {
		return nil, fmt.Errorf("CLAIMDESK_DATA_DIR: %w", err)
	}
	// Workers queue jobs too (filing queues stamping); they get an
	// insert-only client, as they are built before the working one.
	inserter, err := storage.NewQueueClient(db, nil)
	if err != nil {
		return nil, err
	}
	offices, err := officerules.Load(ctx, db, sla.OfficeRules{Calendar: cfg.Calendar, Milestones: cfg.Milestones}, log)
	if err != nil {
		return nil, fmt.Errorf("office settings: %w", err)
	}
	// The filer publishes right after a commit for the web, which must not
	// hang on a blob store outage: that is best effort (a job repeats it),
	// so it uses the store as it is. The pipeline's own work waits out an
	// outage, and goes on within seconds of its end.
	filer := ingest.NewFiler(db, blobs, ingest.NewQueue(inserter), cfg.Location, log).WithCalendar(cfg.Calendar).WithOfficeCalendars(offices).
		WithOfficeDomain(cfg.OfficeDomain)
	blobs = blob.WithRetry(blobs, blob.RetryPolicy{}, log.With("component", "blobs"))
	steps := ingest.NewStepTimes()
	ocrGate := ingest.NewProcessingGate()
	workers := river.NewWorkers()
	addIngestWorkers(workers, cfg, db, blobs, ingestParts{filer: filer, offices: offices, steps: steps, ocrGate: ocrGate, tempDir: tempDir}, log)
	sent := &outbox.SentFolders{}
	periodic := []*river.PeriodicJob{ingest.SweepJob(), ingest.OldScansJob(), ingest.OldFormStampsJob(), ingest.RetryStampsJob()}
	periodic = append(periodic, addMailWorkers(workers, cfg, db, offices, sent, log)...)
	periodic = append(periodic, addReminders(workers, db, cfg, offices, log)...)
	host, _ := os.Hostname()
	workerID := fmt.Sprintf("claimdesk-%s-%d-%d", host, os.Getpid(), time.Now().UnixNano())
	rc, err := newWorkingClient(db, cfg, workers, periodic, workerID, ocrGate, log)
	if err != nil {
		return nil, err
	}
	if err := rc.Start(ctx); err != nil {
		return nil, fmt.Errorf("start job queue: %w", err)
	}
	liveness := storage.NewWorkerLiveness(db, workerID, storage.LivenessConfig{}, log.With("component", "jobs"))
	p := &pipeline{
		river: rc, filer: filer, blobs: blobs, workerID: workerID, tempDir: tempDir, cancel: func() {},
		// Not ctx: the liveness must outlast the job queue's shutdown, or
		// other processes would take jobs still finishing here for
		// abandoned.
		stopLiveness: runInBackground(context.WithoutCancel(ctx), liveness.Run),
		sent:         sent,
		steps:        steps,
		ocrGate:      ocrGate,
		offices:      offices,
		stopOffices:  runInBackground(ctx, offices.Watch),
	}
	if cfg.SMTP != nil {
		p.outbox = outbox.NewOutbox(db, rc, outboxConfig(cfg))
	}
	return p, nil
}

// runInBackground runs run in a goroutine until ctx ends or the stop it
// returns is called; stop returns once run has, so that what run uses may
// be closed after it.
func runInBackground(ctx context.Context, run func(context.Context)) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		run(ctx)
	}()
	return func() { cancel(); <-done }
}

// ingestParts are what the pipeline's workers share: the filer, the
// offices' rules, the step timer, the gate OCR waits at and the directory
// for temporary files.
type ingestParts struct {
	filer   *ingest.Filer
	offices *officerules.Registry
	steps   *ingest.StepTimes
	ocrGate *ingest.ProcessingGate
	tempDir string
}

// addIngestWorkers adds the workers of mail's way to its claim folder:
// processing, stamping, publishing, relocating, OCR and the sweeps (the
// looks for old scans, old forms and stamps to try again among them).
func addIngestWorkers(workers *river.Workers, cfg *config.Config, db *storage.DB, blobs blob.Store, parts ingestParts, log *slog.Logger) {
	river.AddWorker(workers, ingest.NewProcessor(db, blobs, ingest.ProcessorConfig{
		// A message stored whole has its attachments stored whole.
		Parse:      mailparse.ParseOptions{MaxAttachmentBytes: cfg.MaxMessageBytes},
		Classify:   classify.Config{OfficeDomain: cfg.OfficeDomain},
		JobPattern: cfg.JobPattern,
		Location:   cfg.Location,
		TempDir:    parts.tempDir,
		Calendar:   cfg.Calendar,
		Offices:    parts.offices,
		AckMinutes: cfg.AckMinutes,
		Filer:      parts.filer,
		Steps:      parts.steps,
	}, log))
	river.AddWorker(workers, ingest.NewStampWorker(db, blobs, ingest.StampConfig{
		Location: cfg.Location, Offices: parts.offices, MaxBytes: cfg.StampMaxBytes, TempDir: parts.tempDir, Steps: parts.steps,
	}, log))
	river.AddWorker(workers, ingest.NewPublishWorker(db, blobs))
	river.AddWorker(workers, ingest.NewRelocateClaimWorker(db, blobs, log))
	river.AddWorker(workers, ingest.NewOCRWorker(db, blobs, parts.tempDir, log).WithSteps(parts.steps).WithGate(parts.ocrGate))
	river.AddWorker(workers, ingest.NewOldScansWorker(db, blobs, parts.tempDir, log))
	river.AddWorker(workers, ingest.NewOldFormStampsWorker(db, log))
	river.AddWorker(workers, ingest.NewRetryStampsWorker(db, cfg.StampMaxBytes, log))
	river.AddWorker(workers, ingest.NewSweepWorker(db, time.Now).WithClaimAlerts(parts.offices.AlertRules))
}

// newWorkingClient returns the job queue client that runs workers in
// this process as workerID, with each queue's worker count; ocrGate learns
// from it when mail is being processed.
func newWorkingClient(db *storage.DB, cfg *config.Config, workers *river.Workers, periodic []*river.PeriodicJob, workerID string,
	ocrGate *ingest.ProcessingGate, log *slog.Logger) (*river.Client[pgx.Tx], error) {
	return storage.NewQueueClient(db, &river.Config{
		ID: workerID,
		Queues: map[string]river.QueueConfig{
			river.QueueDefault: {MaxWorkers: cfg.Workers},
			// Stamping has its own, smaller queue: a few huge PDFs must
			// neither stall mail processing nor exhaust memory.
			ingest.StampQueue: {MaxWorkers: cfg.StampWorkers},
			// OCR too: reading a batch of scans takes minutes of CPU, and
			// text mail goes on meanwhile.
			ingest.OCRQueue: {MaxWorkers: cfg.OCRWorkers},
		},
		Workers:           workers,
		PeriodicJobs:      periodic,
		Middleware:        []rivertype.Middleware{ocrGate.Middleware()},
		FetchCooldown:     ingest.FetchCooldown,
		FetchPollInterval: ingest.FetchPollInterval,
		Logger:            jobQueueLogger(log.With("component", "jobs")),
		// A job whose process died (a crash, SIGKILL) is run again after
		// this long; it must exceed the longest job's timeout.
		RescueStuckJobsAfter: max(ingest.ProcessTimeout, ingest.DefaultStampTimeout, ingest.OCRTimeout) + time.Minute,
	})
}

// addReminders adds the automatic reminders' worker to workers and returns
// their periodic job, when the office turned them on and can send mail;
// otherwise nothing: reminders go out only when someone clicks.
func addReminders(workers *river.Workers, db *storage.DB, cfg *config.Config, offices *officerules.Registry, log *slog.Logger) []*river.PeriodicJob {
	if !cfg.RemindersAuto || cfg.SMTP == nil {
		return nil
	}
	river.AddWorker(workers, outbox.NewReminderWorker(db, outboxConfig(cfg),
		outbox.ReminderRules{Calendar: cfg.Calendar, Offices: offices, ChaseDay: cfg.ChaseDay}, log))
	return []*river.PeriodicJob{outbox.ReminderSweepJob()}
}

// outboxConfig addresses the office's mail as CLAIMDESK_SMTP_URL says.
func outboxConfig(cfg *config.Config) outbox.OutboxConfig {
	return outbox.OutboxConfig{From: mail.Address{Name: cfg.SMTP.FromName, Address: cfg.SMTP.From}, OfficeDomain: cfg.OfficeDomain}
}

// smtpConfig is the submission server of CLAIMDESK_SMTP_URL.
func smtpConfig(s *config.SMTPSettings) outbox.SMTPConfig {
	return outbox.SMTPConfig{Addr: s.Host, TLS: s.TLS, User: s.User, Password: s.Password, Auth: s.Auth, SaveSent: s.SaveSent}
}

// stop ends the watchers, then lets running jobs finish (up to 30 s).
func (p *pipeline) stop(log *slog.Logger) {
	p.cancel()
	p.watchers.Wait()
	if p.demo != nil {
		p.demo.Close()
	}
	// OCR waiting for processing goes back to the queue rather than start
	// a read the stop would have to wait for.
	p.ocrGate.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := p.river.Stop(ctx); err != nil {
		log.Warn("job queue did not stop cleanly", "err", err)
	}
	p.stopLiveness()
	p.stopOffices()
}

// sampleMailDate returns when the sample mailbox's newest message arrived:
// the office's last open hour before now the first time the sample is
// served, kept in the data dir and the same on later starts, as the sample
// mail stored then would otherwise arrive again with new dates.
func sampleMailDate(cfg *config.Config, now time.Time) (time.Time, error) {
	path := filepath.Join(cfg.DataDir, sampleMailDateFile)
	if b, err := os.ReadFile(path); err == nil {
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(string(b)))
		if err != nil {
			return time.Time{}, fmt.Errorf("%s: %w", path, err)
		}
		return t, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return time.Time{}, fmt.Errorf("sample mail date: %w", err)
	}
	t := demo.LastOpen(cfg.Calendar, now).Truncate(time.Second)
	if err := os.WriteFile(path, []byte(t.Format(time.RFC3339)+"\n"), 0o600); err != nil {
		return time.Time{}, fmt.Errorf("sample mail date: %w", err)
	}
	return t, nil
}

// sampleMailDateFile, in the data dir, holds sampleMailDate's answer.
const sampleMailDateFile = "sample-mail-date"

// sampleMailboxSuffix ends the sample mailbox's name, after its user.
const sampleMailboxSuffix = " (sample mailbox)"

// publicURL is the dashboard's address the digest links to; empty when
// CLAIMDESK_PUBLIC_URL is not set.
func publicURL(cfg *config.Config) string {
	if cfg.PublicURL == nil {
		return ""
	}
	return cfg.PublicURL.String()
}

// addMailWorkers adds the workers that send mail, when CLAIMDESK_SMTP_URL
// is set, and returns their periodic jobs: the morning digest.
func addMailWorkers(workers *river.Workers, cfg *config.Config, db *storage.DB, offices *officerules.Registry, sent *outbox.SentFolders, log *slog.Logger) []*river.PeriodicJob {
	s := cfg.SMTP
	if s == nil {
		return nil
	}
	river.AddWorker(workers, outbox.NewSendWorker(db, smtpConfig(s), sent, log))
	river.AddWorker(workers, outbox.NewDigestWorker(db, nil, outbox.DigestConfig{
		Calendar: cfg.Calendar, Offices: offices, Hour: cfg.DigestHour, From: mail.Address{Name: s.FromName, Address: s.From},
		OfficeDomain: cfg.OfficeDomain, DashboardURL: publicURL(cfg),
	}, log))
	return []*river.PeriodicJob{outbox.DigestJob()}
}
