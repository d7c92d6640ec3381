package web

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// billingView is where a claim's incomplete billing packet stands, for the
// claims list: its deadline, the business days left, and what it lacks by
// whom to ask.
type billingView struct {
	Due time.Time
	// Left counts the business days left, today and the deadline's own
	// day included.
	Left int
	// State is overdue, due_soon from the packet's warning (the claim is
	// at risk of missing billing), else pending.
	State sla.State
	// Asks are the documents to get, by whom to ask; Verify the signed
	// forms on file whose signatures wait for their check.
	Asks   []billingAsk
	Verify []string
	// ToConfirm counts the equipment lines from mail waiting for a person.
	ToConfirm int
	// Waiting are the documents not owed yet (the COS while the equipment
	// is on the job), in words.
	Waiting []string
}

// billingAsk is documents the billing packet lacks and who to ask for
// them: a person's first name, or empty for the office's own (the
// invoice). Add is the role to add to the claim when it names nobody to
// ask.
type billingAsk struct {
	Who, Add string
	Labels   []string
}

// newBillingView is b at now, its due time on cal's clock.
func newBillingView(b storage.ClaimBilling, people []storage.ClaimParticipant, cal *sla.Calendar, now time.Time) billingView {
	v := billingView{Due: b.Due.In(cal.Location()), Left: cal.BusinessDaysLeft(now, b.Due), State: sla.StatePending,
		ToConfirm: b.ToConfirm}
	switch {
	case now.After(b.Due):
		v.State = sla.StateOverdue
	case b.AtRisk(now):
		v.State = sla.StateDueSoon
	}
	var get []sla.DocType
	for _, t := range b.Missing {
		if slices.Contains(b.Unverified, t) {
			v.Verify = append(v.Verify, docTypeLabel(string(t)))
		} else {
			get = append(get, t)
		}
	}
	v.Asks = billingAsks(get, people, docTypeLabel)
	for _, t := range b.Waiting {
		v.Waiting = append(v.Waiting, docTypeLabel(string(t)))
	}
	return v
}

// billingAsks groups documents by who to ask for them (askedPerson), in
// the order first asked, each named by name: empty Who for the office's
// own (the invoice).
func billingAsks(types []sla.DocType, people []storage.ClaimParticipant, name func(string) string) []billingAsk {
	var out []billingAsk
	for _, t := range types {
		who, add := askedPerson(t, people)
		i := 0
		for i < len(out) && (out[i].Who != who || out[i].Add != add) {
			i++
		}
		if i == len(out) {
			out = append(out, billingAsk{Who: who, Add: add})
		}
		out[i].Labels = append(out[i].Labels, name(string(t)))
	}
	return out
}

// When says the deadline and the business days left: "due Fri Nov 13 · 3
// business days left", "overdue since Fri Nov 13".
func (v billingView) When() string {
	day := v.Due.Format("Mon Jan 2")
	switch {
	case v.State == sla.StateOverdue:
		return "overdue since " + day
	case v.Left <= 1:
		return "due " + day + " · last business day"
	}
	return fmt.Sprintf("due %s · %d business days left", day, v.Left)
}

// Needs says what the packet lacks, by whom to ask: "Estimate, Sketch:
// ask Sam", "Photos: add the technician to the claim", "Invoice: ours to
// send", "ATP (work authorization): verify the signature", "Equipment
// from mail (2 lines): confirm it", "COS (certificate of satisfaction):
// once the equipment comes off".
func (v billingView) Needs() []string {
	var out []string
	for _, a := range v.Asks {
		who := "ours to send"
		switch {
		case a.Add != "":
			who = "add the " + a.Add + " to the claim"
		case a.Who != "":
			who = "ask " + a.Who
		}
		out = append(out, strings.Join(a.Labels, ", ")+": "+who)
	}
	if len(v.Verify) > 0 {
		out = append(out, strings.Join(v.Verify, ", ")+": verify the signature"+plural(len(v.Verify)))
	}
	if v.ToConfirm > 0 {
		out = append(out, fmt.Sprintf("Equipment from mail (%d line%s): confirm it", v.ToConfirm, plural(v.ToConfirm)))
	}
	if len(v.Waiting) > 0 {
		out = append(out, strings.Join(v.Waiting, ", ")+": once the equipment comes off")
	}
	return out
}
