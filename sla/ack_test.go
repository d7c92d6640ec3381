package sla

import (
	"testing"
	"time"
)

func TestAckState(t *testing.T) {
	t.Parallel()
	chicago := loadLoc(t, "America/Chicago")
	at := func(hhmm string) time.Time { return wall(t, chicago, "2026-11-02 "+hhmm) }
	due := at("10:30")
	tests := []struct {
		name string
		due  time.Time
		ack  *time.Time
		now  time.Time
		warn time.Duration
		want State
	}{
		{"waiting", due, nil, at("10:00"), 0, StatePending},
		{"warning window opens", due, nil, at("10:20"), 0, StateDueSoon},
		{"at the deadline", due, nil, at("10:30"), 0, StateDueSoon},
		{"past the deadline", due, nil, at("10:30").Add(time.Second), 0, StateOverdue},
		{"answered in time", due, ptr(at("10:25")), at("11:00"), 0, StateMet},
		{"answered at the deadline", due, ptr(at("10:30")), at("11:00"), 0, StateMet},
		{"answered late", due, ptr(at("10:31")), at("11:00"), 0, StateMissed},
		{"answered late, seen at once", due, ptr(at("10:31")), at("10:31"), 0, StateMissed},
		{"answer not yet happened", due, ptr(at("10:25")), at("10:10"), 0, StatePending},
		{"answer not yet happened, overdue", due, ptr(at("10:45")), at("10:40"), 0, StateOverdue},
		{"wider warning", due, nil, at("10:00"), 30 * time.Minute, StateDueSoon},
		{"warning off", due, nil, at("10:29"), -1, StatePending},
		{"no deadline", time.Time{}, nil, at("23:00"), 0, StatePending},
		{"no deadline, answered", time.Time{}, ptr(at("09:00")), at("23:00"), 0, StateMet},
	}
	for _, tt := range tests {
		if got := AckState(tt.due, tt.ack, tt.now, tt.warn); got != tt.want {
			t.Errorf("%s: AckState = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestCalendarAck(t *testing.T) {
	t.Parallel()
	chicago := loadLoc(t, "America/Chicago")
	c := mustCalendar(t, Config{Location: chicago})
	received := wall(t, chicago, "2026-11-02 17:45") // answer due 08:15 next morning
	tests := []struct {
		name    string
		target  int
		ack     *time.Time
		now     time.Time
		due     time.Time
		state   State
		minutes int
	}{
		{"answered next morning", 0, ptr(wall(t, chicago, "2026-11-03 08:10")), wall(t, chicago, "2026-11-03 12:00"), wall(t, chicago, "2026-11-03 08:15"), StateMet, 25},
		{"answered at night", 0, ptr(wall(t, chicago, "2026-11-02 21:00")), wall(t, chicago, "2026-11-03 12:00"), wall(t, chicago, "2026-11-03 08:15"), StateMet, 15},
		{"waiting overnight", 0, nil, wall(t, chicago, "2026-11-03 07:00"), wall(t, chicago, "2026-11-03 08:15"), StatePending, 15},
		{"overdue", 0, nil, wall(t, chicago, "2026-11-03 08:20"), wall(t, chicago, "2026-11-03 08:15"), StateOverdue, 35},
		{"answered late", 0, ptr(wall(t, chicago, "2026-11-03 09:00")), wall(t, chicago, "2026-11-03 12:00"), wall(t, chicago, "2026-11-03 08:15"), StateMissed, 75},
		{"one-hour target", 60, nil, wall(t, chicago, "2026-11-03 08:40"), wall(t, chicago, "2026-11-03 08:45"), StateDueSoon, 55},
	}
	for _, tt := range tests {
		a := c.Ack(received, tt.target, tt.ack, tt.now, 0)
		if !a.DueAt.Equal(tt.due) || a.State != tt.state || a.BusinessMinutes != tt.minutes {
			t.Errorf("%s: Ack = due %s, %s, %d min; want due %s, %s, %d min", tt.name, a.DueAt, a.State, a.BusinessMinutes, tt.due, tt.state, tt.minutes)
		}
		if (a.AcknowledgedAt != nil) != a.State.Done() {
			t.Errorf("%s: AcknowledgedAt %v with state %s", tt.name, a.AcknowledgedAt, a.State)
		}
	}
}

func TestFirstAck(t *testing.T) {
	t.Parallel()
	chicago := loadLoc(t, "America/Chicago")
	at := func(hhmm string) time.Time { return wall(t, chicago, "2026-11-02 "+hhmm) }
	// Two messages of one thread and the office's replies and marks.
	acks := []time.Time{at("09:00"), at("10:40"), at("10:20"), at("12:00")}
	now := at("11:00")
	tests := []struct {
		received time.Time
		want     *time.Time
	}{
		{at("10:00"), ptr(at("10:20"))},
		{at("10:05"), ptr(at("10:20"))}, // one reply answers both
		{at("10:20"), ptr(at("10:20"))},
		{at("10:41"), nil}, // the 12:00 reply has not been sent yet
		{at("08:00"), ptr(at("09:00"))},
	}
	for _, tt := range tests {
		got := FirstAck(tt.received, acks, now)
		if (got == nil) != (tt.want == nil) || (got != nil && !got.Equal(*tt.want)) {
			t.Errorf("FirstAck(%s) = %v, want %v", tt.received, got, tt.want)
		}
	}
	if FirstAck(at("10:00"), nil, now) != nil {
		t.Error("FirstAck without acks is not nil")
	}
}
