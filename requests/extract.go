package requests

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/sla"
)

// Things asked for that are not documents: the office answers them in
// words, and a person marks them done.
const (
	ItemEquipmentList = "equipment_list"
	ItemDryOutDate    = "dry_out_date"
	ItemRemovalDate   = "removal_date"
)

// Request is what one message asks the office for.
type Request struct {
	// DocTypes are the document types asked for (the contract's doc type
	// strings: atp, cos, photo, drying_log, ...), sorted.
	DocTypes []string
	// Items are the other asks (Item* constants), sorted.
	Items []string
	// Text is the sender's sentences that ask, as written.
	Text string
	// Due is when the sender wants it: the time the message gives, or
	// DefaultDue when it gives none; nil only when read without a
	// calendar.
	Due *time.Time
}

// docPattern is one wording of a document type; the pattern runs on folded
// text (lower case, no diacritics).
type docPattern struct {
	docType string
	re      *regexp.Regexp
}

// docPatterns are the wordings of each document type, English and Spanish.
// Abbreviations that are also words (COS, ATP) are matched on the original
// case by casePatterns instead.
var docPatterns = []docPattern{
	{"atp", regexp.MustCompile(`\b(work(ing)?[- ]?auth(orization|orisation|s)?|authori[sz]ation to (perform|proceed|begin)|(signed|mitigation|homeowner'?s?) (authori[sz]ation|contract|work order)|work order|autori[sz]acion (de|para el) trabajo|autori[sz]acion firmada|a\.t\.p\.?)\b`)},
	{"atr", regexp.MustCompile(`\b(authori[sz]ation to repair|repair (contract|authori[sz]ation)|rebuild contract|a\.t\.r\.?)\b`)},
	{"cos", regexp.MustCompile(`\b(certificates? of (satisfaction|completion)|completion (certificate|cert|form)|(signed )?satisfaction (certificate|form)|certificado( de (satisfaccion|terminacion|finalizacion|conformidad))?|c\.o\.s\.?)\b`)},
	{"waiver", regexp.MustCompile(`\b(waiver|release form|signed release|renuncia|exencion)\b`)},
	{"invoice", regexp.MustCompile(`\b(invoices?|final bill|billing|factura|facturas)\b`)},
	{"estimate", regexp.MustCompile(`\b(estimates?|esx( file)?|xactimate|estimado|presupuesto|cotizacion)\b`)},
	{"sketch", regexp.MustCompile(`\b(sketch(es)?|floor ?plans?|diagram|croquis|plano|diagrama|dibujo)\b`)},
	{"scope", regexp.MustCompile(`\b(scope( of work| notes| sheet)?|sow|alcance( del trabajo)?)\b`)},
	{"photo", regexp.MustCompile(`\b(photos?|photographs?|pictures?|pics|images|fotos?|fotografias?|imagenes)\b`)},
	{"drying_log", regexp.MustCompile(`\b(moisture (map|mapping|maps|readings?|logs?|reports?|documentation)|dry(ing)?[- ]?(logs?|records?|reports?|sheets?|documentation|readings?)|psychro(metric)?s?( readings| logs| report)?|atmospheric readings|daily readings|monitoring (logs?|reports?|readings)|dry[- ]?out (reports?|logs?|readings|documentation)|daily monitoring|lecturas( de humedad)?|(registros?|informes?|reportes?|bitacoras?) de (secado|humedad)|mapa de humedad)\b`)},
	{"lab_report", regexp.MustCompile(`\b(lab (report|results?)s?|itel( report| results)?|laboratory (report|results?)|(asbestos|mold|lead) (test|report|results?)s?|test results|sample results|informe de laboratorio|resultados de laboratorio|reporte de laboratorio)\b`)},
}

// casePatterns are abbreviations read only in capitals: "cos" and "atp"
// in lower case are more often other words or typos.
var casePatterns = []docPattern{
	{"atp", regexp.MustCompile(`\bATPs?\b`)},
	{"atr", regexp.MustCompile(`\bATRs?\b`)},
	{"cos", regexp.MustCompile(`\bCOS\b`)},
	{"estimate", regexp.MustCompile(`\bESX\b`)},
}

// itemPatterns are the non-document asks.
var itemPatterns = []docPattern{
	{ItemEquipmentList, regexp.MustCompile(`\b(equipment (list|log|inventory|count|sheet|placed)|list of (the )?equipment|(lista|inventario) de(l)? equipos?)\b`)},
	{ItemDryOutDate, regexp.MustCompile(`\b(dry[- ]?out date|dry date|(estimated|expected|projected|anticipated) (dry|completion)|when (will|do you expect) .{0,30}\b(be )?dry\b|fecha (de|estimada de) secado|cuando .{0,30}\bsec[oa])`)},
	{ItemRemovalDate, regexp.MustCompile(`\b(pick ?up (date|the equipment|equipment)|equipment (pick ?up|removal)|removal date|(remove|pull) (the )?equipment|when .{0,40}\b(pick(ed)? up|removed?|pull(ed)?)\b|recoger|retirar|levantar (el|los) equipos?)`)},
}

// askCue is a sentence that asks the office for something; the pattern
// runs on folded text.
var askCue = regexp.MustCompile(`\b(please|pls|plz|kindly|can (you|u|we|i)|could (you|u|we|i)|would (you|u)|will you|send|resend|re-send|upload|provide|forward|share|submit|email (me|us|over)|e-mail|attach|get (me|us)|let (me|us) know|need(ed|s)?|require[ds]?|missing|outstanding|waiting (on|for)|still (have not|haven'?t|don'?t have|need|waiting)|have not (received|seen|gotten)|haven'?t (received|seen|gotten)|did not receive|didn'?t receive|not (yet )?received|until (we|i) (receive|get|have)|before (we|i) can|pending( receipt)?|on hold|must|asap|where (is|are)|when (will|can|do|is|are)|looking for|request(ing|ed)?|por favor|favor de|pueden|podrian|puede|podria|envi(e|en|ar|arme|arnos|ame)|mand(e|en|ar|arme|enme)|necesit(o|amos|aria|ariamos)|ocup(o|amos)|requier(o|e)|falta(n)?|subir|compartir|adjunt(ar|en)|cuando)\b`)

// notAsked are sentences that say something was sent or done, not asked
// for: "Invoice attached", "I've uploaded the photos", "Received the COS,
// thanks". Such a sentence names a document without asking for it.
var notAsked = regexp.MustCompile(`^(here (is|are)|attached (is|are|please find)|(please )?(find|see) (the )?attached|([a-z0-9-]+ ){1,3}attached\b|(i|we)('ve| have)? (attached|uploaded|sent|received)|received|thanks? (you )?for|gracias por|adjunto|les envio|te envio)\b|\b(is|are) attached\b|\battached\.?$|\badjunt[oa]s?\.?$`)

// thirdPartyNeed is a need reported of someone else ("the adjuster says he
// needs the certificate", "El ajustador dice que necesita el
// certificado"): the sender passes it on but does not ask for the paper.
var thirdPartyNeed = regexp.MustCompile(`\b(says?|said|dice|dijo) (that |que )?(he|she|they|it)? ?(needs?|necesita|necesitan)\b`)

// Extract reads the request in a message: subject and body are as
// received, sentAt is its arrival, cal the office calendar for due times
// (nil leaves Due empty). A request that names no due time is due within
// one business day (DefaultDue), so that every request has a deadline. ok is false when the message asks for nothing
// the office tracks.
func Extract(subject, body string, sentAt time.Time, cal *sla.Calendar) (Request, bool) {
	lines := sentences(OwnText(body))
	req, ok := read(lines)
	if s := strings.TrimSpace(subject); !ok && s != "" && !replySubject.MatchString(s) {
		// A subject is a summary the body spells out; it speaks only when
		// the body asks for nothing ("Need the ATP" and a blank body).
		lines = append([]string{s}, lines...)
		req, ok = read(lines)
	}
	if !ok {
		return Request{}, false
	}
	if cal != nil {
		// The due time may sit in a sentence of its own ("Need it by
		// Friday."), so the whole own text is read for it.
		req.Due = DueTime(strings.Join(lines, " "), sentAt, cal)
		if req.Due == nil {
			due := DefaultDue(sentAt, cal)
			req.Due = &due
		}
	}
	return req, true
}

// read reads the asks in sentences.
func read(lines []string) (Request, bool) {
	var req Request
	var asking []string
	for _, s := range lines {
		f := classify.Fold(s)
		if !askCue.MatchString(f) || notAsked.MatchString(f) {
			continue
		}
		docs := match(docPatterns, f)
		docs = append(docs, match(casePatterns, s)...)
		items := match(itemPatterns, f)
		if thirdPartyNeed.MatchString(f) && !askCueBeyondNeed(f) {
			docs = nil
		}
		if len(docs) == 0 && len(items) == 0 {
			continue
		}
		req.DocTypes = append(req.DocTypes, docs...)
		req.Items = append(req.Items, items...)
		asking = append(asking, s)
	}
	if len(asking) == 0 {
		return Request{}, false
	}
	slices.Sort(req.DocTypes)
	req.DocTypes = slices.Compact(req.DocTypes)
	slices.Sort(req.Items)
	req.Items = slices.Compact(req.Items)
	req.Text = strings.Join(asking, " ")
	return req, true
}

// replySubject is a subject that repeats the one the sender answers: its
// words are the office's, not the sender's ask.
var replySubject = regexp.MustCompile(`(?i)^(re|aw|sv|fw|fwd|rv|r)\s*(\[\d+\])?\s*:`)

// askCueBeyondNeed reports whether a sentence that passes on another's need
// also asks the office itself ("the adjuster needs the COS, please send
// it").
func askCueBeyondNeed(f string) bool {
	return directAsk.MatchString(f)
}

// directAsk is a sentence that asks the office in the sender's own voice.
var directAsk = regexp.MustCompile(`\b(please|por favor|can you|could you|send|envi(e|en|ar)|mand(e|en|ar))\b`)

// match returns the types whose pattern occurs in s.
func match(ps []docPattern, s string) []string {
	var out []string
	for _, p := range ps {
		if p.re.MatchString(s) {
			out = append(out, p.docType)
		}
	}
	return out
}
