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
			{Type: DocCOS, ReceivedAt: s.w("2026-11-03 10:00")},
			{Type: DocCOS, ReceivedAt: s.w("2026-11-04 10:00")},
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
	if got := cos(r); got != string(ItemUnverified) {
		t.Errorf("COS after its rejection: %s, want unverified", got)
	}
	a, ok := signatures(r.Alerts)
	if !ok || a.Message != task || a.State != StateOverdue {
		t.Errorf("alert after the rejection: %+v (found %v), want %q overdue", a, ok, task)
	}
	if got, ok := signatures(AlertsAt(s.cal.AlertTimeline(f, Rules{}), now)); !ok || got != a {
		t.Errorf("timeline alert %+v (found %v), want %+v", got, ok, a)
	}
	if st := states(r)[MilestoneCOS]; st.Done() {
		t.Errorf("COS milestone %s after the rejection, want not done", st)
	}

	// The second COS, checked and right, closes the task.
	f.Verified[DocCOS] = s.w("2026-11-04 11:00")
	now = s.w("2026-11-04 12:00")
	r = s.cal.CheckClaim(f, Rules{}, now)
	if got := cos(r); got != string(ItemPresent) {
		t.Errorf("COS after a right one was verified: %s, want present", got)
	}
	if a, ok := signatures(r.Alerts); ok {
		t.Errorf("alert %+v after a right COS was verified, want none", a)
	}
	if a, ok := signatures(AlertsAt(s.cal.AlertTimeline(f, Rules{}), now)); ok {
		t.Errorf("timeline alert %+v after a right COS was verified, want none", a)
	}
}
