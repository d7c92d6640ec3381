package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// Mail found by search says what it waits for, in the messages list's
// words: it needs a claim (in triage), an answer, or its answer is
// overdue. Mail answered and filed says neither.
func TestSearchMailHitSaysWhatItWaitsFor(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-2104-MLD", Number: "IB218-604417-02", Insured: "Harold Becker"})
	b.addMessage(t, msgSeed{Subject: "Water in basement - sump pump failed", From: "bkessler@northmail.example",
		Status: storage.StatusTriage, NeedsAck: true, Due: ptr(now.Add(20 * time.Minute)), BodyText: "sump pump quit overnight"})
	b.addMessage(t, msgSeed{Subject: "Re: electric bill for the sump pump", From: "hbecker@inboxmail.example", ClaimID: claim,
		Status: storage.StatusFiled, NeedsAck: true, Due: ptr(now.Add(-10 * time.Minute)), BodyText: "the dehumidifiers and the sump pump"})
	b.addMessage(t, msgSeed{Subject: "Basement photos", From: "amoreno@ironbridge.example", ClaimID: claim,
		Status: storage.StatusFiled, NeedsAck: true, Due: ptr(now.Add(-time.Hour)), Acked: ptr(now.Add(-2 * time.Hour)), BodyText: "photos of the sump pump"})
	page := b.get(t, "/search?q="+url.QueryEscape("sump pump"), http.StatusOK)
	for subject, want := range map[string][]string{
		"Water in basement": {`<a class="tag-link" href="/triage"><span class="tag tag-warn">needs a claim</span></a>`, `<span class="tag tag-warn">waiting for an answer</span>`},
		"electric bill":     {`<span class="tag tag-bad">answer overdue</span>`},
		"Basement photos":   nil,
	} {
		hit := searchHitOf(t, page, subject)
		for _, w := range want {
			if !strings.Contains(hit, w) {
				t.Errorf("%q lacks %s:\n%s", subject, w, hit)
			}
		}
		if want == nil && (strings.Contains(hit, "needs a claim") || strings.Contains(hit, "answer")) {
			t.Errorf("%q says it waits:\n%s", subject, hit)
		}
	}
}

// searchHitOf returns the hit of the search page whose text holds words.
func searchHitOf(t *testing.T, page, words string) string {
	t.Helper()
	for _, hit := range strings.Split(page, `<li class="search-hit `)[1:] {
		if hit, _, _ = strings.Cut(hit, "</li>"); strings.Contains(hit, words) {
			return hit
		}
	}
	t.Fatalf("no hit holds %q:\n%s", words, page)
	return ""
}
