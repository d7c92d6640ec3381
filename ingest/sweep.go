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

// SweepArgs is the periodic SLA sweep: time alone turns a waiting message
// due soon, then overdue, and the dashboards must hear of it.
type SweepArgs struct{}

// Kind names the job in River's tables.
func (SweepArgs) Kind() string { return "sla_sweep" }

// SweepWorker runs the SLA sweep.
type SweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	db  *storage.DB
	now func() time.Time
}

// NewSweepWorker returns the sweep's worker; now is the clock.
func NewSweepWorker(db *storage.DB, now func() time.Time) *SweepWorker {
	return &SweepWorker{db: db, now: now}
}

// Work notifies the dashboards when a deadline or a warning window started
// since the last sweep.
func (w *SweepWorker) Work(ctx context.Context, job *river.Job[SweepArgs]) error {
	now := w.now()
	_, err := w.db.NotifyDeadlines(ctx, now.Add(-SweepInterval), now, sla.DefaultWarn)
	return err
}

// SweepJob is the periodic job that runs the sweep every SweepInterval;
// River's leader enqueues it, so one process sweeps however many run.
func SweepJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(SweepInterval),
		func() (river.JobArgs, *river.InsertOpts) { return SweepArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})
}
