package web

import (
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// TestRequestViewInBusinessTime counts a request's age and clock in the
// office's open time across a weekend and a holiday, and says nothing of
// its age while no open minute has passed since it was asked.
func TestRequestViewInBusinessTime(t *testing.T) {
	t.Parallel()
	holidays, err := sla.ParseHolidays("2026-12-25")
	if err != nil {
		t.Fatal(err)
	}
	cal := sla.NewCalendar(time.UTC, sla.DefaultHours(), holidays)
	at := func(day, hour, min int) time.Time {
		return time.Date(2026, time.December, day, hour, min, 0, 0, time.UTC)
	}
	for _, tc := range []struct {
		name            string
		asked, due, now time.Time
		age, clock      string
		state           sla.State
	}{
		{"over the weekend", at(4, 15, 0), at(4, 17, 30), at(7, 6, 0), "3 business hours ago", "overdue 30 business min", sla.StateOverdue},
		{"over Christmas", at(24, 17, 0), at(28, 10, 0), at(28, 9, 0), "2 business hours ago", "1 business hour left", sla.StateDueSoon},
		{"due after Christmas", at(24, 17, 0), at(28, 14, 0), at(24, 17, 30), "30 business min ago", "6 business hours 30 min left", sla.StatePending},
		{"asked on the holiday, seen on it", at(25, 10, 0), at(28, 12, 0), at(25, 11, 0), "", "", sla.StatePending},
	} {
		r := storage.Request{AskedAt: tc.asked, DueAt: &tc.due, Status: "open"}
		v := newRequestView(r, cal, tc.now)
		if v.Age != tc.age || v.Clock != tc.clock || v.State != tc.state {
			t.Errorf("%s: %q, %q, %s; want %q, %q, %s", tc.name, v.Age, v.Clock, v.State, tc.age, tc.clock, tc.state)
		}
	}
}

// TestMessageAckClockInBusinessTime gives the message page's answer its
// business clock: overdue across Christmas, none once answered.
func TestMessageAckClockInBusinessTime(t *testing.T) {
	t.Parallel()
	holidays, err := sla.ParseHolidays("2026-12-25")
	if err != nil {
		t.Fatal(err)
	}
	cal := sla.NewCalendar(time.UTC, sla.DefaultHours(), holidays)
	due, now := time.Date(2026, 12, 24, 17, 45, 0, 0, time.UTC), time.Date(2026, 12, 28, 8, 30, 0, 0, time.UTC)
	a := messageAck(storage.MessageRow{NeedsAck: true, AckDueAt: &due}, cal, now)
	if a.Clock == nil || a.Clock.Text != "overdue 45 business min" || !a.Clock.At.Equal(now) {
		t.Errorf("waiting: clock %+v, want overdue 45 business min told at %s", a.Clock, now)
	}
	acked := due.Add(-time.Minute)
	if a := messageAck(storage.MessageRow{NeedsAck: true, AckDueAt: &due, AckedAt: &acked}, cal, now); a.Clock != nil {
		t.Errorf("answered: a clock runs: %+v", a.Clock)
	}
}

// TestDoneRequestHasNoAge: a request done is not waiting, so its view
// counts no age since it was asked; the page says when it was done.
func TestDoneRequestHasNoAge(t *testing.T) {
	t.Parallel()
	cal := sla.NewCalendar(time.UTC, sla.DefaultHours())
	asked, done, now := time.Date(2026, 12, 3, 9, 50, 0, 0, time.UTC), time.Date(2026, 12, 4, 9, 4, 0, 0, time.UTC), time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC)
	r := storage.Request{AskedAt: asked, Status: storage.RequestDone, DoneAt: &done}
	if v := newRequestView(r, cal, now); v.Age != "" || v.State != sla.StateMet {
		t.Errorf("done request: age %q, state %s; want no age, met", v.Age, v.State)
	}
}
