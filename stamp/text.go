package stamp

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// latin1 returns s made drawable by the built-in PDF fonts, which pdfcpu
// encodes as WinAnsi: one byte per character, Latin-1 for printable
// characters. Without this, anything else silently prints as a blank.
//
// Printable Latin-1 is kept as is ("·", "é", "Ñ"). A letter with an accent
// outside Latin-1 keeps its base letter ("Ő" → "O", "ł" stays "?" since it
// has no decomposition). Control characters and line breaks become spaces.
// Everything else becomes "?", so a reader sees something was there.
// Backslashes become "/", because pdfcpu reads the two characters `\n` in a
// stamp as a line break.
func latin1(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteByte('/')
		case isPrintableLatin1(r):
			b.WriteRune(r)
		case unicode.IsControl(r) || unicode.IsSpace(r):
			// C1 controls (U+0080–U+009F) land here too: WinAnsi puts
			// curly quotes and the euro sign at those codes, which is not
			// what the sender wrote.
			b.WriteByte(' ')
		default:
			b.WriteString(baseLetters(r))
		}
	}
	return b.String()
}

func isPrintableLatin1(r rune) bool {
	return (r >= 0x20 && r <= 0x7e) || (r >= 0xa0 && r <= 0xff)
}

// baseLetters returns the Latin-1 letters r decomposes to without its
// combining marks, or "?" when there are none.
func baseLetters(r rune) string {
	var b strings.Builder
	for _, d := range norm.NFKD.String(string(r)) {
		if unicode.Is(unicode.Mn, d) {
			continue
		}
		if !isPrintableLatin1(d) || d == '\\' {
			return "?"
		}
		b.WriteRune(d)
	}
	if b.Len() == 0 {
		return "?"
	}
	return b.String()
}

// truncateRunes shortens s to at most n characters, marking the cut.
func truncateRunes(s string, n int) string {
	s = strings.TrimSpace(s)
	if n <= 3 || len(s) <= n {
		return s
	}
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n-3]) + "..."
}
