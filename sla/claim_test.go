package sla

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// claimSetup is a claim assigned Monday 2026-11-02 09:00 in Chicago, so
// business day n is 2026-11-(1+n) for n up to 5 and day 10 is 11-13.
type claimSetup struct {
	cal *Calendar
	w   func(string) time.Time
}

func setupClaim(t *testing.T) claimSetup {
	t.Helper()
	chicago := loadLoc(t, "America/Chicago")
	return claimSetup{
		cal: mustCalendar(t, Config{Location: chicago}),
		w:   func(s string) time.Time { return wall(t, chicago, s) },
	}
}

func states(r ClaimReport) map[MilestoneName]State {
	m := map[MilestoneName]State{}
	for _, ms := range r.Milestones {
		m[ms.Name] = ms.State
	}
	return m
}

func checklist(r ClaimReport) []string {
	var out []string
	for _, it := range r.Checklist {
		s := fmt.Sprintf("%s:%s", it.Type, it.Status)
		if !it.Required {
			s += "(optional)"
		}
		out = append(out, s)
	}
	return out
}

func alerts(r ClaimReport) []string {
	var out []string
	for _, a := range r.Alerts {
		out = append(out, fmt.Sprintf("%s:%s", a.Milestone, a.State))
	}
	return out
}

func TestCheckClaimCompleteJob(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	doc := func(typ DocType, at string) Document { return Document{Type: typ, ReceivedAt: s.w(at)} }
	f := ClaimFacts{
		OpenedAt: s.w("2026-11-02 09:00"),
		Drying:   true,
		Documents: []Document{
			doc(DocATP, "2026-11-02 13:00"),
			doc(DocWaiver, "2026-11-02 13:30"),
			doc(DocPhoto, "2026-11-02 14:00"),
			doc(DocPhoto, "2026-11-03 14:00"),
			doc(DocDryingLog, "2026-11-02 15:00"),
			doc(DocScope, "2026-11-02 16:00"),
			doc(DocEstimate, "2026-11-04 10:00"),
			doc(DocSketch, "2026-11-04 10:00"),
			doc(DocLabReport, "2026-11-05 09:00"),
			doc(DocCOS, "2026-11-06 11:00"),
			doc(DocInvoice, "2026-11-09 10:00"),
			doc(DocInvoice, "2026-12-01 10:00"), // not yet received at now
		},
		Verified: map[DocType]time.Time{
			DocATP:    s.w("2026-11-02 14:00"),
			DocWaiver: s.w("2026-11-02 14:00"),
			DocCOS:    s.w("2026-11-06 12:00"),
		},
		SampledAt:           ptr(s.w("2026-11-02 15:30")),
		EquipmentPickedUpAt: ptr(s.w("2026-11-06 10:00")),
	}
	r := s.cal.CheckClaim(f, Rules{}, s.w("2026-11-10 12:00"))

	// The waiver and the office's invoice are no extras: the billing
	// packet takes them.
	wantList := []string{"photo:present", "scope:present", "estimate:present", "sketch:present", "drying_log:present", "atp:present", "waiver:present", "cos:present", "lab_report:present", "invoice:present"}
	if got := checklist(r); !slices.Equal(got, wantList) {
		t.Errorf("checklist\n got %v\nwant %v", got, wantList)
	}
	if r.Checklist[0].Count != 2 || !r.Checklist[0].FirstReceivedAt.Equal(s.w("2026-11-02 14:00")) {
		t.Errorf("photos: %d, first %v", r.Checklist[0].Count, r.Checklist[0].FirstReceivedAt)
	}
	if r.Checklist[9].Count != 1 {
		t.Errorf("invoices counted %d, want 1: the second has not arrived", r.Checklist[9].Count)
	}
	for _, m := range r.Milestones {
		if m.State != StateMet || m.MetAt == nil || len(m.Missing) > 0 {
			t.Errorf("%s: %s, met %v, missing %v; want met", m.Name, m.State, m.MetAt, m.Missing)
		}
	}
	wantNames := []MilestoneName{MilestoneFirstDocs, MilestoneChase, MilestoneATP, MilestoneSignatures, MilestonePaperwork, MilestoneCOS, MilestoneLabReport, MilestoneBilling}
	var names []MilestoneName
	for _, m := range r.Milestones {
		names = append(names, m.Name)
	}
	if !slices.Equal(names, wantNames) {
		t.Errorf("milestones %v, want %v", names, wantNames)
	}
	byName := map[MilestoneName]Milestone{}
	for _, m := range r.Milestones {
		byName[m.Name] = m
	}
	metAt := map[MilestoneName]string{
		MilestoneFirstDocs:  "2026-11-02 16:00",
		MilestoneChase:      "2026-11-02 13:00",
		MilestoneSignatures: "2026-11-06 12:00",
		MilestonePaperwork:  "2026-11-04 10:00",
		MilestoneBilling:    "2026-11-09 10:00", // the office's invoice, after the COS verified
	}
	for name, at := range metAt {
		if got := byName[name].MetAt; got == nil || !got.Equal(s.w(at)) {
			t.Errorf("%s met at %v, want %s", name, got, at)
		}
	}
	dues := map[MilestoneName]string{
		MilestoneFirstDocs: "2026-11-03 09:00",
		MilestoneChase:     "2026-11-04 18:00",
		MilestoneATP:       "2026-11-02 15:00", // the first drying log stands for the work start
		MilestonePaperwork: "2026-11-05 18:00",
		MilestoneCOS:       "2026-11-06 18:00",
		MilestoneLabReport: "2026-11-06 18:00",
		MilestoneBilling:   "2026-11-13 18:00",
	}
	for name, at := range dues {
		if got := byName[name].Due; !got.Equal(s.w(at)) {
			t.Errorf("%s due %s, want %s", name, got, at)
		}
	}
	if len(r.Alerts) > 0 {
		t.Errorf("alerts %v, want none", alerts(r))
	}
}

func TestCheckClaimNothingCameIn(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	f := ClaimFacts{OpenedAt: s.w("2026-11-02 09:00")}
	tests := []struct {
		now    string
		states map[MilestoneName]State
		alerts []string
	}{
		{
			now:    "2026-11-02 12:00", // day 1
			states: map[MilestoneName]State{MilestoneFirstDocs: StatePending, MilestoneChase: StatePending, MilestoneATP: StatePending, MilestoneSignatures: StatePending, MilestonePaperwork: StatePending, MilestoneCOS: StatePending, MilestoneBilling: StatePending},
		},
		{
			now:    "2026-11-03 08:30", // day 2: chase today, 24 hours nearly up
			states: map[MilestoneName]State{MilestoneFirstDocs: StateDueSoon, MilestoneChase: StateDueSoon, MilestonePaperwork: StatePending},
			alerts: []string{"first_docs:due_soon", "chase_technician:due_soon"},
		},
		{
			now:    "2026-11-04 18:01", // day 3 over
			states: map[MilestoneName]State{MilestoneFirstDocs: StateOverdue, MilestoneChase: StateOverdue, MilestonePaperwork: StateDueSoon, MilestoneBilling: StatePending},
			alerts: []string{"first_docs:overdue", "chase_technician:overdue", "paperwork:due_soon"},
		},
		{
			now:    "2026-11-13 10:00", // day 10
			states: map[MilestoneName]State{MilestonePaperwork: StateOverdue, MilestoneBilling: StateDueSoon},
			alerts: []string{"first_docs:overdue", "chase_technician:overdue", "paperwork:overdue", "billing:due_soon"},
		},
		{
			now:    "2026-11-16 08:00", // day 11
			states: map[MilestoneName]State{MilestoneBilling: StateOverdue},
			alerts: []string{"first_docs:overdue", "chase_technician:overdue", "paperwork:overdue", "billing:overdue"},
		},
	}
	for _, tt := range tests {
		r := s.cal.CheckClaim(f, Rules{}, s.w(tt.now))
		got := states(r)
		for name, want := range tt.states {
			if got[name] != want {
				t.Errorf("at %s: %s is %s, want %s", tt.now, name, got[name], want)
			}
		}
		if _, ok := got[MilestoneLabReport]; ok {
			t.Errorf("at %s: a lab report milestone without a sample", tt.now)
		}
		if a := alerts(r); !slices.Equal(a, tt.alerts) {
			t.Errorf("at %s: alerts %v, want %v", tt.now, a, tt.alerts)
		}
		wantList := []string{"photo:missing", "scope:missing", "estimate:missing", "sketch:missing", "atp:missing"}
		if got := checklist(r); !slices.Equal(got, wantList) {
			t.Errorf("at %s: checklist %v, want %v", tt.now, got, wantList)
		}
	}
	r := s.cal.CheckClaim(f, Rules{}, s.w("2026-11-04 18:01"))
	for _, a := range r.Alerts {
		if a.Milestone == MilestonePaperwork && a.Message != "paperwork due: missing estimate, sketch, scope, photos" {
			t.Errorf("paperwork alert says %q", a.Message)
		}
		if a.Milestone == MilestoneChase && !strings.HasPrefix(a.Message, "chase technician") {
			t.Errorf("chase alert says %q", a.Message)
		}
	}
}

func TestCheckClaimSignedForms(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	f := ClaimFacts{
		OpenedAt:            s.w("2026-11-02 09:00"),
		WorkStartedAt:       ptr(s.w("2026-11-02 09:30")),
		EquipmentPickedUpAt: ptr(s.w("2026-11-09 10:00")),
		SampledAt:           ptr(s.w("2026-11-03 10:00")),
		Documents: []Document{
			{Type: DocPhoto, ReceivedAt: s.w("2026-11-02 10:00")},
			{Type: DocATP, ReceivedAt: s.w("2026-11-02 10:00")}, // signed after work began
			{Type: DocWaiver, ReceivedAt: s.w("2026-11-02 10:00")},
		},
		Verified: map[DocType]time.Time{DocWaiver: s.w("2026-11-02 11:00"), DocCOS: s.w("2026-11-02 11:00")},
	}
	r := s.cal.CheckClaim(f, Rules{}, s.w("2026-11-09 19:00"))
	got := states(r)
	want := map[MilestoneName]State{
		MilestoneATP:        StateMissed,
		MilestoneSignatures: StatePending,
		MilestoneCOS:        StateOverdue, // picked up 10:00, no COS by closing
		MilestoneLabReport:  StateOverdue, // sampled on 11-03, its day 5 closed 11-09 18:00
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s is %s, want %s", name, got[name], w)
		}
	}
	wantList := []string{"photo:present", "scope:missing", "estimate:missing", "sketch:missing", "atp:unverified", "waiver:present", "cos:missing", "lab_report:missing"}
	if got := checklist(r); !slices.Equal(got, wantList) {
		t.Errorf("checklist\n got %v\nwant %v", got, wantList)
	}
	var sig *Alert
	for i := range r.Alerts {
		if r.Alerts[i].Milestone == MilestoneSignatures {
			sig = &r.Alerts[i]
		}
	}
	if sig == nil || sig.State != StatePending || sig.Message != "verify the signatures on the signed ATP (work authorization)" {
		t.Errorf("signatures alert %+v", sig)
	}
	if a := r.Alerts[len(r.Alerts)-1]; a.Milestone != MilestoneSignatures {
		t.Errorf("alerts without a deadline should come last: %v", alerts(r))
	}
	for _, m := range r.Milestones {
		if m.Name == MilestoneBilling && !slices.Equal(m.Missing, []DocType{DocScope, DocEstimate, DocSketch, DocATP, DocCOS, DocLabReport, DocInvoice}) {
			t.Errorf("billing outstanding %v", m.Missing)
		}
	}
}

func TestCheckClaimLabReportWindow(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	f := ClaimFacts{OpenedAt: s.w("2026-11-02 09:00"), SampledAt: ptr(s.w("2026-11-03 10:00"))}
	tests := []struct {
		now  string
		want State
	}{
		{"2026-11-03 09:00", ""}, // not sampled yet
		{"2026-11-04 12:00", StatePending},
		{"2026-11-05 08:00", StateDueSoon}, // day 3 of the sample
		{"2026-11-09 18:00", StateDueSoon}, // day 5 closing
		{"2026-11-09 18:01", StateOverdue},
	}
	for _, tt := range tests {
		if got := states(s.cal.CheckClaim(f, Rules{}, s.w(tt.now)))[MilestoneLabReport]; got != tt.want {
			t.Errorf("at %s: lab report %q, want %q", tt.now, got, tt.want)
		}
	}
}

func TestCheckClaimCustomRules(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	f := ClaimFacts{OpenedAt: s.w("2026-11-02 09:00"), CompletedAt: ptr(s.w("2026-11-02 16:00")), Documents: []Document{{Type: DocCOS, ReceivedAt: s.w("2026-11-03 09:00")}}}
	rules := Rules{Chase: Window{Warn: 1, Due: 1}, FirstDocs: 4 * time.Hour, FirstDocsWarn: time.Hour}
	if err := rules.Validate(); err != nil {
		t.Fatal(err)
	}
	r := s.cal.CheckClaim(f, rules, s.w("2026-11-03 12:00"))
	got := states(r)
	if got[MilestoneFirstDocs] != StateOverdue {
		t.Errorf("first docs %s, want overdue after 4 hours", got[MilestoneFirstDocs])
	}
	if got[MilestoneChase] != StateMissed {
		t.Errorf("chase %s, want missed: the COS came on day 2", got[MilestoneChase])
	}
	if got[MilestoneCOS] != StateMissed {
		t.Errorf("COS %s, want missed: completed 11-02, COS came 11-03", got[MilestoneCOS])
	}
}

func TestRulesValidate(t *testing.T) {
	t.Parallel()
	if err := (Rules{}).Validate(); err != nil {
		t.Errorf("default rules: %v", err)
	}
	if got := (Rules{}).withDefaults(); got != DefaultRules() {
		t.Errorf("zero rules = %+v, want the defaults", got)
	}
	err := Rules{Chase: Window{Warn: 4, Due: 3}, Billing: Window{Due: -1}, FirstDocsWarn: 48 * time.Hour}.Validate()
	for _, want := range []string{"chase: warning on day 4 comes after the deadline on day 3", "billing: business days count from 1", "first documents: warning 48h0m0s"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate error %v does not say %q", err, want)
		}
	}
}

// TestFirstDocsDueInBusinessTime: 24 hours from an assignment on a Friday
// morning fall on the Saturday, when the office is closed: the photos and
// scope are due by the close of the Monday, so those sent on the Monday
// morning are on time. A deadline that falls while the office is open
// stays 24 hours after the assignment.
func TestFirstDocsDueInBusinessTime(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	for _, tt := range []struct {
		opened, sent, due string
		want              State
	}{
		{"2026-11-27 09:10", "2026-11-30 09:55", "2026-11-30 18:00", StateMet},    // Friday to Saturday: Monday's close
		{"2026-11-30 16:20", "2026-12-01 16:00", "2026-12-01 16:20", StateMet},    // Monday to Tuesday, open: unchanged
		{"2026-11-30 16:20", "2026-12-01 16:30", "2026-12-01 16:20", StateMissed}, // ... and late after it
		{"2026-12-01 19:00", "2026-12-03 09:00", "2026-12-03 18:00", StateMet},    // Wednesday evening: Thursday's close
		{"2026-12-01 17:00", "2026-12-02 17:30", "2026-12-02 17:00", StateMissed}, // Wednesday 17:00, open
		{"2026-12-01 18:00", "2026-12-02 18:00", "2026-12-02 18:00", StateMet},    // the closing instant is business time
	} {
		f := ClaimFacts{OpenedAt: s.w(tt.opened), Documents: []Document{
			{Type: DocPhoto, ReceivedAt: s.w(tt.sent)}, {Type: DocScope, ReceivedAt: s.w(tt.sent)}}}
		r := s.cal.CheckClaim(f, Rules{}, s.w(tt.sent))
		m := r.Milestones[0]
		if m.Name != MilestoneFirstDocs || !m.Due.Equal(s.w(tt.due)) || m.State != tt.want {
			t.Errorf("opened %s, sent %s: %s due %s, %s; want due %s, %s", tt.opened, tt.sent, m.Name, m.Due, m.State, tt.due, tt.want)
		}
	}
}
