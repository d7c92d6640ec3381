package sla

import (
	"slices"
	"testing"
	"time"
)

// A COS found wrong is an urgent task until a form verified right
// replaces it, and the checklist never counts the wrong one as done.
func TestCheckClaimRejectedForm(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	f := ClaimFacts{
		OpenedAt: s.w("2026-11-02 09:00"),
		Documents: []Document{
			{Type: DocCOS, ReceivedAt: s.w("2026-11-03 10:00"), CheckedAt: ptr(s.w("2026-11-03 11:00"))},
			{Type: DocCOS, ReceivedAt: s.w("2026-11-04 10:00"), CheckedAt: ptr(s.w("2026-11-04 11:00"))},
		},
		Verified:            map[DocType]time.Time{},
		Rejected:            map[DocType]Rejection{DocCOS: {At: s.w("2026-11-03 11:00"), Reason: "wrong form signed"}},
		EquipmentPickedUpAt: ptr(s.w("2026-11-03 09:00")),
	}
	const task = "COS rejected: wrong form signed — get the right one signed"
	cos := func(r ClaimReport) string {
		for _, it := range r.Checklist {
			if it.Type == DocCOS {
				return string(it.Status)
			}
		}
		return "absent"
	}
	signatures := func(alerts []Alert) (Alert, bool) {
		i := slices.IndexFunc(alerts, func(a Alert) bool { return a.Milestone == MilestoneSignatures })
		if i < 0 {
			return Alert{}, false
		}
		return alerts[i], true
	}

	now := s.w("2026-11-03 12:00")
	r := s.cal.CheckClaim(f, Rules{}, now)
	if got := cos(r); got != string(ItemRejected) {
		t.Errorf("COS after its rejection: %s, want rejected", got)
	}
	// Due soon at once, due by the close of the next business day.
	a, ok := signatures(r.Alerts)
	if due := s.w("2026-11-04 18:00"); !ok || a.Message != task || a.State != StateDueSoon || !a.Due.Equal(due) {
		t.Errorf("alert after the rejection: %+v (found %v), want %q due soon, due %s", a, ok, task, due)
	}
	if got, ok := signatures(AlertsAt(s.cal.AlertTimeline(f, Rules{}), now)); !ok || got != a {
		t.Errorf("timeline alert %+v (found %v), want %+v", got, ok, a)
	}
	if st := states(r)[MilestoneCOS]; st.Done() {
		t.Errorf("COS milestone %s after the rejection, want not done", st)
	}

	// The second COS came: it awaits its check, the first's rejection
	// still shown.
	now = s.w("2026-11-04 10:30")
	r = s.cal.CheckClaim(f, Rules{}, now)
	i := slices.IndexFunc(r.Checklist, func(it ChecklistItem) bool { return it.Type == DocCOS })
	if it := r.Checklist[i]; it.Status != ItemUnverified || it.Count != 2 || it.Rejected == nil || it.Rejected.Reason != "wrong form signed" {
		t.Errorf("COS once a second copy came: %+v, want unverified, 2 on file, the first's rejection kept", it)
	}

	// The second COS, checked and right, closes the task.
	f.Verified[DocCOS] = s.w("2026-11-04 11:00")
	now = s.w("2026-11-04 12:00")
	r = s.cal.CheckClaim(f, Rules{}, now)
	if got := cos(r); got != string(ItemPresent) {
		t.Errorf("COS after a right one was verified: %s, want present", got)
	}
	if i := slices.IndexFunc(r.Checklist, func(it ChecklistItem) bool { return it.Type == DocCOS }); r.Checklist[i].Rejected != nil {
		t.Errorf("COS after a right one was verified still carries its rejection %+v", r.Checklist[i].Rejected)
	}
	if a, ok := signatures(r.Alerts); ok {
		t.Errorf("alert %+v after a right COS was verified, want none", a)
	}
	if a, ok := signatures(AlertsAt(s.cal.AlertTimeline(f, Rules{}), now)); ok {
		t.Errorf("timeline alert %+v after a right COS was verified, want none", a)
	}
}

// A form rejected on a Sunday morning is due by the close of Monday, not at
// the moment of the rejection: due soon until then, overdue only after.
// The same holds for the timeline the board reads.
func TestRejectedFormDueNextBusinessDay(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	tests := []struct {
		name               string
		rejected, due      string
		holidays           string
		dueSoonAt, overdue string
	}{
		{name: "sunday", rejected: "2026-12-06 08:25", due: "2026-12-07 18:00", dueSoonAt: "2026-12-07 17:59", overdue: "2026-12-07 18:01"},
		{name: "saturday", rejected: "2026-12-05 14:00", due: "2026-12-07 18:00", dueSoonAt: "2026-12-06 09:00", overdue: "2026-12-07 18:01"},
		{name: "tuesday morning", rejected: "2026-12-08 10:00", due: "2026-12-09 18:00", dueSoonAt: "2026-12-08 18:30", overdue: "2026-12-09 18:01"},
		{name: "friday after closing", rejected: "2026-12-11 19:00", due: "2026-12-14 18:00", dueSoonAt: "2026-12-12 10:00", overdue: "2026-12-14 18:01"},
		{name: "before a holiday", rejected: "2026-12-23 11:00", holidays: "2026-12-24..2026-12-25", due: "2026-12-28 18:00",
			dueSoonAt: "2026-12-24 10:00", overdue: "2026-12-28 18:01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cal := s.cal
			if tt.holidays != "" {
				cal = mustCalendar(t, Config{Location: cal.Location(), Holidays: tt.holidays})
			}
			rejected := s.w(tt.rejected)
			f := ClaimFacts{
				OpenedAt:  s.w("2026-12-01 09:00"),
				Documents: []Document{{Type: DocCOS, ReceivedAt: rejected.Add(-time.Hour)}},
				Verified:  map[DocType]time.Time{},
				Rejected:  map[DocType]Rejection{DocCOS: {At: rejected, Reason: "Homeowner signature missing"}},
			}
			timeline := cal.AlertTimeline(f, Rules{})
			for _, c := range []struct {
				at   string
				want State
			}{{tt.rejected, StateDueSoon}, {tt.dueSoonAt, StateDueSoon}, {tt.due, StateDueSoon}, {tt.overdue, StateOverdue}} {
				now := s.w(c.at)
				for what, alerts := range map[string][]Alert{"CheckClaim": cal.CheckClaim(f, Rules{}, now).Alerts, "timeline": AlertsAt(timeline, now)} {
					i := slices.IndexFunc(alerts, func(a Alert) bool { return a.Milestone == MilestoneSignatures })
					if i < 0 {
						t.Errorf("%s at %s: no alert for the rejected COS", what, c.at)
						continue
					}
					if a := alerts[i]; a.State != c.want || !a.Due.Equal(s.w(tt.due)) {
						t.Errorf("%s at %s: %s due %s, want %s due %s", what, c.at, a.State, a.Due.Format(time.DateTime), c.want, tt.due)
					}
				}
			}
		})
	}
}
