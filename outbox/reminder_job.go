package outbox

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// ReminderInterval is how often due reminders are looked for.
const ReminderInterval = 5 * time.Minute

// AutomaticBy is who an automatic reminder is recorded as sent by.
const AutomaticBy = "claimdesk (automatic)"

// ReminderSweepArgs is the periodic job that sends due reminders.
type ReminderSweepArgs struct{}

// Kind names the job in River's tables.
func (ReminderSweepArgs) Kind() string { return "reminder_sweep" }

// InsertOpts keeps one sweep waiting or running at a time.
func (ReminderSweepArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: storage.UniqueWhileActive()}
}

// ReminderSweepJob runs the sweep every ReminderInterval; River's leader
// enqueues it, so one process looks however many run.
func ReminderSweepJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(ReminderInterval),
		func() (river.JobArgs, *river.InsertOpts) { return ReminderSweepArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})
}

// ReminderWorker sends the reminders the open claims call for, in the
// office's business hours only. Each goes out once whatever runs at the
// same time: a reminder is recorded with its outbox message under a unique
// occasion (Outbox.Remind), and a second sweep finds it recorded.
type ReminderWorker struct {
	river.WorkerDefaults[ReminderSweepArgs]
	db    *storage.DB
	cfg   OutboxConfig
	rules ReminderRules
	log   *slog.Logger
}

// NewReminderWorker sends due reminders, addressed as cfg says (its Now is
// the clock), by rules.
func NewReminderWorker(db *storage.DB, cfg OutboxConfig, rules ReminderRules, log *slog.Logger) *ReminderWorker {
	return &ReminderWorker{db: db, cfg: cfg, rules: rules, log: log.With("component", "reminders")}
}

// Work sends what is due now, queueing the messages with the job queue
// running it (a worker is made before its queue's client).
func (w *ReminderWorker) Work(ctx context.Context, _ *river.Job[ReminderSweepArgs]) error {
	_, err := w.Sweep(ctx, river.ClientFromContext[pgx.Tx](ctx))
	return err
}

// Sweep sends the reminders due now, queueing their messages on jobs, and
// returns how many it sent; a claim's are sent only in its office's
// business hours.
func (w *ReminderWorker) Sweep(ctx context.Context, jobs *river.Client[pgx.Tx]) (int, error) {
	o := NewOutbox(w.db, jobs, w.cfg)
	now := o.cfg.Now()
	if w.rules.Offices == nil && !w.rules.Calendar.IsOpen(now) {
		return 0, nil
	}
	db := w.db
	ids, err := db.ReminderCandidates(ctx)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	offices, err := db.ClaimOffices(ctx, ids)
	if err != nil {
		return 0, err
	}
	// Only the claims of offices open now are looked at.
	ids = slices.DeleteFunc(ids, func(id int64) bool { return !w.rules.of(offices[id]).Calendar.IsOpen(now) })
	if len(ids) == 0 {
		return 0, nil
	}
	parts, err := db.ParticipantsOfClaims(ctx, ids)
	if err != nil {
		return 0, err
	}
	people, err := db.PeopleOfClaims(ctx, ids)
	if err != nil {
		return 0, err
	}
	facts, err := db.ClaimsFullFacts(ctx, ids)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, id := range ids {
		f := facts[id]
		if f == nil {
			continue // deleted since
		}
		rules := w.rules.of(offices[id])
		n, err := w.sweepClaim(ctx, o, rules, id, *f, Recipients(parts[id], people[id]), now)
		sent += n
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// sweepClaim sends the reminders due by rules on claim id, whose facts
// are f, to each of to. A person who reminded someone of the same thing
// first (the same day, for a drying log) is not doubled.
func (w *ReminderWorker) sweepClaim(ctx context.Context, o *Outbox, rules ReminderRules, id int64, f sla.ClaimFacts, to []Recipient, now time.Time) (int, error) {
	if len(to) == 0 {
		return 0, nil
	}
	due := rules.Due(f, now)
	if len(due) == 0 {
		return 0, nil
	}
	done, err := w.db.ClaimReminders(ctx, id)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, d := range due {
		for _, r := range to {
			if remindedAlready(rules.Calendar, done, d, r, now) {
				continue
			}
			rem := Reminder{ClaimID: id, Kind: d.Kind, To: r, Occasion: d.Occasion, Automatic: true}
			_, err := o.Remind(ctx, rem, o.cfg.From.Name, AutomaticBy)
			if errors.Is(err, storage.ErrReminderSent) {
				continue // another process sent it
			}
			if errors.Is(err, ErrNothingToAsk) {
				continue // what it is about is on file, or not for r
			}
			if err != nil {
				return sent, err
			}
			w.log.Info("reminder queued", "claim_id", id, "kind", d.Kind, "occasion", d.Occasion)
			sent++
		}
	}
	return sent, nil
}

// remindedAlready reports whether r had a reminder of d's kind already: at
// all for a chase or COS, the same office day (by cal) for a drying log.
func remindedAlready(cal *sla.Calendar, done []storage.ClaimReminder, d DueReminder, r Recipient, now time.Time) bool {
	return slices.ContainsFunc(done, func(c storage.ClaimReminder) bool {
		if c.Kind != d.Kind || c.Recipient != r.Email || c.OutboxState == storage.OutboxFailed {
			return false
		}
		return d.Kind != storage.ReminderDryingLog || cal.DateOf(c.CreatedAt) == cal.DateOf(now)
	})
}
