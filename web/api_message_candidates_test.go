package web

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/classify"
)

// TestAPIMessageCandidates lists a triaged message with the claims offered
// for it, likeliest first, each with its own evidence; a filed message
// offers none.
func TestAPIMessageCandidates(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	d := classify.Decision{
		Outcome: classify.OutcomeTriage, Reason: "only weak evidence",
		Candidates: []classify.Claim{
			{ID: 7, JobNumber: "26-1120-WTR", ClaimNumber: "0308774863", InsuredName: "Lucía Peña", LossAddress: "4410 Maple Ave, Frisco, TX 75034"},
			{ID: 8, JobNumber: "26-1121-WTR", ClaimNumber: "0308774999", InsuredName: "Linda Johnson"},
		},
		Evidence: []classify.Evidence{
			{Rule: classify.RuleLossAddress, Matched: "4410 Maple Avenue", Where: "body", ClaimID: 7, Strength: classify.StrengthWeak},
			{Rule: classify.RuleAdjusterEmail, Matched: "a@carrier.example", Where: "from", ClaimID: 8, Strength: classify.StrengthWeak},
		},
	}
	decision, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	triaged := b.addMessage(t, testMessage{from: "luis@ochoaelectric.example", subject: "Safety check", arrived: b.at(time.March, 3, 9, 0), decision: decision})
	b.addMessage(t, testMessage{from: "a@carrier.example", subject: "Other", arrived: b.at(time.March, 3, 10, 0)})

	var page struct {
		Items []struct {
			ID         int64 `json:"id"`
			Candidates []struct {
				ClaimID     int64               `json:"claim_id"`
				JobNumber   string              `json:"job_number"`
				InsuredName string              `json:"insured_name"`
				LossAddress string              `json:"loss_address"`
				Evidence    []classify.Evidence `json:"evidence"`
			} `json:"candidates"`
		} `json:"items"`
	}
	b.get(t, "/api/messages?status=triage", &page)
	if len(page.Items) != 2 {
		t.Fatalf("%d messages listed, want 2", len(page.Items))
	}
	for _, it := range page.Items {
		if it.ID != triaged {
			if it.Candidates == nil || len(it.Candidates) != 0 {
				t.Errorf("message %d without candidates lists %v, want []", it.ID, it.Candidates)
			}
			continue
		}
		c := it.Candidates
		if len(c) != 2 || c[0].ClaimID != 7 || c[0].JobNumber != "26-1120-WTR" || c[0].InsuredName != "Lucía Peña" ||
			c[0].LossAddress != "4410 Maple Ave, Frisco, TX 75034" || len(c[0].Evidence) != 1 || c[0].Evidence[0].Matched != "4410 Maple Avenue" ||
			c[1].ClaimID != 8 || len(c[1].Evidence) != 1 || c[1].Evidence[0].Rule != classify.RuleAdjusterEmail {
			t.Errorf("candidates %s", fmt.Sprint(c))
		}
	}
}
