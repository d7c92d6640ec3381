package classify

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Assignment is a new claim handed to the office, read from an XactAnalysis
// notification or an adjuster's email.
type Assignment struct {
	ClaimNumber  string `json:"claim_number"` // as written
	Carrier      string `json:"carrier,omitempty"`
	PolicyNumber string `json:"policy_number,omitempty"`
	// FileNumber is the adjusting firm's own file number ("Our file:
	// FP-7731"), which its later mail may give alone.
	FileNumber    string    `json:"adjuster_file_number,omitempty"`
	InsuredName   string    `json:"insured_name,omitempty"`
	LossAddress   string    `json:"loss_address,omitempty"`
	LossType      string    `json:"loss_type,omitempty"` // Water, Fire, Mold, Storm, or "" when unknown
	AdjusterName  string    `json:"adjuster_name,omitempty"`
	AdjusterEmail string    `json:"adjuster_email,omitempty"`
	DateOfLoss    time.Time `json:"date_of_loss,omitzero"` // zero when absent
	// InsuredPhone, InsuredEmail and AdjusterPhone are contacts as
	// written; Cause is what the assignment gives as the cause of loss,
	// LossDescription what it says happened.
	InsuredPhone    string `json:"insured_phone,omitempty"`
	InsuredEmail    string `json:"insured_email,omitempty"`
	AdjusterPhone   string `json:"adjuster_phone,omitempty"`
	Cause           string `json:"cause,omitempty"`
	LossDescription string `json:"loss_description,omitempty"`
	// System is true for a machine notification (XactAnalysis and the like),
	// false for an adjuster's email.
	System bool `json:"system"`
	// Where names the text the fields were read from: "body" or
	// "forward[0].body".
	Where string `json:"where"`
	// ByFields is true when only its fields, not its words, say it hands
	// over a loss (newLossFields, newLossProse): a vendor's invoice may lay out the same
	// fields for a claim the office has under another number.
	ByFields bool `json:"by_fields,omitempty"`
}

// Loss types, as stored on claims.
const (
	LossWater = "Water" // LossWater: leaks, floods, sewage.
	LossFire  = "Fire"  // LossFire: fire, smoke, soot.
	LossMold  = "Mold"  // LossMold: mold and microbial growth.
	LossStorm = "Storm" // LossStorm: wind, hail, hurricanes.
	LossOther = "Other" // LossOther: anything else.
)

var assignPhraseRe = regexp.MustCompile(`\b(new (\w+ ){0,2}assignment|assignment (notification|notice|details|information|type)|accept (this|the|our|a|my|following)? ?(\w+ ){0,2}assignment|(mitigation|emergency|emergency services|water|fire|mold|restoration|remediation|dry ?out|dryout|services|service) assignment|(we are|were|i am|im) (assigning|sending) (you|your (company|firm|office))|you have been assigned (a|the|this) (new )?(claim|loss|file)|(has|have) been assigned to (you|your (company|firm|office|team))|nueva asignacion|(acepte|aceptar|acepten|aceptar|acepta) (esta|la|nuestra|una)? ?(\w+ ){0,2}asignacion|asignacion de (mitigacion|servicio|servicios|trabajo|emergencia|reclamo|siniestro)|les? (hemos )?asignado (este|el|un|una|la)? ?(nuevo |nueva )?(reclamo|siniestro|caso|trabajo)|(le|les) asignamos|(ha|han) sido asignad[oa]s? a (usted|ustedes|su (empresa|compania|oficina))|notificacion de asignacion)\b`)

var replySubjectRe = regexp.MustCompile(`(?i)^\s*(re|aw|sv|r|antw|respuesta|resp)\s*:`)

// assignment fields.
const (
	fClaim = iota
	fPolicy
	fInsured
	fAddress
	fLossType
	fAdjuster
	fAdjusterEmail
	fCarrier
	fDateOfLoss
	fCause
	fDescription
	fInsuredPhone
	fInsuredEmail
	fAdjusterPhone
	// fPhone and fEmail are a phone and an email address without an owner
	// in their label: the insured's or the adjuster's, by the person named
	// last above them.
	fPhone
	fEmail
	// fFile is an independent adjusting firm's or TPA's own file number.
	fFile
)

// fieldLabels maps folded labels (qualifiers such as "number", "#", "No."
// removed) to fields.
var fieldLabels = map[string]int{
	"claim": fClaim, "carrier claim": fClaim, "insurance claim": fClaim, "claim ref": fClaim,
	"claim reference": fClaim, "reclamo": fClaim, "reclamacion": fClaim, "siniestro": fClaim,
	"policy": fPolicy, "poliza": fPolicy, "insurance policy": fPolicy,
	"insured": fInsured, "insured name": fInsured, "named insured": fInsured, "insureds name": fInsured,
	"policyholder": fInsured, "policy holder": fInsured, "homeowner": fInsured, "home owner": fInsured,
	"customer": fInsured, "customer name": fInsured, "client": fInsured, "owner": fInsured,
	"property owner": fInsured, "asegurado": fInsured, "nombre del asegurado": fInsured, "cliente": fInsured,
	"propietario": fInsured, "titular": fInsured,
	"loss address": fAddress, "loss location": fAddress, "location of loss": fAddress, "property": fAddress,
	"property address": fAddress, "risk address": fAddress, "risk location": fAddress, "insured address": fAddress,
	"address": fAddress, "location": fAddress, "risk": fAddress, "site": fAddress, "site address": fAddress, "job address": fAddress,
	"job site": fAddress, "jobsite": fAddress, "property location": fAddress, "direccion": fAddress,
	"direccion de la perdida": fAddress, "direccion del siniestro": fAddress, "direccion de la propiedad": fAddress,
	"ubicacion": fAddress, "propiedad": fAddress, "domicilio": fAddress, "lugar del siniestro": fAddress,
	"type of loss": fLossType, "loss type": fLossType, "peril": fLossType, "tipo de perdida": fLossType,
	"tipo de siniestro": fLossType, "tipo de dano": fLossType,
	"cause": fCause, "cause of loss": fCause, "loss cause": fCause, "causa": fCause, "causa de la perdida": fCause,
	"causa del siniestro": fCause,
	"loss description":    fDescription, "description of loss": fDescription, "description": fDescription,
	"loss details": fDescription, "details of loss": fDescription, "damage description": fDescription,
	"description of damage": fDescription, "claim description": fDescription, "loss facts": fDescription,
	"facts of loss": fDescription, "descripcion": fDescription, "descripcion de la perdida": fDescription,
	"descripcion del siniestro": fDescription, "descripcion de danos": fDescription,
	"insured phone": fInsuredPhone, "insureds phone": fInsuredPhone, "insured cell": fInsuredPhone,
	"insured mobile": fInsuredPhone, "home phone": fInsuredPhone, "insured home phone": fInsuredPhone,
	"homeowner phone": fInsuredPhone, "policyholder phone": fInsuredPhone, "customer phone": fInsuredPhone,
	"contact phone": fInsuredPhone, "insured contact phone": fInsuredPhone, "telefono del asegurado": fInsuredPhone,
	"insured email": fInsuredEmail, "insureds email": fInsuredEmail, "insured e mail": fInsuredEmail,
	"homeowner email": fInsuredEmail, "policyholder email": fInsuredEmail, "customer email": fInsuredEmail,
	"correo del asegurado": fInsuredEmail,
	"adjuster phone":       fAdjusterPhone, "adjusters phone": fAdjusterPhone, "adjuster cell": fAdjusterPhone,
	"adjuster telephone": fAdjusterPhone, "adjuster direct": fAdjusterPhone, "claim rep phone": fAdjusterPhone,
	"telefono del ajustador": fAdjusterPhone,
	"phone":                  fPhone, "telephone": fPhone, "tel": fPhone, "cell": fPhone, "cell phone": fPhone, "mobile": fPhone,
	"mobile phone": fPhone, "primary phone": fPhone, "telefono": fPhone, "celular": fPhone,
	"adjuster": fAdjuster, "adjuster name": fAdjuster, "assigned adjuster": fAdjuster, "field adjuster": fAdjuster,
	"desk adjuster": fAdjuster, "independent adjuster": fAdjuster, "claim rep": fAdjuster, "claims rep": fAdjuster,
	"claim representative": fAdjuster, "claims representative": fAdjuster, "claims adjuster": fAdjuster,
	"claim adjuster": fAdjuster, "ajustador": fAdjuster, "ajustador asignado": fAdjuster,
	"nombre del ajustador": fAdjuster, "adjuster contact": fAdjuster, "claim professional": fAdjuster,
	"claims professional": fAdjuster, "claim specialist": fAdjuster, "claims specialist": fAdjuster, "handler": fAdjuster,
	"claim handler": fAdjuster, "claims handler": fAdjuster,
	"adjuster email": fAdjusterEmail, "adjuster e mail": fAdjusterEmail, "email": fEmail,
	"e mail": fEmail, "correo": fEmail, "correo electronico": fEmail,
	"correo del ajustador": fAdjusterEmail, "adjusters email": fAdjusterEmail,
	"carrier": fCarrier, "insurance carrier": fCarrier, "insurance company": fCarrier, "insurer": fCarrier,
	"company": fCarrier, "aseguradora": fCarrier, "carrier name": fCarrier, "insurance": fCarrier, "compania": fCarrier, "compania de seguros": fCarrier,
	"date of loss": fDateOfLoss, "loss date": fDateOfLoss, "dol": fDateOfLoss, "fecha de perdida": fDateOfLoss,
	"fecha de la perdida": fDateOfLoss, "fecha del siniestro": fDateOfLoss, "fecha de siniestro": fDateOfLoss,
	"date of occurrence": fDateOfLoss, "loss occurred": fDateOfLoss,
	"our file": fFile, "file": fFile, "ia file": fFile, "adjuster file": fFile, "independent adjuster file": fFile,
	"tpa file": fFile, "our ref": fFile, "our reference": fFile, "ref": fFile, "our file ref": fFile,
}

var (
	labelLineRe  = regexp.MustCompile(`^[\s*_>•\-–·]*([^:：\t]{1,60}?)\s*[*_]*\s*[:：\t]\s*(.*)$`)
	hashLabelRe  = regexp.MustCompile(`^[\s*_>•\-–·]*([A-Za-zÀ-ÿ .]{2,40}?)\s*#\s*(\S.*)$`)
	leadingQuals = map[string]bool{"numero": true, "no": true, "num": true, "nro": true, "n": true, "the": true}
	trailQuals   = map[string]bool{"number": true, "no": true, "num": true, "nbr": true, "numero": true, "id": true, "n": true, "nr": true}
)

// canonLabel folds a label and strips number qualifiers: "Claim #",
// "Claim Number", "Claim No." and "Número de reclamo" all become the same.
func canonLabel(s string) string {
	ws := words(s)
	for len(ws) > 1 && leadingQuals[ws[0]] {
		ws = ws[1:]
		if len(ws) > 1 && (ws[0] == "de" || ws[0] == "del" || ws[0] == "of") {
			ws = ws[1:]
		}
	}
	for len(ws) > 1 && trailQuals[ws[len(ws)-1]] {
		ws = ws[:len(ws)-1]
	}
	return strings.Join(ws, " ")
}

// labelled reads "Label: value" fields from text: their values and labels
// as written, and the line each value ends on. A label alone on its line
// takes the next line as its value (HTML tables converted to text). The
// first value of each field wins.
func labelled(text string) (vals, labels map[int]string, lineOf map[int]int) {
	vals, labels, lineOf = map[int]string{}, map[int]string{}, map[int]int{}
	lines := unfoldColumnTables(strings.Split(text, "\n"))
	person := -1 // the person field named last: owner of a bare phone or email
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		var label, value string
		if m := labelLineRe.FindStringSubmatch(l); m != nil {
			label, value = m[1], m[2]
		} else if m := hashLabelRe.FindStringSubmatch(l); m != nil {
			label, value = m[1], m[2]
		} else if isHeading(l) {
			// "LOSS DESCRIPTION" over its paragraph, "CLAIM NUMBER" over
			// the number: notifications' sections and cards.
			label = l
		} else {
			continue
		}
		f, ok := fieldOf(label)
		if !ok {
			continue
		}
		f, person = ownedField(f, person)
		value = strings.TrimSpace(strings.Trim(strings.TrimSpace(value), "*_"))
		if value == "" && i+1 < len(lines) {
			next := strings.TrimSpace(lines[i+1])
			if next != "" && labelLineRe.FindStringSubmatch(next) == nil {
				value = next
				i++
			}
		}
		// Values wrapped onto following lines (narrow clients, HTML cells)
		// continue there; a description runs on for a paragraph.
		wraps := 3
		if f == fDescription {
			wraps = 12
		}
		for n := 0; n < wraps && value != "" && i+1 < len(lines); n++ {
			next, sep, ok := continuation(f, value, strings.TrimSpace(lines[i+1]))
			if !ok {
				break
			}
			value += sep + next
			i++
		}
		if _, seen := vals[f]; !seen && value != "" {
			vals[f], labels[f] = value, label
			lineOf[f] = i
		}
	}
	return vals, labels, lineOf
}

// fieldOf returns the field a label names: a known label, or a claim's,
// policy's or adjuster's label after the carrier's name ("Safeco Claim #",
// "Erie adjuster"), as carriers and their adjusting firms write them.
func fieldOf(label string) (int, bool) {
	c := canonLabel(label)
	if f, ok := fieldLabels[c]; ok {
		return f, true
	}
	for _, name := range knownCarriers {
		rest, ok := strings.CutPrefix(c, strings.Join(words(name), " ")+" ")
		if !ok {
			continue
		}
		f, ok := fieldLabels[canonLabel(rest)]
		return f, ok && (f == fClaim || f == fPolicy || f == fAdjuster || f == fAdjusterEmail || f == fAdjusterPhone)
	}
	return 0, false
}

// isHeading reports whether line l is a field's label alone, without a
// colon, over its value: a loss description's section heading in any case
// ("LOSS DESCRIPTION", "Description of Loss"), or any field's label in
// capitals, as notifications lay out their cards ("CARRIER CLAIM NUMBER"
// over the number). Other labels in mixed case are not taken alone: a
// signature's "Field Adjuster" line is no field.
func isHeading(l string) bool {
	if len(l) > 40 || strings.ContainsAny(l, ".,;!?") {
		return false
	}
	c := canonLabel(l)
	f, ok := fieldLabels[c]
	if !ok || c == "" {
		return false
	}
	return f == fDescription || strings.ToUpper(l) == l && strings.ToLower(l) != l
}

// unfoldColumnTables rewrites a table written across, a row of labels over
// a row of values (an HTML table's text, cells split by tabs), as one
// "label: value" line per column, in place of the two rows.
func unfoldColumnTables(lines []string) []string {
	isLabel := func(c string) bool {
		_, ok := fieldOf(strings.TrimSpace(c))
		return ok
	}
	for i := 0; i < len(lines); i++ {
		heads := strings.Split(strings.TrimSpace(lines[i]), "\t")
		if len(heads) < 2 || !allOf(heads, isLabel) {
			continue
		}
		j := i + 1
		for j < len(lines) && strings.TrimSpace(lines[j]) == "" {
			j++
		}
		if j == len(lines) {
			break
		}
		cells := strings.Split(strings.TrimSpace(lines[j]), "\t")
		if len(cells) != len(heads) || slices.ContainsFunc(cells, isLabel) {
			continue
		}
		rows := make([]string, len(heads))
		for k := range heads {
			rows[k] = strings.TrimSpace(heads[k]) + ": " + strings.TrimSpace(cells[k])
		}
		lines = append(lines[:i], append(rows, lines[j+1:]...)...)
		i += len(rows) - 1
	}
	return lines
}

func allOf(xs []string, f func(string) bool) bool {
	for _, x := range xs {
		if !f(x) {
			return false
		}
	}
	return true
}

// ownedField gives a bare phone or email field its owner, the person
// named last above it (person; -1 for none), and returns the person named
// last after field f.
func ownedField(f, person int) (int, int) {
	switch f {
	case fInsured, fAdjuster:
		return f, f
	case fPhone:
		if person == fAdjuster {
			return fAdjusterPhone, person
		}
		return fInsuredPhone, person
	case fEmail:
		// "Email" under the insured is the insured's; alone, or under the
		// adjuster, the adjuster's, as assignments mostly mean it.
		if person == fInsured {
			return fInsuredEmail, person
		}
		return fAdjusterEmail, person
	}
	return f, person
}

// continuation reports whether line continues the value of field f, and
// with which separator.
func continuation(f int, value, line string) (string, string, bool) {
	line = strings.TrimSpace(strings.TrimLeft(line, ">"))
	if line == "" {
		return "", "", false
	}
	if m := labelLineRe.FindStringSubmatch(line); m != nil {
		if _, isLabel := fieldOf(m[1]); isLabel || len(words(m[1])) <= 3 {
			return "", "", false
		}
	}
	switch {
	case f == fDescription:
		return line, " ", !sigOffRe.MatchString(line)
	case strings.HasSuffix(value, "-") || strings.HasPrefix(line, "-"):
		return line, "", true // an identifier or compound split at its dash
	case strings.HasSuffix(value, ","):
		return line, " ", true
	case f == fAddress && !zipAtEndRe.MatchString(value) && len(line) <= 50 && !sentenceEndRe.MatchString(line):
		// An address without its ZIP yet goes on: "1210 Pollos Way" /
		// "Albuquerque, NM 87102", or a street wrapped mid-way.
		if cityLineRe.MatchString(line) && !strings.HasSuffix(value, ",") {
			return line, ", ", true
		}
		return line, " ", true
	case (f == fClaim || f == fPolicy) && idValueRe.MatchString(value) && len(line) <= 12 && digitGroupsRe.MatchString(line):
		return line, " ", true // "7019 44119" / "19": a spaced number wrapped
	case (f == fInsured || f == fAdjuster) && len(strings.Fields(value)) == 1 && nameLineRe.MatchString(line):
		return line, " ", true
	}
	return "", "", false
}

var (
	// sigOffRe is where a message's prose ends and its signature starts.
	sigOffRe      = regexp.MustCompile(`(?i)^(thanks|thank you|regards|best|sincerely|gracias|saludos|atentamente|this is an automated|please do not reply|-- ?$)`)
	sentenceEndRe = regexp.MustCompile(`[.?!]\s*$|\b(please|the|por favor)\b`)
	digitGroupsRe = regexp.MustCompile(`^[A-Za-z0-9]*\d[A-Za-z0-9]*( [A-Za-z0-9]*\d[A-Za-z0-9]*)*$`)
	nameLineRe    = regexp.MustCompile(`^\p{Lu}[\p{L}'.-]*( \p{Lu}[\p{L}'.-]*)?$`)
	zipAtEndRe    = regexp.MustCompile(`\b\d{5}(-\d{4})?\s*$`)
	cityLineRe    = regexp.MustCompile(`^[A-Za-zÀ-ÿ .'-]+,?\s+[A-Z]{2}\.?(\s+\d{5}(-\d{4})?)?$`)
)

// ParseAssignment recognizes a message that hands the office a new claim:
// an XactAnalysis-style notification or an adjuster's "please accept this
// assignment" email, in English or Spanish, in the body or in a forwarded
// message, and reads the claim's details from its labelled fields. It
// reports false for anything else, including replies, and when no claim
// number can be found.
func ParseAssignment(m *Message) (Assignment, bool) {
	if replySubjectRe.MatchString(m.Subject) || cancelledRe.MatchString(Fold(m.Subject+"\n"+m.bodyText())) {
		return Assignment{}, false
	}
	t := assignmentText(m)
	byFields := !mentionsAssignment(m)
	if byFields && !newLossFields(t.vals) && !newLossProse(t.text) {
		return Assignment{}, false
	}
	a := Assignment{Where: t.where, ByFields: byFields}
	a.PolicyNumber = numberValue(t.vals[fPolicy])
	a.FileNumber = numberValue(t.vals[fFile])
	a.ClaimNumber = assignmentClaimNumber(m, t.vals[fClaim], t.text, a.PolicyNumber, a.FileNumber)
	if a.ClaimNumber == "" && a.FileNumber != "" {
		// "Ref:" may name the carrier's own number: no file of the firm's.
		a.ClaimNumber = assignmentClaimNumber(m, t.vals[fClaim], t.text, a.PolicyNumber, "")
	}
	if a.ClaimNumber == "" {
		return Assignment{}, false
	}
	if n := Normalize(a.FileNumber); n == Normalize(a.ClaimNumber) || n == Normalize(a.PolicyNumber) {
		a.FileNumber = ""
	}
	a.readLoss(m, t)
	a.readAdjuster(m, t)
	a.readContacts(t)
	a.Carrier = strings.TrimSpace(t.vals[fCarrier])
	if a.Carrier == "" {
		// The notification names it, in its subject or sender's name if not
		// its body; else the adjuster's or the sender's mail domain does.
		a.Carrier = findCarrier(m.Subject+"\n"+m.From.Name+"\n"+t.text, a.AdjusterEmail, t.author.Email)
	}
	if a.Carrier == "" {
		a.Carrier = carrierPhrase(m.Subject + "\n" + m.From.Name + "\n" + t.text)
	}
	if v := t.vals[fDateOfLoss]; v != "" {
		// The loss happened before the message that hands it over.
		a.DateOfLoss, _ = dateClues{label: t.labels[fDateOfLoss], text: t.text, notAfter: m.Date}.parse(v)
	}
	return a, true
}

// cancelledRe is a notice that calls a referral off: it hands the office
// no claim, whatever fields it repeats.
var cancelledRe = regexp.MustCompile(`\b(cancell?ed|cancell?ation|rescinded|withdrawn|cancelad[ao]|anulad[ao])\b`)

// houseNumberRe is an address value that starts with a house number.
var houseNumberRe = regexp.MustCompile(`^\s*\d{1,6}[A-Za-z]?\s+\p{L}`)

// newLossFields reports whether labelled fields hand over a loss without
// the word "assignment": a claim number, the insured's name and a loss
// address with its house number, as carriers' referrals, dispatch cards
// and adjusters' "new loss" mails lay them out. Together they describe a
// claim to work on; a claim the registry already knows is filed to it.
func newLossFields(vals map[int]string) bool {
	return vals[fClaim] != "" && personName(vals[fInsured]) != "" && houseNumberRe.MatchString(vals[fAddress])
}

// newLossProse reports whether an adjuster's own words hand over a loss
// as newLossFields' fields do: a number given as the claim's ("Heritage
// claim number is HP-FL-26-0079120"), the insured named as such ("the
// insured is Anh Tran") and an address with its house number.
func newLossProse(text string) bool {
	if proseInsured(text) == "" || proseAddressRe.FindString(text) == "" {
		return false
	}
	for _, id := range ExtractIdentifiers(text) {
		if id.Labelled && id.Kind == KindClaimNumber && labelRe.MatchString(Fold(lineBefore(text, id.Offset, 40))) {
			return true
		}
	}
	return false
}

// mentionsAssignment reports whether the subject, body or a forward speaks
// of an assignment.
func mentionsAssignment(m *Message) bool {
	all := []string{m.Subject, m.bodyText()}
	for _, f := range m.Forwards {
		all = append(all, f.Subject, plainText(f.Body))
	}
	text := strings.Join(words(strings.Join(all, "\n")), " ")
	// Every phrase of assignPhraseRe holds one of these.
	if !containsAny(text, []string{"assign", "asign", "sending"}) {
		return false
	}
	return assignPhraseRe.MatchString(text)
}

// assignmentSource is the text an assignment's fields are read from.
type assignmentSource struct {
	where, text string
	// author wrote the fields: the adjuster, unless a system sent them.
	author Address
	// vals are the labelled fields' values, and labels their labels, by
	// field.
	vals, labels map[int]string
}

// assignmentText picks the text with most of the labelled fields (a claim
// number counting for ten) among the forwards' bodies and the body; the
// body when none has any.
func assignmentText(m *Message) assignmentSource {
	body := m.bodyText()
	var cands []assignmentSource
	for i, f := range m.Forwards {
		cands = append(cands, assignmentSource{where: fmt.Sprintf("forward[%d].body", i), text: plainText(f.Body), author: f.From})
	}
	cands = append(cands, assignmentSource{where: "body", text: body, author: m.From})

	best, bestN := assignmentSource{where: "body", text: body, author: m.From, vals: map[int]string{}}, 0
	var lines map[int]int
	for _, c := range cands {
		v, labels, l := labelled(c.text)
		n := len(v)
		if _, ok := v[fClaim]; ok {
			n += 10
		}
		if n > bestN {
			c.vals, c.labels = v, labels
			best, bestN, lines = c, n, l
		}
	}
	if bestN > 0 && best.where == "body" {
		// Fields below a quoted header block were written by the quoted
		// sender (a forward the parser left in the text).
		if q := quotedSenders(body); len(q) > 0 && lines[fClaim] >= strings.Count(topText(body), "\n")+1 {
			best.author = q[0]
		}
	}
	return best
}

// numberValue reads a number's field (the policy's, the adjusting firm's
// file): its first identifier, compacted, or the value as written.
func numberValue(v string) string {
	if v == "" {
		return ""
	}
	if ids := ExtractIdentifiers(v); len(ids) > 0 {
		return compactID(ids[0].Text)
	}
	return strings.TrimSpace(v)
}

// readLoss reads who and what was hit: the insured, the loss address and
// the loss type, from their fields or else from the prose.
func (a *Assignment) readLoss(m *Message, t assignmentSource) {
	a.InsuredName = personName(t.vals[fInsured])
	if a.InsuredName == "" {
		a.InsuredName = proseInsured(t.text)
	}
	a.Cause = strings.TrimRight(strings.TrimSpace(t.vals[fCause]), ".;")
	if a.Cause == "" && lossTypeDetail(t.vals[fLossType]) {
		// "Type of Loss: Water - Plumbing" names the cause too.
		a.Cause = strings.TrimRight(strings.TrimSpace(t.vals[fLossType]), ".;")
	}
	a.LossDescription = strings.TrimSpace(t.vals[fDescription])
	a.LossAddress = strings.TrimRight(strings.TrimSpace(t.vals[fAddress]), ".;")
	if a.LossAddress == "" {
		a.LossAddress = strings.TrimRight(strings.TrimSpace(proseAddressRe.FindString(t.text)), ".;,")
	}
	a.LossType = LossTypeOf(t.vals[fLossType])
	if a.LossType == "" {
		a.LossType = LossTypeOf(a.Cause)
	}
	if a.LossType == "" {
		a.LossType = LossTypeOf(m.Subject + "\n" + t.text)
	}
}

// readAdjuster reads the adjuster from the fields; an adjuster's own email
// without them names its author.
func (a *Assignment) readAdjuster(m *Message, t assignmentSource) {
	if v := t.vals[fAdjuster]; v != "" {
		a.AdjusterName = personName(v)
		a.AdjusterEmail = emailRe.FindString(v)
	}
	if v := t.vals[fAdjusterEmail]; a.AdjusterEmail == "" && v != "" {
		a.AdjusterEmail = emailRe.FindString(v)
	}
	a.System, _ = IsBulkOrAuto(m)
	if a.AdjusterName == "" && a.AdjusterEmail == "" && !a.System && !isSystemLocal(emailLocal(t.author.Email)) {
		a.AdjusterName = strings.TrimSpace(t.author.Name)
		a.AdjusterEmail = t.author.Email
	}
}

// readContacts reads the insured's phone and email and the adjuster's
// phone: from their fields, or from the names' own values ("Michael Wilson
// - 214-555-0100"). An adjuster's own email gives the last phone in its
// text that is not the insured's: the one in the signature.
func (a *Assignment) readContacts(t assignmentSource) {
	a.InsuredPhone = phoneRe.FindString(t.vals[fInsuredPhone])
	if a.InsuredPhone == "" {
		a.InsuredPhone = phoneRe.FindString(t.vals[fInsured])
	}
	a.InsuredEmail = strings.ToLower(emailRe.FindString(t.vals[fInsuredEmail]))
	if a.InsuredEmail == "" {
		a.InsuredEmail = strings.ToLower(emailRe.FindString(t.vals[fInsured]))
	}
	a.AdjusterPhone = phoneRe.FindString(t.vals[fAdjusterPhone])
	if a.AdjusterPhone == "" {
		a.AdjusterPhone = phoneRe.FindString(t.vals[fAdjuster])
	}
	if a.AdjusterPhone == "" && !a.System && a.AdjusterEmail != "" && strings.EqualFold(a.AdjusterEmail, t.author.Email) {
		phones := phoneRe.FindAllString(t.text, -1)
		for i := len(phones) - 1; i >= 0; i-- {
			if Normalize(phones[i]) != Normalize(a.InsuredPhone) {
				a.AdjusterPhone = phones[i]
				break
			}
		}
	}
}

// phoneRe is a North American phone number as people write it, with an
// extension.
var phoneRe = regexp.MustCompile(`(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b(?:\s*(?:x|ext\.?)\s*\d{1,5})?`)

// assignmentClaimNumber picks the claim number: the labelled value, else a
// labelled identifier in the text, else one in the subject; never the
// policy's or the adjusting firm's file number.
func assignmentClaimNumber(m *Message, value, text, policy, file string) string {
	notPolicy := func(id Identifier) bool {
		return id.Kind != KindPolicyNumber && (policy == "" || id.Norm != Normalize(policy)) &&
			(file == "" || id.Norm != Normalize(file))
	}
	// Unlabelled tokens shaped like our job numbers are ours, not the
	// carrier's; a labelled value is the carrier's whatever its shape.
	ok := func(id Identifier) bool { return notPolicy(id) && id.Kind != KindJobNumber }
	if value != "" {
		// A value that is nothing but identifier groups is the number, even
		// written with spaces ("7019 44119 19", "292244 GK").
		v := strings.TrimSpace(idValueCutRe.ReplaceAllString(value, ""))
		if idValueRe.MatchString(v) {
			if n := Normalize(v); len(n) >= 5 && (policy == "" || n != Normalize(policy)) && (file == "" || n != Normalize(file)) {
				return compactID(v)
			}
		}
		for _, id := range ExtractIdentifiers(value) {
			if notPolicy(id) {
				return compactID(id.Text)
			}
		}
	}
	for _, id := range ExtractIdentifiers(text) {
		if ok(id) && id.Labelled && labelRe.MatchString(Fold(lineBefore(text, id.Offset, 40))) {
			return compactID(id.Text)
		}
	}
	// A subject's number the text names as something else ("Dispatch ID:
	// D-5541982") is not the claim's.
	fromSubject := func(id Identifier) bool { return ok(id) && !namedOtherwise(text, id.Norm) }
	return longestFirst(ExtractIdentifiers(m.Subject), fromSubject)
}

// namedOtherwise reports whether text gives the identifier norm as the
// value of a label that is not a claim number's: a dispatch, an order, a
// transaction, a file of the office's own.
func namedOtherwise(text, norm string) bool {
	for _, l := range strings.Split(text, "\n") {
		m := labelLineRe.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			m = hashLabelRe.FindStringSubmatch(strings.TrimSpace(l))
		}
		if m == nil {
			continue
		}
		if f, ok := fieldOf(m[1]); ok && f == fClaim {
			continue
		}
		for _, id := range ExtractIdentifiers(m[2]) {
			if id.Norm == norm {
				return true
			}
		}
	}
	return false
}

var (
	idValueCutRe = regexp.MustCompile(`\s*([(\[,;|]|\s-\s).*$`)
	idValueRe    = regexp.MustCompile(`^[A-Za-z0-9]*\d[A-Za-z0-9]*([ -]+([A-Za-z0-9]*\d[A-Za-z0-9]*|[A-Z]{1,3}))*$`)
)

// longestFirst returns the longest reading of the first identifier of a
// subject whose groups all carry digits (or are short upper-case codes):
// "New assignment 7019 44119 19 - Lisa Jones" names 7019 44119 19.
func longestFirst(ids []Identifier, ok func(Identifier) bool) string {
	best := Identifier{Offset: -1}
	for _, id := range ids {
		if !ok(id) {
			continue
		}
		if best.Offset >= 0 && id.Offset != best.Offset {
			break
		}
		if best.Offset >= 0 && !idValueRe.MatchString(compactID(id.Text)) {
			continue
		}
		if best.Offset < 0 || len(id.Text) > len(best.Text) {
			best = id
		}
	}
	if best.Offset < 0 {
		return ""
	}
	return compactID(best.Text)
}

// compactID writes an identifier found across a line break on one line:
// "25-\n6G41-6U5" is "25-6G41-6U5"; spaces between groups stay.
func compactID(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), ">"))
	}
	joined := lines[0]
	for _, l := range lines[1:] {
		if strings.HasSuffix(joined, "-") || strings.HasPrefix(l, "-") {
			joined += l
		} else {
			joined += " " + l
		}
	}
	return strings.Join(strings.Fields(joined), " ")
}

var (
	proseInsuredRe = regexp.MustCompile(`(?i:\b(?:insured|policyholder|homeowner|asegurad[oa]|cliente)(?:'s name)?(?:\s+(?:is|es|name))?\s*:?\s+)(\p{Lu}[\p{L}'.-]+(?:\s+(?:\p{Lu}[\p{L}'.-]+|y|and|&)){1,4})`)
	proseAddressRe = regexp.MustCompile(`\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[\p{L}0-9'.-]+\s+){0,3}(?i:st|street|rd|road|ln|lane|blvd|boulevard|dr|drive|ave|avenue|ct|court|cir|circle|pl|place|pkwy|parkway|hwy|highway|trl|trail|way|ter|terrace|loop|cv|cove)\b\.?(?:\s+(?:[NS][EW]?|[EW])\b\.?)?(?:,?\s*(?:(?i:apt|unit|suite|ste)\.?\s*#?\s*\w+,?\s*)?[\p{L} .'-]+,?\s+(?:[A-Z]{2}\.?\s+)?\d{5}(?:-\d{4})?)?`)
)

// proseInsured is the insured as an adjuster's sentences name them: "for
// our insured Michael Wilson at ...", or a person with a title right before
// the address ("Mrs. Opal Odom, 4410 Cedarcrest Rd"); "" when neither.
func proseInsured(text string) string {
	for _, re := range []*regexp.Regexp{proseInsuredRe, titledResidentRe} {
		if mm := re.FindStringSubmatch(text); mm != nil {
			if n := personName(mm[1]); n != "" {
				return n
			}
		}
	}
	return ""
}

// titledResidentRe is a first and last name after a title, followed on
// its line by a comma or "at" and a house number: the person who lives at
// the address that follows. A letter's address block, the name above the
// street, is no such sentence.
var titledResidentRe = regexp.MustCompile(`\b(?:Mr|Mrs|Ms|Miss|Dr|Sr|Sra)\.?[ \t]+(\p{Lu}[\p{L}'-]+(?:[ \t]+\p{Lu}[\p{L}'-]+){1,3})(?:,[ \t]*(?:at[ \t]+|en[ \t]+)?|[ \t]+(?:at|en)[ \t]+)\d{1,6}\s`)

var nameCutRe = regexp.MustCompile(`\s*([(<\[|,;]|\s-\s|\s–\s|\d|[A-Za-z0-9._%+'-]+@).*$`)

// personName reads a person's name as an assignment writes it: "LAST,
// FIRST" (often in capitals) is "First Last", with what follows the name
// cut off as cleanName does.
func personName(v string) string {
	v = strings.TrimSpace(strings.Trim(strings.TrimSpace(v), "*_\""))
	v = strings.TrimSpace(nameTailRe.ReplaceAllString(v, ""))
	if m := lastFirstRe.FindStringSubmatch(v); m != nil && !nameSuffixRe.MatchString(m[2]) {
		v = m[2] + " " + m[1]
	}
	v = cleanName(v)
	if strings.ToUpper(v) == v && strings.ToLower(v) != v {
		v = titleCase(v)
	}
	return v
}

var (
	// nameTailRe is what follows a name: an address, a phone, a note.
	nameTailRe = regexp.MustCompile(`\s*([(<\[|;]|\s-\s|\s–\s|\d|[A-Za-z0-9._%+'-]+@).*$`)
	// lastFirstRe is "Last, First [Middle]" with one or two words on each
	// side and no "and" (two people).
	lastFirstRe  = regexp.MustCompile(`^(\p{L}[\p{L}'’-]*(?:\s+\p{L}[\p{L}'’-]*)?)\s*,\s*(\p{L}[\p{L}'’.-]*(?:\s+\p{L}[\p{L}'’.-]*){0,2})$`)
	nameSuffixRe = regexp.MustCompile(`(?i)^(jr|sr|ii|iii|iv|esq|md|phd)\.?$|(?i)\b(and|y)\b`)
)

// titleCase writes a name given in capitals as names are written:
// "O'BRIEN-SMITH" is "O'Brien-Smith", "MCDONALD" is "Mcdonald" (the
// capitals inside such names cannot be told from the text).
func titleCase(s string) string {
	rs := []rune(strings.ToLower(s))
	start := true
	for i, r := range rs {
		if start && unicode.IsLetter(r) {
			rs[i] = unicode.ToUpper(r)
		}
		start = !unicode.IsLetter(r)
	}
	return string(rs)
}

// cleanName keeps the name part of a value such as
// "José Perez (jperez@usaa.example)" or "Michael Wilson - 214-555-0100".
func cleanName(v string) string {
	v = strings.TrimSpace(strings.Trim(strings.TrimSpace(v), "*_\""))
	return strings.TrimSpace(nameCutRe.ReplaceAllString(v, ""))
}

// carrierPhraseRe is a company name as carriers call themselves: a few
// capitalized words ending in Insurance, Mutual, Casualty...
var carrierPhraseRe = regexp.MustCompile(`\b((?:\p{Lu}[\p{L}&'.]*\s+){1,4}(?:Insurance|INSURANCE|Mutual|MUTUAL|Casualty|CASUALTY|Assurance|ASSURANCE|Indemnity|INDEMNITY|Underwriters|UNDERWRITERS)(?:\s+(?:Company|COMPANY|Group|GROUP|Exchange|EXCHANGE))?)\b`)

// carrierPhrase finds a carrier's name in an assignment's text ("GREAT
// PLAINS MUTUAL", "Lone Star Casualty"), written as names are; "" when
// there is none.
func carrierPhrase(text string) string {
	for _, line := range strings.Split(text, "\n") {
		m := carrierPhraseRe.FindString(line)
		if m == "" {
			continue
		}
		m = strings.Join(strings.Fields(m), " ")
		if strings.ToUpper(m) == m {
			m = titleCase(m)
		}
		return m
	}
	return ""
}

// knownCarriers are carrier names recognized in free text and in mail
// domains.
var knownCarriers = []string{
	"State Farm", "Allstate", "USAA", "Liberty Mutual", "Farmers", "Travelers", "Progressive",
	"Nationwide", "American Family", "Chubb", "Erie", "Hartford", "Safeco", "MetLife", "Amica",
	"Kemper", "Citizens", "Universal Property", "Mercury", "Auto-Owners", "Cincinnati", "Hanover",
	"Shelter", "Country Financial", "Foremost", "Assurant", "Homesite", "Lemonade", "Hippo",
	"Openly", "Geico", "Texas Farm Bureau", "Farm Bureau", "Germania", "AIG", "Zurich", "Westfield",
	"Grange", "Frontline", "Heritage", "Security First", "Tower Hill", "American Modern",
	"Stillwater", "Plymouth Rock", "Encompass", "QBE", "Markel", "Cypress", "Tokio Marine", "Mapfre",
}

// findCarrier names the carrier from the text, or from the adjuster's or
// author's mail domain.
func findCarrier(text string, emails ...string) string {
	sp := spaced(text)
	for _, c := range knownCarriers {
		if hasPhrase(sp, strings.Join(words(c), " ")) {
			return c
		}
	}
	for _, e := range emails {
		d := emailDomain(e)
		if d == "" {
			continue
		}
		label := d
		if i := strings.IndexByte(d, '.'); i >= 0 {
			label = d[:i]
		}
		for _, c := range knownCarriers {
			if strings.Join(words(c), "") == label {
				return c
			}
		}
	}
	return ""
}

var lossKeywords = []struct {
	loss  string
	words []string
}{
	{LossMold, []string{"mold", "mould", "microbial", "fungal", "moho", "hongo", "hongos"}},
	{LossFire, []string{"fire", "smoke", "soot", "burn", "burned", "incendio", "fuego", "humo", "hollin"}},
	{LossStorm, []string{"storm", "wind", "hail", "hurricane", "tornado", "tormenta", "granizo", "viento", "huracan"}},
	{LossWater, []string{"water", "leak", "leaking", "leaked", "pipe", "plumbing", "supply line", "flood", "flooding",
		"sewage", "sewer", "overflow", "burst", "dishwasher", "water heater", "toilet", "washing machine", "washer",
		"drain", "drain line", "drain hose", "ice dam", "frozen pipe", "sump pump", "roof leak", "icemaker", "ice maker",
		"refrigerator line", "agua", "fuga", "inundacion", "tuberia", "goteo", "filtracion", "lavadora", "desague"}},
}

// lossTypeDetail reports whether v, a type of loss as written, says more
// than the type: "Water - Plumbing" does, "Water" or "Water damage" not.
func lossTypeDetail(v string) bool {
	if LossTypeOf(v) == "" {
		return false
	}
	for _, w := range words(v) {
		switch w {
		case "water", "fire", "mold", "storm", "damage", "loss", "agua", "incendio", "moho", "tormenta", "dano", "perdida":
		default:
			return true
		}
	}
	return false
}

// LossTypeOf reads a loss type from free text ("supply line leak" is Water,
// "incendio" is Fire): the earliest keyword wins. It returns "" when the text
// names none.
func LossTypeOf(s string) string {
	sp := spaced(s)
	best, at := "", -1
	for _, k := range lossKeywords {
		for _, w := range k.words {
			if i := strings.Index(sp, " "+w+" "); i >= 0 && (at < 0 || i < at) {
				best, at = k.loss, i
			}
		}
	}
	return best
}

// LossCode returns the job-number code of a loss type: WTR, FIR, MLD, STM,
// or OTH for anything else.
func LossCode(lossType string) string {
	switch LossTypeOf(lossType) {
	case LossWater:
		return "WTR"
	case LossFire:
		return "FIR"
	case LossMold:
		return "MLD"
	case LossStorm:
		return "STM"
	}
	return "OTH"
}

// DefaultJobPattern is the job-number pattern: two-digit year, a four-digit
// sequence and the loss code, e.g. 26-1031-WTR.
const DefaultJobPattern = "YY-NNNN-CODE"

// AllocateJobNumber formats a job number from a pattern. In the pattern,
// YYYY and YY are the year, MM and DD the month and day, a run of N is the
// sequence number zero-padded to the run's width (never truncated), and
// CODE (or "<loss code>") is LossCode(lossType); anything else is copied. An
// empty pattern means DefaultJobPattern.
func AllocateJobNumber(pattern string, date time.Time, seq int, lossType string) string {
	if strings.TrimSpace(pattern) == "" {
		pattern = DefaultJobPattern
	}
	pattern = strings.NewReplacer("<loss code>", "\x00", "<LOSS CODE>", "\x00", "<code>", "\x00", "<CODE>", "\x00", "{CODE}", "\x00", "{code}", "\x00", "CODE", "\x00").Replace(pattern)
	var b strings.Builder
	for i := 0; i < len(pattern); {
		rest := pattern[i:]
		switch {
		case rest[0] == 0:
			b.WriteString(LossCode(lossType))
			i++
		case strings.HasPrefix(rest, "YYYY"):
			fmt.Fprintf(&b, "%04d", date.Year())
			i += 4
		case strings.HasPrefix(rest, "YY"):
			fmt.Fprintf(&b, "%02d", date.Year()%100)
			i += 2
		case strings.HasPrefix(rest, "MM"):
			fmt.Fprintf(&b, "%02d", int(date.Month()))
			i += 2
		case strings.HasPrefix(rest, "DD"):
			fmt.Fprintf(&b, "%02d", date.Day())
			i += 2
		case rest[0] == 'N':
			n := 0
			for n < len(rest) && rest[n] == 'N' {
				n++
			}
			fmt.Fprintf(&b, "%0*d", n, seq)
			i += n
		default:
			b.WriteByte(rest[0])
			i++
		}
	}
	return b.String()
}

// NextJobNumber returns the job number pattern gives at's date for the
// sequence number one above the highest that existing job numbers of the
// same form (same year, any loss code) use.
func NextJobNumber(pattern string, at time.Time, lossType string, existing []string) (string, error) {
	return NextJobNumberFrom(pattern, at, lossType, existing, 1)
}

// NextJobNumberFrom is NextJobNumber for an office whose first job number
// of a year takes the sequence number first (a new territory may start at
// 1001): the next is never below it.
func NextJobNumberFrom(pattern string, at time.Time, lossType string, existing []string, first int) (string, error) {
	re, err := jobNumberRegexp(pattern, at)
	if err != nil {
		return "", err
	}
	seq := max(first, 1) - 1
	for _, n := range existing {
		if m := re.FindStringSubmatch(n); m != nil {
			if v, err := strconv.Atoi(m[1]); err == nil && v > seq {
				seq = v
			}
		}
	}
	return AllocateJobNumber(pattern, at, seq+1, lossType), nil
}

// jobNumberRegexp turns a job number pattern into a regular expression for
// the numbers it gives on at's date, with the sequence number captured.
func jobNumberRegexp(pattern string, at time.Time) (*regexp.Regexp, error) {
	// Render with a marker sequence and loss type, then generalize them.
	const seqMark, markType = 987654321, LossOther
	sample := AllocateJobNumber(pattern, at, seqMark, markType)
	seqText, code := strconv.Itoa(seqMark), LossCode(markType)
	var b strings.Builder
	b.WriteString("^")
	hasSeq := false
	for rest := sample; rest != ""; {
		switch {
		case strings.HasPrefix(rest, seqText):
			b.WriteString(`([0-9]+)`)
			rest = rest[len(seqText):]
			hasSeq = true
		case code != "" && strings.HasPrefix(rest, code):
			b.WriteString(`[A-Z0-9]+`)
			rest = rest[len(code):]
		default:
			b.WriteString(regexp.QuoteMeta(rest[:1]))
			rest = rest[1:]
		}
	}
	b.WriteString("$")
	if !hasSeq {
		return nil, fmt.Errorf("job number pattern %q has no sequence number (NNNN)", pattern)
	}
	return regexp.Compile(b.String())
}
