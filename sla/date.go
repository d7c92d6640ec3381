package sla

import (
	"cmp"
	"fmt"
	"time"
)

// Date is a day on the office's wall calendar, without a time or zone.
// Holidays and daily updates are owed per date, and a date is not an
// instant: the same date starts at different instants in different zones,
// and lasts 23 or 25 hours on DST change days.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date t shows in its own location; convert t with In
// first to ask about another zone.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ClosingDay is the date whose close falls at t, on t's clock: a day's
// close is its last instant, so that of an office open until midnight
// (24/7 among them) falls at the next date's first instant and still
// closes the day before. A deadline of a day alone (Milestone.DueDay) is
// told as its ClosingDay.
func ClosingDay(t time.Time) Date { return DateOf(t.Add(-time.Nanosecond)) }

// ParseDate parses a date written as YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Format writes d with a time.Format layout of date fields ("Mon Jan 2").
func (d Date) Format(layout string) string {
	return d.utc().Format(layout)
}

// utc anchors d at midnight UTC, where every day has 24 hours, so that
// date arithmetic never meets a DST change.
func (d Date) utc() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// AddDays returns the date n days after d (before it when n is negative).
func (d Date) AddDays(n int) Date {
	return DateOf(d.utc().AddDate(0, 0, n))
}

// nextDay is the day after d: AddDays(1) without its arithmetic on the
// days every month has.
func (d Date) nextDay() Date {
	if d.Day < 28 {
		return Date{d.Year, d.Month, d.Day + 1}
	}
	return d.AddDays(1)
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return d.utc().Weekday()
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	return cmp.Or(cmp.Compare(d.Year, e.Year), cmp.Compare(d.Month, e.Month), cmp.Compare(d.Day, e.Day))
}

// Before reports whether d comes before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d comes after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// daysBetween returns how many days lie from d to e (negative when e is
// earlier). Unix seconds, not Duration, so that dates centuries apart do
// not overflow.
func daysBetween(d, e Date) int {
	return int((e.utc().Unix() - d.utc().Unix()) / 86400)
}
