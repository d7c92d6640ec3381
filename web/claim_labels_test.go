package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestClaimPickersLabelWhatClaimsHave: a claim without a carrier claim
// number yet is offered by its insured alone, never with an empty field
// before a separator.
func TestClaimPickersLabelWhatClaimsHave(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	kessler := b.addClaim(t, claimSeed{Job: "26-2109-WTR", Insured: "Brian Kessler"})
	if _, err := b.sql.Exec(t.Context(), `UPDATE claims SET job_name = 'Kessler basement' WHERE id = $1`, kessler); err != nil {
		t.Fatal(err)
	}
	filed := b.addClaim(t, claimSeed{Job: "26-2108-WTR", Number: "IB218-611902-01", Insured: "Carla Jensen"})
	m := b.addMessage(t, msgSeed{Subject: "Pickup", ClaimID: filed})
	for _, path := range []string{fmt.Sprintf("/messages/%d", m), "/triage", "/claims"} {
		body := b.get(t, path, http.StatusOK)
		for _, bad := range []string{`"> · `, `<div> · `, `<div class="meta"> · `} {
			if strings.Contains(body, bad) {
				t.Errorf("%s labels a claim with an empty field before a separator (%s)", path, bad)
			}
		}
	}
	body := b.get(t, fmt.Sprintf("/messages/%d", m), http.StatusOK)
	for _, want := range []string{`<option value="26-2109-WTR">Brian Kessler</option>`, `<option value="26-2108-WTR">IB218-611902-01 · Carla Jensen</option>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the message page's claim picker lacks %s", want)
		}
	}
}

// TestSentMessageSaysSent: a message the office sent is sent, not
// received, on its page.
func TestSentMessageSaysSent(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	out := b.addMessage(t, msgSeed{Subject: "Your copy", Direction: "out"})
	in := b.addMessage(t, msgSeed{Subject: "Question"})
	if page := b.get(t, fmt.Sprintf("/messages/%d", out), http.StatusOK); strings.Contains(page, "received <time") || !strings.Contains(page, "· sent <time") {
		t.Error("the page of a message the office sent does not say it was sent")
	}
	if page := b.get(t, fmt.Sprintf("/messages/%d", in), http.StatusOK); !strings.Contains(page, "· received <time") {
		t.Error("the page of a message received does not say it was received")
	}
}

// TestMessagesListSaysWhatWaits: the messages list says which messages
// wait for an answer and which are overdue, and names a sender who gives
// no name as the board does, by the claim's record.
func TestMessagesListSaysWhatWaits(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-2104-MLD", Number: "IB218-604417-02", Insured: "Harold Becker",
		Adjuster: "Alicia Moreno", AdjusterEmail: "amoreno@ironbridge.example"})
	b.addMessage(t, msgSeed{Subject: "Re: electric bill", From: "amoreno@ironbridge.example", ClaimID: claim, NeedsAck: true,
		Arrived: now.Add(-time.Hour), Due: ptr(now.Add(-30 * time.Minute))})
	b.addMessage(t, msgSeed{Subject: "Question about the fans", From: "naomi@example.net", FromName: "Naomi Fairbanks", ClaimID: claim, NeedsAck: true,
		Arrived: now.Add(-5 * time.Minute), Due: ptr(now.Add(25 * time.Minute))})
	body := b.get(t, "/messages", http.StatusOK)
	for _, want := range []string{
		`<span title="amoreno@ironbridge.example">Alicia Moreno</span>`,
		`<span class="tag tag-bad">answer overdue</span>`,
		`<span class="tag tag-warn">waiting for an answer</span>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("messages list lacks %s", want)
		}
	}
}
