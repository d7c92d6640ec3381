package sla

import (
	"slices"
	"testing"
	"time"
)

// An ATR on file is a signed form like the others: listed with them,
// checked by a coordinator before billing, rejected into an urgent task,
// and a document from the job for the chase. The job does not require one,
// but one on file is in the billing packet, so the checklist requires it.
func TestCheckClaimATR(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	f := ClaimFacts{
		OpenedAt:  s.w("2026-11-02 09:00"),
		Documents: []Document{{Type: DocATR, ReceivedAt: s.w("2026-11-03 10:00")}},
		Verified:  map[DocType]time.Time{},
		Rejected:  map[DocType]Rejection{},
	}
	now := s.w("2026-11-03 12:00")
	r := s.cal.CheckClaim(f, Rules{}, now)
	i := slices.IndexFunc(r.Checklist, func(it ChecklistItem) bool { return it.Type == DocATR })
	if i < 0 || r.Checklist[i].Status != ItemUnverified || !r.Checklist[i].Required {
		t.Fatalf("checklist %+v, want the ATR unverified and required", r.Checklist)
	}
	milestone := func(r ClaimReport, name MilestoneName) Milestone {
		for _, m := range r.Milestones {
			if m.Name == name {
				return m
			}
		}
		t.Fatalf("no milestone %s", name)
		return Milestone{}
	}
	if m := milestone(r, MilestoneSignatures); !slices.Equal(m.Missing, []DocType{DocATR}) {
		t.Errorf("signatures missing %v, want [atr]", m.Missing)
	}
	if m := milestone(r, MilestoneBilling); !slices.Contains(m.Missing, DocATR) {
		t.Errorf("billing missing %v, want the unchecked ATR among them", m.Missing)
	}
	if m := milestone(r, MilestoneChase); m.MetAt == nil || !m.MetAt.Equal(s.w("2026-11-03 10:00")) {
		t.Errorf("chase met at %v, want the ATR's arrival", m.MetAt)
	}

	f.Rejected[DocATR] = Rejection{At: s.w("2026-11-03 11:00"), Reason: "the ATP was signed instead"}
	f.Documents[0].CheckedAt = ptr(s.w("2026-11-03 11:00"))
	r = s.cal.CheckClaim(f, Rules{}, now)
	const task = "ATR rejected: the ATP was signed instead — get the right one signed"
	due := s.w("2026-11-04 18:00") // the close of the next business day
	if !slices.ContainsFunc(r.Alerts, func(a Alert) bool { return a.Message == task && a.State == StateDueSoon && a.Due.Equal(due) }) {
		t.Errorf("alerts %+v, want %q due soon, due %s", r.Alerts, task, due)
	}
	if i := slices.IndexFunc(r.Checklist, func(it ChecklistItem) bool { return it.Type == DocATR }); i < 0 || r.Checklist[i].Status != ItemRejected {
		t.Errorf("checklist %+v, want the ATR rejected", r.Checklist)
	}
}
