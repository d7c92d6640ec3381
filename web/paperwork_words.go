package web

import (
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

// paperworkLine is a paperwork alert of a claim in words.
type paperworkLine struct {
	Alert sla.Alert
	Text  string
}

// paperworkLines words the alerts of one claim, most urgent first, by
// when each is due: an alert asking only for what an earlier one asks
// for is left out. billing is what the claim's billing packet lacks in
// all (nil: its alert's words say).
func paperworkLines(alerts []sla.Alert, people []storage.ClaimParticipant, billing *storage.ClaimBilling, now time.Time, loc, home *time.Location) []paperworkLine {
	asked := map[sla.DocType]bool{}
	var out []paperworkLine
	for _, a := range alerts {
		if text := alertWords(a, people, asked, billing); text != "" {
			out = append(out, paperworkLine{Alert: a, Text: text + dueWords(a, now, loc, home)})
		}
	}
	return out
}

// alertWords says what to do about alert a, asking only for the documents
// not in asked, and adds those to asked; empty when it has nothing left
// to ask.
func alertWords(a sla.Alert, people []storage.ClaimParticipant, asked map[sla.DocType]bool, billing *storage.ClaimBilling) string {
	ask := func(docs []sla.DocType, why string) string {
		docs = slices.DeleteFunc(slices.Clone(docs), func(t sla.DocType) bool { return asked[t] })
		if len(docs) == 0 {
			return ""
		}
		for _, t := range docs {
			asked[t] = true
		}
		return sentence(asksWords(docs, people)) + why
	}
	switch a.Milestone {
	case sla.MilestoneFirstDocs, sla.MilestonePaperwork:
		return ask(alertDocs(a), "")
	case sla.MilestoneChase:
		return ask(sla.FirstDocs(), ": nothing from the job yet")
	case sla.MilestoneATP:
		// Its alert shows once work started: too late for "before".
		return ask([]sla.DocType{sla.DocATP}, ": work started without one")
	case sla.MilestoneCOS:
		return ask([]sla.DocType{sla.DocCOS}, ", signed at equipment pickup")
	case sla.MilestoneLabReport:
		if asked[sla.DocLabReport] {
			return ""
		}
		asked[sla.DocLabReport] = true
		return "Chase the ITEL lab report for the flooring sample"
	case sla.MilestoneBilling:
		return billingWords(a, people, asked, billing)
	}
	return sentence(a.Message)
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
// (the invoice) are sent: "send the invoice".
func asksWords(docs []sla.DocType, people []storage.ClaimParticipant) string {
	var parts []string
	for _, a := range billingAsks(docs, people, func(t string) string { return sla.DocType(t).Words() }) {
		what := strings.Join(a.Labels, ", ")
		if a.Who == "" {
			parts = append(parts, "send the "+what)
		} else {
			parts = append(parts, "ask "+a.Who+" for the "+what)
		}
	}
	return strings.Join(parts, "; ")
}

// askedPerson names who to ask for a document of type t on a claim with
// people: the first of the role whose job it is, or the role in words;
// empty for the office's own.
func askedPerson(t sla.DocType, people []storage.ClaimParticipant) string {
	switch role := t.AskedOf(); role {
	case sla.AskTechnician:
		return personFor(people, "technician", "foreman")
	case sla.AskEstimator:
		return personFor(people, "estimator")
	case sla.AskLab:
		return "the lab"
	}
	return ""
}

// billingWords says what the billing packet lacks before the invoice can
// go, or that it can go now: it asks for what no earlier alert asked (and
// adds it to asked), names what is asked already, and the signed forms to
// check. billing is the packet's whole lack; nil, its alert's asks.
func billingWords(a sla.Alert, people []storage.ClaimParticipant, asked map[sla.DocType]bool, billing *storage.ClaimBilling) string {
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
		case asked[t]:
			already = append(already, t)
		default:
			get = append(get, t)
			asked[t] = true
		}
	}
	var parts []string
	if len(get) > 0 {
		parts = append(parts, asksWords(get, people))
	}
	if len(already) > 0 {
		parts = append(parts, "still missing the "+docWordList(already))
	}
	if len(unverified) > 0 {
		parts = append(parts, "signature not verified yet on the "+docWordList(unverified))
	}
	switch {
	case invoice && len(parts) == 0:
		return "Send the invoice: the billing packet is complete"
	case invoice:
		return "Before the invoice can go: " + strings.Join(parts, "; ")
	case len(parts) == 0:
		return "Complete the billing packet"
	}
	return "Billing packet: " + strings.Join(parts, "; ")
}

// docWordList names docs in a sentence: "estimate, sketch".
func docWordList(docs []sla.DocType) string {
	names := make([]string, len(docs))
	for i, t := range docs {
		names[i] = t.Words()
	}
	return strings.Join(names, ", ")
}
