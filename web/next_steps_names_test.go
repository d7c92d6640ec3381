package web

import (
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// TestAnswerStepNamesTheSenderByTheRecord: mail whose sender gives no
// name is answered by the name the claim's record has for the address
// (the insured, the adjuster, one of its people), else by the address.
func TestAnswerStepNamesTheSenderByTheRecord(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	due := now.Add(20 * time.Minute)
	w := claimWork{
		claim: storage.Claim{InsuredName: "Harold Becker", InsuredEmail: "hbecker1948@lakesnet.example",
			AdjusterName: "Alicia Moreno", AdjusterEmail: "amoreno@ironbridge.example"},
		people: []storage.ClaimParticipant{{Role: "technician", Name: "Jake Halvorsen", Email: "jhalvorsen@demo.example"}},
	}
	for _, from := range []string{"HBecker1948@lakesnet.example", "amoreno@ironbridge.example", "jhalvorsen@demo.example", "someone@else.example"} {
		w.waiting = append(w.waiting, storage.MessageRow{ID: int64(len(w.waiting) + 1), FromAddress: from, Subject: "electric bill", AckDueAt: &due})
	}
	var got []string
	for _, s := range nextSteps(w, nil, now, sla.NewCalendar(time.UTC, sla.DefaultHours()), time.UTC) {
		got = append(got, s.Text)
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{"Answer Harold Becker:", "Answer Alicia Moreno:", "Answer Jake Halvorsen:", "Answer someone@else.example:"} {
		if !strings.Contains(all, want) {
			t.Errorf("steps lack %q:\n%s", want, all)
		}
	}
}
