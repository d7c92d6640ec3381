package classify

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// IdentifierKind says what an extracted identifier most likely is. It is a
// hint only: the matcher looks every identifier up as a claim, job and policy
// number, because people label them loosely ("Job: 577104656-341").
type IdentifierKind string

// Identifier kinds.
const (
	KindClaimNumber  IdentifierKind = "claim_number"  // KindClaimNumber: any claim-number-looking token.
	KindJobNumber    IdentifierKind = "job_number"    // KindJobNumber: shaped like our YY-NNNN-CODE job numbers.
	KindPolicyNumber IdentifierKind = "policy_number" // KindPolicyNumber: labelled as a policy number.
)

// Identifier is one claim-, job- or policy-number-looking token found in a
// text.
type Identifier struct {
	Kind IdentifierKind
	// Text is the token as written, including separators and any line
	// break it was split across: text[Offset:Offset+len(Text)].
	Text   string
	Norm   string // Normalize(Text)
	Offset int    // byte offset of Text in the searched text
	// Labelled is true when a label such as "Claim #", "Policy No.",
	// "Reclamo" or an adjusting firm's "Our file:" precedes the token.
	Labelled bool
}

// maxScan bounds the text searched per source; identifiers sit near the top
// of mail and of documents, and a bound keeps hostile input cheap.
const maxScan = 256 << 10

// Normalize reduces an identifier to the form used for comparisons: upper
// case letters and digits only, so "la123-456789-01", "LA123 456789 01" and
// "LA123456789-01" are equal.
func Normalize(id string) string {
	id = norm.NFKC.String(id)
	var b strings.Builder
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= '0' && c <= '9', c >= 'A' && c <= 'Z':
			b.WriteByte(c)
		case c >= 'a' && c <= 'z':
			b.WriteByte(c - 'a' + 'A')
		}
	}
	return b.String()
}

// atom is a maximal run of ASCII letters and digits.
type atom struct{ start, end int }

// run is a sequence of atoms joined without a break ("60-8H77-8H5"): it is
// always a candidate as a whole and never split, so that "1442694208-12"
// cannot yield "1442694208-1".
type run struct {
	start, end     int
	digits, letter int
}

type gapKind int

const (
	gapBreak gapKind = iota
	gapHard          // a dash: same token
	gapSoft          // a space or underscore: maybe the same token
	gapLine          // a line break without a dash: maybe the same token
)

var (
	dashes        = []string{"-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212"}
	wrapDashRe    = regexp.MustCompile(`^(-|\x{2010}|\x{2011}|\x{2012}|\x{2013}|\x{2014}|\x{2212})[ \t]*\r?\n[ \t>]*$|^[ \t]*\r?\n[ \t>]*(-|\x{2010}|\x{2011}|\x{2012}|\x{2013}|\x{2014}|\x{2212})$`)
	lineGapRe     = regexp.MustCompile(`^[ \t]*\r?\n[ \t>]*$`)
	labelRe       = regexp.MustCompile(`(?i)\b(claims?|clm|reclamo|reclamacion|siniestro|policy|pol|poliza|job|trabajo|expediente)\s*(#|number|num|nbr|no\.?|n[o°º]\.?|numero|id)?\s*[:#.\-]*\s*((is|was|es)\s+)?$`)
	phoneLabelRe  = regexp.MustCompile(`(?i)\b(phone|ph|tel|telephone|cell|mobile|fax|office|direct|telefono|celular|movil|cel)\.?\s*[:#.]*\s*(\+?1[\s.-]*)?\(?$`)
	areaCodeRe    = regexp.MustCompile(`\(\d{3}\)\s*$|\+1[\s.-]*$`)
	jobShapeRe    = regexp.MustCompile(`^\d{2}[\s_\-\x{2013}]*\d{3,5}[\s_\-\x{2013}]*[A-Za-z]{2,4}$`)
	isoDateRe     = regexp.MustCompile(`^(\d{4})\D(\d{1,2})\D(\d{1,2})$`)
	usDateRe      = regexp.MustCompile(`^(\d{1,2})\D(\d{1,2})\D(\d{2}|\d{4})$`)
	zip4Re        = regexp.MustCompile(`^\d{5}\D\d{4}$`)
	stateBeforeRe = regexp.MustCompile(`(?i)\b[a-z]{2}\.?\s*$`)
)

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func classifyGap(text string, a, b atom) gapKind {
	g := text[a.end:b.start]
	for _, d := range dashes {
		if g == d {
			return gapHard
		}
	}
	if wrapDashRe.MatchString(g) {
		return gapHard
	}
	switch g {
	case " ", "\t", "_", " - ", " \u2013 ", "  ":
		return gapSoft
	case ".":
		// Dots join digit groups ("123.456.789") but end sentences and
		// file names ("...-1.pdf").
		if isDigit(text[a.end-1]) && isDigit(text[b.start]) {
			return gapSoft
		}
		return gapBreak
	}
	if lineGapRe.MatchString(g) {
		return gapLine
	}
	return gapBreak
}

// ExtractIdentifiers finds claim-number-looking tokens of any carrier format,
// our job numbers and policy numbers in text. Extraction is deliberately
// broad (dashes, spaces or underscores between groups, a token split across
// a line break): an identifier only counts once its normalized form equals a
// known claim's number, so a spurious token is harmless. Phone numbers,
// dates, ZIP codes and amounts are left out. Each normalized token is
// reported once, at its first occurrence.
func ExtractIdentifiers(text string) []Identifier {
	if len(text) > maxScan {
		text = text[:maxScan]
	}
	atoms := atomsOf(text)
	if len(atoms) == 0 {
		return nil
	}
	runs, links := joinRuns(text, atoms)
	return identifiersOfRuns(text, runs, links)
}

// atomsOf splits text into its atoms.
func atomsOf(text string) []atom {
	var atoms []atom
	for i := 0; i < len(text); {
		if !isAlnum(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && isAlnum(text[j]) {
			j++
		}
		atoms = append(atoms, atom{i, j})
		i = j
	}
	return atoms
}

// joinRuns joins atoms into runs, and returns how each run connects to the
// next: links[i] joins runs[i] and runs[i+1].
func joinRuns(text string, atoms []atom) ([]run, []gapKind) {
	var runs []run
	var links []gapKind
	cur := run{start: atoms[0].start, end: atoms[0].end}
	cur.count(text, atoms[0])
	for i := 1; i < len(atoms); i++ {
		g := classifyGap(text, atoms[i-1], atoms[i])
		if g == gapHard {
			cur.end = atoms[i].end
			cur.count(text, atoms[i])
			continue
		}
		runs = append(runs, cur)
		links = append(links, g)
		cur = run{start: atoms[i].start, end: atoms[i].end}
		cur.count(text, atoms[i])
	}
	runs = append(runs, cur)
	return runs, links
}

// count adds the digits and letters of a to r's.
func (r *run) count(text string, a atom) {
	for k := a.start; k < a.end; k++ {
		if isDigit(text[k]) {
			r.digits++
		} else {
			r.letter++
		}
	}
}

// identifiersOfRuns returns the identifiers among the runs, each run alone
// and joined with the runs after it.
func identifiersOfRuns(text string, runs []run, links []gapKind) []Identifier {
	ids := identifierSet{text: text, seen: map[string]int{}}
	partLike := func(r run) bool {
		return r.digits > 0 || r.letter <= 3
	}
	for i, r := range runs {
		ids.add(r.start, r.end)
		if !partLike(r) || copula(text, r) {
			continue
		}
		// Windows of up to four runs separated by spaces, underscores or
		// a line break ("60 8H77 8H5", "LA123_456789_01").
		digits := r.digits
		for j := i + 1; j < len(runs) && j <= i+3; j++ {
			l := links[j-1]
			if l == gapBreak || !partLike(runs[j]) {
				break
			}
			if l == gapLine && (runs[j-1].digits == 0 || runs[j].digits == 0) {
				break
			}
			digits += runs[j].digits
			if digits >= 4 {
				ids.add(r.start, runs[j].end)
			}
		}
	}
	return ids.out
}

// copula reports whether r is the "is" of "claim number is 0738216645",
// which labelRe reads as part of the label: prose before the number,
// never its first group.
func copula(text string, r run) bool {
	switch strings.ToLower(text[r.start:r.end]) {
	case "is", "was", "es":
		return true
	}
	return false
}

// identifierSet holds the identifiers found in text, each normalized form
// once, in the order first found.
type identifierSet struct {
	text string
	seen map[string]int // index in out by Norm
	out  []Identifier
}

// add adds text[start:end] when it is a plausible identifier. A repeat
// only adds its label: a number written bare first and labelled later is
// still a labelled one.
func (s *identifierSet) add(start, end int) {
	id, ok := makeIdentifier(s.text, start, end)
	if !ok {
		return
	}
	if k, dup := s.seen[id.Norm]; dup {
		if id.Labelled && !s.out[k].Labelled {
			s.out[k].Labelled = true
			if id.Kind == KindPolicyNumber {
				s.out[k].Kind = KindPolicyNumber
			}
		}
		return
	}
	s.seen[id.Norm] = len(s.out)
	s.out = append(s.out, id)
}

// makeIdentifier checks the token text[start:end] and, when it is plausible,
// returns it as an Identifier.
func makeIdentifier(text string, start, end int) (Identifier, bool) {
	t := text[start:end]
	n := Normalize(t)
	digits := 0
	for i := 0; i < len(n); i++ {
		if isDigit(n[i]) {
			digits++
		}
	}
	if len(n) < 5 || len(n) > 30 || digits < 3 {
		return Identifier{}, false
	}
	if digits == len(n) && len(n) < 6 {
		return Identifier{}, false // house numbers, ZIP codes
	}
	before := lineBefore(text, start, 40)
	lower := strings.ToLower(before)
	trimmed := strings.TrimSpace(lower)
	if strings.HasSuffix(trimmed, "$") || strings.HasSuffix(trimmed, "usd") {
		return Identifier{}, false
	}
	if len(t) != len(n) && len(t) <= 10 && isDateShape(t) {
		return Identifier{}, false
	}
	// A bare 3-3-4 token may be a carrier's claim format, so only a phone
	// label or an area code in parentheses rules a token out as a phone.
	// The keyword checks keep the regular expressions off most tokens.
	if containsAny(lower, phoneHints) && phoneLabelRe.MatchString(before) ||
		digits == 7 && strings.ContainsAny(before, ")+") && areaCodeRe.MatchString(before) {
		return Identifier{}, false
	}
	if len(t) == 10 && zip4Re.MatchString(t) && stateBeforeRe.MatchString(before) {
		return Identifier{}, false
	}
	id := Identifier{Kind: KindClaimNumber, Text: t, Norm: n, Offset: start}
	if !containsAny(lower, labelHints) && !hasNonASCII(before) {
		if jobShapeRe.MatchString(t) {
			id.Kind = KindJobNumber
		}
		return id, true
	}
	if m := labelRe.FindStringSubmatch(Fold(before)); m != nil {
		id.Labelled = true
		switch m[1] {
		case "policy", "pol", "poliza":
			id.Kind = KindPolicyNumber
		}
	} else if fileLabelRe.MatchString(Fold(before)) {
		// A firm's file number names a claim as a claim number does: mail
		// naming one no claim has yet waits for the claim that gets it.
		id.Labelled = true
	}
	if id.Kind == KindClaimNumber && jobShapeRe.MatchString(t) {
		id.Kind = KindJobNumber
	}
	return id, true
}

var (
	phoneHints = []string{"ph", "tel", "cell", "mobile", "fax", "office", "direct", "cel", "movil"}
	labelHints = []string{"claim", "clm", "reclam", "sinies", "pol", "job", "trabajo", "expediente", "file", "ref"}
)

// fileLabelRe is an adjusting firm's label of its own file number ("Our
// File No.:", "IA File #", "Ref:"), as its assignments and mail write it:
// with a number sign, a colon or "number", as "ref 123" or "the file 123"
// are no label.
var fileLabelRe = regexp.MustCompile(`(?i)\b(file|ref|reference)\s*((#|number|num|nbr|no\.?)\s*[:#.\-]*|[:#]+)\s*$`)

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func hasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	return false
}

// lineBefore returns up to n bytes of text before i on the same line.
func lineBefore(text string, i, n int) string {
	s := i - n
	if s < 0 {
		s = 0
	}
	b := text[s:i]
	if k := strings.LastIndexByte(b, '\n'); k >= 0 {
		b = b[k+1:]
	}
	return b
}

// isDateShape reports whether t is a calendar date written with separators.
func isDateShape(t string) bool {
	if m := isoDateRe.FindStringSubmatch(t); m != nil {
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		return mo >= 1 && mo <= 12 && d >= 1 && d <= 31
	}
	if m := usDateRe.FindStringSubmatch(t); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		return a >= 1 && b >= 1 && (a <= 12 && b <= 31 || b <= 12 && a <= 31)
	}
	return false
}

// nearMiss reports whether two normalized identifiers differ by one typing
// slip: one substituted, inserted or deleted character, or two adjacent
// characters swapped. Such a token names a claim we do not know, or one we
// know mistyped: either way only a person can tell.
func nearMiss(a, b string) bool {
	if a == b || len(a) < 6 || len(b) < 6 {
		return false
	}
	switch len(a) - len(b) {
	case 0:
		diff := []int{}
		for i := 0; i < len(a); i++ {
			if a[i] != b[i] {
				diff = append(diff, i)
				if len(diff) > 2 {
					return false
				}
			}
		}
		if len(diff) == 1 {
			return true
		}
		return len(diff) == 2 && diff[1] == diff[0]+1 && a[diff[0]] == b[diff[1]] && a[diff[1]] == b[diff[0]]
	case 1:
		return oneInsertion(a, b)
	case -1:
		return oneInsertion(b, a)
	}
	return false
}

// transposed reports whether a is b with two neighbouring characters
// swapped.
func transposed(a, b string) bool {
	if len(a) != len(b) || a == b {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}

// oneInsertion reports whether long is short with one character inserted.
func oneInsertion(long, short string) bool {
	i := 0
	for i < len(short) && long[i] == short[i] {
		i++
	}
	return long[i+1:] == short[i:]
}
