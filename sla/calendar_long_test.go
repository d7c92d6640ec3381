package sla

import (
	"testing"
	"time"
)

// TestElapsedOverMonthsAddsItsDays: business time over more than a year
// (DST changes both ways, holidays once, every year and over days)
// is the sum of its days', asked again too (the days kept).
func TestElapsedOverMonthsAddsItsDays(t *testing.T) {
	t.Parallel()
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	h, err := ParseHolidays("2026-11-26, 12-25, 2026-12-30..2027-01-02")
	if err != nil {
		t.Fatal(err)
	}
	cal := NewCalendar(loc, DefaultHours(), h)
	from := time.Date(2026, 1, 5, 10, 17, 0, 0, loc)
	to := time.Date(2027, 3, 17, 15, 42, 0, 0, loc)
	var days time.Duration
	for at := from; at.Before(to); {
		next := at.AddDate(0, 0, 1)
		if next.After(to) {
			next = to
		}
		days += cal.Elapsed(at, next)
		at = next
	}
	for range 2 {
		if got := cal.Elapsed(from, to); got != days {
			t.Errorf("Elapsed over the months %v, want the sum of its days %v", got, days)
		}
	}
	if got := cal.Elapsed(to, from); got != -days {
		t.Errorf("Elapsed backwards %v, want %v", got, -days)
	}
}

// BenchmarkElapsedOverAYear is the business time of a message overdue for
// a year, as the board works it out for each one it shows.
func BenchmarkElapsedOverAYear(b *testing.B) {
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		b.Fatal(err)
	}
	cal := NewCalendar(loc, DefaultHours())
	from := time.Date(2025, 12, 1, 9, 0, 0, 0, loc)
	to := from.AddDate(1, 0, 0)
	for b.Loop() {
		cal.Elapsed(from, to)
	}
}
