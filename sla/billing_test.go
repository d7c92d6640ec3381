package sla

import (
	"slices"
	"testing"
	"time"
)

// The billing packet is closed by the office's own invoice: a vendor's
// invoice is listed apart and leaves billing open.
func TestCheckClaimVendorInvoiceIsNotBilling(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	f := ClaimFacts{
		OpenedAt: s.w("2026-11-02 09:00"),
		Documents: []Document{
			{Type: DocPhoto, ReceivedAt: s.w("2026-11-02 14:00")}, {Type: DocScope, ReceivedAt: s.w("2026-11-02 16:00")},
			{Type: DocEstimate, ReceivedAt: s.w("2026-11-04 10:00")}, {Type: DocSketch, ReceivedAt: s.w("2026-11-04 10:00")},
			{Type: DocATP, ReceivedAt: s.w("2026-11-02 13:00")}, {Type: DocCOS, ReceivedAt: s.w("2026-11-06 11:00")},
			{Type: DocVendorInvoice, ReceivedAt: s.w("2026-11-07 10:00")},
		},
		Verified: map[DocType]time.Time{DocATP: s.w("2026-11-02 14:00"), DocCOS: s.w("2026-11-06 12:00")},
	}
	billing := func(r ClaimReport) Milestone {
		for _, m := range r.Milestones {
			if m.Name == MilestoneBilling {
				return m
			}
		}
		t.Fatal("no billing milestone")
		return Milestone{}
	}
	r := s.cal.CheckClaim(f, Rules{}, s.w("2026-11-09 12:00"))
	if m := billing(r); m.MetAt != nil || !slices.Equal(m.Missing, []DocType{DocInvoice}) {
		t.Errorf("billing with a vendor's invoice: met %v, missing %v; want open for the office's invoice", m.MetAt, m.Missing)
	}
	if got := checklist(r); !slices.Contains(got, "vendor_invoice:present(optional)") || slices.ContainsFunc(got, func(s string) bool { return s == "invoice:present(optional)" }) {
		t.Errorf("checklist %v: want the vendor's invoice listed apart, no office invoice", got)
	}

	f.Documents = append(f.Documents, Document{Type: DocInvoice, ReceivedAt: s.w("2026-11-09 10:00")})
	r = s.cal.CheckClaim(f, Rules{}, s.w("2026-11-09 12:00"))
	if m := billing(r); m.MetAt == nil || !m.MetAt.Equal(s.w("2026-11-09 10:00")) || m.State != StateMet {
		t.Errorf("billing with the office's invoice: %s met %v, want met at the invoice", m.State, m.MetAt)
	}
}
