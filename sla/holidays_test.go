package sla

import (
	"slices"
	"strings"
	"testing"
)

func TestParseHolidays(t *testing.T) {
	t.Parallel()
	h, err := ParseHolidays("2026-11-26, 12-25;01-01 2026-12-30..2027-01-02\n02-29")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		d    Date
		want bool
	}{
		{Date{2026, 11, 26}, true},
		{Date{2027, 11, 26}, false},
		{Date{2026, 12, 25}, true},
		{Date{2031, 12, 25}, true},
		{Date{2026, 12, 29}, false},
		{Date{2026, 12, 30}, true},
		{Date{2027, 1, 2}, true},
		{Date{2027, 1, 3}, false},
		{Date{2028, 2, 29}, true},
		{Date{2027, 3, 1}, false},
	}
	for _, tt := range tests {
		if got := h.Contains(tt.d); got != tt.want {
			t.Errorf("Contains(%s) = %v, want %v", tt.d, got, tt.want)
		}
	}
	got := h.Dates(Date{2026, 12, 20}, Date{2027, 1, 5})
	want := []Date{{2026, 12, 25}, {2026, 12, 30}, {2026, 12, 31}, {2027, 1, 1}, {2027, 1, 2}}
	if !slices.Equal(got, want) {
		t.Errorf("Dates = %v, want %v", got, want)
	}
}

// TestParseHolidaysWithMonthNames: dates as an office manager writes them,
// with the month's name, month or day first, with a year (that day) or
// without (every year), are taken.
func TestParseHolidaysWithMonthNames(t *testing.T) {
	t.Parallel()
	h, err := ParseHolidays("Dec 25, Jan 1st; 4 July, Nov 26 2026, 24 December 2026, Sept. 7, 2026\nfeb 29")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		d    Date
		want bool
	}{
		{Date{2031, 12, 25}, true}, {Date{2027, 1, 1}, true}, {Date{2030, 7, 4}, true},
		{Date{2026, 11, 26}, true}, {Date{2027, 11, 26}, false},
		{Date{2026, 12, 24}, true}, {Date{2027, 12, 24}, false},
		{Date{2026, 9, 7}, true}, {Date{2027, 9, 7}, false}, {Date{2028, 2, 29}, true},
		{Date{2026, 12, 26}, false},
	} {
		if got := h.Contains(tt.d); got != tt.want {
			t.Errorf("Contains(%s) = %v, want %v", tt.d, got, tt.want)
		}
	}
}

func TestParseHolidaysErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spec string
		want []string
	}{
		{"2026-02-30", []string{`holidays "2026-02-30": not a date`}},
		{"12/25", []string{`"12/25"`, "write 12-25 (every year), 2026-12-25 (that day) or Dec 25"}},
		{"Dec", []string{`holidays "Dec": not a date: a month needs its day: Dec 25`}},
		{"Feb 30, Xmas", []string{`holidays "Feb 30": not a date`, `holidays "Xmas": not a date: want 2026-12-25 or Dec 25 2026 (that day), 12-25 or Dec 25 (every year)`}},
		{"2026-12-31..2026-12-24", []string{"range ends before it starts"}},
		{"2026-12-24..2062-12-26", []string{"longer than a year"}},
		{"2026-12-24..", []string{"range end is not a date"}},
		{"13-01, 2026-1-5", []string{`"13-01"`, `"2026-1-5"`}},
	}
	for _, tt := range tests {
		_, err := ParseHolidays(tt.spec)
		if err == nil {
			t.Errorf("ParseHolidays(%q) accepted it", tt.spec)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("ParseHolidays(%q) error %q does not say %q", tt.spec, err, w)
			}
		}
	}
}

func TestDate(t *testing.T) {
	t.Parallel()
	d := Date{2026, 12, 31}
	if got := d.AddDays(1); got != (Date{2027, 1, 1}) {
		t.Errorf("AddDays(1) = %s", got)
	}
	if got := (Date{2028, 3, 1}).AddDays(-1); got != (Date{2028, 2, 29}) {
		t.Errorf("AddDays(-1) = %s", got)
	}
	if d.String() != "2026-12-31" || d.Weekday().String() != "Thursday" {
		t.Errorf("%s is a %s", d, d.Weekday())
	}
	if !d.Before(Date{2027, 1, 1}) || d.After(Date{2027, 1, 1}) || d.Compare(d) != 0 {
		t.Error("comparisons are wrong")
	}
	if p, err := ParseDate("2026-12-31"); err != nil || p != d {
		t.Errorf("ParseDate = %s, %v", p, err)
	}
	if daysBetween(Date{1, 1, 1}, Date{9999, 12, 31}) != 3652058 {
		t.Error("daysBetween overflows far apart")
	}
}
