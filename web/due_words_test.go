package web

import (
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
)

// A deadline of a day alone at an office open until midnight (24/7) is
// told as that day, not as the next one its close falls at.
func TestDueWordsTellsTheDayAMidnightCloseEnds(t *testing.T) {
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	tuesdaysClose := time.Date(2026, 3, 4, 0, 0, 0, 0, chicago)
	for _, tt := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 3, 5, 10, 0, 0, 0, chicago), " (overdue since Tue Mar 3)"},
		{time.Date(2026, 3, 3, 10, 0, 0, 0, chicago), " (due today)"},
		{time.Date(2026, 3, 2, 10, 0, 0, 0, chicago), " (due tomorrow)"},
	} {
		state := sla.StatePending
		if tt.now.After(tuesdaysClose) {
			state = sla.StateOverdue
		}
		a := sla.Alert{Due: tuesdaysClose, DueDay: true, State: state}
		if got := dueWords(a, tt.now, chicago, chicago); got != tt.want {
			t.Errorf("at %s: %q, want %q", tt.now.Format(time.DateTime), got, tt.want)
		}
	}
}
