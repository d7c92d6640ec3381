package outbox

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// Times of the reminder tests, in UTC (the office's zone), Mon–Fri
// 08:00–18:00. The claim of setupOutbox opened Monday 2026-03-09 14:04.
var (
	monAfternoon = time.Date(2026, 3, 9, 16, 0, 0, 0, time.UTC)
	tueMorning   = time.Date(2026, 3, 10, 10, 14, 0, 0, time.UTC)
	tueNight     = time.Date(2026, 3, 10, 19, 30, 0, 0, time.UTC)
	tueAfternoon = time.Date(2026, 3, 10, 13, 0, 0, 0, time.UTC)
	wedAfternoon = time.Date(2026, 3, 11, 13, 0, 0, 0, time.UTC)
	saturday     = time.Date(2026, 3, 14, 11, 0, 0, 0, time.UTC)
)

// reminderBundle is setupOutbox's claim with a technician who has written
// to the office about it (Marcus, English) and one known only from the
// people list (Luis, Spanish, no address on the claim).
type reminderBundle struct {
	*outboxBundle
	cal       *sla.Calendar
	marcusMsg string // Marcus's message on the claim
}

func setupReminders(t *testing.T, lossType string) *reminderBundle {
	t.Helper()
	ctx := t.Context()
	b := &reminderBundle{outboxBundle: setupOutbox(t), cal: sla.NewCalendar(time.UTC, sla.DefaultHours())}
	ps := []storage.ClaimParticipant{
		{Role: "technician", Name: "Marcus Field", Email: "marcus@field.example"},
		{Role: "technician", Name: "Luis Campo"},
		{Role: "estimator", Name: "Erin Estimator", Email: "erin@office.example"},
	}
	patch := storage.ClaimPatch{Participants: &ps}
	if lossType != "" {
		patch.Fields = map[string]string{"loss_type": lossType}
	}
	if _, err := b.db.UpdateClaim(ctx, b.claim.ID, patch, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.db.SavePerson(ctx, storage.Person{OfficeID: storage.DefaultOfficeID, Name: "Luis Campo", Role: "technician", Email: "luis@field.example", Language: "es"}); err != nil {
		t.Fatal(err)
	}
	b.marcusMsg = "<marcus-1@field.example>"
	b.addMessage(t, 2, "in", "marcus@field.example", b.marcusMsg, "Re: 26-1001-WTR on site", b.now.Add(-30*time.Minute))
	return b
}

// addMessage files a message of the claim, as the pipeline would.
func (b *reminderBundle) addMessage(t *testing.T, uid uint32, direction, from, messageID, subject string, at time.Time) {
	t.Helper()
	ctx := t.Context()
	mb, err := b.db.EnsureMailbox(ctx, b.acct.Name(), "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		id, _, err := storage.InsertMessage(ctx, tx, storage.NewMessage{
			MailboxID: mb.ID, UIDValidity: 1, UID: uid, Direction: direction, RawSHA256: fmt.Sprintf("%064x", uid), RawSize: 100,
			MessageID: messageID, FromAddress: from, Subject: subject, InternalDate: at, Status: storage.StatusNew,
		})
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE messages SET claim_id = $2, status = 'filed', to_addresses = '{claims@office.example}' WHERE id = $1`, id, b.claim.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (b *reminderBundle) reminderWorker(t *testing.T) *ReminderWorker {
	return NewReminderWorker(b.db, OutboxConfig{
		From: mail.Address{Name: "Claims Desk", Address: "claims@office.example"}, OfficeDomain: "office.example",
		Now: func() time.Time { return b.now },
	}, ReminderRules{Calendar: b.cal}, testenv.Logger(t))
}

// sweep runs the periodic job's sweep once, as one process would.
func (b *reminderBundle) sweep(t *testing.T) int {
	t.Helper()
	n, err := b.reminderWorker(t).Sweep(t.Context(), b.outbox.jobs)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// deliverAll sends every recorded reminder's message with a fresh worker.
func (b *reminderBundle) deliverAll(t *testing.T) []storage.ClaimReminder {
	t.Helper()
	rs, err := b.db.ClaimReminders(t.Context(), b.claim.ID)
	if err != nil {
		t.Fatal(err)
	}
	w := b.worker(t, false)
	for _, r := range rs {
		if err := w.deliver(t.Context(), *r.OutboxID); err != nil {
			t.Fatal(err)
		}
	}
	if rs, err = b.db.ClaimReminders(t.Context(), b.claim.ID); err != nil {
		t.Fatal(err)
	}
	return rs
}

// TestChaseReminderSentOnceThreadedRecorded: nothing came from the job, so
// on business day 2 both technicians are chased, once however many sweeps
// run at the same time; Marcus in his thread with the office, Luis (known
// from the people list) in Spanish in a new thread naming the job. Marcus's
// answer shows on the reminder.
func TestChaseReminderSentOnceThreadedRecorded(t *testing.T) {
	t.Parallel()
	b := setupReminders(t, "")
	ctx := t.Context()
	b.now = monAfternoon
	if n := b.sweep(t); n != 0 {
		t.Fatalf("day 1: %d reminders sent, want none before the chase day", n)
	}
	b.now = tueMorning
	// Two processes' sweeps at once, then one more later.
	var wg sync.WaitGroup
	counts := make([]int, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Go(func() { counts[i], errs[i] = b.reminderWorker(t).Sweep(ctx, b.outbox.jobs) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if got := counts[0] + counts[1] + b.sweep(t); got != 2 {
		t.Fatalf("three sweeps sent %d reminders, want 2 (one per technician)", got)
	}
	rs := b.deliverAll(t)
	if len(rs) != 2 {
		t.Fatalf("%d reminders recorded, want 2: %+v", len(rs), rs)
	}
	got := b.smtp.Received()
	if len(got) != 2 {
		t.Fatalf("the server received %d messages, want 2", len(got))
	}
	byTo := map[string]string{}
	for _, m := range got {
		byTo[m.To[0]] = string(m.Raw)
	}
	h, body := readMail(t, []byte(byTo["marcus@field.example"]))
	if h.Get("In-Reply-To") != b.marcusMsg || !strings.Contains(h.Get("References"), b.marcusMsg) {
		t.Errorf("Marcus's reminder: In-Reply-To %q References %q, want his message %s", h.Get("In-Reply-To"), h.Get("References"), b.marcusMsg)
	}
	if s, _ := h.Subject(); s != "Re: 26-1001-WTR on site" {
		t.Errorf("Marcus's reminder subject %q, want the thread's", s)
	}
	if !strings.Contains(body, "Hi Marcus,") || !strings.Contains(body, "nothing from the job") {
		t.Errorf("Marcus's reminder body:\n%s", body)
	}
	h, body = readMail(t, []byte(byTo["luis@field.example"]))
	if h.Has("In-Reply-To") {
		t.Errorf("Luis's reminder answers %q: he has no thread on the claim", h.Get("In-Reply-To"))
	}
	if s, _ := h.Subject(); !strings.Contains(s, "26-1001-WTR") || !strings.HasPrefix(s, "Trabajo") {
		t.Errorf("Luis's reminder subject %q, want Spanish with the job number", s)
	}
	if !strings.Contains(body, "Hola Luis") {
		t.Errorf("Luis's reminder is not in Spanish:\n%s", body)
	}
	for _, r := range rs {
		if r.Kind != storage.ReminderChaseUpload || !r.Automatic || r.OutboxState != storage.OutboxSent || r.AnsweredAt != nil {
			t.Errorf("recorded reminder %+v: want an automatic chase, sent, unanswered", r)
		}
		m, err := b.db.GetOutbox(ctx, *r.OutboxID)
		if err != nil || b.sent(t, m.MessageID) != 1 || m.Kind != storage.ReplyReminder {
			t.Errorf("reminder %d: outbox %+v (%v), want a reminder filed once in Sent", r.ID, m.Kind, err)
		}
	}

	b.addMessage(t, 3, "in", "marcus@field.example", "<marcus-2@field.example>", "photos", tueMorning.Add(time.Hour))
	rs, err := b.db.ClaimReminders(ctx, b.claim.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		answered := r.AnsweredAt != nil
		if want := r.Recipient == "marcus@field.example"; answered != want {
			t.Errorf("reminder to %s answered %v, want %v", r.Recipient, answered, want)
		}
	}
}

// TestRemindersOnlyInBusinessHours: a due chase waits for the office to
// open.
func TestRemindersOnlyInBusinessHours(t *testing.T) {
	t.Parallel()
	b := setupReminders(t, "")
	for _, now := range []time.Time{tueNight, saturday} {
		b.now = now
		if n := b.sweep(t); n != 0 {
			t.Errorf("%s: %d reminders sent outside business hours", now.Format(time.RFC1123), n)
		}
	}
	if got := b.smtp.Received(); len(got) != 0 {
		t.Errorf("the server received %d messages", len(got))
	}
	b.now = tueMorning
	if n := b.sweep(t); n != 2 {
		t.Errorf("in business hours: %d reminders, want 2", n)
	}
}

// A claim's reminders wait for its own office's business hours: at 10:14
// UTC a Los Angeles office is not open yet, though the configured calendar
// (UTC) is.
func TestRemindersInTheClaimsOfficeHours(t *testing.T) {
	t.Parallel()
	b := setupReminders(t, "")
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	sweep := func() int {
		t.Helper()
		w := b.reminderWorker(t)
		w.rules.Offices = officeCalendars{storage.DefaultOfficeID: {Calendar: sla.NewCalendar(la, sla.DefaultHours())}}
		n, err := w.Sweep(t.Context(), b.outbox.jobs)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	b.now = tueMorning
	if n := sweep(); n != 0 {
		t.Errorf("03:14 in Los Angeles: %d reminders sent", n)
	}
	b.now = time.Date(2026, 3, 10, 17, 0, 0, 0, time.UTC) // 10:00 in Los Angeles
	if n := sweep(); n != 2 {
		t.Errorf("10:00 in Los Angeles: %d reminders, want 2", n)
	}
}

// TestCOSReminderAfterPickupRecorded: a pickup recorded once it happened
// (the equipment gone by the sweep) still gets each technician the COS
// reminder, as Due calls for it.
func TestCOSReminderAfterPickupRecorded(t *testing.T) {
	t.Parallel()
	b := setupReminders(t, classify.LossWater)
	pickedUp := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	if err := b.db.SetJobStage(t.Context(), b.claim.ID, storage.StageEquipmentPickedUp, pickedUp, "dana@smrestore.example"); err != nil {
		t.Fatal(err)
	}
	b.now = tueAfternoon
	b.sweep(t)
	count := map[string]int{}
	for _, r := range b.deliverAll(t) {
		count[r.Kind+" "+r.Recipient]++
	}
	for _, who := range []string{"marcus@field.example", "luis@field.example"} {
		if got := count[storage.ReminderCOSAtPickup+" "+who]; got != 1 {
			t.Errorf("COS reminders to %s after the pickup: %d, want 1 (%v)", who, got, count)
		}
	}
}

// TestCOSAndDryingLogReminders: on a water job with equipment placed and a
// pickup scheduled, each technician gets the COS reminder once and the
// drying-log reminder once a day.
func TestCOSAndDryingLogReminders(t *testing.T) {
	t.Parallel()
	b := setupReminders(t, classify.LossWater)
	ctx := t.Context()
	if err := b.db.SetJobStage(ctx, b.claim.ID, storage.StageWorkStarted, b.now, "dana@smrestore.example"); err != nil {
		t.Fatal(err)
	}
	pickup := time.Date(2026, 3, 13, 10, 0, 0, 0, time.UTC)
	if err := b.db.SetJobStage(ctx, b.claim.ID, storage.StageEquipmentPickedUp, pickup, "dana@smrestore.example"); err != nil {
		t.Fatal(err)
	}
	b.now = tueAfternoon
	b.sweep(t)
	b.sweep(t)
	b.now = wedAfternoon
	b.sweep(t)
	b.sweep(t)
	rs := b.deliverAll(t)
	count := map[string]int{}
	for _, r := range rs {
		count[r.Kind+" "+r.Recipient]++
	}
	for _, who := range []string{"marcus@field.example", "luis@field.example"} {
		want := map[string]int{storage.ReminderChaseUpload: 1, storage.ReminderCOSAtPickup: 1, storage.ReminderDryingLog: 2}
		for kind, n := range want {
			if got := count[kind+" "+who]; got != n {
				t.Errorf("%s reminders to %s: %d, want %d", kind, who, got, n)
			}
		}
	}
	var subjects []string
	for _, m := range b.smtp.Received() {
		if m.To[0] == "luis@field.example" {
			h, _ := readMail(t, m.Raw)
			s, _ := h.Subject()
			subjects = append(subjects, s)
		}
	}
	for _, want := range []string{"firmar el COS al recoger el equipo", "registro de secado de hoy"} {
		if !slices.ContainsFunc(subjects, func(s string) bool { return strings.Contains(s, want) }) {
			t.Errorf("Luis's reminders %q: none says %q", subjects, want)
		}
	}
	if n := len(b.smtp.Received()); n != len(rs) {
		t.Errorf("the server received %d messages for %d reminders", n, len(rs))
	}
}

// TestRemindNowOnceAClick: a person's reminder goes out at once, in the
// technician's thread; a double click sends one.
func TestRemindNowOnceAClick(t *testing.T) {
	t.Parallel()
	b := setupReminders(t, "")
	ctx := t.Context()
	if _, err := b.outbox.RemindNow(ctx, b.claim.ID, storage.ReminderCOSAtPickup, "marcus@field.example", "Dana", "dana@office.example"); !errors.Is(err, ErrNothingToAsk) {
		t.Errorf("the COS at pickup with no equipment on site: %v, want ErrNothingToAsk", err)
	}
	if err := b.db.SetJobStage(ctx, b.claim.ID, storage.StageWorkStarted, b.now.Add(-time.Hour), "dana@smrestore.example"); err != nil {
		t.Fatal(err)
	}
	id, err := b.outbox.RemindNow(ctx, b.claim.ID, storage.ReminderCOSAtPickup, "Marcus@Field.example", "Dana Coordinator", "dana@office.example")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.outbox.RemindNow(ctx, b.claim.ID, storage.ReminderCOSAtPickup, "marcus@field.example", "Dana Coordinator", "dana@office.example"); !errors.Is(err, storage.ErrReminderSent) {
		t.Errorf("second click: %v, want ErrReminderSent", err)
	}
	if _, err := b.outbox.RemindNow(ctx, b.claim.ID, storage.ReminderCOSAtPickup, "erin@office.example", "Dana", "dana@office.example"); !errors.Is(err, ErrNoRecipient) {
		t.Errorf("reminding the estimator: %v, want ErrNoRecipient", err)
	}
	rs := b.deliverAll(t)
	if len(rs) != 1 || rs[0].ID != id || rs[0].Automatic || rs[0].CreatedBy != "dana@office.example" {
		t.Fatalf("recorded %+v, want one reminder by dana", rs)
	}
	got := b.smtp.Received()
	if len(got) != 1 {
		t.Fatalf("the server received %d messages, want 1", len(got))
	}
	h, body := readMail(t, got[0].Raw)
	if h.Get("In-Reply-To") != b.marcusMsg || !strings.Contains(body, "Dana Coordinator") || !strings.Contains(body, "COS") {
		t.Errorf("In-Reply-To %q, body:\n%s", h.Get("In-Reply-To"), body)
	}
}

// TestMarkReminderSent: a reminder sent from a person's mail program and
// marked sent is that person's reminder, recorded once however often it
// is marked within the minute; the chase it was is not sent again by the
// automatic reminders, which still chase the technician nobody reminded.
func TestMarkReminderSent(t *testing.T) {
	t.Parallel()
	b := setupReminders(t, "")
	ctx := t.Context()
	b.now = tueMorning
	mark := SentMark{ClaimID: b.claim.ID, Kind: storage.ReminderChaseUpload, To: "Marcus@Field.example", By: "dana@office.example", SentAt: b.now}
	r, _, err := MarkReminderSent(ctx, b.db, mark, b.now)
	if err != nil {
		t.Fatal(err)
	}
	if r.Recipient != "marcus@field.example" || r.RecipientName != "Marcus Field" || r.Automatic || r.OutboxID != nil ||
		r.MarkedSentBy != "dana@office.example" || r.Occasion != "manual:2026-03-10T10:14:00Z" {
		t.Errorf("marked %+v: want dana's chase of Marcus, from the mail program, for its minute", r)
	}
	mark.To, mark.SentAt = "marcus@field.example", b.now.Add(30*time.Second)
	again, repeated, err := MarkReminderSent(ctx, b.db, mark, b.now.Add(30*time.Second))
	if err != nil || again.ID != r.ID || !repeated {
		t.Errorf("marked again within the minute: %+v (%v), want reminder %d", again, err, r.ID)
	}
	toErin := SentMark{ClaimID: b.claim.ID, Kind: storage.ReminderCOSAtPickup, To: "erin@office.example", By: "dana@office.example", SentAt: b.now}
	if _, _, err := MarkReminderSent(ctx, b.db, toErin, b.now); !errors.Is(err, ErrNoRecipient) {
		t.Errorf("marking a COS reminder to the estimator: %v, want ErrNoRecipient", err)
	}
	birthday := SentMark{ClaimID: b.claim.ID, Kind: "birthday", To: "marcus@field.example", By: "dana@office.example", SentAt: b.now}
	if _, _, err := MarkReminderSent(ctx, b.db, birthday, b.now); !errors.Is(err, ErrBadReply) {
		t.Errorf("marking a reminder of no kind: %v, want ErrBadReply", err)
	}
	if n := b.sweep(t); n != 1 {
		t.Errorf("the sweep sent %d reminders, want 1: Luis's chase", n)
	}
	rs, err := b.db.ClaimReminders(ctx, b.claim.ID)
	if err != nil || len(rs) != 2 {
		t.Fatalf("reminders %+v (%v), want Marcus's marked and Luis's sent", rs, err)
	}
	for _, r := range rs {
		if marked := r.MarkedSentAt != nil; marked != (r.Recipient == "marcus@field.example") || r.Automatic == marked {
			t.Errorf("reminder %+v: only Marcus's is marked sent, only Luis's automatic", r)
		}
	}
}

// TestMarkReminderSentAtItsTime: a reminder marked sent two hours after it
// went is recorded as going then, for that minute, and marked at the
// press; a time a little ahead of the clock is now, and one still to come
// or before the claim opened is refused in words.
func TestMarkReminderSentAtItsTime(t *testing.T) {
	t.Parallel()
	b := setupReminders(t, "")
	ctx := t.Context()
	now := tueMorning.Add(2 * time.Hour)
	mark := func(sent time.Time) (storage.ClaimReminder, error) {
		r, _, err := MarkReminderSent(ctx, b.db, SentMark{ClaimID: b.claim.ID, Kind: storage.ReminderChaseUpload,
			To: "marcus@field.example", By: "dana@office.example", SentAt: sent}, now)
		return r, err
	}
	r, err := mark(tueMorning)
	if err != nil || !r.CreatedAt.Equal(tueMorning) || r.MarkedSentAt == nil || !r.MarkedSentAt.Equal(now) ||
		r.Occasion != "manual:2026-03-10T10:14:00Z" {
		t.Errorf("marked at %v as sent at %v: %+v (%v); want it sent then, marked now", now, tueMorning, r, err)
	}
	if r, err := mark(now.Add(2 * time.Minute)); err != nil || !r.CreatedAt.Equal(now) {
		t.Errorf("sent 2 minutes ahead of the clock: %+v (%v); want sent now", r, err)
	}
	opened, err := b.db.ClaimsOpenedAt(ctx, []int64{b.claim.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		sent time.Time
		want string
	}{
		{now.Add(10 * time.Minute), "the time the reminder was sent is still to come"},
		{opened[b.claim.ID].Add(-time.Minute), "the time the reminder was sent is before the claim opened"},
	} {
		_, err := mark(tc.sent)
		var refusal *SentAtRefusal
		if !errors.As(err, &refusal) || refusal.Reason != tc.want || !errors.Is(err, ErrBadReply) {
			t.Errorf("sent at %v: %v; want refused: %s", tc.sent, err, tc.want)
		}
	}
}

// TestDueReminders checks when each reminder falls due from a claim's
// facts.
func TestDueReminders(t *testing.T) {
	t.Parallel()
	opened := time.Date(2026, 3, 9, 14, 4, 0, 0, time.UTC)
	at := func(d time.Time) *time.Time { return &d }
	rules := ReminderRules{Calendar: sla.NewCalendar(time.UTC, sla.DefaultHours())}
	cases := []struct {
		name  string
		f     sla.ClaimFacts
		rules ReminderRules
		now   time.Time
		want  []string
	}{
		{"day 1", sla.ClaimFacts{OpenedAt: opened}, rules, monAfternoon, nil},
		{"day 2", sla.ClaimFacts{OpenedAt: opened}, rules, tueMorning, []string{"chase_upload once"}},
		{"chase day 3", sla.ClaimFacts{OpenedAt: opened}, ReminderRules{Calendar: rules.Calendar, ChaseDay: 3}, tueMorning, nil},
		{"photos came", sla.ClaimFacts{OpenedAt: opened, Documents: []sla.Document{{Type: sla.DocPhoto, ReceivedAt: monAfternoon}}}, rules, tueMorning, nil},
		{"estimate is not from the job", sla.ClaimFacts{OpenedAt: opened, Documents: []sla.Document{{Type: sla.DocEstimate, ReceivedAt: monAfternoon}}}, rules, tueMorning, []string{"chase_upload once"}},
		{"pickup scheduled", sla.ClaimFacts{OpenedAt: opened, Documents: []sla.Document{{Type: sla.DocPhoto, ReceivedAt: monAfternoon}}, EquipmentPickedUpAt: at(saturday)}, rules, tueMorning, []string{"cos_at_pickup once"}},
		{"COS on file", sla.ClaimFacts{OpenedAt: opened, Documents: []sla.Document{{Type: sla.DocCOS, ReceivedAt: monAfternoon}}, EquipmentPickedUpAt: at(monAfternoon)}, rules, tueMorning, nil},
		{"drying, afternoon", sla.ClaimFacts{OpenedAt: opened, Drying: true, WorkStartedAt: at(opened), Documents: []sla.Document{{Type: sla.DocPhoto, ReceivedAt: monAfternoon}}}, rules, tueAfternoon, []string{"drying_log 2026-03-10"}},
		{"drying, morning", sla.ClaimFacts{OpenedAt: opened, Drying: true, WorkStartedAt: at(opened), Documents: []sla.Document{{Type: sla.DocPhoto, ReceivedAt: monAfternoon}}}, rules, tueMorning, nil},
		{"drying log today", sla.ClaimFacts{OpenedAt: opened, Drying: true, WorkStartedAt: at(opened), Documents: []sla.Document{{Type: sla.DocDryingLog, ReceivedAt: tueMorning}}}, rules, tueAfternoon, nil},
		{"equipment picked up", sla.ClaimFacts{OpenedAt: opened, Drying: true, WorkStartedAt: at(opened), EquipmentPickedUpAt: at(tueMorning), Documents: []sla.Document{{Type: sla.DocCOS, ReceivedAt: tueMorning}}}, rules, tueAfternoon, nil},
		{"equipment log placed, work start unrecorded", sla.ClaimFacts{OpenedAt: opened, Drying: true, EquipmentPlacedAt: at(monAfternoon), Documents: []sla.Document{{Type: sla.DocPhoto, ReceivedAt: monAfternoon}}}, rules, tueAfternoon, []string{"drying_log 2026-03-10"}},
		{"equipment log placed later", sla.ClaimFacts{OpenedAt: opened, Drying: true, WorkStartedAt: at(opened), EquipmentPlacedAt: at(saturday), Documents: []sla.Document{{Type: sla.DocPhoto, ReceivedAt: monAfternoon}}}, rules, tueAfternoon, nil},
		{"not a drying job", sla.ClaimFacts{OpenedAt: opened, WorkStartedAt: at(opened), Documents: []sla.Document{{Type: sla.DocPhoto, ReceivedAt: monAfternoon}}}, rules, tueAfternoon, nil},
	}
	for _, c := range cases {
		var got []string
		for _, d := range c.rules.Due(c.f, c.now) {
			got = append(got, d.Kind+" "+d.Occasion)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: due %q, want %q", c.name, got, c.want)
		}
	}
}

// TestFailedReminderTriedAgainNextDay: a chase the mail server refused is
// not drafted again by every sweep of its day, and the next office day's
// sweep sends it again in its place.
func TestFailedReminderTriedAgainNextDay(t *testing.T) {
	t.Parallel()
	b := setupReminders(t, "")
	ctx := t.Context()
	b.now = tueMorning
	if n := b.sweep(t); n != 2 {
		t.Fatalf("day 2: %d reminders sent, want 2", n)
	}
	first, err := b.db.ClaimReminders(ctx, b.claim.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range first {
		if err := b.db.MarkOutboxFailed(ctx, *r.OutboxID, "550 mailbox unavailable"); err != nil {
			t.Fatal(err)
		}
	}
	b.now = tueMorning.Add(2 * time.Hour)
	if n := b.sweep(t); n != 0 {
		t.Fatalf("later the same day: %d reminders sent again, want none", n)
	}
	b.now = tueMorning.Add(24 * time.Hour)
	if n := b.sweep(t); n != 2 {
		t.Fatalf("next office day: %d reminders sent, want both refused ones again", n)
	}
	again, err := b.db.ClaimReminders(ctx, b.claim.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 2 {
		t.Fatalf("%d reminders recorded, want the 2 in their own places: %+v", len(again), again)
	}
	for i, r := range again {
		if r.OutboxState == storage.OutboxFailed || *r.OutboxID == *first[i].OutboxID || !r.CreatedAt.Equal(b.now) {
			t.Errorf("reminder %d after the retry: %+v, want a new message queued now", r.ID, r)
		}
	}
	if n := b.sweep(t); n != 0 {
		t.Fatalf("a second sweep of the retry's day sent %d, want none", n)
	}
}
