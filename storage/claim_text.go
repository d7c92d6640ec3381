package storage

import (
	"strings"
	"unicode"
)

// plainField removes from a claim's text the bidirectional controls, which
// make the text after them show reversed ("Pena\u202Eodrauga" reads as
// another name) on a page, in a packet or in a folder's name, and the byte
// order mark. Values come from assignments in mail as well as from people.
// Line breaks stay (an address may have two lines), and text Postgres
// cannot hold (a NUL) is refused where it is stored, with a clear error.
func plainField(v string) string {
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Bidi_Control, r) || r == '\uFEFF' {
			return -1
		}
		return r
	}, v)
}

// plainClaim makes every text field of c plain (see plainField).
func plainClaim(c *Claim) {
	for _, f := range claimText {
		*f(c) = plainField(*f(c))
	}
}

// plainParticipant is a participant's name, email or phone made plain
// (see plainField) and trimmed.
func plainParticipant(v string) string { return strings.TrimSpace(plainField(v)) }
