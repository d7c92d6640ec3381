package sla

import (
	"slices"
	"testing"
	"time"
)

func TestDailyUpdates(t *testing.T) {
	t.Parallel()
	chicago := loadLoc(t, "America/Chicago")
	c := mustCalendar(t, Config{Location: chicago, Holidays: "2026-11-26"})
	w := func(s string) time.Time { return wall(t, chicago, s) }
	type day struct {
		date  string
		state State
	}
	updates := []time.Time{
		w("2026-11-03 15:00"),
		w("2026-11-04 19:00"), // after closing
		w("2026-11-06 07:30"), // before opening counts for the day
		w("2026-11-06 16:00"), // a second one changes nothing
		w("2026-11-07 10:00"), // Saturday makes up for nothing
	}
	tests := []struct {
		name     string
		opened   time.Time
		closed   *time.Time
		updates  []time.Time
		now      time.Time
		want     []day
		overdue  []Date
		warnTime time.Duration
	}{
		{
			name: "a week", opened: w("2026-11-02 10:00"), updates: updates, now: w("2026-11-09 16:30"),
			want:    []day{{"2026-11-03", StateMet}, {"2026-11-04", StateMissed}, {"2026-11-05", StateOverdue}, {"2026-11-06", StateMet}, {"2026-11-09", StateDueSoon}},
			overdue: []Date{{2026, 11, 5}},
		},
		{
			name: "today not due yet", opened: w("2026-11-02 10:00"), updates: updates, now: w("2026-11-09 12:00"),
			want:    []day{{"2026-11-03", StateMet}, {"2026-11-04", StateMissed}, {"2026-11-05", StateOverdue}, {"2026-11-06", StateMet}, {"2026-11-09", StatePending}},
			overdue: []Date{{2026, 11, 5}},
		},
		{
			name: "updates in the future do not count yet", opened: w("2026-11-02 10:00"), updates: updates, now: w("2026-11-03 18:30"),
			want:    []day{{"2026-11-03", StateMet}},
			overdue: nil,
		},
		{
			name: "closed claim owes nothing after closing", opened: w("2026-11-02 10:00"), closed: ptr(w("2026-11-05 12:00")), updates: updates, now: w("2026-11-20 12:00"),
			want:    []day{{"2026-11-03", StateMet}, {"2026-11-04", StateMissed}},
			overdue: nil,
		},
		{
			name: "opened before hours owes that day", opened: w("2026-11-02 07:00"), now: w("2026-11-02 18:01"),
			want:    []day{{"2026-11-02", StateOverdue}},
			overdue: []Date{{2026, 11, 2}},
		},
		{
			name: "opened on saturday", opened: w("2026-11-07 11:00"), now: w("2026-11-09 09:00"),
			want: []day{{"2026-11-09", StatePending}},
		},
		{
			name: "holiday owes nothing", opened: w("2026-11-24 10:00"), now: w("2026-11-27 18:30"),
			want:    []day{{"2026-11-25", StateOverdue}, {"2026-11-27", StateOverdue}},
			overdue: []Date{{2026, 11, 25}, {2026, 11, 27}},
		},
		{
			name: "over the fall-back weekend", opened: w("2026-10-29 12:00"), updates: []time.Time{w("2026-11-02 17:59")}, now: w("2026-11-02 18:30"),
			want:    []day{{"2026-10-30", StateOverdue}, {"2026-11-02", StateMet}},
			overdue: []Date{{2026, 10, 30}},
		},
		{
			name: "warning off", opened: w("2026-11-02 07:00"), now: w("2026-11-02 17:59"), warnTime: -1,
			want: []day{{"2026-11-02", StatePending}},
		},
	}
	for _, tt := range tests {
		days := c.DailyUpdates(tt.opened, tt.closed, tt.updates, tt.now, tt.warnTime)
		var got []day
		for _, d := range days {
			got = append(got, day{d.Date.String(), d.State})
			if want := w(d.Date.String() + " 18:00"); !d.Due.Equal(want) {
				t.Errorf("%s: %s due %s, want %s", tt.name, d.Date, d.Due, want)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: days %v, want %v", tt.name, got, tt.want)
		}
		if got := OverdueUpdates(days); !slices.Equal(got, tt.overdue) {
			t.Errorf("%s: overdue %v, want %v", tt.name, got, tt.overdue)
		}
	}
}
