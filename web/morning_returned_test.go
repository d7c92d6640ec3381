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

// TestMorningPageSaysMailCameBack: the office's copy of a COS to the
// insured came back. The claim had nothing else due today, yet the
// morning page lists it, its first line saying that mail to that address
// came back and leading to the claim page's line about it; marked seen,
// the claim is on track again.
func TestMorningPageSaysMailCameBack(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	claim := b.addClaim(t, claimSeed{Job: "26-2101-WTR", Number: "31-7K42-9Q8", Insured: "Gretchen Lindqvist"})
	_, report, back := seedReturnedMail(t, b, claim)
	entry := func(page string) string {
		i := strings.Index(page, fmt.Sprintf(`id="claim-%d"`, claim))
		if i < 0 {
			return ""
		}
		end := strings.Index(page[i:], "</li>\n  </ul>")
		if end < 0 {
			end = len(page) - i
		}
		return page[i : i+end]
	}
	got := entry(b.get(t, "/morning", http.StatusOK))
	want := fmt.Sprintf(`<li class="state-overdue"><a href="/claims/%d#returned-%d">Mail to gretchen.lindquist@inboxmail.example came back %s (“Your copy - Certificate of Satisfaction”): check the address and send it again</a>`,
		claim, report, back.UTC().Format("Mon 15:04"))
	if !strings.Contains(got, want) {
		t.Errorf("the morning page's entry of the claim lacks\n%s\nit is:\n%s", want, got)
	}

	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/acknowledge", report), url.Values{"note": {"undelivered mail seen"}, "how": {"not_needed"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark seen: %d", resp.StatusCode)
	}
	if page := b.get(t, "/morning", http.StatusOK); strings.Contains(page, "came back") {
		t.Errorf("the morning page still says the mail came back once it is marked seen:\n%s", entry(page))
	}
}

// TestMorningPageShowsReturnedMailBeyondItsBound: a claim whose mail came
// back is on the morning page though a hundred claims rank above it.
func TestMorningPageShowsReturnedMailBeyondItsBound(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	// The oldest claim, with nothing else due, ranks last.
	claim := b.addClaim(t, claimSeed{Job: "26-2101-WTR", Insured: "Gretchen Lindqvist"})
	_, report, _ := seedReturnedMail(t, b, claim)
	for i := range morningClaims {
		b.addClaim(t, claimSeed{Job: fmt.Sprintf("26-3%03d-WTR", i), Insured: fmt.Sprintf("Insured %d", i)})
	}
	page := b.get(t, "/morning", http.StatusOK)
	if !strings.Contains(page, fmt.Sprintf(`<a href="/claims/%d#returned-%d">Mail to gretchen.lindquist@inboxmail.example came back`, claim, report)) {
		t.Errorf("the morning page, holding %d claims that rank above it, leaves out the claim whose mail came back", morningClaims)
	}
}

// seedReturnedMail files with claim the office's copy of a COS to the
// insured at a misspelt address, and the report that it came back, now:
// it returns the office's message, the report and when it came.
func seedReturnedMail(t *testing.T, b *pageBundle, claim int64) (sent, report int64, back time.Time) {
	t.Helper()
	back = b.clock.Now()
	sent = b.addMessage(t, msgSeed{Subject: "Your copy - Certificate of Satisfaction", Direction: "out", Status: "filed", ClaimID: claim,
		Arrived: back.Add(-time.Minute)})
	report = b.addMessage(t, msgSeed{Subject: "Undelivered Mail Returned to Sender", From: "mailer-daemon@mx.office.example",
		Status: "filed", ClaimID: claim, Arrived: back,
		Decision: classify.Decision{Outcome: classify.OutcomeFiled, Reason: "filed on the thread"}})
	if _, err := b.sql.Exec(t.Context(), `UPDATE messages SET to_addresses = '{gretchen.lindquist@inboxmail.example}' WHERE id = $1`, sent); err != nil {
		t.Fatal(err)
	}
	recipients := `[{"address": "gretchen.lindquist@inboxmail.example", "status": "5.1.1", "diagnostic": "550 5.1.1 User unknown"}]`
	if _, err := b.sql.Exec(t.Context(), `UPDATE messages r SET undelivered_of = s.id, undelivered = jsonb_build_object('returned', s.message_id, 'recipients', $3::jsonb)
		FROM messages s WHERE r.id = $1 AND s.id = $2`, report, sent, recipients); err != nil {
		t.Fatal(err)
	}
	return sent, report, back
}
