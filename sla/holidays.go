package sla

import (
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"
)

// Holidays are the times the office is closed although its weekly hours say
// open: whole days (from configuration or all-day iCal events, once or every
// year) and closed stretches of time (timed iCal events, such as a Christmas
// Eve afternoon). The zero Holidays closes nothing. A Holidays value is
// immutable once built and safe to share.
type Holidays struct {
	dates    map[Date]bool     // whole days closed once
	annual   map[monthDay]bool // whole days closed every year
	allDay   []*allDayEvent    // recurring all-day events
	closures []span            // one-off closed stretches
	timed    []*timedEvent     // recurring timed events
}

type monthDay struct {
	month time.Month
	day   int
}

// span is a half-open stretch of time [start, end).
type span struct {
	start, end time.Time
}

// maxHolidayDays bounds one holiday range or event, so that a typo such as
// 2026-12-24..2062-12-26 is reported instead of closing the office for decades.
const maxHolidayDays = 366

// ParseHolidays reads holidays from a configuration value: dates separated
// by commas, semicolons or white space, each one of
//
//	2026-12-25             that day
//	Dec 25 2026            the same (25 December 2026, Dec 25, 2026)
//	12-25                  that day every year
//	Dec 25                 the same (December 25th, 25 Dec)
//	2026-12-24..2026-12-31 every day of that range, both ends included
//
// The dates are days on the office's wall calendar. The error lists every
// entry that is wrong and why, with the forms taken.
func ParseHolidays(spec string) (Holidays, error) {
	h := Holidays{dates: map[Date]bool{}, annual: map[monthDay]bool{}}
	var errs []error
	for _, tok := range holidayEntries(spec) {
		if err := h.addSpec(tok); err != nil {
			errs = append(errs, fmt.Errorf("holidays %q: %w", tok, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Holidays{}, err
	}
	return h, nil
}

func (h *Holidays) addSpec(tok string) error {
	if from, to, ok := strings.Cut(tok, ".."); ok {
		const want = "a range is written 2026-12-24..2026-12-31"
		a, err := ParseDate(from)
		if err != nil {
			return fmt.Errorf("range start is not a date: %s", want)
		}
		b, err := ParseDate(to)
		if err != nil {
			return fmt.Errorf("range end is not a date: %s", want)
		}
		n := daysBetween(a, b) + 1
		switch {
		case n < 1:
			return errors.New("range ends before it starts")
		case n > maxHolidayDays:
			return fmt.Errorf("range of %d days is longer than a year", n)
		}
		for d := a; !d.After(b); d = d.AddDays(1) {
			h.dates[d] = true
		}
		return nil
	}
	if len(tok) == len("12-25") {
		t, err := time.Parse("2006-01-02", "2000-"+tok) // a leap year, so 02-29 is allowed
		if err != nil {
			return fmt.Errorf("not a date: %s", holidayHint(tok))
		}
		h.annual[monthDay{t.Month(), t.Day()}] = true
		return nil
	}
	d, err := ParseDate(tok)
	if err != nil {
		return fmt.Errorf("not a date: %s", holidayHint(tok))
	}
	h.dates[d] = true
	return nil
}

// merge returns the union of holiday sets, leaving the inputs untouched.
func mergeHolidays(hs ...Holidays) Holidays {
	out := Holidays{dates: map[Date]bool{}, annual: map[monthDay]bool{}}
	for _, h := range hs {
		maps.Copy(out.dates, h.dates)
		maps.Copy(out.annual, h.annual)
		out.allDay = append(out.allDay, h.allDay...)
		out.closures = append(out.closures, h.closures...)
		out.timed = append(out.timed, h.timed...)
	}
	return out
}

func (h Holidays) empty() bool {
	return len(h.dates) == 0 && len(h.annual) == 0 && len(h.allDay) == 0 && len(h.closures) == 0 && len(h.timed) == 0
}

// Contains reports whether d is a whole-day holiday. Timed closures do not
// make a day a holiday, even when they cover its opening hours.
func (h Holidays) Contains(d Date) bool {
	if h.dates[d] || h.annual[monthDay{d.Month, d.Day}] {
		return true
	}
	for _, e := range h.allDay {
		if e.covers(d) {
			return true
		}
	}
	return false
}

// Dates lists the whole-day holidays from one date to another, both
// included, earliest first.
func (h Holidays) Dates(from, to Date) []Date {
	var out []Date
	for d := from; !d.After(to); d = d.AddDays(1) {
		if h.Contains(d) {
			out = append(out, d)
		}
	}
	return out
}

// closed returns the closed stretches that overlap [from, to), in no
// particular order.
func (h Holidays) closed(from, to time.Time) []span {
	var out []span
	for _, c := range h.closures {
		if c.start.Before(to) && c.end.After(from) {
			out = append(out, c)
		}
	}
	for _, e := range h.timed {
		out = e.overlapping(from, to, out)
	}
	return out
}

// allDayEvent is a recurring all-day iCal event: each occurrence closes
// days consecutive dates.
type allDayEvent struct {
	days   int
	starts *recurrence // midnights UTC of the first dates
}

func (e *allDayEvent) covers(d Date) bool {
	first := d.AddDays(-(e.days - 1))
	for y := first.Year; y <= d.Year; y++ {
		for _, t := range e.starts.inYear(y) {
			if s := DateOf(t); !s.After(d) && !first.After(s) {
				return true
			}
		}
	}
	return false
}

// timedEvent is a recurring timed iCal event: each occurrence starts at the
// same wall-clock time in its zone and lasts dur.
type timedEvent struct {
	dur    time.Duration
	starts *recurrence // in the event's zone
}

func (e *timedEvent) overlapping(from, to time.Time, out []span) []span {
	// An occurrence overlapping [from, to) starts after from-dur; a day's
	// margin either side absorbs zone offsets.
	loc := e.starts.loc
	first := DateOf(from.Add(-e.dur).In(loc)).AddDays(-1).Year
	last := DateOf(to.In(loc)).AddDays(1).Year
	for y := first; y <= last; y++ {
		for _, s := range e.starts.inYear(y) {
			if end := s.Add(e.dur); s.Before(to) && end.After(from) {
				out = append(out, span{s, end})
			}
		}
	}
	return out
}
