package sla

import (
	"testing"
	"time"
)

// A work start known as a day alone (equipment placed "Tuesday", no time:
// it stands at noon of the day) makes the ATP due by the office's close on
// that business day, a deadline of a day (DueDay), due soon that day and
// overdue only after the close; a start known to the minute keeps its
// minute. The timeline says the same as CheckClaim.
func TestATPDueOnADayAlone(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	noonTue := s.w("2026-03-03 12:00") // Tuesday
	base := ClaimFacts{OpenedAt: s.w("2026-03-02 09:00"), Drying: true,
		Verified: map[DocType]time.Time{}, Rejected: map[DocType]Rejection{}}
	logged, mailed, timed, saturday := base, base, base, base
	logged.EquipmentPlacedAt, logged.EquipmentPlacedDayOnly = &noonTue, true
	mailed.MailPlacedAt, mailed.MailPlacedDayOnly = &noonTue, true
	timed.EquipmentPlacedAt = &noonTue
	saturday.EquipmentPlacedAt, saturday.EquipmentPlacedDayOnly = ptr(s.w("2026-03-07 12:00")), true
	tests := []struct {
		name  string
		f     ClaimFacts
		now   time.Time
		due   time.Time
		day   bool
		state State
	}{
		{"equipment log, that afternoon", logged, s.w("2026-03-03 15:00"), s.w("2026-03-03 18:00"), true, StateDueSoon},
		{"equipment log, after the close", logged, s.w("2026-03-03 18:30"), s.w("2026-03-03 18:00"), true, StateOverdue},
		{"mail, that afternoon", mailed, s.w("2026-03-03 15:00"), s.w("2026-03-03 18:00"), true, StateDueSoon},
		{"mail, the next day", mailed, s.w("2026-03-04 09:00"), s.w("2026-03-03 18:00"), true, StateOverdue},
		{"a Saturday: the next business day", saturday, s.w("2026-03-07 15:00"), s.w("2026-03-09 18:00"), true, StateDueSoon},
		{"a time known", timed, s.w("2026-03-03 15:00"), noonTue, false, StateOverdue},
	}
	for _, tt := range tests {
		r := s.cal.CheckClaim(tt.f, Rules{}, tt.now)
		m := milestoneOf(t, r, MilestoneATP)
		if !m.Due.Equal(tt.due) || m.DueDay != tt.day || m.State != tt.state {
			t.Errorf("%s: ATP due %s (day %v), %s; want %s (day %v), %s", tt.name, m.Due, m.DueDay, m.State, tt.due, tt.day, tt.state)
		}
		for _, a := range r.Alerts {
			if a.Milestone == MilestoneATP && a.DueDay != tt.day {
				t.Errorf("%s: ATP alert day %v, want %v", tt.name, a.DueDay, tt.day)
			}
		}
		if got := AlertsAt(s.cal.AlertTimeline(tt.f, Rules{}), tt.now); !sameAlerts(got, r.Alerts) {
			t.Errorf("%s: timeline shows %s, CheckClaim %s", tt.name, alertsText(got), alertsText(r.Alerts))
		}
	}
	// An ATP that came that afternoon came before the day was out: met.
	signed := logged
	signed.Documents = []Document{{Type: DocATP, ReceivedAt: s.w("2026-03-03 16:00")}}
	if m := milestoneOf(t, s.cal.CheckClaim(signed, Rules{}, s.w("2026-03-04 09:00")), MilestoneATP); m.State != StateMet {
		t.Errorf("ATP in at 16:00 on the day work started: %s, want met", m.State)
	}
}
