package ingest

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// SweepInterval is how often the SLA sweep runs.
const SweepInterval = time.Minute

// sweepAlertBatch is how many claims' alerts the sweep works out per
// transaction.
const sweepAlertBatch = 500

// SweepArgs is the periodic SLA sweep: time alone turns a waiting message
// due soon, then overdue, and the dashboards must hear of it.
type SweepArgs struct{}

// Kind names the job in River's tables.
func (SweepArgs) Kind() string { return "sla_sweep" }

// SweepWorker runs the SLA sweep.
type SweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	db     *storage.DB
	now    func() time.Time
	alerts func() storage.AlertRules // nil: no claim alerts
}

// NewSweepWorker returns the sweep's worker; now is the clock.
func NewSweepWorker(db *storage.DB, now func() time.Time) *SweepWorker {
	return &SweepWorker{db: db, now: now}
}

// WithClaimAlerts makes the sweep also work out the paperwork alerts of
// every claim whose facts changed since (storage.RefreshClaimAlerts), with
// the offices' rules as rules gives them at each sweep: the SLA board
// works out only a few per view, so a burst of changes, an import or new
// rules is done here.
func (w *SweepWorker) WithClaimAlerts(rules func() storage.AlertRules) *SweepWorker {
	w.alerts = rules
	return w
}

// Work notifies the dashboards when a deadline or a warning window started
// since the last sweep, wakes the messages left waiting for OCR with
// nothing reading their files, and works out the alerts of the claims that
// changed.
func (w *SweepWorker) Work(ctx context.Context, job *river.Job[SweepArgs]) error {
	now := w.now()
	if _, err := w.db.NotifyDeadlines(ctx, now.Add(-SweepInterval), now, sla.DefaultWarn); err != nil {
		return err
	}
	if _, err := sweepOCRWaits(ctx, w.db, now); err != nil {
		return err
	}
	if w.alerts == nil {
		return nil
	}
	_, err := w.db.RefreshAllClaimAlerts(ctx, w.alerts(), sweepAlertBatch)
	return err
}

// SweepJob is the periodic job that runs the sweep every SweepInterval;
// River's leader enqueues it, so one process sweeps however many run.
func SweepJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(SweepInterval),
		func() (river.JobArgs, *river.InsertOpts) { return SweepArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})
}
