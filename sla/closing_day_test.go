package sla

import (
	"testing"
	"time"
)

// A day's close is told as the day it ends: an office open until midnight
// closes Tuesday at Wednesday's first instant.
func TestClosingDay(t *testing.T) {
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	tuesday := Date{2026, time.March, 3}
	for _, tt := range []struct {
		name  string
		close time.Time
	}{
		{"at 18:00", time.Date(2026, 3, 3, 18, 0, 0, 0, chicago)},
		{"at midnight", time.Date(2026, 3, 4, 0, 0, 0, 0, chicago)},
		{"a nanosecond before midnight", time.Date(2026, 3, 3, 23, 59, 59, 999999999, chicago)},
	} {
		if got := ClosingDay(tt.close); got != tuesday {
			t.Errorf("close %s: day %s, want %s", tt.name, got, tuesday)
		}
	}
}
