package classify

import (
	"cmp"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	isoDayRe   = regexp.MustCompile(`\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b`)
	slashDayRe = regexp.MustCompile(`\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})\b`)
	monthDayRe = regexp.MustCompile(`\b([a-z]{3,10})\.?\s+(\d{1,2})(st|nd|rd|th)?,?\s+(\d{4})\b`)
	dayMonthRe = regexp.MustCompile(`\b(\d{1,2})\s+(de\s+)?([a-z]{3,10})\.?,?\s+(de\s+|del\s+)?(\d{4})\b`)
	months     = map[string]time.Month{
		"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
		"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
		"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
		"ene": 1, "enero": 1, "febrero": 2, "marzo": 3, "abr": 4, "abril": 4, "mayo": 5, "junio": 6,
		"julio": 7, "ago": 8, "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10,
		"noviembre": 11, "dic": 12, "diciembre": 12,
	}
)

// ParseDate reads a calendar date as people write it in claims mail:
// 2026-10-31, 10/31/2026, 10/31/26, Oct 31, 2026, 31 de octubre de 2026.
// A slashed date whose numbers make a date in either order is read in the
// order s itself tells (see dateClues.pick: "Fecha: 9/12/2026" is 9
// December), else month first. The result is midnight UTC.
func ParseDate(s string) (time.Time, bool) {
	return dateClues{text: s}.parse(s)
}

// dateClues are what tells the order of a slashed date's numbers when both
// orders make a date ("9/12/2026": Sep 12 or 9 Dec), besides the date's
// own words.
type dateClues struct {
	// label is the words before the date's value: its field's label
	// ("Fecha de pérdida", "Date Sampled").
	label string
	// text is the whole text the date stands in: its other dates show the
	// order its writer uses.
	text string
	// notAfter is when the date was written of as past: a date of loss is
	// before the message that reports it. Zero when unknown.
	notAfter time.Time
}

// parse reads the first date in s as ParseDate does, telling the order of
// a slashed date's numbers by c.
func (c dateClues) parse(s string) (time.Time, bool) {
	f := Fold(s)
	if m := isoDayRe.FindStringSubmatch(f); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		return calendarDate(y, time.Month(mo), d)
	}
	if m := slashDayRe.FindStringSubmatchIndex(f); m != nil {
		monthFirst, dayFirst := slashedReadings(f, m)
		if !monthFirst.IsZero() && !dayFirst.IsZero() && !monthFirst.Equal(dayFirst) {
			return c.pick(f, m, monthFirst, dayFirst)
		}
		d := cmp.Or(monthFirst, dayFirst) // the one order that makes a date
		return d, !d.IsZero()
	}
	if m := monthDayRe.FindStringSubmatch(f); m != nil {
		if mo, ok := months[m[1]]; ok {
			d, _ := strconv.Atoi(m[2])
			y, _ := strconv.Atoi(m[4])
			return calendarDate(y, mo, d)
		}
	}
	if m := dayMonthRe.FindStringSubmatch(f); m != nil {
		if mo, ok := months[m[3]]; ok {
			d, _ := strconv.Atoi(m[1])
			y, _ := strconv.Atoi(m[5])
			return calendarDate(y, mo, d)
		}
	}
	return time.Time{}, false
}

// calendarDate is midnight UTC of year y (two digits: 20yy), month mo and
// day d; false when they make no date (Nov 31).
func calendarDate(y int, mo time.Month, d int) (time.Time, bool) {
	if y < 100 {
		y += 2000
	}
	if mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1900 || y > 2200 {
		return time.Time{}, false
	}
	t := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// slashedReadings are the dates of slashDayRe's match m in f read month
// first and day first, each zero when that order makes no date.
func slashedReadings(f string, m []int) (monthFirst, dayFirst time.Time) {
	a, _ := strconv.Atoi(f[m[2]:m[3]])
	b, _ := strconv.Atoi(f[m[4]:m[5]])
	y, _ := strconv.Atoi(f[m[6]:m[7]])
	monthFirst, _ = calendarDate(y, time.Month(a), b)
	dayFirst, _ = calendarDate(y, time.Month(b), a)
	return monthFirst, dayFirst
}

// pick chooses between the two readings of the slashed date at m in
// folded f, as a coordinator would: the one that falls on a weekday named
// beside it ("Tuesday 12/8/2026"); else the one not after c.notAfter; else
// the order of the text's other dates that make a date in one order only
// ("25/11/2026" elsewhere: day first); else the order of the words before
// it, day first after Spanish ones ("Fecha de pérdida", "ocurrió el");
// else month first, as US carriers write. Never by how the text reads as a
// whole: a signature's "María de la Cruz" says nothing of how dates are
// written. false when the weekday's reading is after notAfter:
// nothing tells that date.
func (c dateClues) pick(f string, m []int, monthFirst, dayFirst time.Time) (time.Time, bool) {
	past := func(d time.Time) bool { return c.notAfter.IsZero() || !d.After(latestDay(c.notAfter)) }
	if wd, ok := WeekdayBeside(f, m[0], m[1]); ok && (monthFirst.Weekday() == wd) != (dayFirst.Weekday() == wd) {
		d := monthFirst
		if dayFirst.Weekday() == wd {
			d = dayFirst
		}
		if !past(d) {
			return time.Time{}, false
		}
		return d, true
	}
	writesDay, writesMonth := writtenOrders(c.text)
	switch {
	case past(monthFirst) != past(dayFirst):
		if past(dayFirst) {
			return dayFirst, true
		}
		return monthFirst, true
	case writesDay != writesMonth:
		if writesDay {
			return dayFirst, true
		}
		return monthFirst, true
	case dayFirstLabel(c.label + " " + f[:m[0]]):
		return dayFirst, true
	}
	return monthFirst, true
}

// latestDay is the last day, as midnight UTC, that a date written of as
// past at t may fall on: t's own day on its own clock, and the next, the
// place the date is of being maybe a time zone ahead of the writer.
func latestDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, time.UTC)
}

// writtenOrders report whether folded or raw text holds slashed dates
// that make a date only day first ("25/11/2026"), and only month first
// ("11/25/2026"). Dates without a year do not count: "24/7" is round the
// clock; nor do dotted numbers, as often a version (13.2.26) as a date,
// nor dashed ones with a year of two digits, as often a policy or claim
// number (26-10-44).
func writtenOrders(text string) (dayFirst, monthFirst bool) {
	for _, m := range slashDayRe.FindAllStringSubmatchIndex(text, -1) {
		date := text[m[0]:m[1]]
		if strings.Contains(date, ".") || strings.Contains(date, "-") && m[7]-m[6] < 4 {
			continue
		}
		md, dm := slashedReadings(text, m)
		dayFirst = dayFirst || md.IsZero() && !dm.IsZero()
		monthFirst = monthFirst || dm.IsZero() && !md.IsZero()
	}
	return dayFirst, monthFirst
}

// Words before a date that name it, in Spanish and in English.
var (
	spanishDateWords = map[string]bool{"fecha": true, "dia": true}
	englishDateWords = map[string]bool{"date": true, "dol": true, "day": true}
)

// dayFirstLabel reports whether the words before a date say it is
// written the Spanish way, day first: a Spanish label ("Fecha de
// pérdida", "Fecha del siniestro") or "el"/"del" right before it
// ("ocurrió el"), and no English one; a bilingual label ("Date of Loss /
// Fecha de pérdida") says nothing.
func dayFirstLabel(before string) bool {
	ws := words(before)
	spanish, english := false, false
	for _, w := range ws {
		spanish = spanish || spanishDateWords[w]
		english = english || englishDateWords[w]
	}
	if n := len(ws); n > 0 {
		spanish = spanish || ws[n-1] == "el" || ws[n-1] == "del"
		english = english || ws[n-1] == "on"
	}
	return spanish && !english
}

// WeekdayNames are the names of weekdays, English (with their
// abbreviations, but "sat" and "sun": "12/8 sun room") and Spanish, folded.
const WeekdayNames = `monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|` +
	`lunes|martes|miercoles|jueves|viernes|sabado|domingo`

var (
	// weekdayBeforeRe is a weekday right before a date: "Tuesday 12/8",
	// "Tue., 12/8", "el martes 8/12"; weekdayAfterRe right after it:
	// "12/8 (Tue)", "8/12 martes". A weekday after a comma begins what
	// follows ("picked up 12/8, Monday we set fans").
	weekdayBeforeRe = regexp.MustCompile(`\b(` + WeekdayNames + `)\.?,?\s+$`)
	weekdayAfterRe  = regexp.MustCompile(`^(?:\s*\(\s*|\s+)(` + WeekdayNames + `)\b`)
	weekdayOf       = map[string]time.Weekday{
		"sunday": time.Sunday, "domingo": time.Sunday,
		"monday": time.Monday, "mon": time.Monday, "lunes": time.Monday,
		"tuesday": time.Tuesday, "tue": time.Tuesday, "tues": time.Tuesday, "martes": time.Tuesday,
		"wednesday": time.Wednesday, "wed": time.Wednesday, "miercoles": time.Wednesday,
		"thursday": time.Thursday, "thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "jueves": time.Thursday,
		"friday": time.Friday, "fri": time.Friday, "viernes": time.Friday,
		"saturday": time.Saturday, "sabado": time.Saturday,
	}
)

// WeekdayNamed is the weekday a folded name of WeekdayNames stands for
// ("tue", "martes"); false for any other word.
func WeekdayNamed(name string) (time.Weekday, bool) {
	d, ok := weekdayOf[name]
	return d, ok
}

// WeekdayBeside is the weekday named right before or right after the date
// that stands from start to end in folded text f (see weekdayBeforeRe);
// false when none is.
func WeekdayBeside(f string, start, end int) (time.Weekday, bool) {
	m := weekdayBeforeRe.FindStringSubmatch(f[:start])
	if m == nil {
		m = weekdayAfterRe.FindStringSubmatch(f[end:])
	}
	if m == nil {
		return 0, false
	}
	return weekdayOf[m[1]], true
}
