package classify

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
)

// MinUpdateWords is how many words of its own office mail needs, beyond
// its templates, greeting, sign-off, the claim's names and the words of a
// bare acknowledgment, to be a daily update: "Received, will get back to
// you shortly" says nothing of the job; "removed the kitchen drywall, 3 air
// movers running" does.
const MinUpdateWords = 4

// UpdateCheck tells a daily update from a bare acknowledgment. It is a
// pure rule over the mail's text: the office's templates and the claim's
// names come in as values.
type UpdateCheck struct {
	// Templates are the bodies of the office's reply templates (the
	// acknowledgment and the update, every language) as written, with
	// their {{...}} actions: their words are the template's, not news.
	Templates []string
	// Known are what the templates fill in for the claim: names, job and
	// claim numbers, addresses.
	Known []string
}

// IsUpdate reports whether body, an office mail's text, says more than a
// bare acknowledgment or an unfilled template.
func (u UpdateCheck) IsUpdate(body string) bool {
	return len(u.NewWords(body)) >= MinUpdateWords
}

// NewWords returns the words body adds to its templates and a bare
// acknowledgment, in order: what the mail says of the job. A template's
// wording is taken out where it stands, phrase by phrase, so that its
// words still count when the sender uses them to say something new
// ("drying day 2: readings down").
func (u UpdateCheck) NewWords(body string) []string {
	known := map[string]bool{}
	for _, w := range ackWords {
		known[w] = true
	}
	for _, k := range u.Known {
		for _, w := range words(k) {
			known[w] = true
		}
	}
	var phrases []string
	for _, t := range u.Templates {
		for _, line := range strings.Split(t, "\n") {
			for _, piece := range templateAction.Split(line, -1) {
				if ws := words(piece); len(ws) > 0 {
					phrases = append(phrases, strings.Join(ws, " "))
				}
			}
		}
	}
	// Longest first: "we have received it" goes before "received".
	slices.SortFunc(phrases, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	var out []string
	for _, line := range strings.Split(ownLines(body), "\n") {
		s := spaced(line)
		for _, p := range phrases {
			s = strings.ReplaceAll(s, " "+p+" ", "  ")
		}
		for _, w := range strings.Fields(s) {
			if len(w) > 1 && !known[w] {
				out = append(out, w)
			}
		}
	}
	return out
}

// templateAction is a {{...}} action of a reply template.
var templateAction = regexp.MustCompile(`\{\{.*?\}\}`)

var (
	// greetingLine opens a mail: "Hello Jennifer," "Hola Ana:".
	greetingLine = regexp.MustCompile(`(?i)^(hello|hi|hey|dear|good (morning|afternoon|evening)|hola|buenos d[ií]as|buenas tardes|estimad[oa]s?)\b`)
	// signOffLine ends what the sender wrote: a name and title follow.
	signOffLine = regexp.MustCompile(`(?i)^(--\s*$|(best|kind|warm)?\s*regards|best|thanks|thank you|many thanks|sincerely|cheers|respectfully|atentamente|saludos|un saludo|gracias|cordialmente|sent from my)\b`)
	// emptyBullet is a template bullet left as written: "- Next steps:".
	emptyBullet = regexp.MustCompile(`^[-*•]\s*[^:]{1,60}:\s*$`)
)

// ownLines returns the lines the office wrote in this mail: above any
// quote, without the greeting, the sign-off and what follows it, and
// without bullets left empty.
func ownLines(body string) string {
	lines := strings.Split(topText(strings.ReplaceAll(body, "\r\n", "\n")), "\n")
	var out []string
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if len(strings.Fields(t)) <= 4 && signOffLine.MatchString(t) && i > 0 {
			break
		}
		if len(out) == 0 && len(strings.Fields(t)) <= 5 && greetingLine.MatchString(t) {
			continue
		}
		if emptyBullet.MatchString(t) {
			continue
		}
		out = append(out, t)
	}
	// A name and a title under the last sentence are a signature without a
	// sign-off: "Alexis Moreno" / "Claims coordinator".
	for len(out) > 0 && (out[len(out)-1] == "" || isSignatureLine(out[len(out)-1])) {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}

// OwnText returns what the sender of body, a mail's text or HTML, wrote
// in it: above any quoted or forwarded message, without the greeting, the
// sign-off and the signature, and without template bullets left empty.
// It is what a note on the mail says.
func OwnText(body string) string {
	return strings.TrimSpace(blankLinesRe.ReplaceAllString(ownLines(plainText(body)), "\n\n"))
}

// signatureName is a short line of capitalised words without a number or
// a stop: a name or a title.
var signatureName = regexp.MustCompile(`^(\p{Lu}[\p{L}'.-]*)(\s+[\p{L}'.&|-]+){0,3}$`)

// isSignatureLine reports whether l is a name or a title under a mail's
// last sentence; a short sentence ("Equipment picked up today.") is not,
// though its words would pass for one.
func isSignatureLine(l string) bool {
	return signatureName.MatchString(l) && !(strings.HasSuffix(l, ".") && len(strings.Fields(l)) >= 3)
}

// EmptyPlaceholders returns the template bullets left unfilled in body
// ("- Work done today:"), without their marks: an update sent with them
// empty says nothing.
func EmptyPlaceholders(body string) []string {
	var out []string
	for _, l := range strings.Split(topText(strings.ReplaceAll(body, "\r\n", "\n")), "\n") {
		t := strings.TrimSpace(l)
		if emptyBullet.MatchString(t) {
			out = append(out, strings.TrimSpace(strings.TrimRight(strings.TrimLeft(t, "-*• "), ":")))
		}
	}
	return out
}

// ackWords are the words of bare acknowledgments and their small talk, in
// English and Spanish, and the words every sentence has: none of them
// says anything of the job.
var ackWords = strings.Fields(`
a an the and or but to of in on at for from by with about as is are was were be been being it its this that these those
we us our you your i me my he she they them their his her there here have has had do does did will would shall should
can could may might must not no yes so if then than also just all any some more very
hello hi hey dear thanks thank much many received receipt got get getting back soon shortly asap will noted note ok okay
sure great good perfect looks sounds fine copy acknowledged acknowledge confirm confirmed confirming message email mail
note reply response follow up touch look looking into review reviewing let know questions question anything else
please call us reach out team regards best sincerely appreciate appreciated
el la los las de del y o en que su sus por para con lo le les un una unos unas es son al mas muy gracias recibido recibimos
hemos mensaje correo responderemos breve pronto cualquier pregunta saludos atentamente favor
`)
