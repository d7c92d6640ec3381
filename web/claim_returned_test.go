package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestClaimPageSaysItsMailCameBack: the office's copy of a COS to the
// insured at a misspelt address came back, and both are filed with her
// claim. The claim page's Next says, once, that mail to that address came
// back, to whom, when, what the record has and what to do, with the
// record and Mark seen at hand; marked seen, it is no longer said.
func TestClaimPageSaysItsMailCameBack(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	claim := b.addClaim(t, claimSeed{Job: "26-2101-WTR", Number: "31-7K42-9Q8", Insured: "Gretchen Lindqvist"})
	if _, err := b.sql.Exec(t.Context(), `UPDATE claims SET insured_email = 'gretchen.lindqvist@inboxmail.example' WHERE id = $1`, claim); err != nil {
		t.Fatal(err)
	}
	sent, report, back := seedReturnedMail(t, b, claim)
	self := fmt.Sprintf("/claims/%d", claim)
	page := b.get(t, self, http.StatusOK)
	next := between(t, page, `id="next-h"`, "</section>")
	wants := []string{
		`Mail to <strong class="address">gretchen.lindquist@inboxmail.example</strong> came back on ` + back.UTC().Format("Mon Jan 2, 15:04") + `:`,
		fmt.Sprintf(`<a href="/messages/%d">“Your copy - Certificate of Satisfaction”</a> to Gretchen Lindqvist (insured), no such address at the receiving server.`, sent),
		`The record has <strong class="address">gretchen.lindqvist@inboxmail.example</strong>: send it again to that address.`,
		`<a class="button primary" href="#record">Check the record</a>`,
		fmt.Sprintf(`<form method="post" action="/messages/%d/acknowledge">`, report),
		`<input type="hidden" name="next" value="` + self + `">`,
		`<details class="server-said"><summary>What the server said</summary>`,
	}
	for _, want := range wants {
		if !strings.Contains(next, want) {
			t.Errorf("Next lacks %q:\n%s", want, next)
		}
	}
	if n := strings.Count(page, "came back"); n != 1 {
		t.Errorf("the page says %d times that the mail came back; want once", n)
	}

	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/acknowledge", report), url.Values{"note": {"undelivered mail seen"}, "how": {"not_needed"}, "next": {self}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark seen: %d", resp.StatusCode)
	}
	if page := b.get(t, self, http.StatusOK); strings.Contains(page, "came back") {
		t.Errorf("the claim page still says the mail came back once it is marked seen:\n%s", between(t, page, `id="next-h"`, "</section>"))
	}
}
