package requests

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/sla"
)

// Due-time wordings, on folded text.
var (
	dueWithinHours = regexp.MustCompile(`\b(?:within|in the next|in|next|dentro de|en (?:las )?(?:proximas )?)\s*(\d{1,3})\s*(?:business |working )?(?:hours?|hrs?|h|horas)\b`)
	dueWithinDays  = regexp.MustCompile(`\b(?:within|in the next|in|next|dentro de|en (?:los )?(?:proximos )?)\s*(\d{1,2}|one|two|three|four|five|un|uno|dos|tres|cuatro|cinco)\s*(?:business |working |habiles )?(?:days?|dias)(?: habiles)?\b`)
	dueToday       = regexp.MustCompile(`\b(eod|e\.o\.d|end of (the )?(business )?day|close of business|cob|by tonight|today|hoy|antes de (que )?termine el dia|al final del dia|fin del dia)\b`)
	// dueSoon is "as soon as possible": the office's close that day, as
	// for "today".
	dueSoon     = regexp.MustCompile(`\b(asap|a\.s\.a\.p|as soon as (possible|you can)|right away|lo antes posible|lo mas pronto posible|cuanto antes|de inmediato)\b`)
	dueTomorrow = regexp.MustCompile(`\b(tomorrow|tmrw|tmr|first thing in the morning)\b`)
	// dueTomorrowMorning is the next morning: "tomorrow morning", "first
	// thing tomorrow", "mañana por la mañana", "mañana temprano".
	dueTomorrowMorning = regexp.MustCompile(`\b(tomorrow (morning|am|a\.m\.)|first thing (tomorrow|in the morning)|manana (por la manana|temprano|a primera hora))\b`)
	// "mañana" is tomorrow, except in "esta mañana", "la mañana", "de la
	// mañana" (this morning, the morning, a.m.).
	dueManana    = regexp.MustCompile(`(^|[^a-z])(esta |la |por la |de la |en la )?manana\b`)
	dueEndOfWeek = regexp.MustCompile(`\b(end of (the )?week|eow|this week|fin de (la )?semana|esta semana)\b`)
	// dueWeekday is a weekday after a word that makes it a deadline: "by
	// Friday", "due Wednesday", "end of day Friday", "para el viernes".
	dueWeekday = regexp.MustCompile(`\b(?:by|before|until|no later than|para el|antes del|para|este|this|next|due(?: on| by)?|deadline(?: is)?(?: on)?|(?:eod|e\.o\.d\.?|cob|close of business|end of (?:the )?(?:business )?day)(?: on)?)\s+` + weekdayWords + `\b`)
	// dueWeekdayEnd is a weekday with the end of its day after it:
	// "Friday EOD", "Friday by end of day".
	dueWeekdayEnd = regexp.MustCompile(`\b` + weekdayWords + `,?\s+(?:by\s+)?(?:eod|e\.o\.d|cob|close of business|end of (?:the )?(?:business )?day)\b`)
	// dueBeforeEvent is something the sender has on a weekday, which the
	// office's answer must come before: "I have a supervisor review on
	// Wednesday", "before my review on Wednesday", "tengo una revisión
	// el miércoles".
	dueBeforeEvent = regexp.MustCompile(`\b(?:i have|i've got|we have|there is|there's|before|ahead of|prior to|tengo|tenemos|hay|antes de)\s+(?:(?:a|an|my|our|the|his|her|una|un|mi|la|el|nuestra|nuestro)\s+)?(?:[a-z-]+\s+){0,3}?(?:review|meeting|inspection|reinspection|re-inspection|appointment|audit|walk-?through|hearing|presentation|revision|reunion|inspeccion|cita|auditoria)s?\s+(?:is\s+)?(?:on|this|next|el|del|este)\s+` + weekdayWords + `\b`)
	// dueClock is a time of day given as a deadline: "by 3pm", "before
	// noon", "antes de las 15:00", "a las 3".
	dueClock = regexp.MustCompile(`\b(?:by|before|until|no later than|antes de las|para las|a las)\s+` + clockWords)
	// atClock is a time of day after "at": a deadline only right after a
	// day that is one ("by Friday at 3pm", "tomorrow at 9").
	atClock = regexp.MustCompile(`\b(?:at\s+)?` + clockWords)
	// dayBeforeClock and dayAfterClock are a day named right before or
	// right after a time of day: "Friday by 3pm", "el viernes a las 3",
	// "by 3pm on Friday", "a las 3 del viernes", "by 9am tomorrow".
	// A part of the day may follow the day: "mañana por la mañana a las 9"
	// and "tomorrow morning at 9" are tomorrow at 9.
	dayBeforeClock = regexp.MustCompile(`(?:^|[^a-z])(esta |la |por la |de la |en la )?(` + weekdayNames + `|tomorrow|manana)` + partOfDay + `?,?\s+$`)
	dayAfterClock  = regexp.MustCompile(`^,?\s*(?:on |this |next |el |del |este )?(` + weekdayNames + `|tomorrow|manana)\b`)
	// dateAfterClock and dateBeforeClock are a numeric date right after or
	// right before a time of day, with the word before it: "by 3pm on
	// 11/5", "antes de las 3 del 5/11", "el 5/11 a las 3".
	// The word is needed: numbers beside a time without one are as often
	// no date ("running 24/7 until 8am", "rooms 2/3 by 5pm").
	dateAfterClock  = regexp.MustCompile(`^,?\s*(on|el|del)\s+(\d{1,2})/(\d{1,2})\b`)
	dateBeforeClock = regexp.MustCompile(`(?:^|[^a-z0-9/])(on|el|del|para el|antes del)\s+(\d{1,2})/(\d{1,2}),?\s+$`)
	// clockAfterDate is a time of day right after a date: "by 11/5 at
	// 2pm", "para el 5/11 a las 10:30", "by 11/5 2pm".
	clockAfterDate = regexp.MustCompile(`^,?\s*(?:(?:at|by|before|no later than|a las|antes de las|para las)\s+)?` + clockWords)
	// dueDate is a date given as a deadline, with or without a weekday:
	// "by Nov 20", "by the 20th of November", "para el 20 de noviembre",
	// "by 11/20", "para el 20/11". A year may follow a month's name ("del
	// 2026"): it is passed over, the date being read in the coming months.
	dueDate = regexp.MustCompile(`\b(?P<cue>by|before|until|no later than|on or before|due(?: on| by)?|para el|antes del|a mas tardar(?: el)?|no mas tarde del?)\s+` +
		`(?:(?P<weekday>` + weekdayNames + `)\.?,?\s+)?(?:` +
		`(?P<month>` + monthNames + `)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+\d{4})?` +
		`|(?:the\s+)?(?P<dayfirst>\d{1,2})(?:st|nd|rd|th)?\s+(?:(?:of|de)\s+(?P<monthof>` + monthNames + `)|(?P<monthafter>` + monthNamesNotVerbs + `))\.?(?:,?\s+(?:de\s+|del\s+)?\d{4})?` +
		`|(?P<first>\d{1,2})/(?P<second>\d{1,2}))\b`)
)

// partOfDay is a part of a day named after it, as a group: "tomorrow
// morning", "mañana por la mañana", "mañana temprano".
const partOfDay = `(?: (?:por|en|de) la (?:manana|tarde)| temprano| a primera hora| morning| afternoon| am| a\.m\.)`

// monthNames are the names of months, English and Spanish, in full and
// short; the first three letters of each are a key of months.
// monthNamesNotVerbs leaves out the names that are as often other words
// right after a number: "may" ("anything before 3 may work"), "set" ("by 9
// set up the dehus"), "mar" and "ago"; "of" or "de" before them makes
// them months.
const (
	monthNamesNotVerbs = `january|february|march|april|june|july|august|september|october|november|december|` +
		`enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|` +
		`jan|feb|apr|jun|jul|aug|sept|sep|oct|nov|dec|ene|abr|dic`
	monthNames = `may|mar|ago|set|` + monthNamesNotVerbs
)

// clockWords is a time of day, as groups: the hour or noon, the minutes,
// and am or pm.
const clockWords = `(noon|mediodia|\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?`

// dayFirstCue are the words right before a numeric date that say it is
// written in Spanish, and so day first when both orders are likely;
// monthFirstCue, in English, month first.
var (
	dayFirstCue = map[string]bool{"para el": true, "antes del": true, "el": true, "del": true,
		"a mas tardar": true, "a mas tardar el": true, "no mas tarde de": true, "no mas tarde del": true}
	monthFirstCue = map[string]bool{"by": true, "before": true, "until": true, "no later than": true, "on or before": true,
		"due": true, "due on": true, "due by": true, "on": true}
)

// dueWindowDays is how far ahead of the mail a deadline is likely: a
// numeric date read in one order within it, and in the other beyond it,
// is read in the first ("by 12/9" in November is Dec 9, not Sep 12).
const dueWindowDays = 60

// weekdayNames are the names of weekdays, English and Spanish;
// weekdayWords is one of them, as a group.
const (
	weekdayNames = classify.WeekdayNames
	weekdayWords = `(` + weekdayNames + `)`
)

// weekdayOf is the weekday a name of weekdayNames stands for.
func weekdayOf(name string) time.Weekday {
	d, _ := classify.WeekdayNamed(name)
	return d
}

var numberWords = map[string]int{"one": 1, "un": 1, "uno": 1, "two": 2, "dos": 2, "three": 3, "tres": 3, "four": 4, "cuatro": 4, "five": 5, "cinco": 5}

// DueTime reads the due time a sender gives in text, sent at sentAt, on
// the office calendar: nil when none is given. A day given without a time
// is due when the office closes that day (or on the next business day, if
// the office is closed that day); a weekday named is the next such day,
// the mail's own while the office is open (weekdayAhead); hours are
// business hours; a time of day is kept on the day named beside it ("by
// 3pm Friday"), today's or the next business day's when none is, and
// only where it is asked by (clockDue); a numeric date is read in the
// order that makes it likely (numericDate), and not at all when nothing
// tells its two readings apart; a month named, English or Spanish, tells
// it. A due time is
// never before the mail: a day that had ended when it was sent ("by EOD",
// written in the evening) is due at the office's next close.
func DueTime(text string, sentAt time.Time, cal *sla.Calendar) *time.Time {
	due := dueIn(text, sentAt, cal)
	if due != nil && due.Before(sentAt) {
		next := cal.NthBusinessDay(sentAt, 1).Close
		return &next
	}
	return due
}

// DefaultDue is when a request that gives no due time is due: within one
// business day, as if it said so, by the office's close on the business
// day after the one it came on.
func DefaultDue(sentAt time.Time, cal *sla.Calendar) time.Time {
	return cal.NthBusinessDay(sentAt, 2).Close
}

// dueIn is the due time text gives, as written.
func dueIn(text string, sentAt time.Time, cal *sla.Calendar) *time.Time {
	f := classify.Fold(text)
	today := cal.DateOf(sentAt)
	at := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		return &t
	}
	switch {
	case dueWithinHours.MatchString(f):
		n, _ := strconv.Atoi(dueWithinHours.FindStringSubmatch(f)[1])
		if n >= 24 {
			// "Within 24 hours" means by the next business day's end, not
			// 24 hours of open office.
			return at(cal.NthBusinessDay(sentAt, 1+n/24).Close)
		}
		return at(cal.Due(sentAt, n*60))
	case dueWithinDays.MatchString(f):
		w := dueWithinDays.FindStringSubmatch(f)[1]
		n, err := strconv.Atoi(w)
		if err != nil {
			n = numberWords[w]
		}
		return at(cal.NthBusinessDay(sentAt, 1+n).Close)
	case dueDate.MatchString(f):
		// Before the clock: "by 11/14" is a date, not 11 o'clock.
		return at(dateDue(f, sentAt, cal))
	}
	if t, ok := clockDue(f, sentAt, cal); ok {
		return at(t)
	}
	return dueInWords(f, today, sentAt, cal)
}

// dueInWords is the due time folded text f gives in words of days:
// weekdays, today, tomorrow, the end of the week.
func dueInWords(f string, today sla.Date, sentAt time.Time, cal *sla.Calendar) *time.Time {
	at := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		return &t
	}
	// "As soon as possible" asks for more than any day named beside it
	// ("ASAP, I have a review on Wednesday").
	if dueSoon.MatchString(f) {
		return at(cal.NthBusinessDay(sentAt, 1).Close)
	}
	// "on Thursday" and "el jueves" tell of the past as often as of a
	// deadline ("we met on Thursday"): only "by", "para el", "due" and the
	// like, or something the sender has that day, set a day.
	if m := firstMatch(f, dueWeekday, dueWeekdayEnd); m != "" {
		return at(closeOn(weekdayAhead(today, weekdayOf(m), sentAt, cal), cal))
	}
	switch {
	case dueBeforeEvent.MatchString(f):
		day := weekdayAhead(today, weekdayOf(dueBeforeEvent.FindStringSubmatch(f)[1]), sentAt, cal)
		return at(closeBefore(day, cal))
	case dueToday.MatchString(f):
		return at(cal.NthBusinessDay(sentAt, 1).Close)
	case dueTomorrowMorning.MatchString(f):
		return at(morningOf(today.AddDays(1), cal))
	case dueTomorrow.MatchString(f) || mananaIsTomorrow(f):
		return at(closeOn(today.AddDays(1), cal))
	case dueEndOfWeek.MatchString(f):
		return at(closeOn(today.AddDays((int(time.Friday)-int(today.Weekday())+7)%7), cal))
	}
	return nil
}

// firstMatch is the weekday the first of res that matches f names, or "",
// but for a deadline told of as past ("the estimate was due Friday").
func firstMatch(f string, res ...*regexp.Regexp) string {
	for _, re := range res {
		for _, m := range re.FindAllStringSubmatchIndex(f, -1) {
			if before := strings.Fields(f[:m[0]]); len(before) > 0 && pastTense[before[len(before)-1]] {
				continue
			}
			return f[m[2]:m[3]]
		}
	}
	return ""
}

// pastTense are the words before a deadline that tell of it as past.
var pastTense = map[string]bool{"was": true, "were": true, "had": true, "era": true, "fue": true}

// weekdayAhead is the date a weekday named at sentAt means: the next date
// on or after today that falls on wd, today only while the office is still
// open ("by Friday" written on a Friday morning is that day; written after
// the office closed, the Friday after).
func weekdayAhead(today sla.Date, wd time.Weekday, sentAt time.Time, cal *sla.Calendar) sla.Date {
	ahead := (int(wd) - int(today.Weekday()) + 7) % 7
	if ahead == 0 {
		if day, open := cal.BusinessDay(today); !open || !day.Close.After(sentAt) {
			ahead = 7
		}
	}
	return today.AddDays(ahead)
}

// closeBefore is when the office closes on the last business day before
// date d: what must be there before something on d is sent by then.
func closeBefore(d sla.Date, cal *sla.Calendar) time.Time {
	for back := 1; back <= 14; back++ {
		if day, open := cal.BusinessDay(d.AddDays(-back)); open {
			return day.Close
		}
	}
	return closeOn(d, cal)
}

// morningOf is noon of date d, or of the next business day when the office
// does not open on d; the office's close that day when it closes before
// noon or opens after it.
func morningOf(d sla.Date, cal *sla.Calendar) time.Time {
	day := cal.NthBusinessDay(cal.StartOf(d), 1)
	if day.Close.IsZero() {
		return time.Time{}
	}
	start := cal.StartOf(day.Date)
	noon := time.Date(start.Year(), start.Month(), start.Day(), 12, 0, 0, 0, cal.Location())
	if noon.Before(day.Open) || noon.After(day.Close) {
		return day.Close
	}
	return noon
}

// mananaIsTomorrow reports whether "mañana" in f means tomorrow.
func mananaIsTomorrow(f string) bool {
	for _, m := range dueManana.FindAllStringSubmatch(f, -1) {
		if m[2] == "" {
			return true
		}
	}
	return false
}

// closeOn is when the office closes on date d, or on the next business day
// when it does not open on d.
func closeOn(d sla.Date, cal *sla.Calendar) time.Time {
	return cal.NthBusinessDay(cal.StartOf(d), 1).Close
}

// clockDue reads a time of day given as a deadline ("by noon", "by 3pm",
// "antes de las 15:00") on the day named beside it: "by 3pm Friday", "el
// viernes a las 3", "by 9am tomorrow", "by 3pm on 11/5", "el 5/11 a las 3"
// (see numericDate). A weekday is read as it is alone (weekdayAhead); with
// no day named, the day is today. A time that has passed on its day, or on
// a day the office is closed, is the next business day's ("by 5pm Friday"
// written on Friday at 17:30 is Monday at 5pm, as "by 5pm today"). ok is
// false when f gives no time.
//
// Of several times, the first one asked for wins (clockWeight): "the
// crew is on site until 4, please send the COS by Monday at 3pm" is due
// Monday at 3pm. A time in a clause that asks nothing ("the tech will be
// there by 9") is the deadline only where no clause asks for a day in
// words (dayAsked).
func clockDue(f string, sentAt time.Time, cal *sla.Calendar) (t time.Time, ok bool) {
	today := cal.DateOf(sentAt)
	var told []int
	for _, m := range clockMatches(f) {
		switch clockWeight(f, m) {
		case clockAsked:
			return clockBeside(f, m, today, sentAt, cal), true
		case clockTold:
			if told == nil {
				told = m
			}
		}
	}
	if told == nil || dayAsked(f) {
		return time.Time{}, false
	}
	return clockBeside(f, told, today, sentAt, cal), true
}

// clockBeside is the time of clock match m in f on the day named beside
// it (clockDay); zero when that day cannot be told.
func clockBeside(f string, m []int, today sla.Date, sentAt time.Time, cal *sla.Calendar) time.Time {
	d, known := clockDay(f, m, today, sentAt, cal)
	if !known {
		return time.Time{}
	}
	return clockAt(f, m, d, sentAt, cal)
}

// dayAsked reports whether a clause of f that asks for something names
// the day it is due in words ("please send the COS by Friday", "we need
// it tomorrow"), or the sender has something on a day (dueBeforeEvent).
func dayAsked(f string) bool {
	if dueBeforeEvent.MatchString(f) {
		return true
	}
	for _, re := range []*regexp.Regexp{dueWeekday, dueWeekdayEnd, dueEndOfWeek, dueTomorrow} {
		for _, m := range re.FindAllStringIndex(f, -1) {
			if askCue.MatchString(textAround(f, m[0], m[1], clauseStop)) {
				return true
			}
		}
	}
	for _, m := range dueManana.FindAllStringSubmatchIndex(f, -1) {
		// With "esta", "la" or "de la" before it, "mañana" is a morning.
		if m[4] < 0 && askCue.MatchString(textAround(f, m[0], m[1], clauseStop)) {
			return true
		}
	}
	return false
}

// clockDay is the day named beside clock match m in f, a weekday,
// "tomorrow" or a numeric date, today when there is none. told is false
// for a date that cannot be told (numericDate).
func clockDay(f string, m []int, today sla.Date, sentAt time.Time, cal *sla.Calendar) (d sla.Date, told bool) {
	before, after := f[:m[0]], f[m[1]:]
	switch day := dayBeside(before, after); day {
	case "":
		return dateBesideClock(before, after, today)
	case "tomorrow", "manana":
		return today.AddDays(1), true
	default:
		return weekdayAhead(today, weekdayOf(day), sentAt, cal), true
	}
}

// clockAt is the time of clock match m in f on date d, or the next
// business day's when it has passed (clockFrom); zero for no such time.
func clockAt(f string, m []int, d sla.Date, sentAt time.Time, cal *sla.Calendar) time.Time {
	hour, min, known := hourOf(f, m)
	if !known {
		return time.Time{}
	}
	return clockFrom(d, hour, min, sentAt, cal)
}

// dateBesideClock is the numeric date right after or right before a time
// of day ("by 3pm on 11/5", "el 5/11 a las 3"), today when there is none;
// told is false for a date that cannot be told (numericDate).
func dateBesideClock(before, after string, today sla.Date) (d sla.Date, told bool) {
	n := dateAfterClock.FindStringSubmatch(after)
	if n == nil {
		n = dateBeforeClock.FindStringSubmatch(before)
	}
	if n != nil {
		return numericDate(n[2], n[3], n[1], "", today)
	}
	n = monthDateAfterClock.FindStringSubmatch(after)
	if n == nil {
		n = monthDateBeforeClock.FindStringSubmatch(before)
	}
	if n == nil {
		return today, true
	}
	// One of the two forms matched: "December 9", "9 de diciembre".
	month, day := n[1]+n[4], n[2]+n[3]
	nday, _ := strconv.Atoi(day)
	d, ok := dateAhead(today, months[month[:3]], nday)
	if ok && (d.Before(today) || d.After(today.AddDays(dueWindowDays))) {
		// A date past, or months off, beside a time is when something
		// happened ("the report of the inspection on November 20 by
		// 5pm"): the time is today's.
		return today, true
	}
	return d, ok
}

// monthDate is a date with its month's name, as groups: the month and the
// day ("December 9th"), or the day and the month ("9 de diciembre", "the
// 9th of December").
const monthDate = `(?:(` + monthNames + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?|(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of|de)\s+(` + monthNames + `))`

// monthDateAfterClock and monthDateBeforeClock are a date with its month's
// name right after or right before a time of day: "by 5pm on December
// 9", "by 5pm Dec 14", "el 9 de diciembre a las 3", "el viernes 6 de
// noviembre a las 2". Before the time, the word before the date is
// needed, as for dateBeforeClock.
var (
	monthDateAfterClock  = regexp.MustCompile(`^,?\s*(?:(?:on|el|del)\s+)?(?:(?:` + weekdayNames + `)\.?,?\s+)?` + monthDate + `\b`)
	monthDateBeforeClock = regexp.MustCompile(`(?:^|[^a-z0-9])(?:on|el|del|para el|antes del)\s+(?:(?:` + weekdayNames + `)\.?,?\s+)?` + monthDate + `(?:,?\s+(?:de\s+|del\s+)?\d{4})?,?\s+$`)
)

// clockMatches are where f gives a time of day as a deadline, in order,
// as the indexes of their groups (see clockWords): after a word that makes
// it one, or right after a day that is one ("by Friday at 3pm", "tomorrow
// 9:30am").
func clockMatches(f string) [][]int {
	ms := dueClock.FindAllStringSubmatchIndex(f, -1)
	for _, m := range atClock.FindAllStringSubmatchIndex(f, -1) {
		// A bare number after a day may be a count ("by Friday 2 dehus"):
		// only "at", minutes or am/pm make it a time.
		bare := !strings.HasPrefix(f[m[0]:], "at")
		if bare && m[4] < 0 && m[6] < 0 {
			continue
		}
		if deadlineDayBefore.MatchString(f[:m[0]]) {
			ms = append(ms, m)
		}
	}
	slices.SortStableFunc(ms, func(a, b []int) int { return a[0] - b[0] })
	return ms
}

// How much a time of day in a mail weighs as its deadline.
type clockWeighs int

const (
	clockNot   clockWeighs = iota // when something happened or happens
	clockTold                     // given in a clause that asks nothing
	clockAsked                    // asked for
)

// clockWeight weighs the time of day at clock match m in f. It is asked
// for in a clause that asks (askCue: "please send yesterday's photos by
// 3pm") or right after a deadline's day ("by Thursday, at 3pm", "para el
// viernes a las 3"). Otherwise it is no deadline in a clause that tells of
// the past ("ayer llegamos a las 3"), after "until" ("the crew is on site
// until 4") or "a las" ("la señora llega a las 3"), which tell when
// something happens as often as when it is due; any other is told.
func clockWeight(f string, m []int) clockWeighs {
	clause := textAround(f, m[0], m[1], clauseStop)
	switch cue := f[m[0]:m[1]]; {
	case askCue.MatchString(clause), cueDayBefore.MatchString(f[:m[0]]):
		return clockAsked
	case pastDay.MatchString(clause), strings.HasPrefix(cue, "until"), strings.HasPrefix(cue, "a las"):
		return clockNot
	}
	return clockTold
}

// clauseStop ends a clause of a sentence.
var clauseStop = regexp.MustCompile(`[.?!;,:]\s|\n`)

// cueDayBefore is a deadline's day at the end of a text, after the word
// that makes it one: "para el viernes", "by Friday", "para mañana".
var cueDayBefore = regexp.MustCompile(`(?:` + dueWeekday.String() + `|\b(?:by|before|para|antes de)\s+(?:tomorrow|manana))` + partOfDay + `?[,\s]*$`)

// pastDay are the words that put a clause in the past: a time of day in it
// is when something happened.
var pastDay = regexp.MustCompile(`\b(yesterday|last night|earlier today|ago|ayer|anoche|anteayer|antier)\b`)

// textAround is the text of f between the stops before [start, end) and
// after it: its clause.
func textAround(f string, start, end int, stop *regexp.Regexp) string {
	from, to := 0, len(f)
	for _, s := range stop.FindAllStringIndex(f[:start], -1) {
		from = s[1]
	}
	if s := stop.FindStringIndex(f[end:]); s != nil {
		to = end + s[0]
	}
	return f[from:to]
}

// deadlineDayBefore is a deadline day at the end of a text: what a time of
// day after it is the time of.
var deadlineDayBefore = regexp.MustCompile(`(?:` + dueWeekday.String() + `|\btomorrow)` + partOfDay + `?[,\s]*$`)

// dayBeside is the day named right before or right after a time of day:
// a weekday, "tomorrow" or "manana" ("" for none); "esta mañana a las
// 11" is this morning, today.
func dayBeside(before, after string) string {
	if m := dayAfterClock.FindStringSubmatch(after); m != nil {
		return m[1]
	}
	if m := dayBeforeClock.FindStringSubmatch(before); m != nil && m[1] == "" {
		return m[2]
	}
	return ""
}

// hourOf is the time of day of clock match m in f, on a 24-hour clock:
// an hour without am or pm is the office's, "by 3" the afternoon. known
// is false for no such time (25:00).
func hourOf(f string, m []int) (hour, min int, known bool) {
	group := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return f[m[2*i]:m[2*i+1]]
	}
	h, mins, half := group(1), group(2), group(3)
	if h == "noon" || h == "mediodia" {
		return 12, 0, true
	}
	hour, _ = strconv.Atoi(h)
	min, _ = strconv.Atoi(mins)
	switch {
	case strings.HasPrefix(half, "p") && hour < 12:
		hour += 12
	case half == "" && hour < 7:
		hour += 12
	}
	return hour, min, hour <= 23 && min <= 59
}

// clockOn is hour:min on date d, on the office's clock.
func clockOn(d sla.Date, hour, min int, cal *sla.Calendar) time.Time {
	start := cal.StartOf(d)
	return time.Date(start.Year(), start.Month(), start.Day(), hour, min, 0, 0, cal.Location())
}

// clockFrom is hour:min on the first business day from date d on when that
// time is after sentAt; zero when none is within two weeks.
func clockFrom(d sla.Date, hour, min int, sentAt time.Time, cal *sla.Calendar) time.Time {
	for range 14 {
		t := clockOn(d, hour, min, cal)
		if _, open := cal.BusinessDay(d); open && t.After(sentAt) {
			return t
		}
		d = d.AddDays(1)
	}
	return time.Time{}
}

var months = map[string]time.Month{
	"jan": time.January, "feb": time.February, "mar": time.March, "apr": time.April, "may": time.May, "jun": time.June,
	"jul": time.July, "aug": time.August, "sep": time.September, "sept": time.September, "oct": time.October,
	"nov": time.November, "dec": time.December,
	"ene": time.January, "abr": time.April, "ago": time.August, "set": time.September, "dic": time.December,
}

// dateDue reads the date f gives as a deadline, "by Nov 20", "by 11/20",
// "para el 20 de noviembre" or "para el 20/11": the office's close that
// date, in the coming twelve months, or the time of day given right after
// it ("by 11/20 at 2pm", "by 11/20 2pm") on it. See numericDate for the
// order of numbers; a month named tells it. Zero for no date, or one that
// cannot be told.
func dateDue(f string, sentAt time.Time, cal *sla.Calendar) time.Time {
	loc := dueDate.FindStringSubmatchIndex(f)
	group := func(name string) string {
		i := dueDate.SubexpIndex(name)
		if loc[2*i] < 0 {
			return ""
		}
		return f[loc[2*i]:loc[2*i+1]]
	}
	today := cal.DateOf(sentAt)
	var d sla.Date
	var ok bool
	if month, day := group("month")+group("monthof")+group("monthafter"), group("day")+group("dayfirst"); month != "" {
		n, _ := strconv.Atoi(day)
		d, ok = dateAhead(today, months[month[:3]], n)
	} else {
		d, ok = numericDate(group("first"), group("second"), group("cue"), group("weekday"), today)
	}
	if !ok {
		return time.Time{}
	}
	after := f[loc[1]:]
	if c := clockAfterDate.FindStringSubmatchIndex(after); c != nil {
		// A bare number after a date may be a count ("by 11/5 2 dehus"):
		// only a word before it, minutes or am/pm make it a time; "noon"
		// is one.
		bare := strings.Trim(after[:c[2]], ", ") == "" && isDigit(after[c[2]])
		if hour, min, known := hourOf(after, c); known && (!bare || c[4] >= 0 || c[6] >= 0) {
			return clockFrom(d, hour, min, sentAt, cal)
		}
	}
	return closeOn(d, cal)
}

// numericDate is the date the numbers first/second give ("11/20"), in the
// coming twelve months, cue being the word right before them and weekday
// a weekday named with them ("" for none). When both orders make a date,
// the one that falls on the weekday wins; then the one due within
// dueWindowDays; then the order of the cue's language (dayFirstCue,
// monthFirstCue), never the mail's as a whole: a signature's "Maria de la
// Cruz" says nothing of how the sender writes dates. When only one order
// makes a date (13/11), it is read. false when neither does, when neither
// falls on the weekday, and when nothing tells the two apart.
func numericDate(first, second, cue, weekday string, today sla.Date) (sla.Date, bool) {
	a, _ := strconv.Atoi(first)
	b, _ := strconv.Atoi(second)
	var readings []sla.Date // month first, then day first
	for _, md := range [][2]int{{a, b}, {b, a}} {
		if d, ok := dateAhead(today, time.Month(md[0]), md[1]); ok && (len(readings) == 0 || readings[0] != d) {
			readings = append(readings, d)
		}
	}
	if weekday != "" {
		readings = slices.DeleteFunc(readings, func(d sla.Date) bool { return d.Weekday() != weekdayOf(weekday) })
	}
	if len(readings) == 2 {
		readings = slices.DeleteFunc(readings, func(d sla.Date) bool { return today.AddDays(dueWindowDays).Before(d) })
		if len(readings) == 0 {
			return sla.Date{}, false
		}
	}
	switch {
	case len(readings) == 1:
		return readings[0], true
	case len(readings) == 2 && dayFirstCue[cue]:
		return readings[1], true
	case len(readings) == 2 && monthFirstCue[cue]:
		return readings[0], true
	}
	return sla.Date{}, false
}

// dueGraceDays is how far before the mail a deadline it names may be: one
// just past ("it was due by 12/1", written on Dec 8) is that day, due at
// once, not the same day a year on.
const dueGraceDays = 14

// dateAhead is month and day from dueGraceDays before today on, within
// twelve months; false when they make no date (Nov 31).
func dateAhead(today sla.Date, month time.Month, day int) (sla.Date, bool) {
	d := sla.Date{Year: today.Year, Month: month, Day: day}
	if d.Before(today.AddDays(-dueGraceDays)) {
		d.Year++
	}
	t := time.Date(d.Year, month, day, 12, 0, 0, 0, time.UTC)
	if month < 1 || month > 12 || t.Month() != month || t.Day() != day {
		return sla.Date{}, false
	}
	return d, true
}

// isDigit reports whether b is an ASCII digit.
func isDigit(b byte) bool { return '0' <= b && b <= '9' }
