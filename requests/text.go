package requests

import (
	"regexp"
	"strings"
	"unicode"
)

var (
	// quoteStart marks where the sender's own words end and a quoted reply
	// or forward begins, in the conventions of the mail programs in use.
	quoteStart = regexp.MustCompile(`(?i)^(>|-{2,}\s*(original message|forwarded message|mensaje original|mensaje reenviado)|begin forwarded message|inicio del mensaje reenviado|(on|el)\s.*(wrote|escribi[oó])\s*:?\s*$|_{8,}\s*$)`)
	// outlookHeader is the "From: ... Sent: ..." block Outlook puts above
	// a quoted message.
	outlookHeader = regexp.MustCompile(`(?i)^\*{0,2}(from|de)\s*:\*{0,2}\s+\S`)
	outlookNext   = regexp.MustCompile(`(?i)^\*{0,2}(sent|date|enviado|fecha|to|para|subject|asunto)\s*:`)
	// signatureStart marks a signature: the "-- " delimiter, phone
	// footers and the sign-offs after which only a name and a title come.
	signatureStart = regexp.MustCompile(`(?i)^(--\s*|sent from my .*|enviado desde mi .*|get outlook for .*|(thanks|thank you|thanks again|many thanks|regards|best regards|kind regards|best|sincerely|respectfully|cheers|gracias|saludos|atentamente|cordialmente|un saludo)[,.!]?(\s+\S+){0,3}[,.]?)$`)
)

// OwnText returns the part of body the sender wrote in this message: the
// text above the first quoted reply or forward, without the signature.
func OwnText(body string) string {
	lines := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	end := len(lines)
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if quoteStart.MatchString(t) || (outlookHeader.MatchString(t) && i+1 < len(lines) && outlookNext.MatchString(strings.TrimSpace(lines[i+1]))) {
			end = i
			break
		}
		// A sign-off ends the message only below the first lines: "Thanks
		// for the photos, please send the invoice" opens a message.
		if i > 0 && signatureStart.MatchString(t) && ownWords(lines[:i]) {
			end = i
			break
		}
	}
	return strings.TrimSpace(strings.Join(lines[:end], "\n"))
}

// ownWords reports whether lines hold a sentence of the sender's above a
// sign-off, so that a message made only of "Thanks," is not cut empty.
func ownWords(lines []string) bool {
	for _, l := range lines {
		if len(strings.Fields(l)) >= 3 {
			return true
		}
	}
	return false
}

// sentenceEnd splits text into sentences: at ., ?, ! and ; followed by a
// space, and at blank lines and line breaks that end a sentence.
var (
	sentenceEnd = regexp.MustCompile(`([.?!;])\s+|\n\s*\n|[?!]$`)
	blankLine   = regexp.MustCompile(`\n\s*\n`)
)

// sentences splits own text into the sentences a request is read from;
// lines wrapped inside a sentence are joined first.
func sentences(text string) []string {
	var out []string
	for _, para := range blankLine.Split(text, -1) {
		var joined []string
		for _, l := range strings.Split(para, "\n") {
			l = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "-*•·"))
			if l != "" {
				joined = append(joined, l)
			}
		}
		// List items keep their own lines: "Please send:\n- photos\n- COS"
		// reads as one request, which is what it is.
		p := strings.Join(joined, " ")
		start := 0
		for _, m := range sentenceEnd.FindAllStringSubmatchIndex(p, -1) {
			// "approx. 3" and "No. 12" are not ends; a digit after the
			// stop is a number or a claim number.
			if m[1] < len(p) && p[m[0]] == '.' && !unicode.IsUpper(rune(p[m[1]])) && !unicode.IsLetter(rune(p[m[1]])) {
				continue
			}
			out = append(out, strings.TrimSpace(p[start:m[1]]))
			start = m[1]
		}
		if s := strings.TrimSpace(p[start:]); s != "" {
			out = append(out, s)
		}
	}
	return out
}
