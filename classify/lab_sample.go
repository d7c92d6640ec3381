package classify

import (
	"regexp"
	"strings"
	"time"
)

// sampleDateLabelRe finds the label of a lab report's sample date, in
// English or Spanish, on folded text; the date follows it on its line.
var sampleDateLabelRe = regexp.MustCompile(`\b(date\s+sampled|sampled?\s+date|sampling\s+date|date\s+of\s+sampl(e|ing)|` +
	`date\s+collected|collection\s+date|collected\s+on|sampled\s+on|fecha\s+de\s+(la\s+)?(muestra|muestreo|recoleccion))\b\s*[:#.-]?\s*`)

// LabSampleDate reads when the sample was taken from the text of a lab
// report received at received (ITEL's "Date Sampled: 11/05/2026", "Fecha
// de muestreo: 5 de noviembre de 2026"): a date on the line of a
// sample-date label, its numbers' order told by the label, the report's
// other dates, and the sample being taken before the report came
// (dateClues.pick). The result is midnight UTC of that date; false when no
// such line has a date.
func LabSampleDate(text string, received time.Time) (time.Time, bool) {
	if len(text) > 64<<10 {
		text = text[:64<<10]
	}
	for _, line := range strings.Split(Fold(text), "\n") {
		for _, loc := range sampleDateLabelRe.FindAllStringIndex(line, -1) {
			rest := line[loc[1]:]
			if len(rest) > 40 {
				rest = rest[:40]
			}
			clues := dateClues{label: line[:loc[1]], text: text, notAfter: received}
			if d, ok := clues.parse(rest); ok {
				return d, true
			}
		}
	}
	return time.Time{}, false
}
