package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/classify"
)

// TestReturnedMailNamesTheClaimAndTheRecord: the office's copy of a COS,
// written from a mail program to a misspelt address and left in triage,
// bounced. The board and the report's page name the claim and the person
// whose record has an address a letter apart, say both addresses, offer
// the claim, and fold the server's line. The report reads as returned
// mail; marked seen, it is not offered "Needs an answer after all".
func TestReturnedMailNamesTheClaimAndTheRecord(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	claim := b.addClaim(t, claimSeed{Job: "26-2101-WTR", Number: "31-7K42-9Q8", Insured: "Gretchen Lindqvist"})
	b.addClaim(t, claimSeed{Job: "26-2102-WTR", Number: "0683449786", Insured: "Rosa Herrera"})
	if _, err := b.sql.Exec(t.Context(), `UPDATE claims SET insured_email = 'Gretchen.Lindqvist@inboxmail.example' WHERE id = $1`, claim); err != nil {
		t.Fatal(err)
	}
	sent := b.addMessage(t, msgSeed{Subject: "Your copy - Certificate of Satisfaction", Direction: "out", Status: "triage", Arrived: time.Now()})
	report := b.addMessage(t, msgSeed{Subject: "Undelivered Mail Returned to Sender", From: "mailer-daemon@mx.office.example",
		Status: "ignored", Arrived: time.Now(),
		Decision: classify.Decision{Outcome: classify.OutcomeIgnored, Reason: "bulk or automatic mail (Auto-Submitted: auto-replied) without claim evidence"}})
	recipients := `[{"address": "gretchen.lindquist@inboxmail.example", "status": "5.1.1", "diagnostic": "550 5.1.1 <gretchen.lindquist@inboxmail.example>: Recipient address rejected: User unknown"}]`
	if _, err := b.sql.Exec(t.Context(), `UPDATE messages SET to_addresses = '{gretchen.lindquist@inboxmail.example}' WHERE id = $1`, sent); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(t.Context(), `UPDATE messages r SET undelivered_of = s.id, undelivered = jsonb_build_object('returned', s.message_id, 'recipients', $3::jsonb)
		FROM messages s WHERE r.id = $1 AND s.id = $2`, report, sent, recipients); err != nil {
		t.Fatal(err)
	}
	wants := []string{
		fmt.Sprintf(`<a href="/claims/%d"><strong>26-2101-WTR</strong></a> Gretchen Lindqvist`, claim),
		"to Gretchen Lindqvist (insured) did not arrive: no such address at the receiving server.",
		`Sent to <strong class="address">gretchen.lindquist@inboxmail.example</strong>; the record has <strong class="address">Gretchen.Lindqvist@inboxmail.example</strong>.`,
		fmt.Sprintf(`<a class="button" href="/claims/%d#record">Open the claim</a>`, claim),
		`<details class="server-said"><summary>What the server said</summary>`,
	}
	board := between(t, b.get(t, "/", http.StatusOK), `id="undelivered-h"`, "</section>")
	page := b.get(t, fmt.Sprintf("/messages/%d", report), http.StatusOK)
	for _, want := range wants {
		if !strings.Contains(board, want) {
			t.Errorf("the board's card lacks %q:\n%s", want, board)
		}
		if !strings.Contains(page, want) {
			t.Errorf("the report's page lacks %q", want)
		}
	}
	for _, unwanted := range []string{"without claim evidence", "Create a claim from this message", "Why ignored"} {
		if strings.Contains(page, unwanted) {
			t.Errorf("the report's page says %q", unwanted)
		}
	}
	if !strings.Contains(page, "The receiving server sent the office&#39;s message back") {
		t.Error("the report's page does not say it is returned mail")
	}

	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/acknowledge", report), url.Values{"note": {"undelivered mail seen"}, "how": {"not_needed"}, "next": {"/"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark seen: %d", resp.StatusCode)
	}
	page = b.get(t, fmt.Sprintf("/messages/%d", report), http.StatusOK)
	if strings.Contains(page, "Needs an answer after all") || strings.Contains(page, "No answer needed") || !strings.Contains(page, "Back on the board") {
		t.Errorf("the seen report's page reads as mail needing no answer:\n%s", between(t, page, `id="ack-h"`, "</section>"))
	}
}
