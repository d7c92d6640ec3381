package sla

import (
	"sync"
	"testing"
	"time"
)

// TestOpenDaysGrowBothWays: the running totals of whole days answer as
// the days summed one by one do, for spans inside the table, before it,
// after it and across both ends, from several readers at once, and for a
// span too long to keep.
func TestOpenDaysGrowBothWays(t *testing.T) {
	t.Parallel()
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	h, err := ParseHolidays("07-04, 12-25, 2026-11-26")
	if err != nil {
		t.Fatal(err)
	}
	cal := NewCalendar(loc, DefaultHours(), h)
	day := func(s string) Date {
		d, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	spans := [][2]string{
		{"2026-03-02", "2026-12-31"}, // the first table
		{"2026-05-01", "2026-05-02"},
		{"2019-01-01", "2020-02-29"}, // wholly before it
		{"2031-06-01", "2034-01-02"}, // wholly after it
		{"2018-12-30", "2035-07-04"}, // past both ends
		{"1900-01-01", "2026-01-01"}, // too long to keep
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for _, s := range spans {
				a, b := day(s[0]), day(s[1])
				if got, want := cal.wholeDaysOpen(a, b), cal.sumDaysOpen(a, b); got != want {
					t.Errorf("open %s to %s: %v, want %v", a, b, got, want)
				}
			}
		})
	}
	wg.Wait()
	if got := cal.wholeDaysOpen(day("2026-12-24"), day("2026-12-28")); got != 10*time.Hour {
		t.Errorf("Thu Dec 24 to Mon Dec 28, Christmas a holiday: %v open, want 10h (Thursday)", got)
	}
	if tab := cal.open.table.Load(); tab.first > day("2018-12-30").dayNumber() || len(tab.cum) > openDaysMax+1 {
		t.Errorf("the table starts at day %d with %d days", tab.first, len(tab.cum))
	}
}
