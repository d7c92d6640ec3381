package sla

import (
	"slices"
	"testing"
	"time"
)

// TestWorkStart: work began at the earlier of the start a person recorded
// and the first drying equipment the log places; when neither is known, at
// the earlier of the placement mail says and the first drying log.
func TestWorkStart(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	now := s.w("2026-11-06 12:00")
	dryingLog := func(at string) []Document { return []Document{{Type: DocDryingLog, ReceivedAt: s.w(at)}} }
	tests := []struct {
		name string
		f    ClaimFacts
		want string
		from StageSource
	}{
		{"nothing known", ClaimFacts{Documents: []Document{{Type: DocPhoto, ReceivedAt: s.w("2026-11-02 10:00")}}}, "", ""},
		{"recorded", ClaimFacts{WorkStartedAt: ptr(s.w("2026-11-03 08:00"))}, "2026-11-03 08:00", FromRecord},
		{"equipment placed", ClaimFacts{EquipmentPlacedAt: ptr(s.w("2026-11-04 09:00"))}, "2026-11-04 09:00", FromEquipmentLog},
		{"tear-out before the equipment", ClaimFacts{WorkStartedAt: ptr(s.w("2026-11-03 08:00")), EquipmentPlacedAt: ptr(s.w("2026-11-04 09:00"))},
			"2026-11-03 08:00", FromRecord},
		{"equipment before the start recorded", ClaimFacts{WorkStartedAt: ptr(s.w("2026-11-05 08:00")), EquipmentPlacedAt: ptr(s.w("2026-11-04 09:00"))},
			"2026-11-04 09:00", FromEquipmentLog},
		{"a drying log alone", ClaimFacts{Documents: dryingLog("2026-11-03 17:00")}, "2026-11-03 17:00", FromDryingLog},
		{"a drying log not yet received", ClaimFacts{Documents: dryingLog("2026-11-07 17:00")}, "", ""},
		{"equipment before a drying log", ClaimFacts{EquipmentPlacedAt: ptr(s.w("2026-11-04 09:00")), Documents: dryingLog("2026-11-03 17:00")},
			"2026-11-04 09:00", FromEquipmentLog},
		{"mail says placed before the drying log", ClaimFacts{MailPlacedAt: ptr(s.w("2026-11-02 10:40")), Documents: dryingLog("2026-11-05 08:40")},
			"2026-11-02 10:40", FromMail},
		{"mail says placed after the drying log", ClaimFacts{MailPlacedAt: ptr(s.w("2026-11-05 10:40")), Documents: dryingLog("2026-11-03 17:00")},
			"2026-11-03 17:00", FromDryingLog},
		{"mail alone", ClaimFacts{MailPlacedAt: ptr(s.w("2026-11-02 10:40"))}, "2026-11-02 10:40", FromMail},
		{"mail not yet come", ClaimFacts{MailPlacedAt: ptr(s.w("2026-11-07 10:40"))}, "", ""},
		{"mail and the equipment log", ClaimFacts{MailPlacedAt: ptr(s.w("2026-11-02 10:40")), EquipmentPlacedAt: ptr(s.w("2026-11-03 09:00"))},
			"2026-11-03 09:00", FromEquipmentLog},
	}
	for _, tt := range tests {
		at, from, ok := tt.f.WorkStart(now)
		if tt.want == "" {
			if ok {
				t.Errorf("%s: work started %s (%s), want not yet", tt.name, at, from)
			}
			continue
		}
		if !ok || !at.Equal(s.w(tt.want)) || from != tt.from {
			t.Errorf("%s: work started %s (%s, %v), want %s (%s)", tt.name, at, from, ok, tt.want, tt.from)
		}
	}
}

// Equipment placed is work started: the ATP is due by then, and overdue
// after it when none came, though nobody recorded the start.
func TestCheckClaimATPDueAtEquipmentPlacement(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	f := ClaimFacts{
		OpenedAt:          s.w("2026-11-02 09:00"),
		Drying:            true,
		EquipmentPlacedAt: ptr(s.w("2026-11-04 09:00")),
		Verified:          map[DocType]time.Time{},
		Rejected:          map[DocType]Rejection{},
	}
	r := s.cal.CheckClaim(f, Rules{}, s.w("2026-11-04 10:00"))
	m := milestoneOf(t, r, MilestoneATP)
	if !m.Due.Equal(s.w("2026-11-04 09:00")) || m.State != StateOverdue {
		t.Fatalf("ATP milestone %+v, want overdue since the equipment was placed", m)
	}
	if !slices.ContainsFunc(r.Alerts, func(a Alert) bool { return a.Milestone == MilestoneATP && a.State == StateOverdue }) {
		t.Errorf("alerts %v, want the ATP overdue", alerts(r))
	}
	timeline := s.cal.AlertTimeline(f, Rules{})
	if got := AlertsAt(timeline, s.w("2026-11-04 10:00")); !sameAlerts(got, r.Alerts) {
		t.Errorf("timeline shows %s, CheckClaim %s", alertsText(got), alertsText(r.Alerts))
	}
}

// A COS signed before the pickup is recorded is the job's COS, no extra:
// the checklist requires it, and the checklist, the COS milestone and the
// billing packet all say it is on file with its signature not verified,
// until a coordinator verifies it.
func TestCheckClaimCOSBeforePickup(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	f := ClaimFacts{
		OpenedAt:  s.w("2026-11-02 09:00"),
		Documents: []Document{{Type: DocCOS, ReceivedAt: s.w("2026-11-05 16:00")}},
		Verified:  map[DocType]time.Time{},
		Rejected:  map[DocType]Rejection{},
	}
	now := s.w("2026-11-05 17:00")
	r := s.cal.CheckClaim(f, Rules{}, now)
	i := slices.IndexFunc(r.Checklist, func(it ChecklistItem) bool { return it.Type == DocCOS })
	if i < 0 || !r.Checklist[i].Required || r.Checklist[i].Status != ItemUnverified {
		t.Fatalf("checklist %+v, want the COS required and unverified", r.Checklist)
	}
	cos := milestoneOf(t, r, MilestoneCOS)
	if cos.MetAt == nil || !cos.MetAt.Equal(s.w("2026-11-05 16:00")) || !slices.Equal(cos.Unverified, []DocType{DocCOS}) {
		t.Errorf("COS milestone %+v, want met on arrival, its signature not verified", cos)
	}
	billing := milestoneOf(t, r, MilestoneBilling)
	if !slices.Contains(billing.Missing, DocCOS) || !slices.Equal(billing.Unverified, []DocType{DocCOS}) {
		t.Errorf("billing milestone %+v, want the COS outstanding as not verified", billing)
	}

	f.Verified[DocCOS] = s.w("2026-11-05 16:30")
	f.Documents[0].CheckedAt = ptr(s.w("2026-11-05 16:30"))
	r = s.cal.CheckClaim(f, Rules{}, now)
	if cos := milestoneOf(t, r, MilestoneCOS); cos.MetAt == nil || len(cos.Unverified) > 0 {
		t.Errorf("COS milestone once verified %+v", cos)
	}
	if billing := milestoneOf(t, r, MilestoneBilling); slices.Contains(billing.Missing, DocCOS) || len(billing.Unverified) > 0 {
		t.Errorf("billing milestone once the COS is verified %+v", billing)
	}
}

func milestoneOf(t *testing.T, r ClaimReport, name MilestoneName) Milestone {
	t.Helper()
	for _, m := range r.Milestones {
		if m.Name == name {
			return m
		}
	}
	t.Fatalf("no milestone %s", name)
	return Milestone{}
}

// TestCOSDueAtPickupDoneOrScheduled: the COS is due by the close of the
// pickup's business day whether the pickup is done or scheduled (shown
// due soon from the moment it is known), or by the close of the
// completion's once that happened, a pickup done standing first.
func TestCOSDueAtPickupDoneOrScheduled(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	now := s.w("2026-11-04 12:00")
	at := func(w string) *time.Time { return ptr(s.w(w)) }
	tests := []struct {
		name              string
		pickup, completed *time.Time
		due               string // "": no deadline
		state             State
	}{
		{"nothing known", nil, nil, "", StatePending},
		{"picked up", at("2026-11-03 10:00"), nil, "2026-11-03 18:00", StateOverdue},
		{"pickup scheduled", at("2026-11-06 10:00"), nil, "2026-11-06 18:00", StateDueSoon},
		{"pickup scheduled on a Saturday", at("2026-11-07 10:00"), nil, "2026-11-09 18:00", StateDueSoon},
		{"completed before a pickup scheduled", at("2026-11-06 10:00"), at("2026-11-03 09:00"), "2026-11-03 18:00", StateOverdue},
		{"picked up, then completed", at("2026-11-03 10:00"), at("2026-11-04 09:00"), "2026-11-03 18:00", StateOverdue},
		{"completion still to come", nil, at("2026-11-06 10:00"), "", StatePending},
	}
	for _, tt := range tests {
		f := ClaimFacts{OpenedAt: s.w("2026-11-02 09:00"), EquipmentPickedUpAt: tt.pickup, CompletedAt: tt.completed}
		r := s.cal.CheckClaim(f, Rules{}, now)
		var cos Milestone
		for _, m := range r.Milestones {
			if m.Name == MilestoneCOS {
				cos = m
			}
		}
		required := slices.Contains(checklist(r), "cos:missing")
		alert := slices.Contains(alerts(r), "cos_at_pickup:"+string(tt.state))
		switch {
		case tt.due == "" && (!cos.Due.IsZero() || required || cos.State != tt.state):
			t.Errorf("%s: COS due %v (%s), required %v; want no deadline", tt.name, cos.Due, cos.State, required)
		case tt.due != "" && (!cos.Due.Equal(s.w(tt.due)) || cos.State != tt.state || !required || !alert):
			t.Errorf("%s: COS due %v (%s), required %v, alerts %v; want due %s (%s), required", tt.name, cos.Due, cos.State, required, alerts(r), tt.due, tt.state)
		}
	}
}

// TestCheckClaimATPDueWhenMailSaysEquipmentWasPlaced: mail says the
// equipment went in on Monday and the first drying log came on Thursday:
// work started on Monday, and the ATP was due then, as the job's stages
// say.
func TestCheckClaimATPDueWhenMailSaysEquipmentWasPlaced(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	f := ClaimFacts{
		OpenedAt:     s.w("2026-11-02 09:00"),
		Drying:       true,
		MailPlacedAt: ptr(s.w("2026-11-02 10:40")),
		Documents:    []Document{{Type: DocDryingLog, ReceivedAt: s.w("2026-11-05 08:40")}, {Type: DocATP, ReceivedAt: s.w("2026-11-03 10:00")}},
	}
	now := s.w("2026-11-06 12:00")
	start, _, _ := f.WorkStart(now)
	for _, m := range s.cal.CheckClaim(f, Rules{}, now).Milestones {
		if m.Name == MilestoneATP && (!m.Due.Equal(s.w("2026-11-02 10:40")) || !m.Due.Equal(start) || m.State != StateMissed) {
			t.Errorf("ATP due %s, %s; want due when mail says the equipment was placed (%s), missed", m.Due, m.State, start)
		}
	}
}
