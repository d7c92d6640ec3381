package web

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// The words of a claim's paperwork alerts, as the next steps, the board
// and the claim page say them: each document the claim lacks is asked of
// the person whose job it is (sla.DocType.AskedOf), once, by the most
// urgent alert that needs it, named as sla.DocType.Words names it.

// paperworkLine is a paperwork alert of a claim in words. Add is the role
// the claim names nobody in whom the line asks for documents: the
// coordinator adds that person to the claim first. Docs are the documents
// it asks people for, whose reminder it offers.
type paperworkLine struct {
	Alert sla.Alert
	Text  string
	Add   string
	Docs  []sla.DocType
	// Confirm says the line asks to confirm the equipment from mail.
	Confirm bool
}

// addHref is where line l of claim is done when it asks to add a person
// to the claim first: the record's row of that role; empty otherwise.
func (l paperworkLine) addHref(claim int64) string {
	if l.Add == "" {
		return ""
	}
	return fmt.Sprintf("/claims/%d#%s", claim, roleInputID(l.Add))
}

// paperworkLines words the alerts of one claim, most urgent first, by
// when each is due: an alert asking only for what an earlier one asks
// for is left out. The billing packet's asks only for what no other
// alert does, and names the rest as still missing: an alert of its own
// (the COS at a late pickup) keeps its line, and with it its reminders.
// billing is what the claim's billing packet lacks in all (nil: its
// alert's words say).
func paperworkLines(alerts []sla.Alert, people []storage.ClaimParticipant, billing *storage.ClaimBilling, now time.Time, loc, home *time.Location) []paperworkLine {
	return wordPaperwork(alerts, people, billing, false, now, loc, home)
}

// ownPaperworkLines words the alerts as paperworkLines does, for a page
// that lists every line: the billing packet's then says only what no
// other line says (not the documents they ask for, nor the signatures
// their check asks to verify), and is left out when that is nothing.
func ownPaperworkLines(alerts []sla.Alert, people []storage.ClaimParticipant, billing *storage.ClaimBilling, now time.Time, loc, home *time.Location) []paperworkLine {
	return wordPaperwork(alerts, people, billing, true, now, loc, home)
}

// shownPaperworkLines words the alerts as ownPaperworkLines does when a
// page shows each line (all, of paperworkLines' lines), so the billing
// packet's repeats none beside it; otherwise, or when that would leave
// out the line the page leads with, as paperworkLines does.
func shownPaperworkLines(alerts []sla.Alert, people []storage.ClaimParticipant, billing *storage.ClaimBilling, all func([]paperworkLine) bool, now time.Time, loc, home *time.Location) []paperworkLine {
	lines := paperworkLines(alerts, people, billing, now, loc, home)
	if len(lines) == 0 || !all(lines) {
		return lines
	}
	if own := ownPaperworkLines(alerts, people, billing, now, loc, home); len(own) > 0 && own[0].Alert == lines[0].Alert {
		return own
	}
	return lines
}

func wordPaperwork(alerts []sla.Alert, people []storage.ClaimParticipant, billing *storage.ClaimBilling, own bool, now time.Time, loc, home *time.Location) []paperworkLine {
	asked, others := map[sla.DocType]bool{}, map[sla.DocType]bool{}
	for _, a := range alerts {
		for _, t := range docsAsked(a) {
			others[t] = true
		}
	}
	var said billingSaid
	if own {
		said = billingSaid{docs: true, signatures: slices.ContainsFunc(alerts, func(a sla.Alert) bool { return a.Milestone == sla.MilestoneSignatures })}
	}
	var out []paperworkLine
	for _, a := range alerts {
		var l paperworkLine
		if a.Milestone == sla.MilestoneBilling {
			l = billingWords(a, people, others, billing, said)
		} else {
			l = alertWords(a, people, asked)
		}
		if l.Text != "" {
			l.Alert, l.Text = a, l.Text+dueWords(a, now, loc, home)
			out = append(out, l)
		}
	}
	return out
}

// billingSaid is what other lines beside the billing packet's say: the
// documents the other alerts ask for (docs), the signatures to verify.
type billingSaid struct{ docs, signatures bool }

// docsAsked are the documents alert a asks for (see alertWords); none for
// the billing packet's, which says what the others leave.
func docsAsked(a sla.Alert) []sla.DocType {
	switch a.Milestone {
	case sla.MilestoneFirstDocs, sla.MilestonePaperwork:
		return alertDocs(a)
	case sla.MilestoneChase:
		return sla.FirstDocs()
	case sla.MilestoneATP:
		return []sla.DocType{sla.DocATP}
	case sla.MilestoneCOS:
		return []sla.DocType{sla.DocCOS}
	case sla.MilestoneLabReport:
		return []sla.DocType{sla.DocLabReport}
	}
	return nil
}

// alertWords says what to do about alert a, not the billing packet's,
// asking only for the documents not in asked, and adds those to asked;
// no text when it has nothing left to ask. Its Add is the role to add to
// the claim to ask (asksWords).
func alertWords(a sla.Alert, people []storage.ClaimParticipant, asked map[sla.DocType]bool) paperworkLine {
	all := docsAsked(a)
	if all == nil {
		return paperworkLine{Text: sentence(a.Message)} // the signatures: a check, not a document
	}
	docs := slices.DeleteFunc(all, func(t sla.DocType) bool { return asked[t] })
	if len(docs) == 0 {
		return paperworkLine{}
	}
	for _, t := range docs {
		asked[t] = true
	}
	ask, add := asksWords(docs, people)
	l := paperworkLine{Text: sentence(ask), Add: add, Docs: docs}
	switch a.Milestone {
	case sla.MilestoneChase:
		l.Text += ": nothing from the job yet"
	case sla.MilestoneATP:
		// Its alert shows once work started: too late for "before".
		l.Text += ": work started without one"
	case sla.MilestoneCOS:
		l.Text += ", signed at equipment pickup"
	case sla.MilestoneLabReport:
		return paperworkLine{Text: "Chase the ITEL lab report for the flooring sample"}
	}
	return l
}

// alertDocs are the documents alert a's message names as missing or
// outstanding.
func alertDocs(a sla.Alert) []sla.DocType {
	var out []sla.DocType
	for _, w := range strings.Split(missingPart(a.Message, ""), ", ") {
		if t, ok := sla.DocTypeOfWords(w); ok {
			out = append(out, t)
		}
	}
	return out
}

// asksWords asks for docs, each of the person whose job it is: "ask Jake
// for the photos, scope; ask Sam for the estimate"; the office's own
// (the invoice) are sent: "send the invoice". Of a role the claim names
// nobody in, it says to add that person first ("add the technician to
// the claim to ask them for the photos, scope"), and add is the first such
// role.
func asksWords(docs []sla.DocType, people []storage.ClaimParticipant) (text, add string) {
	var parts []string
	for _, a := range billingAsks(docs, people, func(t string) string { return sla.DocType(t).Words() }) {
		what := strings.Join(a.Labels, ", ")
		switch {
		case a.Add != "":
			parts = append(parts, "add the "+a.Add+" to the claim to ask them for the "+what)
			add = cmp.Or(add, a.Add)
		case a.Who == "":
			parts = append(parts, "send the "+what)
		default:
			parts = append(parts, "ask "+a.Who+" for the "+what)
		}
	}
	return strings.Join(parts, "; "), add
}

// askedPerson names who to ask for a document of type t on a claim with
// people: the first of the role whose job it is, "the lab", or empty for
// the office's own. When the claim names nobody in the role, who is empty
// and add is the role.
func askedPerson(t sla.DocType, people []storage.ClaimParticipant) (who, add string) {
	switch role := t.AskedOf(); role {
	case sla.AskTechnician:
		return personFor(people, "technician", "foreman")
	case sla.AskEstimator:
		return personFor(people, "estimator")
	case sla.AskLab:
		return "the lab", ""
	}
	return "", ""
}

// billingWords says what the billing packet lacks before the invoice can
// go, or that it can go now: it asks for what no other alert asks
// (others), names what they ask as still missing, the signed forms to
// check and the equipment from mail to confirm, but for what other lines
// say (said): empty when that leaves nothing. billing is the packet's
// whole lack; nil, its alert's asks.
func billingWords(a sla.Alert, people []storage.ClaimParticipant, others map[sla.DocType]bool, billing *storage.ClaimBilling, said billingSaid) paperworkLine {
	missing, unverified := alertDocs(a), []sla.DocType(nil)
	if billing != nil {
		missing, unverified = billing.Missing, billing.Unverified
	}
	var get, already []sla.DocType
	invoice := false
	for _, t := range missing {
		switch {
		case slices.Contains(unverified, t):
		case t == sla.DocInvoice:
			invoice = true
		case others[t]:
			already = append(already, t)
		default:
			get = append(get, t)
		}
	}
	var parts []string
	var add string
	if len(get) > 0 {
		var ask string
		ask, add = asksWords(get, people)
		parts = append(parts, ask)
	}
	if len(already) > 0 && !said.docs {
		parts = append(parts, "still missing the "+docWordList(already))
	}
	if len(unverified) > 0 && !said.signatures {
		parts = append(parts, "signature not verified yet on the "+docWordList(unverified))
	}
	if billing != nil && billing.ToConfirm > 0 {
		parts = append(parts, confirmEquipmentWords(billing.ToConfirm))
	}
	if len(parts) == 0 && (len(already) > 0 || len(unverified) > 0) {
		return paperworkLine{} // all said by the other lines
	}
	if billing != nil && len(billing.Waiting) > 0 {
		parts = append(parts, "the "+docWordList(billing.Waiting)+" once the equipment comes off")
	}
	confirm := billing != nil && billing.ToConfirm > 0
	switch {
	case invoice && len(parts) == 0:
		return paperworkLine{Text: "Send the invoice: the billing packet is complete"}
	case invoice:
		return paperworkLine{Text: "Before the invoice can go: " + strings.Join(parts, "; "), Add: add, Docs: get, Confirm: confirm}
	case len(parts) == 0:
		return paperworkLine{Text: "Complete the billing packet"}
	}
	return paperworkLine{Text: "Billing packet: " + strings.Join(parts, "; "), Add: add, Docs: get, Confirm: confirm}
}

// confirmEquipmentWords ask to confirm the n lines of equipment read from
// mail: the invoice bills the days of the equipment logged, and until a
// person confirms them they are not.
func confirmEquipmentWords(n int) string {
	return fmt.Sprintf("confirm the equipment from mail (%d line%s)", n, plural(n))
}

// docWordList names docs in a sentence: "estimate, sketch".
func docWordList(docs []sla.DocType) string {
	names := make([]string, len(docs))
	for i, t := range docs {
		names[i] = t.Words()
	}
	return strings.Join(names, ", ")
}
