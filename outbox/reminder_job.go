package outbox

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
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
	// idle are the reminders found with nothing to ask, each logged once.
	idle idleReminders
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
	w.idle.turn()
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
				// Due and AskOf read a claim's facts by the same rules
				// (sla.ClaimFacts.EquipmentPickup, the checklist): what
				// falls due asks for something. It asks nothing when the
				// claim changed after the sweep read it (the document came
				// meanwhile); Remind's own reading is what finds that out,
				// two queries, and the next sweep's facts no longer call
				// for it.
				if w.idle.note(idleKey{claim: id, kind: d.Kind, occasion: d.Occasion, to: r.Email}) {
					w.log.Debug("reminder not sent: nothing left to ask", "claim_id", id, "kind", d.Kind, "occasion", d.Occasion)
				}
				continue
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
// all for a chase or COS, the same office day (by cal) for a drying log. A
// reminder the mail server refused counts for its own office day only: the
// next day's sweep tries again (storage.InsertClaimReminder takes its
// place), not every sweep of the day.
func remindedAlready(cal *sla.Calendar, done []storage.ClaimReminder, d DueReminder, r Recipient, now time.Time) bool {
	return slices.ContainsFunc(done, func(c storage.ClaimReminder) bool {
		if c.Kind != d.Kind || c.Recipient != r.Email {
			return false
		}
		sameDay := cal.DateOf(c.CreatedAt) == cal.DateOf(now)
		if c.OutboxState == storage.OutboxFailed {
			return sameDay
		}
		return d.Kind != storage.ReminderDryingLog || sameDay
	})
}

// idleKey is a reminder due on a claim to one person. The address tells
// people apart and is never logged.
type idleKey struct {
	claim          int64
	kind, occasion string
	to             string
}

// idleReminders remember the reminders the last sweep and this one found
// with nothing to ask, so that each is logged once however many sweeps
// find it so.
type idleReminders struct {
	mu         sync.Mutex
	last, this map[idleKey]bool
}

// note records that k has nothing to ask in this sweep, and reports
// whether that is news: the last sweep, and this one so far, did not
// find it so.
func (r *idleReminders) note(k idleKey) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	news := !r.last[k] && !r.this[k]
	if r.this == nil {
		r.this = map[idleKey]bool{}
	}
	r.this[k] = true
	return news
}

// turn ends a whole sweep: what it found is what the next one compares
// with, and what it no longer found is forgotten.
func (r *idleReminders) turn() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last, r.this = r.this, nil
}
