package sla

import (
	"slices"
	"testing"
	"time"
)

// Signed forms on file whose signatures nobody checked yet are on file,
// to be checked: the signatures milestone names them unverified, not as
// missing documents, as the checklist does; a form rejected with no other
// copy to check is the one still lacking.
func TestSignaturesNameFormsOnFileUnverified(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	f := ClaimFacts{
		OpenedAt: s.w("2026-11-02 09:00"),
		Documents: []Document{
			{Type: DocATP, ReceivedAt: s.w("2026-11-02 10:00")},
			{Type: DocCOS, ReceivedAt: s.w("2026-11-04 10:00")},
			{Type: DocWaiver, ReceivedAt: s.w("2026-11-03 10:00"), CheckedAt: ptr(s.w("2026-11-03 11:00"))},
		},
		Verified: map[DocType]time.Time{},
		Rejected: map[DocType]Rejection{DocWaiver: {At: s.w("2026-11-03 11:00"), Reason: "wrong form"}},
	}
	rep := s.cal.CheckClaim(f, Rules{}, s.w("2026-11-05 12:00"))
	i := slices.IndexFunc(rep.Milestones, func(m Milestone) bool { return m.Name == MilestoneSignatures })
	m := rep.Milestones[i]
	if want := []DocType{DocATP, DocWaiver, DocCOS}; !slices.Equal(m.Missing, want) {
		t.Errorf("signatures lack %v, want %v", m.Missing, want)
	}
	if want := []DocType{DocATP, DocCOS}; !slices.Equal(m.Unverified, want) {
		t.Errorf("signatures name %v on file unverified, want %v", m.Unverified, want)
	}
	for _, it := range rep.Checklist {
		if slices.Contains(m.Unverified, it.Type) != (it.Status == ItemUnverified) {
			t.Errorf("the checklist's %s is %s, the signatures say unverified: %v", it.Type, it.Status, m.Unverified)
		}
	}
}

// Each document is asked of the person whose job it is: the field's of the
// technician, the estimate and sketch of the estimator, the lab's report
// of the lab, the invoice is the office's own.
func TestAskedOf(t *testing.T) {
	t.Parallel()
	want := map[DocType]string{
		DocPhoto: AskTechnician, DocScope: AskTechnician, DocDryingLog: AskTechnician, DocATP: AskTechnician,
		DocATR: AskTechnician, DocWaiver: AskTechnician, DocCOS: AskTechnician,
		DocEstimate: AskEstimator, DocSketch: AskEstimator, DocLabReport: AskLab,
		DocInvoice: AskOffice, DocVendorInvoice: AskOffice,
	}
	for _, tt := range checklistOrder {
		if got := tt.AskedOf(); got != want[tt] {
			t.Errorf("%s is asked of %q, want %q", tt, got, want[tt])
		}
	}
}
