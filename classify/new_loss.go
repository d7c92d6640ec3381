package classify

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// NewLoss is what a first email about a loss tells of the claim to open:
// a homeowner writing "water in the basement, can someone come out?".
// Fields the mail does not tell are empty.
type NewLoss struct {
	InsuredName, InsuredEmail, InsuredPhone string
	LossAddress                             string
	// LossDescription is what happened, in the sender's words; LossType
	// is read from it as LossTypeOf reads any account of a loss.
	LossDescription, LossType string
}

// ReadNewLoss reads a first email about a loss: the insured is its sender
// when the sender's name reads as a person's (not "Claims Team" or an
// address), with the sender's email; the phone and the loss address are
// the first the body writes; what happened is told by lossAccount.
func ReadNewLoss(fromName, fromEmail, subject, body string) NewLoss {
	n := NewLoss{
		InsuredName:  senderPersonName(fromName),
		InsuredEmail: strings.ToLower(strings.TrimSpace(fromEmail)),
		InsuredPhone: phoneRe.FindString(body),
		LossAddress:  strings.TrimRight(strings.TrimSpace(proseAddressRe.FindString(body)), ".;,"),
	}
	n.LossDescription = lossAccount(strings.TrimSpace(replyPrefixRe.ReplaceAllString(subject, "")), body)
	n.LossType = LossTypeOf(n.LossDescription)
	return n
}

// lossAccountMax bounds what happened as the form takes it from mail: a
// subject and a sentence, not a whole body pasted.
const lossAccountMax = 400

// lossAccount is what happened as a first email tells it: its subject,
// with the body's first sentence naming a loss, which tells more ("about
// an inch of water in the finished basement") than a subject does; the
// sentence alone when the subject names no loss; else the subject.
func lossAccount(subject, body string) string {
	var sentence string
	for _, s := range sentenceRe.FindAllString(body, -1) {
		if LossTypeOf(s) != "" {
			sentence = strings.Join(strings.Fields(s), " ")
			break
		}
	}
	switch {
	case sentence == "":
		return subject
	case LossTypeOf(subject) == "" || strings.Contains(Fold(sentence), Fold(subject)):
		return truncateWords(sentence, lossAccountMax)
	}
	return truncateWords(strings.TrimRight(subject, ".")+". "+sentence, lossAccountMax)
}

// truncateWords cuts s to at most max bytes at a space, with "…".
func truncateWords(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if i := strings.LastIndexByte(s[:cut], ' '); i > 0 {
		cut = i
	}
	return s[:cut] + "…"
}

var (
	// replyPrefixRe is the "Re: Fwd:" before a subject.
	replyPrefixRe = regexp.MustCompile(`^(?i:\s*(?:re|fwd?|aw|rv|tr)\s*:\s*)+`)
	// sentenceRe is a sentence of a body: up to its full stop, question
	// mark or the end of its paragraph.
	sentenceRe = regexp.MustCompile(`[^.!?\n]+(?:[.!?]|\n\s*\n|$)`)
	// notPersonWords are words of a sender's name that make it a team, a
	// company or a system rather than a person.
	notPersonWords = map[string]bool{
		"claims": true, "claim": true, "team": true, "office": true, "service": true, "services": true,
		"support": true, "info": true, "insurance": true, "restoration": true, "plumbing": true, "inc": true,
		"llc": true, "co": true, "company": true, "mutual": true, "department": true, "dept": true,
		"admin": true, "noreply": true, "reply": true, "mailer": true, "notifications": true, "notification": true,
		"the": true, "group": true, "agency": true, "customer": true, "care": true, "desk": true,
	}
)

// senderPersonName is fromName written as a person's name ("KESSLER,
// BRIAN" is "Brian Kessler"), or "" when it does not read as one: a single
// word, an address, a phone, a team or a company.
func senderPersonName(fromName string) string {
	v := strings.TrimSpace(strings.Trim(strings.TrimSpace(fromName), `"'`))
	if v == "" || strings.ContainsAny(v, "@0123456789&/") {
		return ""
	}
	v = personName(v)
	ws := strings.Fields(v)
	if len(ws) < 2 || len(ws) > 4 {
		return ""
	}
	for _, w := range ws {
		r := []rune(w)
		if !unicode.IsLetter(r[0]) || notPersonWords[Fold(strings.Trim(w, ".,"))] {
			return ""
		}
	}
	return v
}
