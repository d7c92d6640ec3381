package web

import (
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/classify"
)

// TestMessagePageFiledEvidenceAsksNoCheck: on a message the classifier filed
// with confidence, the insured's name beside a reply in the thread is a
// clue that backed the filing, not one a coordinator must check; the same
// clue on a message in triage still asks for a check.
func TestMessagePageFiledEvidenceAsksNoCheck(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	becker := b.addClaim(t, claimSeed{Job: "26-2104-MLD", Number: "0683449786", Insured: "Harold Becker"})
	filed := b.addMessage(t, msgSeed{Subject: "Re: electric bill", ClaimID: becker, Status: "filed", From: "hbecker1948@lakesnet.example",
		Decision: classify.Decision{Outcome: classify.OutcomeFiled, Claim: &classify.Claim{ID: becker, JobNumber: "26-2104-MLD", Open: true},
			Reason: "filed on a reply in its thread",
			Evidence: []classify.Evidence{
				{Rule: classify.RuleThread, Matched: "<a1@office.example>", Where: "in_reply_to", ClaimID: becker, Strength: classify.StrengthStrong},
				{Rule: classify.RuleInsuredName, Matched: "Harold Becker", Where: "body", ClaimID: becker, Strength: classify.StrengthWeak},
			}}})
	page := html.UnescapeString(b.get(t, fmt.Sprintf("/messages/%d", filed), http.StatusOK))
	if !strings.Contains(page, `strength-backing">insured's name</strong>`) {
		t.Errorf("the filed message's insured's name is not shown as backing its claim:\n%s", between(t, page, `id="why-h"`, "</section>"))
	}
	if strings.Contains(page, "— check") || strings.Contains(page, "strength-weak") {
		t.Errorf("the filed message asks a coordinator to check its evidence:\n%s", between(t, page, `id="why-h"`, "</section>"))
	}

	ripley := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley"})
	triage := b.triageMessage(t, "Estimate for the loss", ripley, becker)
	page = html.UnescapeString(b.get(t, fmt.Sprintf("/messages/%d", triage), http.StatusOK))
	if !strings.Contains(page, `strength-weak">insured's name only — check</strong>`) {
		t.Error("the message in triage no longer asks to check the insured's name")
	}
}
