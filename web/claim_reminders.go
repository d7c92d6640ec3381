package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// reminderKindFor is the reminder that answers an alert of milestone m;
// "" when no reminder does. The COS milestone falls due once the
// equipment is picked up: the documents-needed reminder asks for the COS
// then, as the paperwork's asks for the estimate.
func reminderKindFor(m sla.MilestoneName) string {
	switch m {
	case sla.MilestoneFirstDocs, sla.MilestoneChase, sla.MilestonePaperwork, sla.MilestoneCOS:
		return storage.ReminderChaseUpload
	}
	return ""
}

// alertAsks reports whether an alert of milestone m offers reminding r:
// the first documents, the chase and the COS are the field's to send, so
// their alerts do not ask the estimator (for the estimate and sketch,
// which the paperwork's alert asks for).
func alertAsks(m sla.MilestoneName, r outbox.Recipient) bool {
	return m == sla.MilestonePaperwork || r.Role != "estimator"
}

// reminderLabels say what each reminder kind is about.
var reminderLabels = map[string]string{
	storage.ReminderChaseUpload: "documents needed",
	storage.ReminderCOSAtPickup: "COS at equipment pickup",
	storage.ReminderDryingLog:   "today's drying log",
}

// offerFunc reports whether a reminder of kind to r is offered: it asks
// for something the claim lacks (outbox.ReminderRules.Offered).
type offerFunc func(kind string, r outbox.Recipient) bool

// reminderOffers are the reminders offered on a claim with facts f at
// now, on the office's calendar cal.
func reminderOffers(cal *sla.Calendar, f sla.ClaimFacts, now time.Time) offerFunc {
	rules := outbox.ReminderRules{Calendar: cal}
	return func(kind string, r outbox.Recipient) bool { return rules.Offered(kind, r, f, now) }
}

// remindButton is a one-click reminder: "Remind Marcus".
type remindButton struct {
	ClaimID int64
	Kind    string
	To      string
	Label   string
	// Docs are what it asks for where that is more than the checklist
	// lacks (outbox.Reminder.Docs); nil otherwise.
	Docs []sla.DocType
	// Back is where the click returns to: the board or the claim page.
	Back string
}

// remindFormView is a reminder button with its form's CSRF token.
type remindFormView struct {
	remindButton
	CSRF string
	// Next is where the form leads back to, when not where Back says: the
	// Next line it was pressed on.
	Next string
}

// newRemindForm is the form of reminder button b, leading back to next
// (at most one; none: where b.Back says).
func newRemindForm(b remindButton, csrf string, next ...string) remindFormView {
	v := remindFormView{remindButton: b, CSRF: csrf}
	if len(next) > 0 {
		v.Next = next[0]
	}
	return v
}

// reminderLink writes a reminder of Kind to To in the mail program, where
// claimdesk cannot send; beside it, "I sent it" records that it went.
type reminderLink struct {
	mailLink
	ClaimID  int64
	Kind, To string
	// Name is the recipient's first name, which the form's label says.
	Name string
	// what says what the reminder asks for, where links of every kind
	// are listed together.
	what string
	// Key is the "I sent it" form's one-time key: the form sent again
	// records one reminder. The page's forms of the same reminder (the
	// Next card's, the alert's, the list's) share it.
	Key string
	sentAtField
}

// sentAtField is the "sent at" of an "I sent it" form, in the office's
// wall clock: it shows now, and takes no time before the claim opened
// (Min). It sets no latest time: the page may stay open long after now,
// and the form's handler refuses a time still to come.
type sentAtField struct{ Now, Min string }

// reminderSentFormView is the "I sent it" button of a reminder written in
// the mail program, with its form's CSRF token.
type reminderSentFormView struct {
	reminderLink
	CSRF string
	// Next is where the form leads back to, when not the claim's list of
	// reminders: the Next line it was pressed on.
	Next string
}

// newReminderSentForm is the "I sent it" form of link l, leading back to
// next (at most one; none: the claim's list of reminders).
func newReminderSentForm(l reminderLink, csrf string, next ...string) reminderSentFormView {
	v := reminderSentFormView{reminderLink: l, CSRF: csrf}
	if len(next) > 0 {
		v.Next = next[0]
	}
	return v
}

// alertReminder is what an alert shows of its reminders: what was done
// ("reminded 10:14, no answer yet") and the buttons to remind, or where
// claimdesk cannot send, the links that write the reminder in the mail
// program.
type alertReminder struct {
	reminderStanding
	Buttons []remindButton
	Mail    []reminderLink
}

// reminderWords says where reminder r stands, in office time: "reminded
// Marcus 10:14, no answer yet", "Marcus answered 11:02", naming the
// recipient among the claim's people as the alerts do.
func reminderWords(r storage.ClaimReminder, people []storage.ClaimParticipant, now time.Time, loc *time.Location) string {
	who := recipientName(r.RecipientName, r.Recipient, people)
	at := func(t time.Time) string {
		t, n := t.In(loc), now.In(loc)
		if sla.DateOf(t) == sla.DateOf(n) {
			return t.Format("15:04")
		}
		return t.Format("Mon Jan 2, 15:04")
	}
	switch {
	case r.OutboxState == storage.OutboxFailed:
		return fmt.Sprintf("reminder to %s %s could not be sent", who, at(r.CreatedAt))
	case r.AnsweredAt != nil:
		return fmt.Sprintf("reminded %s %s, answered %s", who, at(r.CreatedAt), at(*r.AnsweredAt))
	}
	return fmt.Sprintf("reminded %s %s, no answer yet", who, at(r.CreatedAt))
}

// alertReminderOf is what the board's row of alert a of claim id offers
// of its reminders where the office can send mail: a button to each of
// the claim's recipients (to) the alert asks whom offered offers it,
// named among its people; nil when it offers none. Where its reminder
// stands is the line's to say (lineStanding).
func (s *Server) alertReminderOf(id int64, a sla.Alert, people []storage.ClaimParticipant, to []outbox.Recipient, offered offerFunc, back string) *alertReminder {
	kind := reminderKindFor(a.Milestone)
	if kind == "" || s.opts.Outbox == nil {
		return nil
	}
	ar := &alertReminder{}
	for _, r := range to {
		if !offered(kind, r) || !alertAsks(a.Milestone, r) {
			continue
		}
		ar.Buttons = append(ar.Buttons, remindButton{ClaimID: id, Kind: kind, To: r.Email, Label: "Remind " + recipientName(r.Name, r.Email, people), Back: back})
	}
	if ar.offersNothing() {
		return nil
	}
	return ar
}

// claimReminders is the claim page's reminders: each sent, newest first,
// and the buttons to send each reminder the claim's facts call for to
// each person it asks something of.
type claimReminders struct {
	Sent    []reminderRow
	Buttons []remindButton
	// Mail are, where claimdesk cannot send, the links that write each
	// reminder to each recipient in the mail program.
	Mail []reminderLink
	// NoRecipient says the claim has no technician or foreman with an
	// address to remind.
	NoRecipient bool
	// NoEstimator names what the claim lacks of the estimator's (the
	// estimate, the sketch) when it has no estimator with an address to
	// remind; empty otherwise.
	NoEstimator string
	// Listed is the office's people list: a line asking for a person the
	// claim lacks offers to add one of them.
	Listed []storage.Person
	// asks, sent, mail (by kind) and back are what the reminders were
	// chosen from, for the reminders of Next's lines (nextLineReminder).
	asks claimAsks
	sent []storage.ClaimReminder
	mail map[string][]reminderLink
	back string
}

// reminderRow is one reminder in the claim's timeline.
type reminderRow struct {
	storage.ClaimReminder
	What   string
	Status string
}

// claimAsks is what the claim page's reminders are chosen from: the
// people to remind, the claim's facts at now, and which reminder each is
// offered.
type claimAsks struct {
	people  []storage.ClaimParticipant
	to      []outbox.Recipient
	facts   sla.ClaimFacts
	now     time.Time
	offered offerFunc
	// owed are, by address, the documents the paperwork's lines ask each
	// person for (the COS the billing packet lacks before pickup), which
	// the documents-needed reminder asks for with what the checklist
	// lacks.
	owed map[string][]sla.DocType
}

// ask is what reminder kind to r asks for.
func (a claimAsks) ask(kind string, r outbox.Recipient) outbox.ReminderAsk {
	ask := outbox.AskOf(kind, r, a.facts, a.now)
	if kind == storage.ReminderChaseUpload && len(a.owed[r.Email]) > 0 {
		ask.Docs = outbox.OwedOf(slices.Concat(ask.Docs, a.owed[r.Email]), r, a.facts, a.now)
	}
	return ask
}

// offers reports whether reminder kind to r is offered: it asks for
// something the claim lacks.
func (a claimAsks) offers(kind string, r outbox.Recipient) bool {
	return a.offered(kind, r) || (kind == storage.ReminderChaseUpload && len(a.ask(kind, r).Docs) > 0)
}

// what says what reminder kind to r asks for: "send the estimate and the
// sketch", "COS at equipment pickup".
func (a claimAsks) what(kind string, r outbox.Recipient) string {
	if kind != storage.ReminderChaseUpload {
		return reminderLabels[kind]
	}
	return "send " + outbox.AskList(a.ask(kind, r).Docs, outbox.LangEnglish)
}

// button is the one-click reminder of kind to r, back to back.
func (a claimAsks) button(claim int64, kind string, r outbox.Recipient, back string) remindButton {
	b := remindButton{ClaimID: claim, Kind: kind, To: r.Email, Label: "Remind " + a.name(r) + ": " + a.what(kind, r), Back: back}
	if kind == storage.ReminderChaseUpload && len(a.owed[r.Email]) > 0 {
		b.Docs = a.ask(kind, r).Docs
	}
	return b
}

// name is how buttons and links name r: as the alerts name the claim's
// people (nameAmong).
func (a claimAsks) name(r outbox.Recipient) string {
	return recipientName(r.Name, r.Email, a.people)
}

// recipientName names the person called name at address email among a
// claim's people (nameAmong); by address when they have no name.
func recipientName(name, email string, people []storage.ClaimParticipant) string {
	if strings.TrimSpace(name) == "" {
		return email
	}
	return nameAmong(name, people)
}

// addClaimReminders fills the claim page's reminders.
func (s *Server) addClaimReminders(ctx context.Context, v *claimView, now time.Time) error {
	people, err := s.db.People(ctx, v.C.OfficeID)
	if err != nil {
		return err
	}
	sent, err := s.db.ClaimReminders(ctx, v.C.ID)
	if err != nil {
		return err
	}
	facts, err := s.db.ClaimFacts(ctx, v.C.ID)
	if err != nil {
		return err
	}
	cal := s.rulesOf(v.C.OfficeID).Calendar
	loc := cal.Location()
	to := outbox.AskRecipients(v.Participants, people)
	asks := claimAsks{people: v.Participants, to: to, facts: facts, now: now,
		offered: reminderOffers(cal, facts, now), owed: owedByLines(v.Alerts, to)}
	back := fmt.Sprintf("/claims/%d", v.C.ID)
	rs := claimReminders{Listed: people,
		NoRecipient: len(outbox.Recipients(v.Participants, people)) == 0, NoEstimator: noEstimator(asks),
		asks: asks, sent: sent, back: back}
	for _, r := range sent {
		rs.Sent = append(rs.Sent, reminderRow{ClaimReminder: r, What: reminderLabels[r.Kind], Status: reminderWords(r, v.Participants, now, loc)})
	}
	if s.opts.Outbox == nil {
		if err := s.addReminderMail(ctx, v, &rs, now.In(loc)); err != nil {
			return err
		}
	}
	if s.opts.Outbox != nil {
		for _, kind := range storage.ReminderKinds {
			for _, r := range asks.to {
				if asks.offers(kind, r) {
					rs.Buttons = append(rs.Buttons, asks.button(v.C.ID, kind, r, back))
				}
			}
		}
	}
	v.Reminders = rs
	return nil
}

// addReminderMail adds to rs the reminders to write in one's own mail
// program, where claimdesk sends no mail, and keeps them by kind for the
// Next card's lines.
func (s *Server) addReminderMail(ctx context.Context, v *claimView, rs *claimReminders, now time.Time) error {
	sent := sentAtField{Now: now.Format(stageTimeLayout), Min: v.OpenedAt.In(now.Location()).Format(stageTimeLayout)}
	mail, err := s.reminderMail(ctx, v.C, rs.asks, sent)
	if err != nil {
		return err
	}
	for _, kind := range storage.ReminderKinds {
		for _, l := range mail[kind] {
			l.Label += ": " + l.what
			rs.Mail = append(rs.Mail, l)
		}
	}
	rs.mail = mail
	return nil
}

// owedByLines are, by address, the documents the paperwork's lines
// (alerts) ask each of the claim's people for.
func owedByLines(alerts []claimAlert, to []outbox.Recipient) map[string][]sla.DocType {
	lines := make([][]sla.DocType, len(alerts))
	for i, a := range alerts {
		lines[i] = a.asks
	}
	return owedOf(lines, to)
}

// owedOf are, by address, the documents lines (each the documents one
// line asks for) ask each of the claim's people for.
func owedOf(lines [][]sla.DocType, to []outbox.Recipient) map[string][]sla.DocType {
	owed := map[string][]sla.DocType{}
	for _, docs := range lines {
		for _, g := range lineAsks(docs, to) {
			owed[g.to.Email] = append(owed[g.to.Email], g.docs...)
		}
	}
	return owed
}

// noEstimator names what the claim lacks of the estimator's when no
// estimator on it has an address to remind: "the estimate and the
// sketch"; empty when it lacks none or one can be reminded.
func noEstimator(a claimAsks) string {
	if slices.ContainsFunc(a.to, func(r outbox.Recipient) bool { return r.Holds("estimator") }) {
		return ""
	}
	docs := outbox.AskOf(storage.ReminderChaseUpload, outbox.Recipient{Role: "estimator"}, a.facts, a.now).Docs
	return outbox.AskList(docs, outbox.LangEnglish)
}

// reminderMail writes each reminder offered on claim c to each person it
// asks something of (reminderLinkOf), by kind, each with its "I sent it"
// form's time (sent).
func (s *Server) reminderMail(ctx context.Context, c storage.Claim, a claimAsks, sent sentAtField) (map[string][]reminderLink, error) {
	out := map[string][]reminderLink{}
	for _, kind := range storage.ReminderKinds {
		for _, r := range a.to {
			if !a.offers(kind, r) {
				continue
			}
			l, ok, err := s.reminderLinkOf(ctx, c, a, kind, r, sent)
			if err != nil {
				return nil, err
			}
			if ok {
				out[kind] = append(out[kind], l)
			}
		}
	}
	return out, nil
}

// reminderLinkOf writes reminder kind on claim c to r, in their language
// and signed by the coordinator, as the link for the mail program: "Email
// Sam", with its "I sent it" form's time (sent). false when the saved
// template cannot be used: the outbox would refuse it too.
func (s *Server) reminderLinkOf(ctx context.Context, c storage.Claim, a claimAsks, kind string, r outbox.Recipient, sent sentAtField) (reminderLink, bool, error) {
	d, err := s.writer.DraftReminder(ctx, c, kind, r, a.ask(kind, r), coordinatorOf(ctx))
	if errors.Is(err, outbox.ErrBadTemplate) {
		s.log.Warn("reminder template unusable", "claim_id", c.ID, "kind", kind, "err", err)
		return reminderLink{}, false, nil
	}
	if err != nil {
		return reminderLink{}, false, err
	}
	return reminderLink{mailLink: mailLink{Label: emailButton(a.name(r)), Href: mailtoURL(d)},
		ClaimID: c.ID, Kind: kind, To: r.Email, Name: a.name(r), what: a.what(kind, r), Key: formKey(), sentAtField: sent}, true, nil
}

// sentAt is the time field of an "I sent it" form of the claim's
// reminders, on the office's clock (loc): now, and not before the claim
// opened.
func (a claimAsks) sentAt(loc *time.Location) sentAtField {
	return sentAtField{Now: a.now.In(loc).Format(stageTimeLayout), Min: a.facts.OpenedAt.In(loc).Format(stageTimeLayout)}
}

// remindError explains the outbox's refusals of a reminder.
func remindError(err error) error {
	switch {
	case errors.Is(err, storage.ErrReminderSent):
		return &httpError{status: http.StatusConflict, msg: "this reminder was just sent"}
	case errors.Is(err, outbox.ErrNoRecipient):
		return badRequest("%s", err.Error())
	case errors.Is(err, outbox.ErrNothingToAsk):
		return &httpError{status: http.StatusConflict, msg: "nothing to remind of: what this reminder asks for is on file, or the equipment it is about is not on site"}
	}
	return replyError(err)
}

// handleRemindForm sends a one-click reminder from the board or the claim
// page, and goes back there: to the line it was pressed on when the form
// names it (next).
func (s *Server) handleRemindForm(w http.ResponseWriter, r *http.Request) {
	id, o, err := s.replyRequest(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	kind, to := r.PostFormValue("kind"), r.PostFormValue("to")
	var docs []sla.DocType
	for _, d := range r.PostForm["doc"] {
		docs = append(docs, sla.DocType(d))
	}
	rid, err := o.RemindNow(ctx, id, kind, to, coordinatorName(r), actorFrom(ctx), docs...)
	if err != nil {
		s.fail(w, r, remindError(err))
		return
	}
	s.log.Info("reminder queued", "claim_id", id, "reminder_id", rid, "kind", kind, "actor", actorFrom(ctx))
	back := fmt.Sprintf("/claims/%d#reminders-h", id)
	switch r.PostFormValue("back") {
	case "/":
		back = fmt.Sprintf("/#paperwork-%d", id)
	case "/morning":
		back = fmt.Sprintf("/morning#claim-%d", id)
	}
	http.Redirect(w, r, formNext(r, back), http.StatusSeeOther)
}

// handleReminderSentForm records that the signed-in person sent a reminder
// written in the mail program (claimdesk cannot send), at the time the
// form gives (now unless changed): the claim then lists it and waits for
// the answer as for one claimdesk sent then. The form sent again (a double
// click, the back button) carries the same key and records nothing more,
// however much later; the page shown again has new forms.
func (s *Server) handleReminderSentForm(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	c, err := s.lookupClaim(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := reminderAsk{Kind: r.PostFormValue("kind"), To: r.PostFormValue("to"), Key: r.PostFormValue("idempotency_key")}
	if a.SentAt, err = s.sentAtFromForm(r, s.zoneOf(c.OfficeID)); err != nil {
		s.fail(w, r, err)
		return
	}
	_, _, err = s.markReminderSent(ctx, id, a)
	if errors.Is(err, storage.ErrKeyReused) {
		err = &httpError{status: http.StatusUnprocessableEntity, msg: "This form marked a reminder sent already, with another time. " +
			"To mark another reminder sent, reload the page and use its form."}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/claims/%d#reminders-h", id)), http.StatusSeeOther)
}

// sentAtFromForm is when the "I sent it" form says the reminder went: the
// time given, in the office's wall clock (loc), or nil (now) when "I sent
// it" was pressed with the time shown (sent_at_was) left as it was,
// however long the page stayed open. "Mark sent" (sent_at_given) takes the
// time given even when it is the one shown: the page opened when the mail
// was written shows the time it went.
func (s *Server) sentAtFromForm(r *http.Request, loc *time.Location) (*time.Time, error) {
	v := strings.TrimSpace(r.PostFormValue("sent_at"))
	if r.PostFormValue("sent_at_given") == "" && v == strings.TrimSpace(r.PostFormValue("sent_at_was")) {
		return nil, nil
	}
	at, err := s.formTimeIn(r, "sent_at", loc)
	return &at, err
}

// reminderAsk is a submission of a reminder marked sent: its kind, to
// whom, when it went (nil: now), and the submission's key, with which a
// submission repeated records once.
type reminderAsk struct {
	Kind, To string
	SentAt   *time.Time
	Key      string
}

// digest sums up what a asks: the reminder and its time as given.
func (a reminderAsk) digest() string {
	return askDigest(a.SentAt, a.Kind, strings.ToLower(strings.TrimSpace(a.To)))
}

// markReminderSent records that the caller sent a reminder on claim id
// from their own mail program, as a asks: the claim page's "I sent it" and
// the API's. A submission whose key the claim has recorded, or marking the
// same reminder for the same minute, records nothing more (repeated); a
// key sent for a different reminder is storage.ErrKeyReused.
func (s *Server) markReminderSent(ctx context.Context, id int64, a reminderAsk) (rm storage.ClaimReminder, repeated bool, err error) {
	if err := checkRequestKey(a.Key); err != nil {
		return rm, false, err
	}
	now, actor := s.now(), actorFrom(ctx)
	m := outbox.SentMark{ClaimID: id, Kind: a.Kind, To: a.To, By: actor, SentAt: now, Key: a.Key, Asked: a.digest()}
	if a.SentAt != nil {
		m.SentAt = *a.SentAt
	}
	if rm, repeated, err = outbox.MarkReminderSent(ctx, s.db, m, now); err != nil {
		return rm, repeated, remindError(err)
	}
	msg := "reminder marked sent"
	if repeated {
		msg = "reminder marked sent again, recorded once"
	}
	s.log.Info(msg, "claim_id", id, "reminder_id", rm.ID, "kind", a.Kind, "actor", actor)
	return rm, repeated, nil
}
