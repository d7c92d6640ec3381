package web

import (
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// TestNextStepsMostUrgentFirst: within a claim, an answer due in minutes
// comes above the billing packet due in days, and what is overdue longest
// comes first.
func TestNextStepsMostUrgentFirst(t *testing.T) {
	now := time.Date(2026, 12, 7, 18, 12, 0, 0, time.UTC)
	soon, old := now.Add(9*time.Minute), now.Add(-4*24*time.Hour)
	late := now.Add(-10 * time.Minute)
	w := claimWork{
		claim:  storage.Claim{ID: 5, InsuredName: "Naomi Fairbanks"},
		people: []storage.ClaimParticipant{{Role: "technician", Name: "Luis Ortega"}, {Role: "estimator", Name: "Sam Whitaker"}},
		alerts: []sla.Alert{
			{Milestone: sla.MilestoneBilling, State: sla.StateDueSoon, Due: now.Add(3 * 24 * time.Hour), Message: "billing packet missing COS"},
		},
		waiting: []storage.MessageRow{{ID: 1, FromName: "Naomi Fairbanks", Subject: "Re: Question about the fans", AckDueAt: &soon}},
	}
	got := stepTexts(nextSteps(w, nil, now, sla.NewCalendar(time.UTC, sla.DefaultHours()), time.UTC))
	if len(got) != 2 || !strings.HasPrefix(got[0], "Answer Naomi") {
		t.Errorf("the answer due in 9 minutes is not first:\n%s", strings.Join(got, "\n"))
	}

	w.waiting[0].AckDueAt = &late
	w.alerts = append(w.alerts, sla.Alert{Milestone: sla.MilestonePaperwork, State: sla.StateOverdue, Due: old, Message: "paperwork missing estimate, sketch"})
	got = stepTexts(nextSteps(w, nil, now, sla.NewCalendar(time.UTC, sla.DefaultHours()), time.UTC))
	if len(got) != 3 || !strings.HasPrefix(got[0], "Ask Sam") || !strings.HasPrefix(got[1], "Answer Naomi") {
		t.Errorf("not the longest overdue first:\n%s", strings.Join(got, "\n"))
	}
}

// TestMorningClaimsByTheirMostUrgentItem: claims in one state are listed
// by their most urgent item's due time, the longest overdue first, and
// mail in no claim among them by its own.
func TestMorningClaimsByTheirMostUrgentItem(t *testing.T) {
	now := time.Date(2026, 12, 7, 18, 40, 0, 0, time.UTC)
	overdue := claimState{Attention: storage.AttentionOverdue}
	soon := claimState{Attention: storage.AttentionDueSoon}
	item := func(since time.Duration) []nextStep {
		return []nextStep{{State: sla.StateOverdue, Due: now.Add(-since)}}
	}
	claims := []morningClaim{
		{JobNumber: "26-2109", State: overdue, Todo: item(6 * time.Minute)},
		{JobNumber: "26-2108", State: overdue, Todo: item(time.Minute)},
		{JobNumber: "26-2106", State: overdue, Todo: item(4 * 24 * time.Hour)},
		{JobNumber: "26-2105", State: overdue, Todo: item(19 * time.Minute)},
		{JobNumber: "26-2107", State: soon, Todo: []nextStep{{State: sla.StateDueSoon, Due: now.Add(time.Hour)}}},
	}
	mail := []morningClaim{{Mail: &claimMail{Subject: "can someone come out"}, State: overdue, Todo: item(10 * time.Minute)}}
	var got []string
	for _, c := range byAttention(mail, claims) {
		got = append(got, c.JobNumber+map[bool]string{true: "mail"}[c.Mail != nil])
	}
	want := "26-2106 26-2105 mail 26-2109 26-2108 26-2107"
	if strings.Join(got, " ") != want {
		t.Errorf("morning order %q, want %q", strings.Join(got, " "), want)
	}
}

func stepTexts(steps []nextStep) []string {
	var out []string
	for _, s := range steps {
		out = append(out, s.Text)
	}
	return out
}
