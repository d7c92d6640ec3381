package outbox

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// Recipient is a person of a claim the field reminders go to: its foreman
// or a technician, with an address and the language they read.
type Recipient struct {
	Role string
	// Roles are every role the address holds on the claim, Role first: a
	// technician who writes the estimate too is one person, asked for both.
	Roles    []string
	Name     string
	Email    string // lower case
	Language string
}

// Holds reports whether r is of role on the claim.
func (r Recipient) Holds(role string) bool { return r.Role == role || slices.Contains(r.Roles, role) }

// reminderRoles are the participants reminded, in the order they are
// offered.
var reminderRoles = []string{"technician", "foreman"}

// Recipients returns the claim's technicians and foremen that can be
// written to, technicians first. An address missing on the claim is taken
// from the office's people list (same role and name), and so is the
// language (by address, then role and name; English when the list does not
// say).
func Recipients(participants []storage.ClaimParticipant, people []storage.Person) []Recipient {
	return recipientsOf(reminderRoles, participants, people)
}

// AskRecipients are Recipients, then the claim's estimators: the people a
// coordinator may remind of what the claim lacks, each of their own
// documents (AskOf).
func AskRecipients(participants []storage.ClaimParticipant, people []storage.Person) []Recipient {
	return recipientsOf(append(slices.Clone(reminderRoles), "estimator"), participants, people)
}

// recipientsOf are the participants of roles that can be written to, by
// role in that order (see Recipients).
func recipientsOf(roles []string, participants []storage.ClaimParticipant, people []storage.Person) []Recipient {
	var out []Recipient
	for _, role := range roles {
		for _, p := range participants {
			if p.Role != role {
				continue
			}
			r := Recipient{Role: p.Role, Roles: []string{p.Role}, Name: strings.TrimSpace(p.Name), Email: strings.ToLower(strings.TrimSpace(p.Email)), Language: LangEnglish}
			listed := listedPerson(people, r)
			if r.Email == "" && listed != nil {
				r.Email = listed.Email
			}
			if listed != nil && slices.Contains(ReplyLanguages, listed.Language) {
				r.Language = listed.Language
			}
			if r.Email == "" {
				continue
			}
			if i := slices.IndexFunc(out, func(o Recipient) bool { return o.Email == r.Email }); i >= 0 {
				if !out[i].Holds(p.Role) {
					out[i].Roles = append(out[i].Roles, p.Role)
				}
				continue
			}
			out = append(out, r)
		}
	}
	return out
}

// listedPerson is r on the people list: by address, else by role and name.
func listedPerson(people []storage.Person, r Recipient) *storage.Person {
	for i, p := range people {
		if r.Email != "" && strings.EqualFold(p.Email, r.Email) {
			return &people[i]
		}
	}
	for i, p := range people {
		if p.Role == r.Role && strings.EqualFold(p.Name, r.Name) {
			return &people[i]
		}
	}
	return nil
}

// Reminder is one reminder to send.
type Reminder struct {
	ClaimID int64
	Kind    string // storage.Reminder… kind
	To      Recipient
	// Occasion is what it reminds of (storage.ClaimReminder): a second
	// reminder for the same occasion is refused with
	// storage.ErrReminderSent.
	Occasion  string
	Automatic bool
	// Docs, for a person's documents-needed reminder, are what a line of
	// the claim's paperwork asks the recipient for (the COS the billing
	// packet lacks before pickup): it asks for those of them not on file
	// instead of what AskOf asks.
	Docs []sla.DocType
}

// ErrNoRecipient says a reminder names nobody the claim can remind.
var ErrNoRecipient = errors.New("no such technician or foreman on the claim")

// Remind writes reminder r in its recipient's language, signed by
// coordinator, and queues it through the outbox in the claim's latest
// thread with the recipient (a new thread, with the job number in its
// subject, when there is none). It is recorded on the claim in the same
// transaction, so that a reminder for an occasion already recorded is
// neither sent nor recorded again (storage.ErrReminderSent).
func (o *Outbox) Remind(ctx context.Context, r Reminder, coordinator, createdBy string) (int64, error) {
	c, err := o.db.GetClaim(ctx, r.ClaimID)
	if err != nil {
		return 0, err
	}
	f, err := o.db.ClaimFacts(ctx, c.ID)
	if err != nil {
		return 0, err
	}
	ask := AskOf(r.Kind, r.To, f, o.cfg.Now())
	if r.Docs != nil && r.Kind == storage.ReminderChaseUpload {
		ask.Docs = OwedOf(r.Docs, r.To, f, o.cfg.Now())
	}
	d, err := o.DraftReminder(ctx, c, r.Kind, r.To, ask, coordinator)
	if err != nil {
		return 0, err
	}
	var reminderID int64
	record := func(tx pgx.Tx, outboxID int64) error {
		var err error
		reminderID, err = storage.InsertClaimReminder(ctx, tx, storage.ClaimReminder{
			ClaimID: c.ID, Kind: r.Kind, Recipient: r.To.Email, RecipientName: r.To.Name, Occasion: r.Occasion,
			OutboxID: &outboxID, Automatic: r.Automatic, CreatedBy: createdBy, CreatedAt: o.cfg.Now(),
		})
		return err
	}
	if _, err := o.queue(ctx, d, createdBy, record); err != nil {
		return 0, err
	}
	return reminderID, nil
}

// RemindNow sends a person's one-click reminder of kind to the claim's
// technician or foreman at address to. Clicks within the same minute are
// one reminder (storage.ErrReminderSent for the others): a double click
// sends one. docs, when given, are what it asks for (Reminder.Docs).
func (o *Outbox) RemindNow(ctx context.Context, claimID int64, kind, to, coordinator, createdBy string, docs ...sla.DocType) (int64, error) {
	r, err := recipientOf(ctx, o.db, claimID, kind, to)
	if err != nil {
		return 0, err
	}
	rem := Reminder{ClaimID: claimID, Kind: kind, To: r, Occasion: personsOccasion(o.cfg.Now()), Docs: docs}
	return o.Remind(ctx, rem, coordinator, createdBy)
}

// SentAtRefusal is a time a reminder marked sent cannot have gone at, in
// words for the person who gave it.
type SentAtRefusal struct{ Reason string }

func (r *SentAtRefusal) Error() string { return r.Reason }

// Unwrap makes a refusal a bad reply.
func (r *SentAtRefusal) Unwrap() error { return ErrBadReply }

// sentSlack is how far ahead of the server's clock a reminder's sending
// time may be, taken as now: a caller's clock a little fast is not a
// reminder still to go.
const sentSlack = 5 * time.Minute

// SentMark is a person's mark that they sent a reminder from their own
// mail program: of Kind, on claim ClaimID, to the claim's technician or
// foreman at address To, by By, at SentAt.
type SentMark struct {
	ClaimID      int64
	Kind, To, By string
	SentAt       time.Time
	// Key and Asked, when Key is set, make the mark once per submission:
	// storage.ClaimReminder's.
	Key, Asked string
}

// MarkReminderSent records mark m, marked at now: the reminder is then
// listed, answered (by mail after m.SentAt) and counted by the automatic
// reminders as one the outbox sent then. It is a person's reminder, as
// RemindNow's: marking it again for the same minute, or with the same
// Key, returns the one recorded (repeated). A SentAt still to come, or
// before the claim opened, is refused (*SentAtRefusal).
func MarkReminderSent(ctx context.Context, db *storage.DB, m SentMark, now time.Time) (storage.ClaimReminder, bool, error) {
	if !slices.Contains(storage.ReminderKinds, m.Kind) {
		return storage.ClaimReminder{}, false, fmt.Errorf("%w: no reminder of kind %q", ErrBadReply, m.Kind)
	}
	r, err := recipientOf(ctx, db, m.ClaimID, m.Kind, m.To)
	if err != nil {
		return storage.ClaimReminder{}, false, err
	}
	sentAt, err := checkSentAt(ctx, db, m.ClaimID, m.SentAt, now)
	if err != nil {
		return storage.ClaimReminder{}, false, err
	}
	return db.MarkClaimReminderSent(ctx, storage.ClaimReminder{ClaimID: m.ClaimID, Kind: m.Kind, Recipient: r.Email,
		RecipientName: r.Name, Occasion: personsOccasion(sentAt), CreatedAt: sentAt, Key: m.Key, Asked: m.Asked}, m.By, now)
}

// checkSentAt returns when a reminder on claim claimID marked sent at now
// went, as sentAt says: not still to come (a little ahead is now), nor
// before the minute the claim opened.
func checkSentAt(ctx context.Context, db *storage.DB, claimID int64, sentAt, now time.Time) (time.Time, error) {
	if sentAt.After(now.Add(sentSlack)) {
		return sentAt, &SentAtRefusal{"the time the reminder was sent is still to come"}
	}
	opened, err := db.ClaimsOpenedAt(ctx, []int64{claimID})
	if err != nil {
		return sentAt, err
	}
	if o, ok := opened[claimID]; ok && sentAt.Before(o.Truncate(time.Minute)) {
		return sentAt, &SentAtRefusal{"the time the reminder was sent is before the claim opened"}
	}
	if sentAt.After(now) {
		return now, nil
	}
	return sentAt, nil
}

// recipientOf returns the claim's person at address to that a reminder of
// kind may go to: its technicians and foremen, and for the
// documents-needed reminder, its estimators too.
func recipientOf(ctx context.Context, db *storage.DB, claimID int64, kind, to string) (Recipient, error) {
	parts, err := db.ParticipantsOfClaims(ctx, []int64{claimID})
	if err != nil {
		return Recipient{}, err
	}
	people, err := db.PeopleOfClaims(ctx, []int64{claimID})
	if err != nil {
		return Recipient{}, err
	}
	rs := Recipients(parts[claimID], people[claimID])
	if kind == storage.ReminderChaseUpload {
		rs = AskRecipients(parts[claimID], people[claimID])
	}
	for _, r := range rs {
		if strings.EqualFold(r.Email, strings.TrimSpace(to)) {
			return r, nil
		}
	}
	return Recipient{}, fmt.Errorf("%q: %w", to, ErrNoRecipient)
}

// personsOccasion is the occasion of a reminder a person sends at at: its
// minute, so that a double click is one reminder and a later one another.
func personsOccasion(at time.Time) string {
	return "manual:" + at.UTC().Truncate(time.Minute).Format(time.RFC3339)
}

// outboxKind is the outbox row's kind of a draft of template kind: every
// reminder is a "reminder".
func outboxKind(kind string) string {
	if slices.Contains(storage.ReminderKinds, kind) {
		return storage.ReplyReminder
	}
	return kind
}

// DueReminder is a reminder a claim's facts call for now, and the occasion
// it is for.
type DueReminder struct {
	Kind     string
	Occasion string
}

// ReminderRules say when reminders fall due.
type ReminderRules struct {
	Calendar *sla.Calendar
	// Offices, when set, gives each office's calendar: its claims'
	// reminders fall due, and are sent in business hours, by it instead of
	// Calendar.
	Offices OfficeCalendars
	// ChaseDay is the business day of a claim (day 1 the one it opened)
	// from whose opening its technicians are chased when nothing has come
	// in from the job; default 2.
	ChaseDay int
}

// of returns the rules of the claims of office.
func (r ReminderRules) of(office int64) ReminderRules {
	if r.Offices != nil {
		r.Calendar = r.Offices.For(office).Calendar
	}
	return r
}

// DefaultChaseDay is the business day technicians are chased on by
// default: day 2, the day after the claim opened.
const DefaultChaseDay = 2

// dryingLogFrom is the office time of day from which a day's drying log is
// reminded of: the readings are taken on the morning visit.
const dryingLogFrom = 12 * time.Hour

// Due returns the reminders f calls for at now: the chase from the opening
// of business day ChaseDay while no document has come from the job; the
// COS once equipment pickup is scheduled or done and no COS is on file;
// and, on each business day while drying equipment is placed, the day's
// drying log from midday when none came that day.
func (r ReminderRules) Due(f sla.ClaimFacts, now time.Time) []DueReminder {
	cal := r.Calendar
	var out []DueReminder
	if !fromTheJob(f, now) {
		day := cal.NthBusinessDay(f.OpenedAt, cmp.Or(r.ChaseDay, DefaultChaseDay))
		if !day.Open.IsZero() && !now.Before(day.Open) {
			out = append(out, DueReminder{Kind: storage.ReminderChaseUpload, Occasion: "once"})
		}
	}
	eq := equipmentOf(f, now)
	if eq.pickup && !hasDoc(f, sla.DocCOS, time.Time{}, now) {
		out = append(out, DueReminder{Kind: storage.ReminderCOSAtPickup, Occasion: "once"})
	}
	today := cal.DateOf(now)
	if _, open := cal.BusinessDay(today); eq.placed && open && f.Drying &&
		!now.Before(cal.StartOf(today).Add(dryingLogFrom)) && cal.DateOf(*eq.placedAt) != today &&
		!hasDoc(f, sla.DocDryingLog, cal.StartOf(today), now) {
		out = append(out, DueReminder{Kind: storage.ReminderDryingLog, Occasion: today.String()})
	}
	return out
}

// siteEquipment is what reminders need of a claim's drying equipment.
type siteEquipment struct {
	// placed: equipment is on site now, since placedAt.
	placed   bool
	placedAt *time.Time
	// pickup: its pickup is done or scheduled.
	pickup bool
}

// equipmentOf reads a claim's drying equipment from its facts: placed
// since the equipment log's first placement (or, with no log, since work
// started), and picked up, or to be, as sla.ClaimFacts.EquipmentPickup
// reads it for the job's stage and the COS's deadline. It is the one
// place reminders learn about equipment.
func equipmentOf(f sla.ClaimFacts, now time.Time) siteEquipment {
	eq := siteEquipment{placedAt: f.EquipmentPlacedAt}
	if eq.placedAt == nil {
		eq.placedAt = f.WorkStartedAt
	}
	if eq.placedAt != nil && eq.placedAt.After(now) {
		eq.placedAt = nil
	}
	_, scheduled, picked := f.EquipmentPickup(now)
	eq.pickup = picked
	eq.placed = eq.placedAt != nil && (!picked || scheduled)
	return eq
}

// technicianDocs are what the field sends from a job: the first of them
// ends the chase.
var technicianDocs = []sla.DocType{sla.DocPhoto, sla.DocScope, sla.DocDryingLog, sla.DocATP, sla.DocWaiver, sla.DocCOS}

// fromTheJob reports whether anything has come in from the job by now.
func fromTheJob(f sla.ClaimFacts, now time.Time) bool {
	return slices.ContainsFunc(technicianDocs, func(t sla.DocType) bool { return hasDoc(f, t, time.Time{}, now) })
}

// hasDoc reports whether a document of type t came between since and now.
func hasDoc(f sla.ClaimFacts, t sla.DocType, since, now time.Time) bool {
	return slices.ContainsFunc(f.Documents, func(d sla.Document) bool {
		return d.Type == t && !d.ReceivedAt.Before(since) && !d.ReceivedAt.After(now)
	})
}
