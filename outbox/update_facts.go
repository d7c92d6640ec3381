package outbox

import (
	"fmt"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/sla"
)

// UpdateFacts are what a claim's state says for its daily update: the
// update form opens with them written out, so that the coordinator edits
// news into a draft that already tells the adjuster what arrived, what they
// asked for, what comes next and what the office waits for from them,
// instead of typing it from the claim page. The adjuster's carrier scores
// the office: the facts never say what the office is late with, only what
// comes next.
type UpdateFacts struct {
	// Since is the claim's last update; nil when it has had none.
	Since *time.Time
	// Arrived counts the documents filed since then, by type, in the
	// order to report them.
	Arrived []DocCount
	// Messages counts the messages from outside the office since then.
	Messages int
	// Swaps are the dumpsters and pods the hauler swapped since then.
	Swaps []Swap
	// Requests are what senders asked the office for and still wait for.
	Requests []OpenRequest
	// Approvals are the equipment lines waiting for the carrier's approval.
	Approvals []PendingApproval
	// Next is the claim's next paperwork step; nil when none is due.
	Next *NextMilestone
	// Location is the office's time zone, for due times.
	Location *time.Location
}

// DocCount is how many documents of a type arrived.
type DocCount struct {
	Type  sla.DocType
	Count int
}

// OpenRequest is a request still open on the claim.
type OpenRequest struct {
	// From names the asker (name or address).
	From string
	// Asked are the document types and other asks (equipment_list,
	// dry_out_date, removal_date) requested.
	Asked []string
	// Due is when the asker wants it; nil when unknown or passed, as a
	// date in the past would only tell the carrier the office is late.
	Due *time.Time
}

// Swap is a dumpster or pod line's hauls (swaps) to tell.
type Swap struct {
	// Kind is equipment.Dumpster or equipment.Pod.
	Kind string
	// Days are when the hauler swapped it, oldest first.
	Days []time.Time
}

// PendingApproval is equipment the office asked the carrier to approve.
type PendingApproval struct {
	// What is the equipment in words: "1 × dumpster (Metro Roll-Off)".
	What string
	// Asked is when the approval was asked for; nil when unknown.
	Asked *time.Time
}

// NextMilestone is the paperwork step due next.
type NextMilestone struct {
	Name sla.MilestoneName
	// Due is when it is due; zero once passed, for the reason of
	// OpenRequest.Due.
	Due     time.Time
	Missing []sla.DocType
}

// factWords are the fixed words of the facts, by language.
type factWords struct {
	arrived, nothingNew, messages, message string
	requests, asks, by, approvals, asked   string
	next, swapped                          string
	docs, hauled                           map[string]string
	milestones                             map[sla.MilestoneName]string
	dateLayout, dayLayout                  string
}

var factLanguages = map[string]factWords{
	LangEnglish: {
		arrived: "Received since the last update", nothingNew: "nothing new",
		messages: "%d messages", message: "1 message",
		requests: "Open requests", asks: "%s asked for %s", by: "by %s",
		approvals: "Waiting for your approval", asked: "asked %s",
		next: "Next", swapped: "%s swapped (hauled) %s",
		hauled: map[string]string{equipment.Dumpster: "Dumpster", equipment.Pod: "Pod"},
		docs: map[string]string{
			"atr": "signed ATR (authorization to repair)", "other": "other documents",
			"equipment_list": "equipment list", "dry_out_date": "dry-out date", "removal_date": "equipment removal date",
		},
		milestones: map[sla.MilestoneName]string{
			sla.MilestoneFirstDocs: "photos and 24-hour scope", sla.MilestoneATP: "signed ATP before work",
			sla.MilestonePaperwork: "estimate, sketch, scope and photos", sla.MilestoneCOS: "signed COS at equipment pickup",
			sla.MilestoneLabReport: "ITEL lab report", sla.MilestoneBilling: "invoice and billing packet",
		},
		dateLayout: "Mon Jan 2 15:04", dayLayout: "Mon Jan 2",
	},
	LangSpanish: {
		arrived: "Recibido desde la última actualización", nothingNew: "nada nuevo",
		messages: "%d mensajes", message: "1 mensaje",
		requests: "Solicitudes abiertas", asks: "%s pidió %s", by: "para el %s",
		approvals: "Pendiente de su aprobación", asked: "solicitada el %s",
		next: "Próximo paso", swapped: "%s cambiado (acarreo) el %s",
		hauled: map[string]string{equipment.Dumpster: "Contenedor", equipment.Pod: "Pod de almacenamiento"},
		docs: map[string]string{
			"photo": "fotos", "atp": "ATP firmado (autorización de trabajo)", "atr": "ATR firmado (autorización de reparación)",
			"cos": "COS firmado (certificado de satisfacción)", "waiver": "renuncia firmada", "estimate": "estimado",
			"sketch": "croquis", "scope": "alcance del trabajo", "lab_report": "informe de laboratorio", "invoice": "factura",
			"drying_log": "registro de secado", "other": "otros documentos",
			"equipment_list": "lista de equipos", "dry_out_date": "fecha de secado", "removal_date": "fecha de retiro de equipos",
		},
		milestones: map[sla.MilestoneName]string{
			sla.MilestoneFirstDocs: "fotos y alcance de 24 horas", sla.MilestoneATP: "ATP firmado antes del trabajo",
			sla.MilestonePaperwork: "estimado, croquis, alcance y fotos", sla.MilestoneCOS: "COS firmado al retirar equipos",
			sla.MilestoneLabReport: "informe de laboratorio ITEL", sla.MilestoneBilling: "factura y paquete de facturación",
		},
		dateLayout: "02/01 15:04", dayLayout: "02/01",
	},
}

// AdjusterMilestone reports whether milestone n is worth telling the
// adjuster as what comes next: the office's own checks (chasing the
// technician, verifying signatures) are not.
func AdjusterMilestone(n sla.MilestoneName) bool {
	_, ok := factLanguages[LangEnglish].milestones[n]
	return ok
}

// doc names a document type or other ask in w's language.
func (w factWords) doc(t string) string {
	if s, ok := w.docs[t]; ok {
		return s
	}
	return sla.DocType(t).Words()
}

func (w factWords) docList(ts []sla.DocType) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = w.doc(string(t))
	}
	return strings.Join(names, ", ")
}

// Text writes the facts as the update's first bullets in language
// (English when unknown), one line each; every line says something, so
// none reads as a placeholder left empty.
func (f UpdateFacts) Text(language string) string {
	w, ok := factLanguages[language]
	if !ok {
		w = factLanguages[LangEnglish]
	}
	loc := f.Location
	if loc == nil {
		loc = time.UTC
	}
	var b strings.Builder
	line := func(label, text string) { fmt.Fprintf(&b, "- %s: %s\n", label, text) }

	line(w.arrived, w.arrivedText(f))
	for _, sw := range f.Swaps {
		fmt.Fprintf(&b, "- "+w.swapped+"\n", w.hauled[sw.Kind], dayList(sw.Days, loc, w.dayLayout))
	}
	when := func(t time.Time) string { return t.In(loc).Format(w.dateLayout) }
	if len(f.Requests) > 0 {
		var asks []string
		for _, r := range f.Requests {
			names := make([]string, len(r.Asked))
			for i, a := range r.Asked {
				names[i] = w.doc(a)
			}
			s := fmt.Sprintf(w.asks, r.From, strings.Join(names, ", "))
			if r.Due != nil {
				s += " (" + fmt.Sprintf(w.by, when(*r.Due)) + ")"
			}
			asks = append(asks, s)
		}
		line(w.requests, strings.Join(asks, "; "))
	}
	if len(f.Approvals) > 0 {
		var items []string
		for _, a := range f.Approvals {
			s := a.What
			if a.Asked != nil {
				s += ", " + fmt.Sprintf(w.asked, a.Asked.In(loc).Format(w.dayLayout))
			}
			items = append(items, s)
		}
		line(w.approvals, strings.Join(items, "; "))
	}
	if n := f.Next; n != nil && AdjusterMilestone(n.Name) {
		s := w.milestones[n.Name]
		if len(n.Missing) > 0 {
			s = w.docList(n.Missing)
		}
		if !n.Due.IsZero() {
			s += ", " + fmt.Sprintf(w.by, when(n.Due))
		}
		line(w.next, s)
	}
	return strings.TrimRight(b.String(), "\n")
}

// arrivedText says what arrived since the last update: the documents
// by type, then the messages; "nothing new" for none.
func (w factWords) arrivedText(f UpdateFacts) string {
	var arrived []string
	for _, d := range f.Arrived {
		name := w.doc(string(d.Type))
		if d.Count > 1 && d.Type != sla.DocPhoto {
			name = fmt.Sprintf("%s (%d)", name, d.Count)
		} else if d.Count > 1 {
			name = fmt.Sprintf("%d %s", d.Count, name)
		}
		arrived = append(arrived, name)
	}
	switch {
	case f.Messages == 1:
		arrived = append(arrived, w.message)
	case f.Messages > 1:
		arrived = append(arrived, fmt.Sprintf(w.messages, f.Messages))
	}
	return orText(strings.Join(arrived, ", "), w.nothingNew)
}

// dayList writes days on loc's calendar in layout: "Tue Dec 1, Fri Dec 4".
func dayList(days []time.Time, loc *time.Location, layout string) string {
	out := make([]string, len(days))
	for i, d := range days {
		out[i] = d.In(loc).Format(layout)
	}
	return strings.Join(out, ", ")
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// withFacts puts facts into body, an update filled from an office's own
// template without a {{.Facts}}: above its first bullet, else after its
// first paragraph (the greeting).
func withFacts(body, facts string) string {
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "- ") {
			return strings.Join(lines[:i], "\n") + "\n" + facts + "\n" + strings.Join(lines[i:], "\n")
		}
	}
	if head, tail, ok := strings.Cut(body, "\n\n"); ok {
		return head + "\n\n" + facts + "\n\n" + tail
	}
	return facts + "\n\n" + body
}
