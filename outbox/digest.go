package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// DefaultDigestHour is the office's hour of the morning digest.
const DefaultDigestHour = 7

// DigestInterval is how often the digest job looks whether a digest is
// due: the digest goes out within this long of its hour.
const DigestInterval = 5 * time.Minute

// digestLines bounds each list of a digest: a digest is read over coffee;
// the board has the rest.
const digestLines = 50

// DigestArgs is the periodic look for morning digests due.
type DigestArgs struct{}

// Kind names the job in River's tables.
func (DigestArgs) Kind() string { return "morning_digest" }

// DigestJob is the periodic job of the morning digest; River's leader
// enqueues it, and RecordDigest keeps it to one digest a person a day
// however many processes run it.
func DigestJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(DigestInterval),
		func() (river.JobArgs, *river.InsertOpts) { return DigestArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})
}

// DigestConfig says when and from whom the morning digest goes.
type DigestConfig struct {
	// Calendar is the configured one: each office's digest goes on its
	// business days, at Hour o'clock in its time zone (or the first check
	// after), by Offices' calendar of it or else this one.
	Calendar *sla.Calendar
	// Offices, when set, gives each office's calendar.
	Offices OfficeCalendars
	Hour    int
	// From is the office address the digest comes from.
	From         mail.Address
	OfficeDomain string
	// DashboardURL, when set, is linked from the digest.
	DashboardURL string
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// OfficeCalendars gives the rules an office counts by;
// officerules.Registry does.
type OfficeCalendars interface {
	For(office int64) sla.OfficeRules
}

// DigestWorker sends each person who chose it the morning digest of each
// of their offices: open requests, overdue work and the updates missed on
// the last business day, through the outbox's send job.
type DigestWorker struct {
	river.WorkerDefaults[DigestArgs]
	db   *storage.DB
	jobs *river.Client[pgx.Tx] // nil: the client running the job
	cfg  DigestConfig
	log  *slog.Logger
}

// NewDigestWorker returns the digest's worker. jobs queues the sending;
// nil uses the client that runs the digest job.
func NewDigestWorker(db *storage.DB, jobs *river.Client[pgx.Tx], cfg DigestConfig, log *slog.Logger) *DigestWorker {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.OfficeDomain == "" {
		_, cfg.OfficeDomain, _ = strings.Cut(cfg.From.Address, "@")
	}
	return &DigestWorker{db: db, jobs: jobs, cfg: cfg, log: log}
}

// Work queues today's digest of each office whose digest hour has come on
// one of its business days, to everyone of it who chose it and has not had
// it.
func (w *DigestWorker) Work(ctx context.Context, job *river.Job[DigestArgs]) error {
	offices, err := w.db.ListOffices(ctx)
	if err != nil {
		return err
	}
	jobs := w.jobs
	if jobs == nil {
		jobs = river.ClientFromContext[pgx.Tx](ctx)
	}
	for _, o := range offices {
		name := ""
		if len(offices) > 1 {
			name = o.Name // people of several offices get one digest of each
		}
		if err := w.workOffice(ctx, jobs, o.ID, name); err != nil {
			return err
		}
	}
	return nil
}

// calendarOf returns the calendar office counts by.
func (w *DigestWorker) calendarOf(office int64) *sla.Calendar {
	if w.cfg.Offices != nil {
		return w.cfg.Offices.For(office).Calendar
	}
	return w.cfg.Calendar
}

// workOffice queues the digest of office, whose name (when not empty) the
// subject gives, once its hour has come today.
func (w *DigestWorker) workOffice(ctx context.Context, jobs *river.Client[pgx.Tx], office int64, name string) error {
	now := w.cfg.Now()
	cal := w.calendarOf(office)
	today := cal.DateOf(now)
	if _, open := cal.BusinessDay(today); !open {
		return nil
	}
	hour := time.Date(today.Year, today.Month, today.Day, w.cfg.Hour, 0, 0, 0, cal.Location())
	if now.Before(hour) {
		return nil
	}
	day := time.Date(today.Year, today.Month, today.Day, 0, 0, 0, 0, time.UTC)
	users, err := w.db.DigestRecipients(ctx, office, day)
	if err != nil || len(users) == 0 {
		return err
	}
	subject := "Morning digest, " + now.In(cal.Location()).Format("Mon Jan 2")
	if name != "" {
		subject += ", " + name
	}
	body, err := w.digestBody(ctx, storage.OnlyOffices(office), cal, now)
	if err != nil {
		return err
	}
	for _, u := range users {
		id, err := w.queue(ctx, jobs, u, office, day, subject, body)
		switch {
		case errors.Is(err, storage.ErrConflict):
			continue // another process sent it meanwhile
		case err != nil:
			return err
		}
		w.log.Info("morning digest queued", "user_id", u.ID, "office_id", office, "outbox_id", id)
	}
	return nil
}

// queue records user's digest of office on day in the outbox, with its
// sending job, in one transaction with the record that it was sent.
func (w *DigestWorker) queue(ctx context.Context, jobs *river.Client[pgx.Tx], u storage.User, office int64, day time.Time, subject, body string) (int64, error) {
	cfg := OutboxConfig{From: w.cfg.From, OfficeDomain: w.cfg.OfficeDomain, Now: w.cfg.Now}
	to := []mail.Address{{Name: u.Name, Address: u.Email}}
	row := storage.OutboxMessage{Kind: storage.ReplyDigest, Subject: subject, Body: body, CreatedBy: "digest", OfficeID: office}
	var id int64
	err := w.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		if id, err = queueNewThread(ctx, tx, jobs, cfg, to, row); err != nil {
			return err
		}
		return storage.RecordDigest(ctx, tx, u.ID, office, day, id)
	})
	return id, err
}

// digestBody writes the digest of offices, which count by cal, at now:
// their open requests, overdue answers and paperwork, and the claims whose
// update was missed on the last business day.
func (w *DigestWorker) digestBody(ctx context.Context, offices storage.Offices, cal *sla.Calendar, now time.Time) (string, error) {
	loc := cal.Location()
	requests, err := w.openRequestLines(ctx, offices, loc, now)
	if err != nil {
		return "", err
	}
	overdue, err := w.overdueLines(ctx, offices, loc, now)
	if err != nil {
		return "", err
	}
	missed, err := w.missedUpdates(ctx, offices, cal, now)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("Good morning. What needs the office today:\n\n")
	writeDigestSection(&b, "Open requests", requests, "none")
	writeDigestSection(&b, "Overdue", overdue, "nothing overdue")
	writeDigestSection(&b, "Daily updates missed on the last business day", missed, "none missed")
	if u := w.cfg.DashboardURL; u != "" {
		fmt.Fprintf(&b, "The board: %s\nThe morning page: %s/morning\n", u, strings.TrimRight(u, "/"))
	}
	b.WriteString("\nYou get this because you chose the morning digest; the board's \"Morning digest email\" link turns it off.\n")
	return b.String(), nil
}

// writeDigestSection writes a titled list of the digest, with none for
// its only line when it is empty: an empty section says all is well.
func writeDigestSection(b *strings.Builder, title string, lines []string, none string) {
	fmt.Fprintf(b, "%s (%d)\n", title, len(lines))
	if len(lines) == 0 {
		fmt.Fprintf(b, "- %s\n", none)
	}
	for _, l := range lines {
		fmt.Fprintf(b, "- %s\n", l)
	}
	b.WriteString("\n")
}

// digestTime is how the digest writes an instant, in the office's time.
func digestTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("Mon Jan 2 15:04")
}

// openRequestLines lists the open requests of offices: who asked for
// what, and by when.
func (w *DigestWorker) openRequestLines(ctx context.Context, offices storage.Offices, loc *time.Location, now time.Time) ([]string, error) {
	reqs, _, err := w.db.OpenRequests(ctx, offices, digestLines)
	if err != nil {
		return nil, err
	}
	words := factLanguages[LangEnglish]
	var lines []string
	for _, r := range reqs {
		asked := make([]string, 0, len(r.DocTypes)+len(r.Items))
		for _, t := range append(append([]string{}, r.DocTypes...), r.Items...) {
			asked = append(asked, words.doc(t))
		}
		l := fmt.Sprintf("%s: %s asked for %s", r.JobNumber, r.From, strings.Join(asked, ", "))
		if r.DueAt != nil {
			state := "due"
			if r.DueAt.Before(now) {
				state = "overdue since"
			}
			l += fmt.Sprintf(" (%s %s)", state, digestTime(*r.DueAt, loc))
		}
		lines = append(lines, l)
	}
	return lines, nil
}

// overdueLines lists what of offices is overdue at now: messages past
// their acknowledgment deadline, then claims' overdue alerts.
func (w *DigestWorker) overdueLines(ctx context.Context, offices storage.Offices, loc *time.Location, now time.Time) ([]string, error) {
	waiting, _, err := w.db.AckQueue(ctx, offices, digestLines)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, m := range waiting {
		if m.AckDueAt != nil && m.AckDueAt.Before(now) {
			lines = append(lines, fmt.Sprintf("%sanswer %s: %q (due %s)", jobPrefix(m.JobNumber), m.FromAddress, m.Subject, digestTime(*m.AckDueAt, loc)))
		}
	}
	alerts, _, err := w.db.ClaimAlertsByClaimAt(ctx, offices, now, digestLines)
	if err != nil {
		return nil, err
	}
	for _, c := range alerts {
		for _, a := range c.Alerts {
			if a.State == sla.StateOverdue {
				due := digestTime(a.Due, loc)
				if a.DueDay {
					due = sla.ClosingDay(a.Due.In(loc)).Format("Mon Jan 2")
				}
				lines = append(lines, fmt.Sprintf("%s: %s (due %s)", c.JobNumber, a.Message, due))
			}
		}
	}
	return lines, nil
}

// missedUpdates lists the open claims of offices that had no update on the
// business day before now's by cal.
func (w *DigestWorker) missedUpdates(ctx context.Context, offices storage.Offices, cal *sla.Calendar, now time.Time) ([]string, error) {
	d := cal.DateOf(now).AddDays(-1)
	var prev sla.Day
	for i := 0; i < 14; i++ {
		if day, ok := cal.BusinessDay(d); ok {
			prev = day
			break
		}
		d = d.AddDays(-1)
	}
	if prev.Open.IsZero() {
		return nil, nil
	}
	week := storage.UpdateWeek{Now: prev.Close, Since: cal.StartOf(d.AddDays(-7)),
		Today: storage.UpdateDay{Open: prev.Open, Start: cal.StartOf(d), End: cal.StartOf(d.AddDays(1))}}
	claims, _, err := w.db.ClaimsMissingUpdate(ctx, offices, week, digestLines)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, c := range claims {
		l := c.JobNumber
		if c.InsuredName != "" {
			l += " (" + c.InsuredName + ")"
		}
		if c.AdjusterName != "" {
			l += ": no update to " + c.AdjusterName
		}
		out = append(out, l)
	}
	return out, nil
}

func jobPrefix(job string) string {
	if job == "" {
		return ""
	}
	return job + ": "
}
