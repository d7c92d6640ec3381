package outbox

import (
	"slices"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// askOrder is the order a reminder names the documents it asks for: the
// field's, then the estimator's.
var askOrder = []sla.DocType{sla.DocPhoto, sla.DocScope, sla.DocATP, sla.DocDryingLog, sla.DocATR, sla.DocWaiver, sla.DocCOS,
	sla.DocEstimate, sla.DocSketch}

// docsOf are the documents r is asked for, of each role r holds, by
// whose job each is (sla.DocType.AskedOf): a foreman is asked for the
// field's as a technician is.
func docsOf(r Recipient) []sla.DocType {
	var out []sla.DocType
	for _, t := range askOrder {
		if role := t.AskedOf(); r.Holds(role) || (role == sla.AskTechnician && inField(r)) {
			out = append(out, t)
		}
	}
	return out
}

// inField reports whether r sends the field's documents.
func inField(r Recipient) bool { return r.Holds(sla.AskTechnician) || r.Holds("foreman") }

// ReminderAsk is what a reminder asks its recipient for: Docs, and
// whether anything came from the job yet (a first reminder says nothing
// did).
type ReminderAsk struct {
	Docs    []sla.DocType
	FromJob bool
}

// AskOf is what a reminder of kind to r asks for on a claim with facts f
// at now, by the claim's checklist (sla.Checklist), the one account of
// what is on file and what the job lacks: the documents-needed reminder
// asks for what the job lacks of r's documents; the COS at pickup for the
// COS while none is on file and equipment is on site or its pickup is
// scheduled or done (as Due calls for it); the drying log for
// it while equipment is on site. No Docs: it has nothing to ask.
func AskOf(kind string, r Recipient, f sla.ClaimFacts, now time.Time) ReminderAsk {
	a := ReminderAsk{FromJob: fromTheJob(f, now)}
	cl := sla.Checklist(f, now)
	switch kind {
	case storage.ReminderChaseUpload:
		for _, t := range docsOf(r) {
			if i := slices.IndexFunc(cl, func(it sla.ChecklistItem) bool { return it.Type == t }); i >= 0 && cl[i].Lacking() {
				a.Docs = append(a.Docs, t)
			}
		}
	case storage.ReminderCOSAtPickup:
		// As Due has it: on site, or a pickup scheduled or done (often
		// recorded after it happened, the equipment gone by then).
		eq := equipmentOf(f, now)
		if inField(r) && (eq.placed || eq.pickup) && !sla.OnFile(cl, sla.DocCOS) {
			a.Docs = []sla.DocType{sla.DocCOS}
		}
	case storage.ReminderDryingLog:
		if inField(r) && onSite(f, now) && f.Drying {
			a.Docs = []sla.DocType{sla.DocDryingLog}
		}
	}
	return a
}

// OwedOf are the documents of docs that r is asked for (docsOf) and the
// claim with facts f has none of on file at now, in the order reminders
// name them.
func OwedOf(docs []sla.DocType, r Recipient, f sla.ClaimFacts, now time.Time) []sla.DocType {
	cl := sla.Checklist(f, now)
	var out []sla.DocType
	for _, t := range docsOf(r) {
		if slices.Contains(docs, t) && !sla.OnFile(cl, t) {
			out = append(out, t)
		}
	}
	return out
}

// Offered reports whether a person is offered a reminder of kind to r on
// a claim with facts f at now: it asks for something, and for today's
// drying log, none came today on the office's calendar.
func (rr ReminderRules) Offered(kind string, r Recipient, f sla.ClaimFacts, now time.Time) bool {
	if len(AskOf(kind, r, f, now).Docs) == 0 {
		return false
	}
	if kind == storage.ReminderDryingLog {
		return !hasDoc(f, sla.DocDryingLog, rr.Calendar.StartOf(rr.Calendar.DateOf(now)), now)
	}
	return true
}

// onSite reports whether drying equipment is on the job at now, as the
// automatic reminders learn it (equipmentOf): placed, not yet picked up.
func onSite(f sla.ClaimFacts, now time.Time) bool {
	return equipmentOf(f, now).placed
}

// askWords name documents a reminder asks for, by language.
var askWords = map[string]map[sla.DocType]string{
	LangEnglish: {sla.DocPhoto: "the photos", sla.DocScope: "the scope notes", sla.DocATP: "the signed ATP",
		sla.DocDryingLog: "the drying log", sla.DocATR: "the signed ATR", sla.DocWaiver: "the signed waiver",
		sla.DocCOS: "the signed COS", sla.DocEstimate: "the estimate", sla.DocSketch: "the sketch"},
	LangSpanish: {sla.DocPhoto: "las fotos", sla.DocScope: "las notas del alcance", sla.DocATP: "el ATP firmado",
		sla.DocDryingLog: "el registro de secado", sla.DocATR: "el ATR firmado", sla.DocWaiver: "la renuncia firmada",
		sla.DocCOS: "el COS firmado", sla.DocEstimate: "el estimado", sla.DocSketch: "el croquis"},
}

// AskList names docs in a sentence in language lang: "the photos, the
// scope notes and the signed ATP".
func AskList(docs []sla.DocType, lang string) string {
	words, and := askWords[LangEnglish], " and "
	if lang == LangSpanish {
		words, and = askWords[LangSpanish], " y "
	}
	names := make([]string, len(docs))
	for i, t := range docs {
		names[i] = words[t]
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + and + names[len(names)-1]
}
