package classify

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Weak signals: the insured's name, the loss address and the adjuster's
// address. None of them names a claim the way a claim number does, so they
// are matched claim by claim, only count when they single out one claim, and
// (except a complete postal address) need each other's corroboration before
// a message is filed on them.

// streetSuffixes maps every spelling of a street type, and a few words that
// are abbreviated inside street names, to one canonical form.
var streetSuffixes = map[string]string{
	"st": "st", "street": "st", "str": "st",
	"rd": "rd", "road": "rd",
	"ln": "ln", "lane": "ln",
	"blvd": "blvd", "boulevard": "blvd", "blv": "blvd", "boul": "blvd",
	"dr": "dr", "drive": "dr", "drv": "dr",
	"ave": "ave", "av": "ave", "avenue": "ave", "aven": "ave",
	"ct": "ct", "court": "ct", "crt": "ct",
	"cir": "cir", "circle": "cir", "circ": "cir",
	"pl": "pl", "place": "pl",
	"pkwy": "pkwy", "parkway": "pkwy", "pky": "pkwy",
	"hwy": "hwy", "highway": "hwy",
	"trl": "trl", "trail": "trl",
	"ter": "ter", "terrace": "ter",
	"way": "way", "wy": "way",
	"loop": "loop",
	"sq":   "sq", "square": "sq",
	"cv": "cv", "cove": "cv",
	"xing": "xing", "crossing": "xing",
	"pt": "pt", "point": "pt",
	"path": "path", "pass": "pass", "run": "run", "row": "row", "walk": "walk",
	"aly": "aly", "alley": "aly",
	"bnd": "bnd", "bend": "bnd",
	"tpke": "tpke", "turnpike": "tpke",
	"expy": "expy", "expressway": "expy",
	"fwy": "fwy", "freeway": "fwy",
	"plz": "plz", "plaza": "plz",
	"holw": "holw", "hollow": "holw",
	"grv": "grv", "grove": "grv",
	"hts": "hts", "heights": "hts",
	"lndg": "lndg", "landing": "lndg",
}

// streetWords canonicalizes words that appear both spelled out and
// abbreviated inside street names.
var streetWords = map[string]string{
	"mount": "mt", "mt": "mt", "mountain": "mtn", "mtn": "mtn",
	"saint": "st", "fort": "ft", "ft": "ft",
	"view": "vw", "vw": "vw", "creek": "crk", "crk": "crk",
	"first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
	"sixth": "6th", "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th",
}

var directionals = map[string]string{
	"n": "n", "north": "n", "s": "s", "south": "s", "e": "e", "east": "e", "w": "w", "west": "w",
	"ne": "ne", "northeast": "ne", "nw": "nw", "northwest": "nw",
	"se": "se", "southeast": "se", "sw": "sw", "southwest": "sw",
}

var unitWords = map[string]bool{
	"apt": true, "apartment": true, "unit": true, "ste": true, "suite": true, "bldg": true,
	"building": true, "fl": true, "floor": true, "lot": true, "rm": true, "room": true, "spc": true,
	"trlr": true, "dept": true, "depto": true, "departamento": true,
}

var usStates = map[string]string{
	"al": "al", "ak": "ak", "az": "az", "ar": "ar", "ca": "ca", "co": "co", "ct": "ct", "de": "de",
	"dc": "dc", "fl": "fl", "ga": "ga", "hi": "hi", "id": "id", "il": "il", "in": "in", "ia": "ia",
	"ks": "ks", "ky": "ky", "la": "la", "me": "me", "md": "md", "ma": "ma", "mi": "mi", "mn": "mn",
	"ms": "ms", "mo": "mo", "mt": "mt", "ne": "ne", "nv": "nv", "nh": "nh", "nj": "nj", "nm": "nm",
	"ny": "ny", "nc": "nc", "nd": "nd", "oh": "oh", "ok": "ok", "or": "or", "pa": "pa", "pr": "pr",
	"ri": "ri", "sc": "sc", "sd": "sd", "tn": "tn", "tx": "tx", "ut": "ut", "vt": "vt", "va": "va",
	"wa": "wa", "wv": "wv", "wi": "wi", "wy": "wy",
	"alabama": "al", "alaska": "ak", "arizona": "az", "arkansas": "ar", "california": "ca",
	"colorado": "co", "connecticut": "ct", "delaware": "de", "florida": "fl", "georgia": "ga",
	"hawaii": "hi", "idaho": "id", "illinois": "il", "indiana": "in", "iowa": "ia", "kansas": "ks",
	"kentucky": "ky", "louisiana": "la", "maine": "me", "maryland": "md", "massachusetts": "ma",
	"michigan": "mi", "minnesota": "mn", "mississippi": "ms", "missouri": "mo", "montana": "mt",
	"nebraska": "ne", "nevada": "nv", "ohio": "oh", "oklahoma": "ok", "oregon": "or",
	"pennsylvania": "pa", "tennessee": "tn", "texas": "tx", "utah": "ut", "vermont": "vt",
	"virginia": "va", "washington": "wa", "wisconsin": "wi", "wyoming": "wy",
}

func canonStreet(w string) string {
	if c, ok := streetWords[w]; ok {
		return c
	}
	if c, ok := streetSuffixes[w]; ok {
		return c
	}
	return w
}

func isZip(w string) bool {
	if len(w) != 5 && len(w) != 9 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if !isDigit(w[i]) {
			return false
		}
	}
	return true
}

// postal is a loss address broken into the parts that are compared.
type postal struct {
	number string
	street []string // canonical words, without type and directionals
	suffix string   // canonical street type, or ""
	city   []string
	state  string
	zip    string
	unit   string // apartment or suite ("apt 2", "#2" and "unit 2" are "2"), or ""
}

// unitMarkRe is a unit written with a number sign: "#2", "# 4B".
var unitMarkRe = regexp.MustCompile(`#\s*([A-Za-z0-9]+)`)

// parsePostal reads a one-line US address such as
// "6345 Birch Rd, Plano, TX 75023".
func parsePostal(s string) (postal, bool) {
	s, unit := cutUnitMark(s)
	var line, rest []string
	if parts := strings.Split(s, ","); len(parts) >= 2 {
		line = words(parts[0])
		for _, p := range parts[1:] {
			rest = append(rest, words(p)...)
		}
	} else {
		all := words(s)
		k := -1
		for i := 2; i < len(all); i++ {
			if _, ok := streetSuffixes[all[i]]; ok {
				k = i
				break
			}
		}
		if k < 0 {
			line = all
		} else {
			line, rest = all[:k+1], all[k+1:]
		}
	}
	if len(line) < 2 || line[0] == "" || !isDigit(line[0][0]) {
		return postal{}, false
	}
	p := postal{number: line[0], unit: unit}
	p.readStreet(line[1:])
	p.readLocality(rest)
	return p, len(p.street) > 0
}

// readStreet reads the street of an address's first line, after the house
// number: its words, its type, and a unit after a unit word ("Apt 2").
func (p *postal) readStreet(body []string) {
	for i, w := range body {
		if unitWords[w] && i > 0 {
			if i+1 < len(body) {
				p.unit = body[i+1]
			}
			body = body[:i]
			break
		}
	}
	if len(body) > 1 {
		if _, ok := directionals[body[0]]; ok {
			body = body[1:]
		}
	}
	if len(body) > 1 {
		if _, ok := directionals[body[len(body)-1]]; ok {
			body = body[:len(body)-1]
		}
	}
	if len(body) > 1 {
		if c, ok := streetSuffixes[body[len(body)-1]]; ok {
			p.suffix = c
			body = body[:len(body)-1]
		}
	}
	for _, w := range body {
		p.street = append(p.street, canonStreet(w))
	}
}

// readLocality reads what follows the street: a unit of its own ("1140 N
// Main St, Apt 2, Marysville"), the city, the state and the ZIP.
func (p *postal) readLocality(rest []string) {
	for i := 0; i < len(rest); i++ {
		w := rest[i]
		switch {
		case i == 0 && unitWords[w] && len(rest) > 1 && !isZip(rest[1]):
			p.unit = rest[i+1]
			i++
		case isZip(w) && p.zip == "":
			p.zip = w[:5]
		case p.state == "" && usStates[w] != "" && i > 0:
			p.state = usStates[w]
		case p.state == "" && p.zip == "" && !isDigit(w[0]):
			p.city = append(p.city, w)
		}
	}
}

// cutUnitMark takes a unit written with a number sign out of address s.
func cutUnitMark(s string) (string, string) {
	loc := unitMarkRe.FindStringSubmatchIndex(s)
	if loc == nil {
		return s, ""
	}
	return s[:loc[0]] + " " + s[loc[1]:], Fold(s[loc[2]:loc[3]])
}

// addrMatch is one place a claim's loss address was found.
type addrMatch struct {
	text string
	full bool // number, street, street type and city or ZIP all agree
}

// findAddress looks for p in the tokens of text. An occurrence whose ZIP,
// state or city contradicts p is not a match: it is another property on a
// street of the same name.
func findAddress(p postal, text string, toks []token) (addrMatch, bool) {
	var best addrMatch
	found := false
	for i := range toks {
		if toks[i].w != p.number {
			continue
		}
		j := i + 1
		if j < len(toks) {
			if _, ok := directionals[toks[j].w]; ok && canonStreet(toks[j].w) != p.street[0] {
				j++
			}
		}
		k := 0
		for k < len(p.street) && j < len(toks) && canonStreet(toks[j].w) == p.street[k] {
			j++
			k++
		}
		if k < len(p.street) {
			continue
		}
		suffixOK := p.suffix == ""
		if j < len(toks) {
			if c, ok := streetSuffixes[toks[j].w]; ok {
				if p.suffix != "" && c != p.suffix {
					continue // Birch Ln is not Birch Rd
				}
				suffixOK = true
				j++
			}
		}
		end := toks[j-1].end
		if j < len(toks) {
			if _, ok := directionals[toks[j].w]; ok && addressGap(text[toks[j-1].end:toks[j].start]) {
				j++
			}
		}
		unit, after := unitAt(text, toks, j)
		if p.unit != "" && unit != "" && unit != p.unit {
			continue // another apartment of the building
		}
		cityOK, zipOK, contradict := locality(p, text, toks, after)
		if contradict {
			continue
		}
		m := addrMatch{text: oneLine(text[toks[i].start:end]), full: suffixOK && (cityOK || zipOK)}
		if m.full {
			m.text = oneLine(text[toks[i].start:localityEnd(text, toks, j)])
			return m, true
		}
		if !found {
			best, found = m, true
		}
	}
	return best, found
}

// unitAt reads a unit written at toks[j], after a street ("Apt 4", "Unit
// 2B", "#2"): its folded name and the index after it; "" and j when there
// is none.
func unitAt(text string, toks []token, j int) (string, int) {
	if j == 0 || j >= len(toks) || !addressGap(text[toks[j-1].end:toks[j].start]) {
		return "", j
	}
	if strings.Contains(text[toks[j-1].end:toks[j].start], "#") {
		return toks[j].w, j + 1
	}
	if unitWords[toks[j].w] && j+1 < len(toks) && !isZip(toks[j+1].w) && addressGap(text[toks[j].end:toks[j+1].start]) {
		return toks[j+1].w, j + 2
	}
	return "", j
}

// oneLine flattens matched text for display: quote markers and line
// breaks become single spaces.
func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n>", "\n")
	return strings.Join(strings.Fields(s), " ")
}

// addressGap reports whether the text between two tokens can sit inside one
// address: spaces, commas, a single line break, "#" or a dot.
func addressGap(g string) bool {
	if strings.Contains(g, "\n") {
		g = strings.ReplaceAll(g, ">", "") // quoted reply: "> Los Angeles, CA"
	}
	return !strings.ContainsAny(g, "?!;:()[]<>\"|") && strings.Count(g, "\n") <= 1
}

// locality reads the city, state and ZIP that follow a street at toks[j].
func locality(p postal, text string, toks []token, j int) (cityOK, zipOK, contradict bool) {
	stateAt := -1
	for n := 0; n < 8 && j+n < len(toks); n++ {
		t := toks[j+n]
		prevEnd := toks[j+n-1].end
		if !addressGap(text[prevEnd:t.start]) {
			break
		}
		if isZip(t.w) {
			if p.zip != "" {
				zipOK = t.w[:5] == p.zip
				contradict = contradict || !zipOK
			}
			break
		}
		orig := text[t.start:t.end]
		if st, ok := usStates[t.w]; ok && n > 0 && (len(t.w) > 2 && unicode.IsUpper(rune(orig[0])) || orig == strings.ToUpper(orig)) {
			stateAt = n
			if p.state != "" && st != p.state {
				contradict = true
			}
		}
		if !cityOK && len(p.city) > 0 && n <= 3 && j+n+len(p.city) <= len(toks) {
			same := true
			for c := range p.city {
				if toks[j+n+c].w != p.city[c] {
					same = false
					break
				}
			}
			cityOK = same
		}
	}
	if stateAt > 0 && !cityOK && len(p.city) > 0 {
		contradict = true // "713 River Rd, Allen, TX" is not the Richardson one
	}
	return cityOK, zipOK, contradict
}

// localityEnd returns where the locality after toks[j] ends, for quoting the
// matched address.
func localityEnd(text string, toks []token, j int) int {
	end := toks[j-1].end
	for n := 0; n < 8 && j+n < len(toks); n++ {
		t := toks[j+n]
		if !addressGap(text[toks[j+n-1].end:t.start]) {
			break
		}
		end = t.end
		if isZip(t.w) {
			break
		}
	}
	return end
}

// person is one insured's name, folded.
type person struct {
	first, last string
	middle      []string
}

var nameTitles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "sr": true, "sra": true,
	"srta": true, "jr": true, "ii": true, "iii": true, "iv": true, "don": true, "dona": true,
}

// parsePersons reads an insured name: "Kevin Castillo", "Castillo, Kevin",
// "John and Jane Smith", "María y José Reyes".
func parsePersons(s string) []person {
	f := Fold(s)
	if strings.Count(f, ",") == 1 && !strings.ContainsAny(f, "&/+;") && !strings.Contains(f, " and ") && !strings.Contains(f, " y ") {
		i := strings.IndexByte(f, ',')
		f = f[i+1:] + " " + f[:i]
	}
	for _, sep := range []string{" and ", " & ", " y ", "/", "+", ";", ","} {
		f = strings.ReplaceAll(f, sep, "|")
	}
	var parts [][]string
	for _, p := range strings.Split(f, "|") {
		var ws []string
		for _, w := range words(p) {
			if !nameTitles[w] {
				ws = append(ws, w)
			}
		}
		if len(ws) > 0 {
			parts = append(parts, ws)
		}
	}
	var out []person
	last := ""
	if n := len(parts); n > 0 && len(parts[n-1]) >= 2 {
		last = parts[n-1][len(parts[n-1])-1]
	}
	for _, ws := range parts {
		switch {
		case len(ws) >= 2:
			out = append(out, person{first: ws[0], last: ws[len(ws)-1], middle: ws[1 : len(ws)-1]})
		case len(ws) == 1 && last != "" && ws[0] != last:
			out = append(out, person{first: ws[0], last: last})
		}
	}
	return out
}

func (p person) key() string { return p.first + " " + p.last }

// findPerson looks for the person's first and last name, allowing middle
// names or initials between them, or "Last, First".
func findPerson(p person, text string, toks []token) (string, bool) {
	if len(p.first) < 2 || len(p.last) < 2 {
		return "", false
	}
	for i := range toks {
		switch toks[i].w {
		case p.first:
			j := i + 1
			for skip := 0; skip < 2 && j < len(toks) && toks[j].w != p.last; skip++ {
				w := toks[j].w
				if len(w) != 1 && !contains(p.middle, w) {
					break
				}
				j++
			}
			if j < len(toks) && toks[j].w == p.last {
				return oneLine(text[toks[i].start:toks[j].end]), true
			}
		case p.last:
			if i+1 < len(toks) && toks[i+1].w == p.first && strings.Contains(text[toks[i].end:toks[i+1].start], ",") {
				return oneLine(text[toks[i].start:toks[i+1].end]), true
			}
		}
	}
	return "", false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// senderKind tells who wrote a message or a quoted part, as far as the
// insured-name and adjuster rules care.
type senderKind int

const (
	senderUnknown  senderKind = iota
	senderOffice              // the office's own staff
	senderAdjuster            // the adjuster of at least one open claim
	senderSystem              // noreply and similar
)

type sender struct {
	addr  Address
	where string
	kind  senderKind
}

// senders lists the message's author and the authors of forwarded or quoted
// parts.
func senders(m *Message, open []Claim, cfg Config) []sender {
	kindOf := func(a Address) senderKind {
		switch {
		case cfg.OfficeDomain != "" && inDomain(a.Email, cfg.OfficeDomain):
			return senderOffice
		case isSystemLocal(emailLocal(a.Email)):
			return senderSystem
		}
		for _, c := range open {
			if sameEmail(c.AdjusterEmail, a.Email) {
				return senderAdjuster
			}
		}
		return senderUnknown
	}
	out := []sender{{m.From, "from", kindOf(m.From)}}
	for i, f := range m.Forwards {
		if f.From.Email != "" || f.From.Name != "" {
			out = append(out, sender{f.From, "forward[" + strconv.Itoa(i) + "].from", kindOf(f.From)})
		}
	}
	for _, a := range quotedSenders(m.bodyText()) {
		out = append(out, sender{a, "body", kindOf(a)})
	}
	return out
}

// weakEvidence matches the insured names, loss addresses and adjuster
// addresses of the open claims against the message. It returns the evidence
// of rules that single out one claim, and apart the hits of rules that point
// at several claims (which single out none, but are worth showing to the
// person who triages).
func weakEvidence(m *Message, open []Claim, cfg Config) (single, ambiguous []Evidence) {
	ss := senders(m, open, cfg)
	srcs := weakSources(m, ss)
	byRule := map[string][]Evidence{
		RuleLossAddress:   staffAddresses(lossAddressEvidence(open, srcs), ss[0].kind),
		RuleAdjusterEmail: adjusterEvidence(open, ss),
	}
	told := tellingClaim(byRule[RuleLossAddress], byRule[RuleAdjusterEmail])
	byRule[RuleInsuredName] = sharedNameTold(insuredNameEvidence(open, srcs, notInsured(ss)), told)
	if len(byRule[RuleInsuredName]) == 0 {
		byRule[RuleInsuredName] = surnameEvidence(open, srcs, notInsured(ss), told)
	}
	if len(byRule[RuleLossAddress]) == 0 {
		byRule[RuleLossAddress] = streetEvidence(open, srcs, byRule[RuleInsuredName])
	}
	for _, rule := range []string{RuleLossAddress, RuleInsuredName, RuleAdjusterEmail} {
		evs := byRule[rule]
		ids := map[int64]bool{}
		for _, e := range evs {
			ids[e.ClaimID] = true
		}
		if len(ids) == 1 {
			single = append(single, evs[0])
			continue
		}
		for _, e := range evs {
			e.Strength = StrengthWeak
			ambiguous = append(ambiguous, e)
		}
	}
	return single, ambiguous
}

// tellingClaim returns the claim that tells apart the claims of an
// insured's name several of them share (one insured's two properties, two
// Johnsons): the one claim the loss address singles out, else the one the
// adjuster's address does; 0 when neither singles out one.
func tellingClaim(address, adjuster []Evidence) int64 {
	for _, evs := range [][]Evidence{address, adjuster} {
		if len(evs) > 0 && !slices.ContainsFunc(evs, func(e Evidence) bool { return e.ClaimID != evs[0].ClaimID }) {
			return evs[0].ClaimID
		}
	}
	return 0
}

// sharedNameTold keeps, of hits of one name on several claims, the one of
// claim told (toldAmong); other hits stay as they are.
func sharedNameTold(hits []Evidence, told int64) []Evidence {
	if e, ok := toldAmong(hits, told); ok {
		return []Evidence{e}
	}
	return hits
}

// toldAmong returns the hit of claim told among hits of one name on
// several claims. Hits of several names (a schedule naming four insureds)
// tell nothing: the address of one does not make the others' names its
// own.
func toldAmong(hits []Evidence, told int64) (Evidence, bool) {
	if len(hits) < 2 || told == 0 {
		return Evidence{}, false
	}
	name := spaced(hits[0].Matched)
	if slices.ContainsFunc(hits, func(e Evidence) bool { return spaced(e.Matched) != name }) {
		return Evidence{}, false
	}
	i := slices.IndexFunc(hits, func(e Evidence) bool { return e.ClaimID == told })
	if i < 0 {
		return Evidence{}, false
	}
	return hits[i], true
}

// tokenSource is a place of the message with its text cut into words.
type tokenSource struct {
	source
	toks []token
}

// weakSources returns the places the weak rules read, tokenized: the
// message's sources, and the sender's display name when the sender is
// nobody we know (a homeowner writing as "Lisa Schmidt" names the insured).
func weakSources(m *Message, ss []sender) []tokenSource {
	srcs := m.sources()
	out := make([]tokenSource, 0, len(srcs)+1)
	for _, s := range srcs {
		if len(s.text) > maxScan {
			s.text = s.text[:maxScan]
		}
		out = append(out, tokenSource{s, tokenize(s.text)})
	}
	if m.From.Name != "" && ss[0].kind == senderUnknown {
		out = append(out, tokenSource{source{"from", m.From.Name}, tokenize(m.From.Name)})
		if sig := signature(m.bodyText(), m.From.Name); sig != "" {
			out = append(out, tokenSource{source{"signature", sig}, tokenize(sig)})
		}
	}
	return out
}

// signature returns the lines under the sender's name at the end of what
// they wrote: their title and the organisation they write for ("Church
// Administrator, Grace Fellowship Church"); "" when the sender's full name
// signs no line.
func signature(body, name string) string {
	name = Fold(strings.Join(strings.Fields(name), " "))
	if len(strings.Fields(name)) < 2 {
		return ""
	}
	lines := strings.Split(topText(body), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.HasPrefix(Fold(strings.Join(strings.Fields(lines[i]), " ")), name) {
			return strings.Join(lines[i+1:min(len(lines), i+4)], "\n")
		}
	}
	return ""
}

// notInsured returns the name keys of the staff, adjusters and systems
// among the senders. Their names are theirs, not an insured's, even when an
// insured has the same name (an adjuster's signature must not point at a
// claim whose insured shares it).
func notInsured(ss []sender) map[string]bool {
	out := map[string]bool{}
	for _, s := range ss {
		if s.kind == senderUnknown {
			continue
		}
		if ps := parsePersons(s.addr.Name); len(ps) > 0 {
			out[ps[0].key()] = true
		}
	}
	return out
}

// insuredNameEvidence is the insured-name rule: at most one hit per open
// claim, for the first of its insured persons ("John and Mary Smith" are
// two) that some source names.
func insuredNameEvidence(open []Claim, srcs []tokenSource, notInsured map[string]bool) []Evidence {
	var out []Evidence
	for _, c := range open {
		if e, ok := findInsured(c, srcs, notInsured); ok {
			out = append(out, e)
		}
	}
	return out
}

// surnameEvidence is the insured-name rule for a surname written alone
// ("the Pena home"), when no insured is named in full. It is evidence for
// one claim only: the one claim whose insured has that surname, or, among
// several, the one the loss address or the adjuster already singles out
// (told; 0 when they single out none). A surname that singles out nothing is left
// out rather than shown as a conflict: it is weaker than a full name.
func surnameEvidence(open []Claim, srcs []tokenSource, notInsured map[string]bool, told int64) []Evidence {
	senderLast := map[string]bool{}
	for k := range notInsured {
		senderLast[k[strings.LastIndexByte(k, ' ')+1:]] = true
	}
	var hits []Evidence
	for _, c := range open {
		if e, ok := findSurname(c, srcs, senderLast); ok {
			hits = append(hits, e)
		}
	}
	if len(hits) == 1 {
		return hits
	}
	if e, ok := toldAmong(hits, told); ok {
		return []Evidence{e}
	}
	return streetTellsSurnames(open, srcs, hits)
}

// streetTellsSurnames settles a surname several claims share by the street
// written right after it ("the Nguyen loss on Birchwood Dr"): the hit whose
// claim's street follows its surname within a few words, when one does.
// A street further off ("stuck on Oak St, will be at the Garcia house")
// settles nothing.
func streetTellsSurnames(open []Claim, srcs []tokenSource, hits []Evidence) []Evidence {
	var told []Evidence
	for _, e := range hits {
		i := slices.IndexFunc(open, func(c Claim) bool { return c.ID == e.ClaimID })
		if i >= 0 && streetAfterSurname(open[i], srcs) {
			told = append(told, e)
		}
	}
	if len(told) == 1 {
		return told
	}
	return nil
}

// streetAfterSurname reports whether c's street, without its number, comes
// at most three words after its insured's surname somewhere in srcs.
func streetAfterSurname(c Claim, srcs []tokenSource) bool {
	for _, person := range insuredNames.of(c.InsuredName) {
		if _, ok := claimStreet(c, srcs, person.last); ok {
			return true
		}
	}
	return false
}

// findSurname looks for the surname of claim c's insured on its own: a
// capitalised word (accents optional: Peña is written Pena) that is not the
// name of a street ("Johnson Street") nor a sender's surname (senderLast).
func findSurname(c Claim, srcs []tokenSource, senderLast map[string]bool) (Evidence, bool) {
	for _, p := range insuredNames.of(c.InsuredName) {
		if len(p.last) < 3 || senderLast[p.last] {
			continue
		}
		for _, s := range srcs {
			if s.where == "from" {
				continue
			}
			for i, t := range s.toks {
				if !surnameAt(s.toks, i, p.last) || !unicode.IsUpper([]rune(s.text[t.start:t.end])[0]) {
					continue
				}
				if i+1 < len(s.toks) {
					if _, street := streetSuffixes[s.toks[i+1].w]; street {
						continue
					}
				}
				if i > 0 && isNumber(s.toks[i-1].w) {
					continue // "4410 Pena ..." is a street
				}
				return Evidence{Rule: RuleInsuredName, Matched: s.text[t.start:t.end], Where: s.where, ClaimID: c.ID, Strength: StrengthWeak}, true
			}
		}
	}
	return Evidence{}, false
}

// surnameAt reports whether toks[i] is the surname last, or the family
// named by it: "the Johnsons", "the Johnsons' kitchen", "the Joneses".
func surnameAt(toks []token, i int, last string) bool {
	w := toks[i].w
	if w == last {
		return true
	}
	return i > 0 && toks[i-1].w == "the" && (w == last+"s" || w == last+"es")
}

func isNumber(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isDigit(w[i]) {
			return false
		}
	}
	return w != ""
}

// findInsured is the insured-name rule for claim c: the insured's name
// in srcs. A sender nobody knows who writes under the insured's full name,
// or signs for the insured (an association's manager, a church's
// administrator), writes for the insured: medium evidence, enough alone
// when it singles out one claim, as a complete address is. The name read
// in a text is weak: a neighbour, a vendor or a newsletter may write it.
func findInsured(c Claim, srcs []tokenSource, notInsured map[string]bool) (Evidence, bool) {
	var found Evidence
	for _, p := range insuredNames.of(c.InsuredName) {
		if notInsured[p.key()] {
			continue
		}
		for _, s := range srcs {
			txt, ok := findPerson(p, s.text, s.toks)
			switch {
			case ok && (s.where == "from" || s.where == "signature"):
				return Evidence{Rule: RuleInsuredName, Matched: txt, Where: s.where, ClaimID: c.ID, Strength: StrengthMedium}, true
			case ok && found.ClaimID == 0:
				found = Evidence{Rule: RuleInsuredName, Matched: txt, Where: s.where, ClaimID: c.ID, Strength: StrengthWeak}
			}
		}
	}
	return found, found.ClaimID != 0
}

// lossAddressEvidence is the loss-address rule: per open claim, the first
// complete address found (medium), else the first partial one (weak). The
// sender's name is no place for an address.
func lossAddressEvidence(open []Claim, srcs []tokenSource) []Evidence {
	var out []Evidence
	for _, c := range open {
		p := lossAddresses.of(c.LossAddress)
		if !p.ok {
			continue
		}
		var best *Evidence
		for _, s := range srcs {
			if s.where == "from" {
				continue
			}
			am, ok := findAddress(p.postal, s.text, s.toks)
			if !ok {
				continue
			}
			e := Evidence{Rule: RuleLossAddress, Matched: am.text, Where: s.where, ClaimID: c.ID, Strength: StrengthWeak}
			if am.full {
				e.Strength = StrengthMedium
			}
			if best == nil || e.Strength == StrengthMedium && best.Strength != StrengthMedium {
				best = &e
			}
			if am.full {
				break
			}
		}
		if best != nil {
			out = append(out, *best)
		}
	}
	return out
}

// staffAddresses makes medium the house numbers and streets the office's
// own staff write in their subject or body ("2291 Powder Springs, day 1"):
// they name the office's jobs that way, without the street's type or the
// town. A stranger's is weak: the house next door is one number off, the
// same street of the next town a city off.
func staffAddresses(evs []Evidence, author senderKind) []Evidence {
	if author != senderOffice {
		return evs
	}
	for i, e := range evs {
		if e.Where == "subject" || e.Where == "body" {
			evs[i].Strength = StrengthMedium
		}
	}
	return evs
}

// streetEvidence is the loss-address rule for a street named without its
// house number ("the Pena home on Maple Avenue"), when no address is named
// with one. A street alone is common ground (a vendor's "Oak Street
// Plumbing", directions, the adjuster's office): it only corroborates the
// insured the message already names, one claim's (named: the insured-name
// rule's evidence), and never adds a claim of its own.
func streetEvidence(open []Claim, srcs []tokenSource, named []Evidence) []Evidence {
	if len(named) == 0 || slices.ContainsFunc(named, func(e Evidence) bool { return e.ClaimID != named[0].ClaimID }) {
		return nil
	}
	i := slices.IndexFunc(open, func(c Claim) bool { return c.ID == named[0].ClaimID })
	if i < 0 {
		return nil
	}
	if e, ok := claimStreet(open[i], srcs, ""); ok {
		return []Evidence{e}
	}
	return nil
}

// claimStreet looks for claim c's street, without its number, in srcs (at
// most three words after surname, unless that is ""; see findStreet).
func claimStreet(c Claim, srcs []tokenSource, surname string) (Evidence, bool) {
	p := lossAddresses.of(c.LossAddress)
	if !p.ok || p.suffix == "" {
		return Evidence{}, false
	}
	for _, s := range srcs {
		if s.where == "from" {
			continue
		}
		if text, ok := findStreet(p.postal, s.text, s.toks, surname); ok {
			return Evidence{Rule: RuleLossAddress, Matched: text, Where: s.where, ClaimID: c.ID, Strength: StrengthWeak}, true
		}
	}
	return Evidence{}, false
}

// findStreet looks for p's street in the tokens of text without a house
// number: its words, capitalised, the first not part of a longer name
// ("Sugar Maple Ave" is not Maple Ave), then its type ("Maple Avenue"); at
// most three words after the word surname, unless that is "". Another
// house on it ("4414 Maple Ave") anywhere in text, and text names no street
// of p's; nor does the street of another town ("Maple Ave in Plano").
func findStreet(p postal, text string, toks []token, surname string) (string, bool) {
	found := ""
	for j, t := range toks {
		i := j - len(p.street)
		if i < 0 || streetSuffixes[t.w] != p.suffix || !sameWords(toks[i:j], p.street) {
			continue
		}
		if n := houseNumber(toks[:i]); n != "" {
			if n != p.number {
				return "", false
			}
			continue
		}
		first := []rune(text[toks[i].start:toks[i].end])
		if !unicode.IsUpper(first[0]) && !unicode.IsDigit(first[0]) || i > 0 && partOfName(text, toks[i-1], toks[i]) || otherTown(p, text, toks, j+1) {
			continue
		}
		if surname != "" && !slices.ContainsFunc(toks[max(0, i-4):i], func(t token) bool {
			return t.w == surname && !strings.ContainsAny(text[t.end:toks[i].start], ".!?\n")
		}) {
			continue
		}
		if found == "" {
			found = oneLine(text[toks[i].start:toks[j].end])
		}
	}
	return found, found != ""
}

// sameWords reports whether toks are the street words street.
func sameWords(toks []token, street []string) bool {
	for k, t := range toks {
		if canonStreet(t.w) != street[k] {
			return false
		}
	}
	return true
}

// houseNumber returns the house number right before a street, or before
// its unit letter ("4412-A"), past a directional ("200 N"), written in
// figures ("12", "12B") or words ("One Maple Avenue"); "" when there is
// none.
func houseNumber(before []token) string {
	n := len(before)
	if n > 0 {
		if _, ok := directionals[before[n-1].w]; ok {
			n--
		}
	}
	for k := n - 1; k >= 0 && k >= n-2; k-- {
		w := before[k].w
		if numberWords[w] || strings.ContainsFunc(w, unicode.IsDigit) {
			return w
		}
		if len(w) > 1 {
			break // "apartamento 1204 en Austell Road": a unit's number
		}
	}
	return ""
}

// numberWords are house numbers as people spell them.
var numberWords = map[string]bool{"one": true, "two": true, "three": true, "four": true, "five": true,
	"six": true, "seven": true, "eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true}

// capitalised reports whether the word t of text begins with a capital.
func capitalised(text string, t token) bool {
	return unicode.IsUpper([]rune(text[t.start:t.end])[0])
}

// partOfName reports whether word t, right before the street's first word
// next, begins a longer street name ("Sugar Maple Ave"): capitalised and
// apart from it by spaces only. "Souza - Indianola Ave" names a family and
// their street.
func partOfName(text string, t, next token) bool {
	return capitalised(text, t) && strings.TrimSpace(text[t.end:next.start]) == ""
}

// otherTown reports whether the words from toks[j] name a town other than
// p's: ", Plano" or "in Plano" after "Maple Ave", or a state or ZIP that
// contradicts p's.
func otherTown(p postal, text string, toks []token, j int) bool {
	if _, _, contradict := locality(p, text, toks, j); contradict {
		return true
	}
	if j < len(toks) && toks[j].w == "in" {
		j++
	} else if j >= len(toks) || !strings.Contains(text[toks[j-1].end:toks[j].start], ",") {
		return false
	}
	if j >= len(toks) || len(p.city) == 0 || !capitalised(text, toks[j]) || unitWords[toks[j].w] || usStates[toks[j].w] != "" || isZip(toks[j].w) {
		return false
	}
	return toks[j].w != p.city[0]
}

// adjusterEvidence is the adjuster rule: the sender (or a forwarded
// message's sender) handles exactly one open claim.
func adjusterEvidence(open []Claim, ss []sender) []Evidence {
	var out []Evidence
	for _, s := range ss {
		if s.kind != senderAdjuster {
			continue
		}
		var hits []Claim
		for _, c := range open {
			if sameEmail(c.AdjusterEmail, s.addr.Email) {
				hits = append(hits, c)
			}
		}
		if len(hits) == 1 {
			out = append(out, Evidence{
				Rule: RuleAdjusterEmail, Matched: s.addr.Email, Where: s.where, ClaimID: hits[0].ID, Strength: StrengthWeak})
		}
	}
	return out
}

// otherAddress returns a street address written in the message's subject,
// body or forwards that is not the claim's loss address, or "".
func otherAddress(m *Message, c Claim) string {
	loss := lossAddresses.of(c.LossAddress)
	p, ok := loss.postal, loss.ok
	for _, src := range m.sources() {
		if strings.HasPrefix(src.where, "attachment") {
			continue
		}
		for _, a := range proseAddressRe.FindAllString(src.text, 20) {
			q, qok := parsePostal(a)
			if !qok {
				continue
			}
			if !ok || q.number != p.number || strings.Join(q.street, " ") != strings.Join(p.street, " ") ||
				p.unit != "" && q.unit != "" && q.unit != p.unit {
				return oneLine(a)
			}
		}
	}
	return ""
}
