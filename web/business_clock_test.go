package web

import (
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
)

// TestBusinessClock tells deadlines in business time across a weekend and
// a holiday: an answer due Friday 17:23 and not given by Monday 06:00 is
// 37 business minutes late, not 2½ days; before opening a deadline is told
// by its time, with no clock running down.
func TestBusinessClock(t *testing.T) {
	t.Parallel()
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	holidays, err := sla.ParseHolidays("2026-12-25")
	if err != nil {
		t.Fatal(err)
	}
	cal := sla.NewCalendar(chicago, sla.DefaultHours(), holidays)
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, chicago)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		name, due, now   string
		text, word, note string // note: NoteAt on the office's clock
	}{
		{"overdue over the weekend", "2026-12-04 17:23", "2026-12-07 06:00",
			"overdue 37 business min", "since", "2026-12-04 17:23"},
		{"overdue on Monday morning", "2026-12-04 17:23", "2026-12-07 08:30",
			"overdue 1 business hour 7 min", "since", "2026-12-04 17:23"},
		{"overdue for days", "2026-12-02 17:00", "2026-12-04 10:00",
			"overdue 13 business hours", "since", "2026-12-02 17:00"},
		{"due at closing, seen at night", "2026-12-04 18:00", "2026-12-04 20:00",
			"overdue now", "since", "2026-12-04 18:00"},
		{"just fell due", "2026-12-07 12:42", "2026-12-07 12:42",
			"overdue now", "since", "2026-12-07 12:42"},
		{"before opening", "2026-12-07 08:29", "2026-12-07 06:00",
			"due 08:29", "office opens", "2026-12-07 08:00"},
		{"on Saturday", "2026-12-07 08:29", "2026-12-05 11:00",
			"due Mon 08:29", "office opens", "2026-12-07 08:00"},
		{"open, due after the weekend", "2026-12-07 08:20", "2026-12-04 17:50",
			"30 business min left", "due", "2026-12-07 08:20"},
		{"open, due in the hour", "2026-12-07 09:45", "2026-12-07 09:15",
			"30 business min left", "due", "2026-12-07 09:45"},
		{"open, a started minute counts", "2026-12-07 09:45", "2026-12-07 09:44:30",
			"1 business min left", "due", "2026-12-07 09:45"},
		{"over Christmas", "2026-12-28 08:25", "2026-12-24 17:55",
			"30 business min left", "due", "2026-12-28 08:25"},
		{"on Christmas Day", "2026-12-28 08:25", "2026-12-25 10:00",
			"due Mon 08:25", "office opens", "2026-12-28 08:00"},
		{"overdue across Christmas", "2026-12-24 17:45", "2026-12-28 08:30",
			"overdue 45 business min", "since", "2026-12-24 17:45"},
	} {
		now := at(tc.now[:16])
		if len(tc.now) > 16 {
			now = now.Add(30 * time.Second)
		}
		c := newBusinessClock(cal, at(tc.due), now)
		if c.Text != tc.text || c.NoteWord != tc.word || !c.NoteAt.Equal(at(tc.note)) {
			t.Errorf("%s: %q, %q %s; want %q, %q %s", tc.name, c.Text, c.NoteWord, c.NoteAt.Format("Mon 2006-01-02 15:04"), tc.text, tc.word, tc.note)
		}
		if c.NoteAt.Location() != chicago {
			t.Errorf("%s: the note's time is on %s's clock, want the office's", tc.name, c.NoteAt.Location())
		}
	}
}

// TestBusinessClockStretch gives the page the open stretch its clock runs
// in: today's hours while open, the next opening's while closed.
func TestBusinessClockStretch(t *testing.T) {
	t.Parallel()
	cal := sla.NewCalendar(time.UTC, sla.DefaultHours())
	fri := time.Date(2026, 12, 4, 17, 50, 0, 0, time.UTC)
	mon := time.Date(2026, 12, 7, 8, 20, 0, 0, time.UTC)
	c := newBusinessClock(cal, mon, fri)
	if want := time.Date(2026, 12, 4, 18, 0, 0, 0, time.UTC); !c.To.Equal(want) || c.Left != 30*time.Minute {
		t.Errorf("Friday 17:50: runs to %s with %s left, want to %s with 30m0s", c.To, c.Left, want)
	}
	c = newBusinessClock(cal, mon, fri.Add(15*time.Hour))
	if want := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC); !c.From.Equal(want) || c.Left != 20*time.Minute {
		t.Errorf("Saturday: runs from %s with %s left, want from %s with 20m0s", c.From, c.Left, want)
	}
}
