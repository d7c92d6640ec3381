package equipment

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/claimdesk/claimdesk/requests"
)

// Actions a message reports.
const (
	ActionPlaced   = "placed"
	ActionPickedUp = "picked_up"
)

// Proposal is one thing a message reports about the equipment on a job,
// for a person to confirm.
type Proposal struct {
	Action string // ActionPlaced or ActionPickedUp
	// Kind is the kind of the items; AllDrying for a pickup of the
	// equipment as a whole, which has no Count.
	Kind string
	// Count is how many; 0 when the words name the kind in the plural
	// without saying how many ("set up fans"): a person says it.
	Count int
	At    time.Time // when the words say it happened
	// Day says the words name the day alone ("yesterday", "on Monday"):
	// At stands at OnDay of it, and no time of day is known.
	Day     bool
	Address string // where it was delivered, when the message says
	Text    string // the sentence it was read from
}

// Bounds of what a proposal keeps of the message's words.
const (
	maxText    = 300
	maxAddress = 200
	maxCount   = MaxCount
)

// MaxCount bounds the count of a line of the log read from mail.
const MaxCount = 999

// Patterns run on folded text (lower case, no accents): people type
// "recogimos" and "recogímos", "Dehus" and "dehus".
var (
	pickupVerb = regexp.MustCompile(`\b(picked[- ]up|pick(?:ed)? (?:it|them|everything|all)(?: of (?:it|them))? up|pulled|removed|hauled(?: away| off)?|collected|retrieved|recogimos|recogid[oa]s?|se recogio|se recogieron|retiramos|retirad[oa]s?|se retiro|se retiraron|quitamos|levantamos)\b`)
	placeVerb  = regexp.MustCompile(`\b(set(?: up| out)?|setup|went in|put(?: in| down| out)?|hooked up|placed|dropped(?: off)?|delivered|installed|brought|left|staged|deployed|running|colocamos|colocad[oa]s?|pusimos|instalamos|instalad[oa]s?|entregamos|entregad[oa]s?|se entrego|se entregaron|dejamos|montamos)\b`)
	// notYet marks a sentence about what has not happened: a plan, a
	// question, a request or a negation.
	notYet = regexp.MustCompile(`\b(will|going to|gonna|schedule|scheduled|please|can you|could you|would you|need|needs|tomorrow|if|should|not|didn't|haven't|hasn't|never|` +
		`when|whether|once|after|wants?|let me know|asked|asks|a request|an order|ordered|on order|` +
		`vamos a|van a|va a|manana|favor|necesit\w*|programad[oa]s?|hay que|no|todavia|aun no|nunca|tampoco|ni|sin|cuando|si|despues|quiere\w*|pregunt\w*)\b|\?`)
	// statusRemark marks a clause about how equipment on the job is
	// doing, not about its coming or going: "the fans are still
	// running", "the dehumidifier has an orange light on".
	statusRemark = regexp.MustCompile(`\b(still|(?:is|are|was|were|been|keeps?|kept)\s+(?:\w+\s+)?(?:running|going|working|blowing)|` +
		`lights?(?:\s+\w+)?\s+on|beep\w*|alarm\w*|noise|noisy|loud|flashing|blinking|tripp\w*|breaker|unplug\w*|` +
		`shut (?:off|down)|turned (?:off|on)|broken|sigue\w*|prendid[oa]s?|encendid[oa]s?|apagad[oa]s?|luz)\b`)
	// morning is the Spanish "this morning", which notYet would read as
	// "mañana", tomorrow.
	morning = strings.NewReplacer("esta manana", "esta_am", "por la manana", "por la_am", "en la manana", "en la_am")
	item    = regexp.MustCompile(`(?:\b(\d{1,3}|` + numberWords + `)\s+)?(?:(?:more|additional|extra|mas|otros|otras)\s+)?\b(` + itemWords + `)\b`)
	// address follows the verb of a delivery: "delivered to 12 Oak St".
	address = regexp.MustCompile(`(?i)\b(?:delivered|dropped(?: off)?|placed|set|entregad[oa]|entregamos|dejamos)\s+(?:to|at|en|a)\s+(\d[^\n;]*)`)
	// allPickedUp is the equipment as a whole said picked up, the verb
	// next to it: "equipment picked up", "all the equipment was removed",
	// "pulled our drying equipment", "equipo recogido", "recogimos todo el
	// equipo". A placement needs kinds and counts to log, so only a pickup
	// is read this way.
	allPickedUp = regexp.MustCompile(`\b(?:(?:all|of|the|our|drying|todo|todos|el|los)\s+)*(?:equipment|equipos?)(?:\s+de\s+secado)?\s+` +
		`(?:(?:was|were|has|have|been|is|are|all|fue|fueron|ha sido|han sido|ya)\s+)*` +
		`(?:picked[- ]up|pulled|removed|collected|retrieved|recogid[oa]s?|retirad[oa]s?)\b` +
		`|\b(?:picked[- ]up|pulled|removed|collected|retrieved|recogimos|retiramos|se recogio|se retiro|quitamos|levantamos)\s+` +
		`(?:(?:all|of|the|our|drying|todo|todos|el|los)\s+)*(?:equipment|equipos?)\b(\s+\w+)?`)
	// notTheEquipment follows "equipment" when the words are about a
	// document or a charge, not the machines: "removed the equipment list".
	notTheEquipment = regexp.MustCompile(`^\s+(?:list|log|logs|inventory|sheet|count|report|form|invoice|rental|charges?|lista|inventario|registro|factura)$`)
)

const numberWords = `a|an|both|ambos|ambas|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|un|una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce`

// itemWords name the equipment, English and Spanish; storage containers
// come before containers, which on a restoration job are dumpsters.
const itemWords = `air ?movers?|airmovers?|fans?|blowers?|ventiladores|ventilador|abanicos?|movedores de aire` +
	`|dehumidifiers?|dehus|dehu|dehums?|lgrs?|deshumidificadores|deshumidificador|deshus?` +
	`|air scrubbers?|scrubbers?|afds?|air filtration devices?|hepa(?: units?| machines?)?|negative air(?: machines?)?|purificador(?:es)? de aire|depurador(?:es)? de aire|depurador(?:es)?` +
	`|pods?|storage containers?|portable storage(?: units?| containers?)?|contenedor(?:es)? de almacenamiento` +
	`|dumpsters?|roll[- ]?offs?(?: containers?| dumpsters?)?|containers?|contenedor(?:es)?|volquetes?`

// itemStems are in every item word, and in the equipment as a whole,
// folded: a text without any of them names no equipment.
var itemStems = []string{"mover", "movedor", "fan", "blower", "ventilador", "abanico", "dehu", "deshu", "lgr",
	"scrubber", "afd", "filtration", "hepa", "negative air", "purificador", "depurador",
	"pod", "storage", "contenedor", "dumpster", "roll", "container", "volquete", "equip"}

// mayNameItems reports whether the folded text f may name an item: item
// matches nothing in a text this says no to, at a fraction of its cost.
func mayNameItems(f string) bool {
	for _, s := range itemStems {
		if strings.Contains(f, s) {
			return true
		}
	}
	return false
}

var numbers = map[string]int{
	"a": 1, "an": 1, "both": 2, "ambos": 2, "ambas": 2, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
	"seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
}

// kindOf names the kind of an item word.
func kindOf(word string) string {
	switch {
	case strings.Contains(word, "storage") || strings.HasPrefix(word, "pod") || strings.Contains(word, "almacenamiento"):
		return Pod
	case strings.Contains(word, "mover") || strings.HasPrefix(word, "fan") || strings.HasPrefix(word, "blower") ||
		strings.HasPrefix(word, "ventilador") || strings.HasPrefix(word, "abanico"):
		return AirMover
	case strings.HasPrefix(word, "dehu") || strings.HasPrefix(word, "lgr") || strings.HasPrefix(word, "deshu"):
		return Dehumidifier
	case strings.Contains(word, "scrubber") || strings.HasPrefix(word, "afd") || strings.Contains(word, "filtration") ||
		strings.HasPrefix(word, "hepa") || strings.HasPrefix(word, "negative") || strings.Contains(word, "purificador") ||
		strings.Contains(word, "depurador"):
		return AirScrubber
	}
	return Dumpster
}

// Extract returns what a message written at sent reports was placed on or
// picked up from a job, in the order it says it: each item named with a
// verb that says it happened ("set", "delivered", "picked up",
// "recogimos"), with its count (one for a kind named in the singular, 0,
// for a person to say, in the plural without a number); and, in a sentence
// naming no item, the equipment as a whole picked up ("equipment picked
// up", "equipo recogido"), of kind AllDrying. Each happened when its
// sentence says ("yesterday", "on Monday at 3pm", "Nov 30", read on the
// office's clock loc; a day named without a time is that day alone, Day;
// "3/12" in a mail of Dec 4 is Dec 3, the recent reading, slashDateNear),
// else when the mail was written. Sentences about plans,
// questions, requests and how the equipment is doing ("will pick up
// tomorrow", "can you drop a dumpster?", "the fans are still running")
// report nothing, nor do those whose numeric date cannot be told. Only the sender's own words count: quoted replies are
// cut off.
func Extract(subject, body string, sent time.Time, loc *time.Location) []Proposal {
	if !mayNameItems(fold(subject)) && !mayNameItems(fold(body)) {
		return nil // most mail: not read sentence by sentence
	}
	var out []Proposal
	seen := map[string]bool{}
	own := requests.OwnText(body)
	for _, s := range append(splitSentences(own), subjectSentences(subject)...) {
		for _, p := range fromSentence(s, sent, loc) {
			key := p.Action + "/" + p.Kind + "/" + strconv.Itoa(p.Count)
			if !seen[key] {
				seen[key] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// subjectSentences reads a subject as a sentence, unless it is a reply's
// or a forward's: that subject reports what the first message did.
func subjectSentences(subject string) []string {
	f := fold(strings.TrimSpace(subject))
	for _, p := range []string{"re:", "fw:", "fwd:", "rv:", "aw:"} {
		if strings.HasPrefix(f, p) {
			return nil
		}
	}
	return splitSentences(subject)
}

// sentenceEnd ends sentences; a question ends at the mark splitSentences
// puts after its "?", which it keeps.
var sentenceEnd = regexp.MustCompile(`[.!;]\s+|\x00\s*|\n\s*\n|\n`)

// abbreviation ends with a period that does not end a sentence: "1418 W.
// Pine Ave.", "Mr. Lee".
var abbreviation = regexp.MustCompile(`\b([A-Z]|St|Ave|Rd|Dr|Blvd|Ln|Ct|Apt|Mr|Mrs|Ms|Sr|Sra)\.(\s)`)

func splitSentences(text string) []string {
	var out []string
	// Keep a question mark with its sentence: it marks it as one.
	text = strings.ReplaceAll(abbreviation.ReplaceAllString(text, "$1\x01$2"), "?", "?\x00")
	for _, s := range sentenceEnd.Split(text, -1) {
		s = strings.TrimSpace(strings.ReplaceAll(s, "\x01", "."))
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// fromSentence reads one sentence: each item takes the action of the
// nearest verb before it, else the nearest after it ("dumpster dropped"),
// in its own clause first: in "carpet pad pulled, 5 air movers set" the
// air movers were set. An item in a clause without a verb ("set 6 air
// movers, 3 dehus") takes the sentence's.
func fromSentence(s string, sent time.Time, loc *time.Location) []Proposal {
	f := morning.Replace(fold(s))
	if notYet.MatchString(f) {
		return nil
	}
	at, day, ok := sentenceTime(f, sent, loc)
	if !ok {
		return nil
	}
	items := item.FindAllStringSubmatchIndex(f, -1)
	if len(items) == 0 {
		if allSaidPickedUp(f) {
			return []Proposal{{Action: ActionPickedUp, Kind: AllDrying, At: at, Day: day, Text: clip(s, maxText)}}
		}
		return nil
	}
	verbs := verbsOf(f)
	if len(verbs) == 0 {
		return nil
	}
	var out []Proposal
	for _, m := range items {
		count, ok := itemCount(f, m)
		if from, to := clauseOf(f, m[0]); !ok || statusRemark.MatchString(f[from:to]) {
			continue
		}
		action := itemAction(f, verbs, m[0])
		p := Proposal{Action: action, Kind: kindOf(f[m[4]:m[5]]), Count: count, At: at, Day: day, Text: clip(s, maxText)}
		if action == ActionPlaced && (p.Kind == Dumpster || p.Kind == Pod) {
			if a := address.FindStringSubmatch(s); a != nil {
				p.Address = clip(strings.TrimRight(strings.TrimSpace(a[1]), ".,"), maxAddress)
			}
		}
		out = append(out, p)
	}
	return out
}

// sentenceVerb is a verb of a sentence: where it stands, and the action it
// says.
type sentenceVerb struct {
	at     int
	action string
}

// verbsOf returns the pickup and placing verbs of the folded sentence f,
// in the order they stand.
func verbsOf(f string) []sentenceVerb {
	var verbs []sentenceVerb
	for _, m := range pickupVerb.FindAllStringIndex(f, -1) {
		verbs = append(verbs, sentenceVerb{m[0], ActionPickedUp})
	}
	for _, m := range placeVerb.FindAllStringIndex(f, -1) {
		verbs = append(verbs, sentenceVerb{m[0], ActionPlaced})
	}
	sort.Slice(verbs, func(i, j int) bool { return verbs[i].at < verbs[j].at })
	return verbs
}

// itemAction is the action of the item at offset at of the folded sentence
// f: its clause's nearest verb, else the sentence's.
func itemAction(f string, verbs []sentenceVerb, at int) string {
	from, to := clauseOf(f, at)
	if action := nearestAction(verbs, at, from, to); action != "" {
		return action
	}
	return nearestAction(verbs, at, 0, len(f))
}

// clauseOf is the clause of the folded sentence f around offset at, as
// [from, to): commas end it.
func clauseOf(f string, at int) (from, to int) {
	from, to = strings.LastIndexByte(f[:at], ',')+1, len(f)
	if i := strings.IndexByte(f[at:], ','); i >= 0 {
		to = at + i
	}
	return from, to
}

// nearestAction is the action of the nearest verb within [from, to)
// before offset at, else of the nearest after it; empty when there is
// none.
func nearestAction(verbs []sentenceVerb, at, from, to int) string {
	action := ""
	for _, v := range verbs {
		if v.at >= from && v.at < at {
			action = v.action
		}
	}
	for _, v := range verbs {
		if action == "" && v.at > at && v.at < to {
			action = v.action
		}
	}
	return action
}

// allSaidPickedUp reports whether the folded sentence f says the
// equipment as a whole was picked up.
func allSaidPickedUp(f string) bool {
	for _, m := range allPickedUp.FindAllStringSubmatchIndex(f, -1) {
		if m[2] < 0 || !notTheEquipment.MatchString(f[m[2]:m[3]]) {
			return true
		}
	}
	return false
}

// itemCount is the count of the item match m of the folded sentence f:
// its number, else one for a word in the singular and 0 (not said) for
// one in the plural. ok is false for a number out of bounds.
func itemCount(f string, m []int) (count int, ok bool) {
	if m[2] >= 0 {
		n := parseCount(f[m[2]:m[3]])
		return n, n > 0
	}
	for _, w := range strings.FieldsFunc(f[m[4]:m[5]], func(r rune) bool { return r == ' ' || r == '-' }) {
		if strings.HasSuffix(w, "s") {
			return 0, true
		}
	}
	return 1, true
}

func parseCount(w string) int {
	if n, ok := numbers[w]; ok {
		return n
	}
	n, err := strconv.Atoi(w)
	if err != nil || n > maxCount {
		return 0
	}
	return n
}

// fold lower-cases s and strips the accents of Spanish, so that
// "recogímos" reads as "recogimos". Positions in the folded text are not
// positions in s.
func fold(s string) string {
	return accents.Replace(strings.ToLower(s))
}

var accents = strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ü", "u", "ñ", "n")

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Answer reads an adjuster's answer to an approval request from the
// sender's own words: ApprovalApproved, ApprovalDenied, or "" when it says
// neither (a question, a request for photos). A refusal wins over an
// approval: "not approved" names both.
func Answer(body string) string {
	f := fold(requests.OwnText(body))
	switch {
	case denied.MatchString(f):
		return ApprovalDenied
	case approved.MatchString(f):
		return ApprovalApproved
	}
	return ""
}

var (
	denied   = regexp.MustCompile(`\b(denied|deny|denying|declined?|not (?:be )?approved|cannot approve|can't approve|unable to approve|won't approve|will not approve|not authorized|not covered|rechazad[oa]s?|denegad[oa]s?|no (?:esta |queda |fue )?aprobad[oa]s?|no (?:se )?autoriz\w*|no podemos aprobar)\b`)
	approved = regexp.MustCompile(`\b(approved?|approving|authorized|you may proceed|ok(?:ay)? to proceed|go ahead|aprobad[oa]s?|aprobamos|autorizad[oa]s?|autorizamos|pueden proceder|adelante)\b`)
)
