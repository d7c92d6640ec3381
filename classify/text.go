package classify

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold lower-cases s and strips diacritics, so that "Sofía", "SOFIA" and
// "sofia" compare equal; people type names and Spanish words both ways.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		switch r {
		case '\u2018', '\u2019', '\u02bc', '`', '\u00b4':
			r = '\''
		case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
			r = '-'
		case '\u00a0':
			r = ' '
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// token is one word of a text: folded to lower case without diacritics, and
// where it sits in the original text.
type token struct {
	w          string
	start, end int
}

// tokenize splits s into words of letters and digits, folded like fold.
// Apostrophes inside a word are dropped ("O'Brien" is "obrien") because
// people and systems write such names both with and without them.
func tokenize(s string) []token {
	var out []token
	var cur strings.Builder
	start := -1
	skipS := -1 // byte offset of the "s" of a possessive "'s"
	flush := func(end int) {
		if cur.Len() > 0 {
			out = append(out, token{cur.String(), start, end})
			cur.Reset()
		}
		start = -1
	}
	for i, r := range s {
		if r == '\'' || r == '\u2019' || r == '\u02bc' {
			// Keep the word going when a letter follows, except for a
			// possessive "'s" ("Castillo's claim" names Castillo).
			next := i + utf8.RuneLen(r)
			if cur.Len() > 0 && next < len(s) {
				nr, n := utf8.DecodeRuneInString(s[next:])
				possessive := false
				if nr == 's' || nr == 'S' {
					after, _ := utf8.DecodeRuneInString(s[next+n:])
					possessive = next+n >= len(s) || !unicode.IsLetter(after) && !unicode.IsDigit(after)
				}
				if unicode.IsLetter(nr) && !possessive {
					continue
				}
				if possessive {
					flush(i)
					skipS = next
					continue
				}
			}
			flush(i)
			continue
		}
		if i == skipS {
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
		}
		if r < utf8.RuneSelf {
			cur.WriteRune(unicode.ToLower(r))
			continue
		}
		for _, d := range norm.NFKD.String(string(r)) {
			if !unicode.Is(unicode.Mn, d) {
				cur.WriteRune(unicode.ToLower(d))
			}
		}
	}
	flush(len(s))
	return out
}

// words returns the folded words of s.
func words(s string) []string {
	toks := tokenize(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.w
	}
	return out
}

// spaced returns the words of s joined by single spaces, with a space at both
// ends, so that phrase lookups with strings.Contains respect word boundaries.
func spaced(s string) string {
	return " " + strings.Join(words(s), " ") + " "
}

// hasPhrase reports whether the spaced text contains the phrase as whole
// words. The phrase is given in plain lower case ASCII.
func hasPhrase(spacedText, phrase string) bool {
	return strings.Contains(spacedText, " "+phrase+" ")
}

var (
	htmlTagRe      = regexp.MustCompile(`(?i)<\s*(/?)\s*([a-z][a-z0-9]*)[^>]*>`)
	htmlDropRe     = regexp.MustCompile(`(?is)<(script|style|head|title)\b[^>]*>.*?</\s*(script|style|head|title)\s*>|<!--.*?-->|<![^>]*>|<\?[^>]*>`)
	htmlSniffRe    = regexp.MustCompile(`(?i)<\s*(html|body|div|p|br|table|td|span|font|!doctype)\b`)
	blankLinesRe   = regexp.MustCompile(`\n[ \t]*\n([ \t]*\n)+`)
	spaceRunRe     = regexp.MustCompile(`[ \f\r\v\x{00a0}]+`)
	htmlBlockBreak = map[string]bool{
		"p": true, "div": true, "br": true, "tr": true, "li": true, "ul": true, "ol": true,
		"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
		"table": true, "blockquote": true, "hr": true, "pre": true, "section": true,
		"article": true, "header": true, "footer": true, "address": true, "dl": true, "dt": true, "dd": true,
	}
)

// looksLikeHTML reports whether s is markup rather than plain text.
func looksLikeHTML(s string) bool {
	head := s
	if len(head) > 4096 {
		head = head[:4096]
	}
	return htmlSniffRe.MatchString(head)
}

// TextFromHTML converts an HTML body to plain text good enough for
// classification: block elements become line breaks, table cells become tabs
// (so "Claim Number | 123" rows read as labelled fields), and entities are
// decoded. Scripts, styles and comments are dropped.
func TextFromHTML(s string) string {
	s = htmlDropRe.ReplaceAllString(s, " ")
	// Line breaks in the source are spaces to a browser: only tags break
	// lines ("<br>\n" is one break, not two).
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	s = htmlTagRe.ReplaceAllStringFunc(s, func(tag string) string {
		m := htmlTagRe.FindStringSubmatch(tag)
		name := strings.ToLower(m[2])
		switch {
		case htmlBlockBreak[name]:
			return "\n"
		case name == "td" || name == "th":
			if m[1] == "/" {
				return "\t"
			}
			return ""
		default:
			return ""
		}
	})
	s = html.UnescapeString(s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		l = spaceRunRe.ReplaceAllString(l, " ")
		l = strings.Trim(l, " ")
		// Cells separated by tabs keep one tab between them.
		for strings.Contains(l, "\t\t") {
			l = strings.ReplaceAll(l, "\t\t", "\t")
		}
		lines[i] = strings.Trim(l, " \t")
	}
	s = strings.Join(lines, "\n")
	s = blankLinesRe.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s)
}

var (
	wroteRe     = regexp.MustCompile(`(?i)(wrote|escribi[oó]|a [ée]crit|schrieb)\s*:\s*$`)
	fwdMarkerRe = regexp.MustCompile(`(?i)^[\s*_>-]*(-{2,}\s*)?(forwarded message|original message|begin forwarded message|mensaje reenviado|mensaje original|inicio del mensaje reenviado)\b`)
	hdrFromRe   = regexp.MustCompile(`(?i)^[\s*>]*(from|de)\s*:\s*\**\s*(.*)$`)
	hdrNextRe   = regexp.MustCompile(`(?i)^[\s*>]*(sent|date|to|subject|enviado|fecha|para|asunto|cc)\s*:`)
	emailRe     = regexp.MustCompile(`[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
)

// topText returns the part of a body its sender wrote, before the first
// quoted or forwarded message (Gmail, Outlook, Apple Mail and Spanish-locale
// markers, "On ... wrote:" lines and ">" quoting).
func topText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		colon := strings.IndexByte(t, ':') >= 0 // wroteRe and hdrFromRe need one
		if strings.HasPrefix(t, ">") || mayMarkForward(t) && fwdMarkerRe.MatchString(t) || colon && wroteRe.MatchString(t) {
			return strings.Join(lines[:i], "\n")
		}
		if strings.HasPrefix(t, "________________") {
			return strings.Join(lines[:i], "\n")
		}
		if colon && hdrFromRe.MatchString(t) && headerBlockFollows(lines, i) {
			return strings.Join(lines[:i], "\n")
		}
	}
	return s
}

// mayMarkForward reports whether fwdMarkerRe may match the line t: its
// words start, past the marks the expression skips, with one of these
// letters in either case (none of which folds to anything else). Most
// lines are ruled out without running the expression.
func mayMarkForward(t string) bool {
	t = strings.TrimLeft(t, "\t\n\f\r *_>-")
	return t != "" && strings.IndexByte("fobmi", t[0]|0x20) >= 0
}

// headerBlockFollows reports whether the From: line at i starts a quoted
// header block (Outlook writes From/Sent/To/Subject without any marker).
func headerBlockFollows(lines []string, i int) bool {
	for j := i + 1; j < len(lines) && j <= i+4; j++ {
		if hdrNextRe.MatchString(strings.TrimSpace(lines[j])) {
			return true
		}
	}
	return false
}

// quotedSenders finds the senders of messages quoted or forwarded inside a
// body ("From: Name <addr>" header blocks), for parsers that left forwards in
// the text.
func quotedSenders(s string) []Address {
	var out []Address
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.IndexByte(t, ':') < 0 {
			continue // no header line
		}
		m := hdrFromRe.FindStringSubmatch(t)
		if m == nil || !headerBlockFollows(lines, i) {
			continue
		}
		if a, ok := parseAddressText(m[2]); ok {
			out = append(out, a)
		}
	}
	return out
}

// parseAddressText reads "Name <addr>", "Name [mailto:addr]", "addr (Name)"
// or a bare address.
func parseAddressText(s string) (Address, bool) {
	s = strings.Trim(strings.TrimSpace(s), "*")
	e := emailRe.FindString(s)
	if e == "" {
		return Address{}, false
	}
	name := strings.Replace(s, e, "", 1)
	name = strings.NewReplacer("<>", "", "[mailto:]", "", "()", "", "<", "", ">", "", "[", "", "]", "", "mailto:", "", "\"", "", "*", "").Replace(name)
	name = strings.TrimSpace(strings.Trim(strings.TrimSpace(name), "()"))
	return Address{Name: name, Email: e}, true
}
