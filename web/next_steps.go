package web

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// The words of what to do next on a claim: the board, the morning page and
// the claim page say it alike ("Ask Jake for the scope (overdue since Fri
// Nov 27, 14:10)"), naming the person from the claim's participants.

// nextStep is one thing to do on a claim, in words.
type nextStep struct {
	Text string
	// Href is where it is done: the message to answer, the claim page's
	// paperwork, request or updates.
	Href string
	// State is overdue, due_soon or pending, as the board colours it.
	State sla.State
	// Due is when it is due; zero when it has no deadline.
	Due time.Time
	// What the step is about, for the claim page's buttons: the message to
	// answer, the paperwork alert, or (Update) the daily update owed.
	Message *storage.MessageRow
	Alert   *sla.Alert
	Update  bool
	// Approval is the equipment line waiting for the carrier's approval.
	Approval *storage.Equipment
	// Request is what a sender asked the office to send them.
	Request *storage.Request
	// Confirm is the equipment from mail waiting for a person.
	Confirm bool
	// Asks are the documents a paperwork step asks people for; Add the
	// role it asks to add to the claim first (paperworkLine).
	Asks []sla.DocType
	Add  string
}

// claimWork is what one claim waits on, for nextSteps.
type claimWork struct {
	claim  storage.Claim
	people []storage.ClaimParticipant
	// alerts are its paperwork alerts showing, the most urgent first.
	alerts []sla.Alert
	// requests are its open requests; waiting its mail waiting for an
	// answer, soonest due first.
	requests []storage.Request
	waiting  []storage.MessageRow
	// lastUpdate is its latest daily update; nil when none.
	lastUpdate *time.Time
	// approvals are its equipment lines waiting for the carrier's
	// approval, the longest waiting first.
	approvals []storage.Equipment
	// billing is what its billing packet lacks in all; nil when complete
	// or not known.
	billing *storage.ClaimBilling
	// checklist is its paperwork checklist (sla.Checklist): a request is
	// answered with what is on file, never with what is not.
	checklist []sla.ChecklistItem
	// record names the fields and roles a new job's record still lacks
	// (its first documents not in), as the record's form labels them;
	// ahead are its milestones' alerts not showing yet that are a new
	// job's first work (the first documents): steps before they are due.
	record []string
	ahead  []sla.Alert
	// each lists every paperwork line as a step of its own, as the claim
	// page does (ownPaperworkLines): no count of more behind the first.
	each bool
	// toConfirm counts its equipment lines from mail waiting for a person,
	// a step of its own where the billing packet's line does not say them.
	toConfirm int
}

// nextSteps lists what claim w needs, in words, most urgent first: mail to
// answer, its next paperwork action (the rest counted behind it), what
// senders asked for, the equipment waiting for the carrier's approval or
// from mail to confirm, and the daily update owed on today (nil: none
// owed).
// Times are on the claim's office's clock (cal), named when it is not the
// viewer's (home).
func nextSteps(w claimWork, today *storage.UpdateDay, now time.Time, cal *sla.Calendar, home *time.Location) []nextStep {
	loc := cal.Location()
	var out []nextStep
	names := storage.RecordNamesOf(w.claim, w.people)
	for _, m := range w.waiting {
		who := senderShown(m.FromName, m.FromAddress, names)
		a := timedAlert(m.AckDueAt, now)
		out = append(out, nextStep{Text: fmt.Sprintf("Answer %s: %q%s", who, orNoSubject(m.Subject), dueWords(a, now, loc, home)),
			Href: fmt.Sprintf("/messages/%d", m.ID), State: a.State, Due: a.Due, Message: &m})
	}
	out = append(out, paperworkSteps(w, now, loc, home)...)
	for _, r := range w.requests {
		rv := newRequestView(r, cal, now)
		a := timedAlert(r.DueAt, now)
		a.State = rv.State
		out = append(out, nextStep{Text: requestWords(r, w.checklist, names) + dueWords(a, now, loc, home),
			Href: fmt.Sprintf("/claims/%d#request-%d", w.claim.ID, r.ID), State: rv.State, Due: a.Due, Request: &r})
	}
	for _, e := range w.approvals {
		text, state := approvalStep(w.claim.AdjusterName, e, now, loc, home)
		out = append(out, nextStep{Text: text, Href: fmt.Sprintf("/claims/%d#equipment-%d", w.claim.ID, e.ID), State: state, Approval: &e})
	}
	if st, ok := confirmStep(w, now, loc, home); ok {
		out = append(out, st)
	}
	if owesUpdate(w.claim, w.lastUpdate, today) {
		to := "the adjuster"
		if name := strings.Fields(w.claim.AdjusterName); len(name) > 0 {
			to = name[0]
		}
		a := sla.Alert{Due: today.Close, State: owedUpdateState(today, now)}
		out = append(out, nextStep{Text: "Send today's update to " + to + dueWords(a, now, loc, home),
			Href: fmt.Sprintf("/claims/%d#updates-h", w.claim.ID), State: a.State, Due: a.Due, Update: true})
	}
	if len(w.record) > 0 && w.claim.Status != "closed" {
		out = append(out, nextStep{Text: "Complete the record: " + inSentence(strings.Join(w.record, ", ")),
			Href: fmt.Sprintf("/claims/%d#record", w.claim.ID), State: sla.StatePending})
	}
	slices.SortStableFunc(out, mostUrgent)
	return out
}

// paperworkSteps are claim w's paperwork steps: its most urgent alert's
// (the rest counted behind it, but for one, which is a step), the billing packet's of its own (what it
// lacks takes days to get, and folded into "more" nobody asks for it in
// time), or, with no alert showing, the first work of a new job ahead.
// With w.each, every line is a step.
func paperworkSteps(w claimWork, now time.Time, loc, home *time.Location) []nextStep {
	alerts := w.alerts
	if len(alerts) == 0 && w.claim.Status != "closed" {
		alerts = w.ahead
	}
	href := fmt.Sprintf("/claims/%d#paperwork-h", w.claim.ID)
	step := func(l *paperworkLine) nextStep {
		// Nobody to ask yet: the step is done from the record's people.
		return nextStep{Text: l.Text, Href: cmp.Or(l.addHref(w.claim.ID), href), State: l.Alert.State, Due: l.Alert.Due, Alert: &l.Alert,
			Asks: l.Docs, Add: l.Add, Confirm: l.Confirm}
	}
	if w.each {
		var out []nextStep
		for _, l := range ownPaperworkLines(alerts, w.people, w.billing, now, loc, home) {
			out = append(out, step(&l))
		}
		return out
	}
	lines := shownPaperworkLines(alerts, w.people, w.billing, func(l []paperworkLine) bool { return morePaperwork(l) <= 1 }, now, loc, home)
	if len(lines) == 0 {
		return nil
	}
	var billing *paperworkLine
	more := morePaperwork(lines)
	for i := range lines[1:] {
		if l := &lines[1+i]; l.Alert.Milestone == sla.MilestoneBilling {
			billing = l
		}
	}
	first := step(&lines[0])
	if more > 1 {
		first.Text += fmt.Sprintf("; then %d more paperwork items", more)
	}
	out := []nextStep{first}
	// One more is said: counted, it would take as long to read.
	for i := range lines[1:] {
		if l := &lines[1+i]; more == 1 && l.Alert.Milestone != sla.MilestoneBilling {
			out = append(out, step(l))
		}
	}
	if billing != nil {
		out = append(out, step(billing))
	}
	return out
}

// morePaperwork counts the lines after the first but the billing
// packet's, which is a step of its own.
func morePaperwork(lines []paperworkLine) int {
	more := 0
	for _, l := range lines[1:] {
		if l.Alert.Milestone != sla.MilestoneBilling {
			more++
		}
	}
	return more
}

// confirmStep asks to confirm claim w's equipment from mail before the
// invoice, while the billing packet's line does not show to ask it (see
// billingWords): the log, which the invoice bills, leaves it out until
// then. Once the packet is complete (the invoice on file) there is no
// "before the invoice" left: the equipment section still lists the lines.
func confirmStep(w claimWork, now time.Time, loc, home *time.Location) (nextStep, bool) {
	billingShows := w.billing != nil && slices.ContainsFunc(w.alerts, func(a sla.Alert) bool { return a.Milestone == sla.MilestoneBilling })
	if w.toConfirm == 0 || w.claim.Status == "closed" || w.billing == nil || billingShows {
		return nextStep{}, false
	}
	a := sla.Alert{State: sla.StatePending}
	return nextStep{Text: "Before the invoice can go: " + confirmEquipmentWords(w.toConfirm) + dueWords(a, now, loc, home),
		Href: fmt.Sprintf("/claims/%d#proposals-h", w.claim.ID), State: a.State, Confirm: true}, true
}

// requestWords say what to send the asker of request r, of what checklist
// cl has on file, and what of it is not on file yet: "Send Alicia the
// drying log; not on file yet: COS (certificate of satisfaction)".
func requestWords(r storage.Request, cl []sla.ChecklistItem, names storage.NamesOnRecord) string {
	who := senderShown(r.FromName, r.From, names)
	send, lack := requestParts(r, cl)
	lacking := strings.Join(lack, ", ")
	if len(send) == 0 {
		return who + " asked for the " + lacking + ": not on file yet"
	}
	text := "Send " + who + " the " + strings.Join(send, ", ")
	if len(lack) > 0 {
		text += "; not on file yet: " + lacking
	}
	return text
}

// requestParts are what request r asks for that is on checklist cl (all
// of it when cl is nil) or is no document, to send, and what is not on
// file yet, each in words as a sentence has them ("photos").
func requestParts(r storage.Request, cl []sla.ChecklistItem) (send, lack []string) {
	for _, t := range r.DocTypes {
		if cl == nil || sla.OnFile(cl, sla.DocType(t)) {
			send = append(send, inSentence(docTypeLabel(t)))
		} else {
			lack = append(lack, inSentence(docTypeLabel(t)))
		}
	}
	for _, it := range r.Items {
		send = append(send, inSentence(itemLabels[it]))
	}
	return send, lack
}

// approvalChaseDays is how many days an approval may wait before it shows
// as due soon: carriers answer most within a couple of days, and a
// dumpster or pod not approved is not paid for.
const approvalChaseDays = 2

// approvalStep says what to do about equipment line e waiting for the
// carrier's approval, who to ask (the claim's adjuster, adjusterName), and
// since when: "Get carrier approval for 1 dumpster (Metro Roll-Off) from
// Pat (adjuster): asked Tue Dec 1, 5 days ago" once claimdesk sent the
// request or a person marked it sent from their mail program, "needs
// approval since …" before. It shows as due soon once it
// waited approvalChaseDays, on the office's calendar days (loc); it has
// no deadline.
func approvalStep(adjusterName string, e storage.Equipment, now time.Time, loc, home *time.Location) (string, sla.State) {
	what := equipmentWords(e.Kind, e.Count)
	if e.Vendor != "" {
		what += " (" + e.Vendor + ")"
	}
	who := "the adjuster"
	if name := strings.Fields(adjusterName); len(name) > 0 {
		who = name[0] + " (adjuster)"
	}
	since := e.CreatedAt
	if e.ApprovalAt != nil {
		since = *e.ApprovalAt
	}
	days := calendarDays(since.In(loc), now.In(loc))
	age := fmt.Sprintf("%d days ago", days)
	switch {
	case days <= 0:
		age = "today"
	case days == 1:
		age = "yesterday"
	}
	asked := "needs approval since"
	if e.ApprovalAsked() {
		asked = "asked"
	}
	text := fmt.Sprintf("Get carrier approval for %s from %s: %s %s, %s", what, who, asked, officeClock(since.In(loc), "Mon Jan 2", home), age)
	if days >= approvalChaseDays {
		return text, sla.StateDueSoon
	}
	return text, sla.StatePending
}

// calendarDays counts the days from from's date to to's, in their zone.
func calendarDays(from, to time.Time) int {
	a := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	b := time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}

// personFor names the claim's first participant in the first of roles that
// has one (nameAmong); add is roles[0] when none has.
func personFor(people []storage.ClaimParticipant, roles ...string) (who, add string) {
	for _, r := range roles {
		for _, p := range people {
			if p.Role == r && strings.TrimSpace(p.Name) != "" {
				return nameAmong(p.Name, people), ""
			}
		}
	}
	return "", roles[0]
}

// nameAmong names the person called name among a claim's people, as a
// line that asks them for something does ("ask Jake for the scope"): by
// first name, unless another person of the claim has that first name too
// (the technician Jake Miller and the foreman Jake Ortiz): then by first
// name and last initial ("Jake M."), or by full name when the initials
// clash as well. One person in two roles is no clash.
func nameAmong(name string, people []storage.ClaimParticipant) string {
	words := nameWords(name)
	if len(words) == 0 {
		return strings.TrimSpace(name) // punctuation, no name
	}
	var clashes [][]string
	for _, p := range people {
		other := nameWords(p.Name)
		if len(other) > 0 && strings.EqualFold(other[0], words[0]) && !strings.EqualFold(strings.Join(other, " "), strings.Join(words, " ")) {
			clashes = append(clashes, other)
		}
	}
	if len(clashes) == 0 || len(words) == 1 {
		return words[0]
	}
	initial := lastInitial(words)
	for _, other := range clashes {
		if lastInitial(other) == initial {
			return strings.Join(words, " ")
		}
	}
	return words[0] + " " + initial + "."
}

// nameWords are the words of a person's name, the given name first
// ("Ortiz, Jake" is Jake Ortiz).
func nameWords(name string) []string {
	if last, given, ok := strings.Cut(name, ","); ok {
		name = given + " " + last
	}
	return strings.Fields(name)
}

// lastInitial is the first letter of a name's last word, upper case; empty
// for a name of one word.
func lastInitial(words []string) string {
	if len(words) < 2 {
		return ""
	}
	r, _ := utf8.DecodeRuneInString(words[len(words)-1])
	return string(unicode.ToUpper(r))
}

// missingPart is what an alert's message says is missing or outstanding
// ("… missing estimate, sketch"), or def.
func missingPart(message, def string) string {
	for _, marker := range []string{"missing ", "outstanding "} {
		if _, tail, ok := strings.Cut(message, marker); ok && tail != "" {
			return tail
		}
	}
	return def
}

// inSentence writes labels ("Photos, ATP (work authorization)") for the
// middle of a sentence: a label's first letter is lowered unless it starts
// an abbreviation (ATP, COS, ESX).
func inSentence(labels string) string {
	parts := strings.Split(labels, ", ")
	for i, p := range parts {
		if len(p) > 1 && unicode.IsUpper(rune(p[0])) && !unicode.IsUpper(rune(p[1])) {
			parts[i] = strings.ToLower(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, ", ")
}

// sentence starts s with a capital letter.
func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// dueWords says when an alert is due, in the office's time: " (due today
// 18:00)", " (overdue since Mon Nov 2, 18:00)"; a deadline of a day
// (Alert.DueDay) by its day alone, " (due today)", " (overdue since Mon
// Nov 2)"; nothing without a deadline.
func dueWords(a sla.Alert, now time.Time, loc, home *time.Location) string {
	if a.Due.IsZero() {
		return ""
	}
	due, n := a.Due.In(loc), now.In(loc)
	when, clock := officeClock(due, "Mon Jan 2, 15:04", home), " "+officeClock(due, "15:04", home)
	day := sla.DateOf(due)
	if a.DueDay {
		day = sla.ClosingDay(due)
		when, clock = day.Format("Mon Jan 2"), ""
	}
	switch {
	case day == sla.DateOf(n):
		when = "today" + clock
	case day == sla.DateOf(n).AddDays(1):
		when = "tomorrow" + clock
	}
	if a.State == sla.StateOverdue {
		return fmt.Sprintf(" (overdue since %s)", when)
	}
	return fmt.Sprintf(" (due %s)", when)
}

// timedAlert is a deadline as an alert, for dueWords: overdue once past.
func timedAlert(due *time.Time, now time.Time) sla.Alert {
	a := sla.Alert{State: sla.StatePending}
	if due != nil {
		a.Due = *due
		if !now.Before(*due) {
			a.State = sla.StateOverdue
		}
	}
	return a
}

// mostUrgent is the one order of things to do, on the claim page's Next,
// the morning page and between the morning page's claims: what is overdue
// first, the longest overdue first; then what has a deadline, the soonest
// first, whatever its colour (an answer due in minutes before a packet due
// in days); then what has none, due soon before the rest.
func mostUrgent(a, b nextStep) int {
	if c := boolRank(a.State != sla.StateOverdue) - boolRank(b.State != sla.StateOverdue); c != 0 {
		return c
	}
	if c := boolRank(a.Due.IsZero()) - boolRank(b.Due.IsZero()); c != 0 {
		return c
	}
	if c := a.Due.Compare(b.Due); c != 0 {
		return c
	}
	return stateRank(a.State) - stateRank(b.State)
}

// stateRank orders next steps: overdue, due soon, the rest.
func stateRank(s sla.State) int {
	switch s {
	case sla.StateOverdue:
		return 0
	case sla.StateDueSoon:
		return 1
	}
	return 2
}

func orNoSubject(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(no subject)"
	}
	return s
}
