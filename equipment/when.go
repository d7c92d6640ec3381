package equipment

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/classify"
)

// A sentence's day is read from its own words, relative to the day the
// message was written on the office's clock: "yesterday" in a mail of Fri
// Dec 4 is Thu Dec 3, whatever hour the mail left at.
var (
	daysBack = regexp.MustCompile(`\b(day before yesterday|anteayer|antier|yesterday|last night|ayer|anoche)\b`)
	weekday  = regexp.MustCompile(`\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|miercoles|jueves|viernes|sabado|domingo)\b`)
	// monthDay is "Nov 30", "November 30th", "Nov. 30"; dayOfMonth is
	// "30 de noviembre"; slashDate is "11/30" or "11/30/26".
	monthDay   = regexp.MustCompile(`\b(january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept|sep|october|oct|november|nov|december|dec)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b`)
	dayOfMonth = regexp.MustCompile(`\b(\d{1,2}) de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)\b`)
	slashDate  = regexp.MustCompile(`\b(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?\b`)
)

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
	"domingo": time.Sunday, "lunes": time.Monday, "martes": time.Tuesday, "miercoles": time.Wednesday,
	"jueves": time.Thursday, "viernes": time.Friday, "sabado": time.Saturday,
}

var spanishMonths = []string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
	"septiembre", "octubre", "noviembre", "diciembre"}

// dayHour is the hour a day named without a time stands at: the middle
// of the working day, which counts the same billed days whatever the hour
// it was. The day is all that is known: pages tell it without the hour.
const dayHour = 12

// OnDay is the instant equipment placed or picked up on the day of t, on
// loc's clock, stands at when nobody says the time: from mail that names
// only the day, and from a record form given a date without a time.
func OnDay(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), dayHour, 0, 0, 0, loc)
}

// recentPast bounds how far back a date without a year reaches: a date
// later in the year than the mail, by more than this, is last year's.
const recentPast = 60 * 24 * time.Hour

// clockTime is a time of day a sentence gives: "at 3pm", "3:30 p.m.",
// "14:30", "a las 3 pm". An hour alone ("at 8") is not one: it may be a
// count or an address.
var clockTime = regexp.MustCompile(`\b(\d{1,2})(?::([0-5]\d))?\s*(am\b|pm\b|a\.m\.|p\.m\.)|\b(\d{1,2}):([0-5]\d)\b`)

// sentenceTime is when the folded sentence f says its equipment moved, in
// a message written at sent, read on the office's clock loc: the time of
// day it gives, on the day it names (the mail's when it names none);
// else the mail's own time when it names no other day ("this morning",
// "today"), or the day it names alone (day true: OnDay, no time known).
// ok is false when the day it names is after the mail's, or the time it
// gives today is after the mail: that has not happened yet; and when it
// names a numeric date that cannot be told (namedDay).
func sentenceTime(f string, sent time.Time, loc *time.Location) (at time.Time, day, ok bool) {
	today := OnDay(sent, loc)
	d, named := namedDay(f, today)
	if named && (d.IsZero() || d.After(today)) {
		return time.Time{}, false, false
	}
	if !named {
		d = today
	}
	if h, m, given := clockOf(f); given {
		at = time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, loc)
		return at, false, !at.After(sent)
	}
	if d.Equal(today) {
		return sent, false, true
	}
	return d, true, true
}

// clockOf is the time of day the folded sentence f gives, on a 24-hour
// clock; false when it gives none.
func clockOf(f string) (hour, minute int, ok bool) {
	m := clockTime.FindStringSubmatch(f)
	if m == nil {
		return 0, 0, false
	}
	h, mins, half := m[1], m[2], m[3]
	if h == "" {
		h, mins = m[4], m[5]
	}
	hour, _ = strconv.Atoi(h)
	minute, _ = strconv.Atoi(mins)
	switch {
	case hour > 23, half != "" && (hour < 1 || hour > 12):
		return 0, 0, false
	case strings.HasPrefix(half, "p") && hour < 12:
		hour += 12
	case strings.HasPrefix(half, "a") && hour == 12:
		hour = 0
	}
	return hour, minute, true
}

// namedDay is the day at noon the folded sentence f names, today being
// the mail's day at noon; false when it names none, zero when it names a
// numeric date that cannot be told (slashDateNear).
func namedDay(f string, today time.Time) (time.Time, bool) {
	if m := daysBack.FindString(f); m != "" {
		back := 1
		if m == "day before yesterday" || m == "anteayer" || m == "antier" {
			back = 2
		}
		return today.AddDate(0, 0, -back), true
	}
	if m := monthDay.FindStringSubmatch(f); m != nil {
		return dateNear(today, monthOf(m[1]), m[2])
	}
	if m := dayOfMonth.FindStringSubmatch(f); m != nil {
		for i, name := range spanishMonths {
			if name == m[2] {
				return dateNear(today, i+1, m[1])
			}
		}
	}
	if m := slashDate.FindStringSubmatchIndex(f); m != nil && f[m[0]:m[1]] != "24/7" { // round the clock, not Jul 24
		clue := dateClue{cue: cueBefore(f[:m[0]]), weekday: noWeekday}
		if wd, ok := classify.WeekdayBeside(f, m[0], m[1]); ok {
			clue.weekday = wd
		}
		return slashDateNear(today, f[m[2]:m[3]], f[m[4]:m[5]], clue)
	}
	if m := weekday.FindString(f); m != "" {
		// The last such day before the mail's: on a Monday, "on Monday"
		// is a week ago, as today would be "today".
		back := (int(today.Weekday())-int(weekdays[m])+6)%7 + 1
		return today.AddDate(0, 0, -back), true
	}
	return time.Time{}, false
}

// dateCue is the word right before a numeric date: Spanish "el 3/12",
// "del 3/12" are day first, English "on 12/3" month first.
var dateCue = regexp.MustCompile(`\b(el|del|on)\s+$`)

// cueBefore is the cue word at the end of the folded text before a date,
// "" for none.
func cueBefore(before string) string {
	if m := dateCue.FindStringSubmatch(before); m != nil {
		return m[1]
	}
	return ""
}

// dateClue is what the words beside a numeric date say of its order: the
// word right before it (cueBefore) and the weekday named beside it
// (noWeekday for none).
type dateClue struct {
	cue     string
	weekday time.Weekday
}

// noWeekday is a dateClue's weekday when none is named.
const noWeekday time.Weekday = -1

// slashDateNear is the date of the numbers first/second (dateNear), clue
// being what the words beside them say. When both orders make a date, the
// one that falls on the weekday named beside it is read ("picked up
// Tuesday 12/8" in December 2026 is Dec 8, not Aug 12) when it is within
// recentPast before the mail, equipment being logged as it moves; with no
// weekday that tells, the one within recentPast; when both are, the order
// of the cue's language ("el" day first, "on" month first), never of the
// mail as a whole: a crew named "de la Torre" writes US dates, and so do
// many who write in Spanish. When only one order makes a date (30/11), it
// is read. Zero when the reading told is not recent, or nothing tells the
// two apart; false when neither order makes a date (11/31): the numbers
// name no day.
func slashDateNear(today time.Time, first, second string, clue dateClue) (d time.Time, date bool) {
	a, _ := strconv.Atoi(first)
	monthFirst, okM := dateNear(today, a, second)
	b, _ := strconv.Atoi(second)
	dayFirst, okD := dateNear(today, b, first)
	recent := func(d time.Time) bool { return !d.After(today) && today.Sub(d) <= recentPast }
	onWeekday := func(d time.Time) bool { return d.Weekday() == clue.weekday }
	switch {
	case !okD || okM && monthFirst.Equal(dayFirst):
		return monthFirst, okM
	case !okM:
		return dayFirst, true
	case onWeekday(monthFirst) != onWeekday(dayFirst):
		d = monthFirst
		if onWeekday(dayFirst) {
			d = dayFirst
		}
		if !recent(d) {
			return time.Time{}, true
		}
		return d, true
	case recent(monthFirst) && !recent(dayFirst):
		return monthFirst, true
	case recent(dayFirst) && !recent(monthFirst):
		return dayFirst, true
	case recent(monthFirst) && (clue.cue == "el" || clue.cue == "del"):
		return dayFirst, true
	case recent(monthFirst) && clue.cue == "on":
		return monthFirst, true
	}
	return time.Time{}, true
}

// monthOf is the month a folded English month name starts with.
func monthOf(name string) int {
	for i, m := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if strings.HasPrefix(name, m) {
			return i + 1
		}
	}
	return 0
}

// dateNear is day of month in the year that puts it nearest before today:
// Dec 30 in a mail of Jan 2 is last year's. false for no such date.
func dateNear(today time.Time, month int, day string) (time.Time, bool) {
	d, err := strconv.Atoi(day)
	if err != nil || month < 1 || month > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	at := time.Date(today.Year(), time.Month(month), d, dayHour, 0, 0, 0, today.Location())
	if at.Day() != d {
		return time.Time{}, false // Nov 31
	}
	if at.Sub(today) > recentPast {
		at = at.AddDate(-1, 0, 0)
	}
	return at, true
}
