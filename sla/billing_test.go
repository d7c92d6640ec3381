package sla

import (
	"slices"
	"strings"
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

// The billing packet shows from the paperwork's deadline (day 4), not the
// day before billing, and its alert names only what no other alert asks
// for: the estimate the paperwork asks for, a form waiting for its check,
// are asked for once.
func TestCheckClaimBillingWarnsAtPaperworkDeadline(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	f := ClaimFacts{
		OpenedAt: s.w("2026-11-02 09:00"), // Monday: day 4 is Thu Nov 5, day 10 Fri Nov 13
		Documents: []Document{
			{Type: DocPhoto, ReceivedAt: s.w("2026-11-02 14:00")}, {Type: DocScope, ReceivedAt: s.w("2026-11-02 16:00")},
			{Type: DocATP, ReceivedAt: s.w("2026-11-02 13:00")},
		},
		Verified: map[DocType]time.Time{DocATP: s.w("2026-11-02 14:00")},
	}
	messages := func(now time.Time) map[MilestoneName]string {
		out := map[MilestoneName]string{}
		r := s.cal.CheckClaim(f, Rules{}, now)
		for _, a := range r.Alerts {
			out[a.Milestone] = a.Message
		}
		// The timeline a store keeps says the same.
		if got := AlertsAt(s.cal.AlertTimeline(f, Rules{}), now); !slices.Equal(got, r.Alerts) {
			t.Errorf("at %s: timeline alerts %v, CheckClaim %v", now, got, r.Alerts)
		}
		return out
	}
	if got := messages(s.w("2026-11-04 12:00")); got[MilestoneBilling] != "" {
		t.Errorf("day 3: billing alert %q, want none before the paperwork's deadline", got[MilestoneBilling])
	}
	got := messages(s.w("2026-11-05 08:30"))
	if want := "billing packet due: outstanding signed COS (certificate of satisfaction), invoice"; got[MilestoneBilling] != want {
		t.Errorf("day 4: billing alert %q, want %q (the estimate and sketch are the paperwork's)", got[MilestoneBilling], want)
	}
	if want := "paperwork due: missing estimate, sketch"; got[MilestonePaperwork] != want {
		t.Errorf("day 4: paperwork alert %q, want %q", got[MilestonePaperwork], want)
	}

	// The COS on file waits for its check: the signatures ask for it.
	f.Documents = append(f.Documents, Document{Type: DocCOS, ReceivedAt: s.w("2026-11-06 10:00")})
	got = messages(s.w("2026-11-06 12:00"))
	if want := "billing packet due: outstanding invoice"; got[MilestoneBilling] != want {
		t.Errorf("COS unverified: billing alert %q, want %q", got[MilestoneBilling], want)
	}
}

// The office's invoice on file is the billing packet gone: the packet's
// milestone is reached then, raises no alert and keeps no stretch for the
// lists, and what it still lacked is what the carrier may ask for, not
// work before the invoice.
func TestCheckClaimInvoiceOnFileEndsBillingPacket(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	f := ClaimFacts{
		OpenedAt: s.w("2026-11-02 09:00"),
		Documents: []Document{
			{Type: DocPhoto, ReceivedAt: s.w("2026-11-02 14:00")}, {Type: DocScope, ReceivedAt: s.w("2026-11-02 16:00")},
			{Type: DocEstimate, ReceivedAt: s.w("2026-11-04 10:00")}, {Type: DocSketch, ReceivedAt: s.w("2026-11-04 10:00")},
			{Type: DocATP, ReceivedAt: s.w("2026-11-02 13:00")}, {Type: DocCOS, ReceivedAt: s.w("2026-11-06 11:00")},
			{Type: DocInvoice, ReceivedAt: s.w("2026-11-09 10:00")},
		},
		Verified: map[DocType]time.Time{DocATP: s.w("2026-11-02 14:00")},
	}
	now := s.w("2026-11-09 12:00")
	r := s.cal.CheckClaim(f, Rules{}, now)
	b := r.Milestones[len(r.Milestones)-1]
	if b.Name != MilestoneBilling || b.State != StateMet || b.MetAt == nil || !b.MetAt.Equal(s.w("2026-11-09 10:00")) {
		t.Errorf("billing %s %s met %v, want met at the invoice", b.Name, b.State, b.MetAt)
	}
	if len(b.Missing) != 0 || !slices.Equal(b.AfterInvoice, []DocType{DocCOS}) {
		t.Errorf("billing missing %v, after the invoice %v; want nothing before it, the unverified COS after", b.Missing, b.AfterInvoice)
	}
	for _, a := range r.Alerts {
		if a.Milestone == MilestoneBilling {
			t.Errorf("billing alert %q after the invoice", a.Message)
		}
	}
	_, stretches := s.cal.Timelines(f, Rules{})
	for _, st := range stretches {
		if st.Until.IsZero() || st.Until.After(s.w("2026-11-09 10:00")) {
			t.Errorf("billing stretch %v-%v missing %v runs past the invoice", st.From, st.Until, st.Missing)
		}
	}
}

// The billing stretches a store keeps say, at any instant, what the
// billing milestone says then.
func TestTimelinesBillingStretches(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	f := ClaimFacts{
		OpenedAt: s.w("2026-11-02 09:00"),
		Documents: []Document{
			{Type: DocPhoto, ReceivedAt: s.w("2026-11-02 14:00")}, {Type: DocScope, ReceivedAt: s.w("2026-11-02 16:00")},
			{Type: DocEstimate, ReceivedAt: s.w("2026-11-04 10:00")}, {Type: DocSketch, ReceivedAt: s.w("2026-11-04 10:00")},
			{Type: DocATP, ReceivedAt: s.w("2026-11-02 13:00")}, {Type: DocCOS, ReceivedAt: s.w("2026-11-06 11:00")},
			{Type: DocInvoice, ReceivedAt: s.w("2026-11-10 10:00")},
		},
		Verified: map[DocType]time.Time{DocATP: s.w("2026-11-02 14:00"), DocCOS: s.w("2026-11-09 12:00")},
	}
	_, stretches := s.cal.Timelines(f, Rules{})
	for _, at := range []string{"2026-11-02 10:00", "2026-11-03 10:00", "2026-11-04 10:00", "2026-11-06 11:00", "2026-11-09 11:59",
		"2026-11-09 12:00", "2026-11-10 09:59", "2026-11-10 10:00", "2026-11-20 10:00"} {
		now := s.w(at)
		r := s.cal.CheckClaim(f, Rules{}, now)
		b := r.Milestones[len(r.Milestones)-1]
		var shown *BillingStretch
		for i, st := range stretches {
			if !now.Before(st.From) && (st.Until.IsZero() || now.Before(st.Until)) {
				shown = &stretches[i]
			}
		}
		switch {
		case b.State.Done() && shown != nil:
			t.Errorf("%s: billing met, stretch %+v", at, *shown)
		case !b.State.Done() && shown == nil:
			t.Errorf("%s: billing missing %v, no stretch", at, b.Missing)
		case shown != nil && (!slices.Equal(shown.Missing, b.Missing) || !slices.Equal(shown.Unverified, b.Unverified) || !shown.Due.Equal(b.Due)):
			t.Errorf("%s: stretch %v/%v due %s, milestone %v/%v due %s", at, shown.Missing, shown.Unverified, shown.Due, b.Missing, b.Unverified, b.Due)
		}
	}
	if n := len(stretches); n == 0 || !stretches[0].WarnAt.Equal(s.w("2026-11-05 08:00")) || !stretches[0].Due.Equal(s.w("2026-11-13 18:00")) {
		t.Errorf("stretches %+v: want warning Thu Nov 5 08:00, due Fri Nov 13 18:00", stretches)
	}
}

func TestBusinessDaysLeft(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	due := s.w("2026-11-13 18:00") // Friday
	for _, c := range []struct {
		now  string
		want int
	}{
		{"2026-11-09 10:00", 5}, {"2026-11-13 17:00", 1}, {"2026-11-12 19:00", 1}, {"2026-11-07 12:00", 5}, {"2026-11-13 18:30", 0},
	} {
		if got := s.cal.BusinessDaysLeft(s.w(c.now), due); got != c.want {
			t.Errorf("at %s: %d business days left, want %d", c.now, got, c.want)
		}
	}
}

// The COS is signed when the work is done: while the drying equipment is
// on the job the billing packet's COS is not owed nor asked for (the
// packet is late for its invoice alone); the equipment's pickup makes it
// owed again.
func TestCheckClaimCOSWaitsForEquipmentToComeOff(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	placed := s.w("2026-11-02 12:00")
	f := ClaimFacts{
		OpenedAt: s.w("2026-11-02 09:00"), Drying: true, EquipmentPlacedAt: &placed,
		Documents: []Document{
			{Type: DocPhoto, ReceivedAt: s.w("2026-11-02 14:00")}, {Type: DocScope, ReceivedAt: s.w("2026-11-02 16:00")},
			{Type: DocEstimate, ReceivedAt: s.w("2026-11-04 10:00")}, {Type: DocSketch, ReceivedAt: s.w("2026-11-04 10:00")},
			{Type: DocATP, ReceivedAt: s.w("2026-11-02 11:00")}, {Type: DocDryingLog, ReceivedAt: s.w("2026-11-03 10:00")},
		},
		Verified: map[DocType]time.Time{DocATP: s.w("2026-11-02 14:00")},
	}
	billing := func(now time.Time) (Milestone, []Alert) {
		r := s.cal.CheckClaim(f, Rules{}, now)
		return r.Milestones[len(r.Milestones)-1], r.Alerts
	}
	late := s.w("2026-11-20 10:00") // past the packet's deadline
	b, alerts := billing(late)
	if !slices.Equal(b.Waiting, []DocType{DocCOS}) || !slices.Equal(b.Asks(), []DocType{DocInvoice}) {
		t.Errorf("equipment on the job: billing waiting %v asks %v; want the COS waiting, the invoice asked", b.Waiting, b.Asks())
	}
	for _, a := range alerts {
		if a.Milestone == MilestoneBilling && strings.Contains(a.Message, "COS") {
			t.Errorf("equipment on the job: billing alert %q asks for the COS", a.Message)
		}
	}
	_, stretches := s.cal.Timelines(f, Rules{})
	if last := stretches[len(stretches)-1]; !slices.Equal(last.Missing, []DocType{DocInvoice}) || !slices.Equal(last.Waiting, []DocType{DocCOS}) {
		t.Errorf("equipment on the job: last billing stretch %+v, want the invoice owed and the COS waiting", last)
	}

	picked := s.w("2026-11-10 15:00")
	f.EquipmentPickedUpAt = &picked
	if b, _ := billing(late); len(b.Waiting) != 0 || !slices.Contains(b.Asks(), DocCOS) {
		t.Errorf("equipment picked up: billing waiting %v asks %v; want the COS owed", b.Waiting, b.Asks())
	}
}
