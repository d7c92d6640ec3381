package requests

import (
	"regexp"
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
	dueTomorrow    = regexp.MustCompile(`\b(tomorrow|tmrw|tmr|first thing in the morning)\b`)
	// "mañana" is tomorrow, except in "esta mañana", "la mañana", "de la
	// mañana" (this morning, the morning, a.m.).
	dueManana    = regexp.MustCompile(`(^|[^a-z])(esta |la |por la |de la |en la )?manana\b`)
	dueEndOfWeek = regexp.MustCompile(`\b(end of (the )?week|eow|this week|fin de (la )?semana|esta semana)\b`)
	dueWeekday   = regexp.MustCompile(`\b(?:by|before|until|no later than|para el|antes del|para|este|this|next)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|lunes|martes|miercoles|jueves|viernes|sabado|domingo)\b`)
	dueClock     = regexp.MustCompile(`\b(?:by|before|until|no later than|antes de las|para las|a las)\s+(noon|mediodia|\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?`)
	dueDate      = regexp.MustCompile(`\b(?:by|before|until|no later than|para el|antes del)\s+(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})/(\d{1,2}))\b`)
)

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "sun": time.Sunday, "domingo": time.Sunday,
	"monday": time.Monday, "mon": time.Monday, "lunes": time.Monday,
	"tuesday": time.Tuesday, "tue": time.Tuesday, "tues": time.Tuesday, "martes": time.Tuesday,
	"wednesday": time.Wednesday, "wed": time.Wednesday, "miercoles": time.Wednesday,
	"thursday": time.Thursday, "thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "jueves": time.Thursday,
	"friday": time.Friday, "fri": time.Friday, "viernes": time.Friday,
	"saturday": time.Saturday, "sabado": time.Saturday,
}

var numberWords = map[string]int{"one": 1, "un": 1, "uno": 1, "two": 2, "dos": 2, "three": 3, "tres": 3, "four": 4, "cuatro": 4, "five": 5, "cinco": 5}

// DueTime reads the due time a sender gives in text, sent at sentAt, on
// the office calendar: nil when none is given. A day given without a time
// is due when the office closes that day (or on the next business day, if
// the office is closed that day); hours are business hours. A due time is
// never before the mail: a day that had ended when it was sent ("by
// Thursday", written on Thursday evening) is due at the office's next
// close.
func DueTime(text string, sentAt time.Time, cal *sla.Calendar) *time.Time {
	due := dueIn(text, sentAt, cal)
	if due != nil && due.Before(sentAt) {
		next := cal.NthBusinessDay(sentAt, 1).Close
		return &next
	}
	return due
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
		return at(dateDue(dueDate.FindStringSubmatch(f), today, cal))
	case dueClock.MatchString(f):
		return at(clockDue(dueClock.FindStringSubmatch(f), sentAt, cal))
	case dueWeekday.MatchString(f):
		// "on Thursday" and "el jueves" tell of the past as often as of a
		// deadline ("we met on Thursday"): only "by", "para el" and the
		// like set a day.
		wd := weekdays[dueWeekday.FindStringSubmatch(f)[1]]
		ahead := (int(wd) - int(today.Weekday()) + 7) % 7
		return at(closeOn(today.AddDays(ahead), cal))
	case dueToday.MatchString(f):
		return at(cal.NthBusinessDay(sentAt, 1).Close)
	case dueTomorrow.MatchString(f) || mananaIsTomorrow(f):
		return at(closeOn(today.AddDays(1), cal))
	case dueEndOfWeek.MatchString(f):
		return at(closeOn(today.AddDays((int(time.Friday)-int(today.Weekday())+7)%7), cal))
	}
	return nil
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

// clockDue reads "by noon", "by 3pm", "antes de las 15:00": that time today,
// or on the next business day when it has passed.
func clockDue(m []string, sentAt time.Time, cal *sla.Calendar) time.Time {
	hour, min := 12, 0
	if m[1] != "noon" && m[1] != "mediodia" {
		hour, _ = strconv.Atoi(m[1])
		min, _ = strconv.Atoi(m[2])
		pm := strings.HasPrefix(m[3], "p")
		switch {
		case pm && hour < 12:
			hour += 12
		case m[3] == "" && hour < 7:
			// "by 3" in an office means the afternoon.
			hour += 12
		}
	}
	if hour > 23 || min > 59 {
		return time.Time{}
	}
	d := cal.DateOf(sentAt)
	for range 14 {
		start := cal.StartOf(d)
		t := time.Date(start.Year(), start.Month(), start.Day(), hour, min, 0, 0, cal.Location())
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
}

// dateDue reads "by Nov 20" or "by 11/20": the office's close that date,
// in the coming twelve months.
func dateDue(m []string, today sla.Date, cal *sla.Calendar) time.Time {
	var month time.Month
	var day int
	if m[1] != "" {
		month = months[m[1]]
		day, _ = strconv.Atoi(m[2])
	} else {
		mm, _ := strconv.Atoi(m[3])
		month = time.Month(mm)
		day, _ = strconv.Atoi(m[4])
	}
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return time.Time{}
	}
	d := sla.Date{Year: today.Year, Month: month, Day: day}
	if d.Before(today) {
		d.Year++
	}
	return closeOn(d, cal)
}
