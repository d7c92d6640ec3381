package outbox

import (
	"fmt"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/sla"
)

// UpdateFacts are what a claim's state says for its daily update: the
// update form opens with them written out as a short note to the adjuster
// (where the job stands, what came in since the last update, what comes
// next and what the office needs from them), so that the coordinator adds
// the day's work instead of typing the rest from the claim page. Each
// sentence is left out when the claim does not know its fact. The
// adjuster's carrier scores the office: the facts never say what the
// office is late with, only what comes next.
type UpdateFacts struct {
	// Since is the claim's last update; nil when it has had none.
	Since *time.Time
	// Now is when the update is written: the day drying has reached.
	Now time.Time
	// Stage is where the job stands.
	Stage JobStage
	// Arrived counts the documents filed since then, by type, in the
	// order to report them.
	Arrived []DocCount
	// Swaps are the dumpsters and pods the hauler swapped since then.
	Swaps []Swap
	// Requests are what the adjuster, or someone else at their carrier,
	// asked the office for and still waits for.
	Requests []OpenRequest
	// Approvals are the equipment lines waiting for the carrier's approval.
	Approvals []PendingApproval
	// Next is the claim's next paperwork step; nil when none is due.
	Next *NextMilestone
	// Location is the office's time zone, for dates.
	Location *time.Location
}

// JobStage is where the job stands by what the claim records; a zero
// time is a stage not reached, or not known.
type JobStage struct {
	// WorkStarted is when mitigation began; with ReadingsOnly, when the
	// first drying log came in, all that says work began: it was under
	// way by then; with Reported, when mail says the drying equipment
	// was set, which nobody has confirmed yet.
	WorkStarted            time.Time
	ReadingsOnly, Reported bool
	// DryingSince is when the first drying equipment was set.
	DryingSince time.Time
	// PickedUp is when the drying equipment was picked up.
	PickedUp time.Time
	// Completed is when the job was completed.
	Completed time.Time
	// OnSite counts the drying equipment on the job now, by kind.
	OnSite []KindCount
}

// KindCount is how many pieces of a kind of equipment (equipment.AirMover,
// ...) are on the job.
type KindCount struct {
	Kind  string
	Count int
}

// DocCount is how many documents of a type arrived.
type DocCount struct {
	Type  sla.DocType
	Count int
}

// OpenRequest is a request still open on the claim.
type OpenRequest struct {
	// From names the asker (name or address); Yours says the asker is
	// the adjuster the update goes to.
	From  string
	Yours bool
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
	// What is the equipment in words: "1 × dumpster (Metro Roll-Off)",
	// said so when the language has no words for Kind.
	What string
	// Kind, Count and Vendor are the equipment line's, which the update
	// names in its own language.
	Kind   string
	Count  int
	Vendor string
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

// factWords are the fixed words of the facts, by language: the labels
// that open each sentence, the sentences with their blanks, and the names.
type factWords struct {
	stands, since, soFar, next, needed, yourRequest, theirRequest        string
	completed, pickedUp, after, drying, onSite, equipmentSince, underWay string
	readingsSince, reportedSince                                         string
	received, one, swapped, by, wanted, approval, asked, and             string
	docs                                                                 map[string]string
	hauled                                                               map[string]string
	kinds                                                                map[string][2]string // singular, plural
	milestones                                                           map[sla.MilestoneName]string
	dayLayout                                                            string
}

var factLanguages = map[string]factWords{
	LangEnglish: {
		stands: "Where the job stands: ", since: "Since our last update (%s): ", soFar: "So far: ",
		next: "Next: ", needed: "Needed from you: ",
		yourRequest: "Still open from your request: ", theirRequest: "Still open from %s's request: ",
		completed: "our work was completed on %s.", pickedUp: "drying is done; the equipment was picked up on %s",
		after: " after %d days", drying: "drying, day %d", onSite: ", with %s on site since %s.",
		equipmentSince: ", equipment on site since %s.", underWay: "mitigation under way since %s.",
		readingsSince: "mitigation under way, with drying readings since %s.",
		reportedSince: "mitigation under way; drying equipment reported set on %s.",
		received:      "we received %s", one: "the %s", swapped: "the %s was swapped on %s", by: "by %s", wanted: "wanted by %s",
		approval: "your approval of %s", asked: ", requested on %s", and: "and",
		hauled: map[string]string{equipment.Dumpster: "dumpster", equipment.Pod: "storage pod"},
		kinds: map[string][2]string{equipment.AirMover: {"air mover", "air movers"},
			equipment.Dehumidifier: {"dehumidifier", "dehumidifiers"}, equipment.AirScrubber: {"air scrubber", "air scrubbers"}},
		docs: map[string]string{
			"atr": "signed ATR (authorization to repair)", "other": "other documents",
			"equipment_list": "equipment list", "dry_out_date": "dry-out date", "removal_date": "equipment removal date",
		},
		milestones: map[sla.MilestoneName]string{
			sla.MilestoneFirstDocs: "photos and 24-hour scope", sla.MilestoneATP: "signed ATP before work",
			sla.MilestonePaperwork: "estimate, sketch, scope and photos", sla.MilestoneCOS: "signed COS at equipment pickup",
			sla.MilestoneLabReport: "ITEL lab report", sla.MilestoneBilling: "invoice and billing packet",
		},
		dayLayout: "Mon Jan 2",
	},
	LangSpanish: {
		stands: "Estado del trabajo: ", since: "Desde la última actualización (%s): ", soFar: "Hasta ahora: ",
		next: "Próximo paso: ", needed: "Necesitamos de usted: ",
		yourRequest: "Pendiente de su solicitud: ", theirRequest: "Pendiente de la solicitud de %s: ",
		completed: "terminamos el trabajo el %s.", pickedUp: "el secado terminó; retiramos el equipo el %s",
		after: " después de %d días", drying: "secado, día %d", onSite: ", con %s en el sitio desde el %s.",
		equipmentSince: ", equipo en el sitio desde el %s.", underWay: "mitigación en curso desde el %s.",
		readingsSince: "mitigación en curso, con lecturas de secado desde el %s.",
		reportedSince: "mitigación en curso; se informó el equipo de secado instalado el %s.",
		received:      "recibimos %s", one: "%s", swapped: "se cambió el %s el %s", by: "para el %s", wanted: "para el %s",
		approval: "su aprobación de %s", asked: ", solicitada el %s", and: "y",
		hauled: map[string]string{equipment.Dumpster: "contenedor", equipment.Pod: "pod de almacenamiento"},
		kinds: map[string][2]string{equipment.AirMover: {"ventilador", "ventiladores"},
			equipment.Dehumidifier: {"deshumidificador", "deshumidificadores"}, equipment.AirScrubber: {"purificador de aire", "purificadores de aire"}},
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
		dayLayout: "02/01",
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

// list joins items as a sentence does: "a, b and c".
func (w factWords) list(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + w.and + " " + items[len(items)-1]
}

func (w factWords) docList(ts []sla.DocType) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = w.doc(string(t))
	}
	return w.list(names)
}

// factsOf returns the words of language (English when unknown) and the
// office's day of t in them.
func (f UpdateFacts) factsOf(language string) (factWords, func(time.Time) string) {
	w, ok := factLanguages[language]
	if !ok {
		w = factLanguages[LangEnglish]
	}
	loc := f.Location
	if loc == nil {
		loc = time.UTC
	}
	return w, func(t time.Time) string { return t.In(loc).Format(w.dayLayout) }
}

// Text writes the facts in language (English when unknown): Standing,
// then Ahead, a blank line between; "" when the claim knows none.
func (f UpdateFacts) Text(language string) string {
	return joinParagraphs(f.Standing(language), f.Ahead(language))
}

// Standing says where the job stands and what came in since the last
// update, a sentence a line; "" when the claim knows neither.
func (f UpdateFacts) Standing(language string) string {
	w, day := f.factsOf(language)
	var lines []string
	if s := f.stageText(w, day); s != "" {
		lines = append(lines, w.stands+s)
	}
	if s := f.sinceText(w, day); s != "" {
		label := w.soFar
		if f.Since != nil {
			label = fmt.Sprintf(w.since, day(*f.Since))
		}
		lines = append(lines, label+s+".")
	}
	return strings.Join(lines, "\n")
}

// Ahead says what comes next and what the office needs from the
// adjuster, a sentence a line; "" when nothing is known to come.
func (f UpdateFacts) Ahead(language string) string {
	w, day := f.factsOf(language)
	var lines []string
	if n := f.Next; n != nil && AdjusterMilestone(n.Name) {
		s := w.milestones[n.Name]
		if len(n.Missing) > 0 {
			s = w.docList(n.Missing)
		}
		if !n.Due.IsZero() {
			s += ", " + fmt.Sprintf(w.by, day(n.Due))
		}
		lines = append(lines, w.next+s+".")
	}
	for _, r := range f.Requests {
		label := w.yourRequest
		if !r.Yours {
			label = fmt.Sprintf(w.theirRequest, r.From)
		}
		names := make([]string, len(r.Asked))
		for i, a := range r.Asked {
			names[i] = w.doc(a)
		}
		s := label + w.list(names)
		if r.Due != nil {
			s += " (" + fmt.Sprintf(w.wanted, day(*r.Due)) + ")"
		}
		lines = append(lines, s+".")
	}
	var approvals []string
	for _, a := range f.Approvals {
		s := fmt.Sprintf(w.approval, w.equipment(a))
		if a.Asked != nil {
			s += fmt.Sprintf(w.asked, day(*a.Asked))
		}
		approvals = append(approvals, s)
	}
	if len(approvals) > 0 {
		lines = append(lines, w.needed+strings.Join(approvals, "; ")+".")
	}
	return strings.Join(lines, "\n")
}

// equipment names the equipment a waits approval for in w's language:
// "1 × contenedor (Metro Roll-Off)"; a.What when w has no words for it.
func (w factWords) equipment(a PendingApproval) string {
	name := w.hauled[a.Kind]
	if names, ok := w.kinds[a.Kind]; ok {
		name = names[min(a.Count, 2)-1]
	}
	if name == "" || a.Count < 1 {
		return a.What
	}
	s := fmt.Sprintf("%d × %s", a.Count, name)
	if a.Vendor != "" {
		s += " (" + a.Vendor + ")"
	}
	return s
}

// stageText says in a sentence where the job stands by its latest stage
// known; "" when nothing says work began.
func (f UpdateFacts) stageText(w factWords, day func(time.Time) string) string {
	st := f.Stage
	switch {
	case !st.Completed.IsZero():
		return fmt.Sprintf(w.completed, day(st.Completed))
	case !st.PickedUp.IsZero():
		s := fmt.Sprintf(w.pickedUp, day(st.PickedUp))
		if !st.DryingSince.IsZero() {
			s += fmt.Sprintf(w.after, f.days(st.DryingSince, st.PickedUp))
		}
		return s + "."
	case !st.DryingSince.IsZero():
		s := fmt.Sprintf(w.drying, f.days(st.DryingSince, f.Now))
		if len(st.OnSite) == 0 {
			return s + fmt.Sprintf(w.equipmentSince, day(st.DryingSince))
		}
		return s + fmt.Sprintf(w.onSite, w.kindList(st.OnSite), day(st.DryingSince))
	case !st.WorkStarted.IsZero() && st.ReadingsOnly:
		return fmt.Sprintf(w.readingsSince, day(st.WorkStarted))
	case !st.WorkStarted.IsZero() && st.Reported:
		return fmt.Sprintf(w.reportedSince, day(st.WorkStarted))
	case !st.WorkStarted.IsZero():
		return fmt.Sprintf(w.underWay, day(st.WorkStarted))
	}
	return ""
}

// days counts the office's calendar days from from to to, both counted:
// equipment set on Monday is drying on day 1 that Monday.
func (f UpdateFacts) days(from, to time.Time) int {
	loc := f.Location
	if loc == nil {
		loc = time.UTC
	}
	midnight := func(t time.Time) time.Time {
		y, m, d := t.In(loc).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	return max(int(midnight(to).Sub(midnight(from)).Hours()/24)+1, 1)
}

// kindList names the equipment on site: "4 air movers and 2 dehumidifiers".
func (w factWords) kindList(counts []KindCount) string {
	var items []string
	for _, c := range counts {
		names, ok := w.kinds[c.Kind]
		if !ok {
			continue
		}
		name := names[0]
		if c.Count != 1 {
			name = names[1]
		}
		items = append(items, fmt.Sprintf("%d %s", c.Count, name))
	}
	return w.list(items)
}

// sinceText says what came in since the last update: the documents by
// type, then the dumpsters and pods swapped; "" for none.
func (f UpdateFacts) sinceText(w factWords, day func(time.Time) string) string {
	var parts []string
	var docs []string
	for _, d := range f.Arrived {
		name := w.doc(string(d.Type))
		switch {
		case d.Count > 1 && d.Type == sla.DocPhoto:
			name = fmt.Sprintf("%d %s", d.Count, name)
		case d.Count > 1:
			name = fmt.Sprintf("%s (%d)", name, d.Count)
		default:
			name = fmt.Sprintf(w.one, name)
		}
		docs = append(docs, name)
	}
	if len(docs) > 0 {
		parts = append(parts, fmt.Sprintf(w.received, w.list(docs)))
	}
	for _, sw := range f.Swaps {
		days := make([]string, len(sw.Days))
		for i, d := range sw.Days {
			days[i] = day(d)
		}
		parts = append(parts, fmt.Sprintf(w.swapped, w.hauled[sw.Kind], w.list(days)))
	}
	return strings.Join(parts, "; ")
}

// joinParagraphs joins the texts that say something, a blank line
// between.
func joinParagraphs(texts ...string) string {
	var out []string
	for _, t := range texts {
		if t != "" {
			out = append(out, t)
		}
	}
	return strings.Join(out, "\n\n")
}

// dayList writes days on loc's calendar in layout: "Tue Dec 1, Fri Dec 4".
func dayList(days []time.Time, loc *time.Location, layout string) string {
	out := make([]string, len(days))
	for i, d := range days {
		out[i] = d.In(loc).Format(layout)
	}
	return strings.Join(out, ", ")
}

// afterBullets puts facts into body below its last bullet ("- "), else
// above its last paragraph (the signature), else at its end.
func afterBullets(body, facts string) string {
	lines := strings.Split(body, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.HasPrefix(strings.TrimSpace(lines[i]), "- ") {
			return strings.Join(lines[:i+1], "\n") + "\n\n" + facts + "\n" + strings.Join(lines[i+1:], "\n")
		}
	}
	if i := strings.LastIndex(strings.TrimRight(body, "\n"), "\n\n"); i >= 0 {
		return body[:i] + "\n\n" + facts + body[i:]
	}
	return strings.TrimRight(body, "\n") + "\n\n" + facts + "\n"
}

// withFacts puts facts into body, an update filled from an office's own
// template that names none of them: above its first bullet, else after its
// first paragraph (the greeting).
func withFacts(body, facts string) string {
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "- ") {
			return strings.Join(lines[:i], "\n") + "\n" + facts + "\n\n" + strings.Join(lines[i:], "\n")
		}
	}
	if head, tail, ok := strings.Cut(body, "\n\n"); ok {
		return head + "\n\n" + facts + "\n\n" + tail
	}
	return facts + "\n\n" + body
}
