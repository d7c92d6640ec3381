package sla

import (
	"strings"
	"testing"
	"time"
)

func TestParseHours(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spec string
		want string // String() of the result
	}{
		{"", "mon-fri 08:00-18:00"},
		{"mon-fri 08:00-18:00", "mon-fri 08:00-18:00"},
		{"Mon-Fri 08:00-12:00, 13:00-18:00; Sat 09:00-12:00", "mon-fri 08:00-12:00,13:00-18:00; sat 09:00-12:00"},
		{"mon-fri 8:00 - 12:00 13:00 – 18:00", "mon-fri 08:00-12:00,13:00-18:00"},
		{"monday,wednesday 09:00-17:00\nfriday 09:00-13:00", "mon 09:00-17:00; wed 09:00-17:00; fri 09:00-13:00"},
		{"mon-sun 00:00-24:00", "mon-sun 00:00-24:00"},
		{"fri-mon 10:00-14:00", "mon 10:00-14:00; fri-sun 10:00-14:00"},
		{"mon-fri 08:00-12:00; mon-fri 12:00-18:00", "mon-fri 08:00-18:00"}, // touching frames join
		{"mon-fri 13:00-18:00, 08:00-12:00; sun closed", "mon-fri 08:00-12:00,13:00-18:00"},
		{"sun 01:00-03:00", "sun 01:00-03:00"},
		{"24/7", "24/7"},
		{" ; mon 08:00-09:00 ;; ", "mon 08:00-09:00"},
	}
	for _, tt := range tests {
		h, err := ParseHours(tt.spec)
		if err != nil {
			t.Errorf("ParseHours(%q): %v", tt.spec, err)
			continue
		}
		if got := h.String(); got != tt.want {
			t.Errorf("ParseHours(%q) = %q, want %q", tt.spec, got, tt.want)
		}
		again, err := ParseHours(h.String())
		if err != nil || again.String() != h.String() {
			t.Errorf("round trip of %q: %q, %v", h, again, err)
		}
	}
}

func TestParseHoursErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spec string
		want []string // each must appear in the error
	}{
		{"mon-fri 08:00-25:00", []string{`"25:00" is not a time of day`}},
		{"mon-fri 8-18", []string{`"8" is not a time of day`}},
		{"mon-fri 08:60-18:00", []string{`"08:60"`}},
		{"mno-fri 08:00-18:00", []string{`unknown day "mno"`}},
		{"08:00-18:00", []string{"no days"}},
		{"mon-fri", []string{"no frames"}},
		{"mon-fri 18:00-08:00", []string{"18:00-08:00", "ends before it starts", "cannot cross midnight"}},
		{"mon 09:00-09:00", []string{"ends before it starts"}},
		{"mon 24:00-24:00", []string{"cannot start at 24:00"}},
		{"mon-fri 08:00-12:00, 11:00-13:00", []string{"mon: 11:00-13:00 overlaps 08:00-12:00", "fri:"}},
		{"mon-fri 08:00 18:00", []string{`want "-" after 08:00`}},
		{"mon 08:00-12:00x", []string{`unexpected "x" after 08:00-12:00`}},
		{"sun closed 08:00-12:00", []string{"closed day has no frames"}},
		{"sun closed", []string{"no opening hours"}},
		{"mon-fri 08:00-18:00 sat 09:00-12:00", []string{`unexpected "sat 09:00-12:00" after the frames; separate entries with ";"`}},
		{"mon 08:00-12:00; tue 9-5; wed x", []string{`hours "tue 9-5"`, `hours "wed x"`}},
	}
	for _, tt := range tests {
		_, err := ParseHours(tt.spec)
		if err == nil {
			t.Errorf("ParseHours(%q) accepted it", tt.spec)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("ParseHours(%q) error %q does not say %q", tt.spec, err, w)
			}
		}
	}
}

func TestZeroHoursIsDefault(t *testing.T) {
	t.Parallel()
	var h Hours
	if h.String() != DefaultSpec {
		t.Errorf("zero Hours = %q, want %q", h, DefaultSpec)
	}
	if got := h.Frames(time.Monday); len(got) != 1 || got[0] != (Frame{8 * 60, 18 * 60}) {
		t.Errorf("zero Hours on Monday = %v", got)
	}
	if got := h.Frames(time.Saturday); got != nil {
		t.Errorf("zero Hours on Saturday = %v, want closed", got)
	}
	if !AlwaysOpen().IsAlwaysOpen() || h.IsAlwaysOpen() {
		t.Error("IsAlwaysOpen is wrong")
	}
}

func FuzzParseHours(f *testing.F) {
	for _, s := range []string{
		"", "24/7", "mon-fri 08:00-18:00", "mon-fri 08:00-12:00, 13:00-18:00; sat 09:00-12:00",
		"sun closed", "fri-mon 00:00-24:00", "mon 08:00-12:00; mon 11:00-13:00", "tue 9:5-10:00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		h, err := ParseHours(spec)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		again, err := ParseHours(h.String())
		if err != nil {
			t.Fatalf("String %q of %q does not parse: %v", h, spec, err)
		}
		if again.String() != h.String() {
			t.Fatalf("round trip %q -> %q", h, again)
		}
		open := h.IsAlwaysOpen()
		for d := range time.Weekday(7) {
			prev := -1
			for _, fr := range h.Frames(d) {
				if fr.Start <= prev || fr.End <= fr.Start || fr.End > 24*60 {
					t.Fatalf("%q: bad frames on %s: %v", spec, d, h.Frames(d))
				}
				prev = fr.End
				open = true
			}
		}
		if !open {
			t.Fatalf("%q: parsed to a schedule that never opens", spec)
		}
		c := NewCalendar(time.UTC, h)
		start := time.Date(2026, 11, 1, 7, 30, 0, 0, time.UTC)
		if due := c.Due(start, 90); c.Elapsed(start, due) != 90*time.Minute {
			t.Fatalf("%q: Due and Elapsed disagree", spec)
		}
	})
}
