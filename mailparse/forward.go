package mailparse

import (
	"cmp"
	"regexp"
	"strings"
	"time"
)

// ForwardKind names the convention a forward or quote was written in.
type ForwardKind string

// The conventions UnwrapForwards recognises.
const (
	// ForwardGmail is "---------- Forwarded message ---------" and its
	// header lines.
	ForwardGmail ForwardKind = "gmail"
	// ForwardOutlook is "-----Original Message-----" or the
	// "From: / Sent: / To: / Subject:" block Outlook puts above a forward
	// or reply.
	ForwardOutlook ForwardKind = "outlook"
	// ForwardApple is "Begin forwarded message:" and its header lines.
	ForwardApple ForwardKind = "apple"
	// ForwardReply is a quoted reply under "On <date>, <name> wrote:".
	ForwardReply ForwardKind = "reply"
)

// Forward is a message quoted inside another one's body text: an inline
// forward or a reply quote.
type Forward struct {
	// Kind is the convention the quote was written in.
	Kind ForwardKind
	// From, To and Cc come from the quoted header lines (for a reply
	// quote, From from the attribution line only).
	From Address
	To   []Address
	Cc   []Address
	// Date is parsed best-effort; zero when DateText could not be read.
	// Forward headers rarely carry a zone; those dates are taken as UTC.
	Date time.Time
	// DateText is the date as written.
	DateText string
	// Subject is empty for reply quotes, which do not repeat it.
	Subject string
	// Body is the quoted message's own text, quote markers removed, up to
	// the next forward or quote.
	Body string
}

// fwdMaxForwards bounds the forwards taken from one body.
const fwdMaxForwards = 50

var (
	fwdGmailMarker   = regexp.MustCompile(`(?i)^-{3,}\s*(forwarded message|mensaje reenviado|message transféré|weitergeleitete nachricht|messaggio inoltrato|mensagem encaminhada)\s*-{3,}$`)
	fwdOutlookMarker = regexp.MustCompile(`(?i)^-{3,}\s*(original message|mensaje original|message d'origine|ursprüngliche nachricht|messaggio originale|mensagem original)\s*-{3,}$`)
	fwdAppleMarker   = regexp.MustCompile(`(?i)^(begin forwarded message|inicio del mensaje reenviado|comienzo del mensaje reenviado|début du message réexpédié|anfang der weitergeleiteten nachricht)\s*:?$`)
	// fwdReplyMarker matches a complete attribution line; it may have been
	// wrapped over up to three lines, which fwdMatchMarker joins first.
	fwdReplyMarker = regexp.MustCompile(`(?i)^(?:on|el|le|am)\s+(.+?)\s*(?:wrote|escribió|a écrit|schrieb)\s*:$`)
	fwdReplyStart  = regexp.MustCompile(`(?i)^(?:on|el|le|am)\s`)
	// fwdHeaderLine matches "Key: value", also with Markdown-style bold that
	// HTML-to-text converters leave around Outlook's labels.
	fwdHeaderLine = regexp.MustCompile(`^\*{0,2}([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ -]{0,24}?)\s*:\*{0,2}\s*(.*)$`)
)

// fwdKeys maps the header labels of forwards (English and the
// languages the office's customers write) to what they mean.
var fwdKeys = map[string]string{
	"from": "from", "de": "from", "von": "from", "da": "from",
	"sent": "date", "date": "date", "enviado": "date", "fecha": "date", "gesendet": "date",
	"datum": "date", "envoyé": "date", "data": "date", "enviado el": "date",
	"to": "to", "para": "to", "an": "to", "à": "to", "a": "to",
	"cc": "cc", "cco": "cc",
	"subject": "subject", "asunto": "subject", "betreff": "subject", "objet": "subject",
	"assunto": "subject", "oggetto": "subject",
	"reply-to": "", "bcc": "", "importance": "", "responder a": "",
}

// fwdQuotedLine is a line split into its quote depth and text.
type fwdQuotedLine struct {
	depth int
	text  string
}

// UnwrapForwards finds the inline forwards (Gmail, Outlook, Apple Mail)
// and reply quotes ("On <date>, <name> wrote:") in a plain-text body and
// returns each quoted message with its header fields and own body,
// outermost first. Markers inside ">" quotes are found too.
func UnwrapForwards(text string) []Forward {
	if text == "" {
		return nil
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	raw := strings.Split(text, "\n")
	lines := make([]fwdQuotedLine, len(raw))
	for i, l := range raw {
		lines[i] = fwdSplitQuote(l)
	}
	var out []Forward
	for i := 0; i < len(lines) && len(out) < fwdMaxForwards; {
		m, ok := fwdMatchMarker(lines, i)
		if !ok {
			i++
			continue
		}
		f := Forward{Kind: m.kind}
		j := i + m.lines
		if m.kind == ForwardReply {
			f.DateText, f.From = fwdSplitAttribution(m.attribution)
		} else {
			j = fwdParseHeader(lines, j, m.depth, &f)
		}
		if f.DateText != "" {
			f.Date = fwdParseLooseDate(f.DateText)
		}
		f.Body, j = fwdBody(lines, j, m.depth)
		out = append(out, f)
		i = max(j, i+1)
	}
	return out
}

// fwdSplitQuote strips the ">" quote markers (with the spaces between them)
// off a line.
func fwdSplitQuote(l string) fwdQuotedLine {
	l = strings.TrimSuffix(l, "\r")
	depth, i := 0, 0
	for i < len(l) {
		switch l[i] {
		case '>':
			depth++
			i++
			continue
		case ' ':
			if depth > 0 && i+1 < len(l) && l[i+1] == '>' {
				i++
				continue
			}
		}
		break
	}
	rest := l[i:]
	if depth > 0 {
		rest = strings.TrimPrefix(rest, " ")
	}
	return fwdQuotedLine{depth: depth, text: strings.TrimPrefix(rest, "\uFEFF")}
}

type fwdMarker struct {
	kind        ForwardKind
	depth       int
	lines       int // lines the marker itself occupies
	attribution string
}

// fwdMatchMarker reports whether a forward or quote starts at line i.
func fwdMatchMarker(lines []fwdQuotedLine, i int) (fwdMarker, bool) {
	l := lines[i]
	t := strings.TrimSpace(l.text)
	if t == "" {
		return fwdMarker{}, false
	}
	switch {
	case fwdGmailMarker.MatchString(t):
		return fwdMarker{kind: ForwardGmail, depth: l.depth, lines: 1}, true
	case fwdOutlookMarker.MatchString(t):
		return fwdMarker{kind: ForwardOutlook, depth: l.depth, lines: 1}, true
	case fwdAppleMarker.MatchString(t):
		return fwdMarker{kind: ForwardApple, depth: l.depth, lines: 1}, true
	}
	if fwdIsOutlookHeaderBlock(lines, i) {
		return fwdMarker{kind: ForwardOutlook, depth: l.depth, lines: 0}, true
	}
	if fwdReplyStart.MatchString(t) {
		joined := t
		for k := 0; k < 3 && i+k < len(lines); k++ {
			if k > 0 {
				next := lines[i+k]
				if next.depth != l.depth || strings.TrimSpace(next.text) == "" {
					break
				}
				joined += " " + strings.TrimSpace(next.text)
			}
			if len(joined) > 400 {
				break
			}
			if m := fwdReplyMarker.FindStringSubmatch(joined); m != nil {
				return fwdMarker{kind: ForwardReply, depth: l.depth, lines: k + 1, attribution: m[1]}, true
			}
		}
	}
	return fwdMarker{}, false
}

// fwdIsOutlookHeaderBlock reports a "From:" line followed, within the next
// few lines, by a date ("Sent:"/"Date:") and a "Subject:": the block Outlook
// writes above a forward or reply without any separator line.
func fwdIsOutlookHeaderBlock(lines []fwdQuotedLine, i int) bool {
	key, _, ok := fwdHeaderField(lines[i].text)
	if !ok || key != "from" {
		return false
	}
	var date, subject bool
	for k := i + 1; k < len(lines) && k <= i+8; k++ {
		if lines[k].depth != lines[i].depth {
			break
		}
		key, _, ok := fwdHeaderField(lines[k].text)
		if !ok {
			if strings.TrimSpace(lines[k].text) == "" {
				break
			}
			continue // a wrapped To: list
		}
		switch key {
		case "date":
			date = true
		case "subject":
			subject = true
		}
	}
	return date && subject
}

// fwdHeaderField parses one "Key: value" line of a forward header.
func fwdHeaderField(line string) (key, value string, ok bool) {
	m := fwdHeaderLine.FindStringSubmatch(strings.TrimSpace(line))
	if m == nil {
		return "", "", false
	}
	key, known := fwdKeys[strings.ToLower(strings.TrimSpace(m[1]))]
	if !known {
		return "", "", false
	}
	return key, strings.Trim(strings.TrimSpace(m[2]), "*"), true
}

// fwdParseHeader reads the header lines of a forward starting at line j
// into f and returns the index of the first line after them.
func fwdParseHeader(lines []fwdQuotedLine, j, depth int, f *Forward) int {
	// Apple Mail and some Outlook versions leave blank lines between the
	// marker and the header fields.
	for k := 0; k < 2 && j < len(lines) && lines[j].depth == depth && strings.TrimSpace(lines[j].text) == ""; k++ {
		j++
	}
	values := map[string]string{}
	last := ""
	for ; j < len(lines); j++ {
		l := lines[j]
		if l.depth != depth {
			break
		}
		t := strings.TrimSpace(l.text)
		if t == "" {
			if last != "" {
				j++
			}
			break
		}
		key, value, ok := fwdHeaderField(t)
		if !ok {
			// Outlook wraps long recipient lists onto the next line.
			if (last == "to" || last == "cc") && (strings.Contains(t, "@") || strings.HasSuffix(t, ";")) {
				values[last] += " " + t
				continue
			}
			break
		}
		last = cmp.Or(key, "ignored")
		if key != "" {
			values[key] = value
		}
	}
	if a, ok := mimeParseLooseAddress(values["from"]); ok {
		f.From = a
	}
	f.DateText = values["date"]
	f.Subject = values["subject"]
	f.To = fwdAddresses(values["to"])
	f.Cc = fwdAddresses(values["cc"])
	return j
}

func fwdAddresses(value string) []Address {
	var list []Address
	for _, item := range mimeSplitAddressItems(value) {
		if a, ok := mimeParseLooseAddress(item); ok {
			list = append(list, a)
		}
	}
	return list
}

// fwdBody collects the quoted message's text from line j: the lines at
// the quote depth of its first non-blank line, up to the next marker or a
// line quoted less deeply than the marker expects. It returns the text and
// the index where it stopped.
func fwdBody(lines []fwdQuotedLine, j, markerDepth int) (string, int) {
	bodyDepth := -1
	var b strings.Builder
	blank := 0
	for ; j < len(lines); j++ {
		l := lines[j]
		t := strings.TrimSpace(l.text)
		if t == "" {
			// Kept as one blank line, if more of the body follows.
			if bodyDepth >= 0 {
				blank++
			}
			continue
		}
		if bodyDepth < 0 {
			if l.depth < markerDepth {
				break
			}
			bodyDepth = l.depth
		}
		if l.depth < bodyDepth {
			break
		}
		if _, ok := fwdMatchMarker(lines, j); ok {
			break
		}
		if b.Len() > 0 {
			b.WriteString("\n\n"[:min(blank+1, 2)])
		}
		blank = 0
		if extra := l.depth - bodyDepth; extra > 0 {
			b.WriteString(strings.Repeat("> ", extra))
		}
		b.WriteString(strings.TrimRight(l.text, " \t"))
	}
	return b.String(), j
}

// fwdTimeInAttribution finds the end of the date in "On <date> <name>":
// the last clock time, with its AM/PM and zone.
var fwdTimeInAttribution = regexp.MustCompile(`\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?i:[ap]\.?\s?m\.?))?(?:\s*(?:[ECMP][SD]T|UTC|GMT|[+-]\d{2}:?\d{2}|\((?:UTC|GMT)[+-]?\d{0,2}:?\d{0,2}\)))?`)

// fwdSplitAttribution splits "Wed, Nov 4, 2026 at 5:17 AM Brian Ortiz
// <bortiz@usaa.example>" into its date text and the address.
func fwdSplitAttribution(s string) (string, Address) {
	s = strings.TrimSpace(s)
	addrPart := ""
	if i := strings.LastIndex(s, "<"); i >= 0 && strings.Contains(s[i:], "@") {
		addrPart = s[i:]
		s = strings.TrimRight(strings.TrimSpace(s[:i]), "(")
	}
	dateText, name := s, ""
	if locs := fwdTimeInAttribution.FindAllStringIndex(s, -1); len(locs) > 0 {
		end := locs[len(locs)-1][1]
		dateText, name = s[:end], s[end:]
	} else if i := strings.LastIndex(s, ","); i >= 0 {
		dateText, name = s[:i], s[i+1:]
	}
	name = strings.Trim(strings.TrimSpace(name), `,"' `)
	dateText = strings.Trim(strings.TrimSpace(dateText), ",")
	if addrPart != "" {
		a, _ := mimeParseLooseAddress(name + " " + strings.Trim(addrPart, "()"))
		if a.Name == "" {
			a.Name = name
		}
		return dateText, a
	}
	if a, ok := mimeParseLooseAddress(name); ok {
		return dateText, a
	}
	return dateText, Address{}
}
