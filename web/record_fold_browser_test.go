package web

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// shownInputs says which of the record form's inputs, by id, a coordinator
// sees without opening anything.
const shownInputs = `Object.fromEntries(%s.map(id => [id, document.getElementById(id).checkVisibility()]))`

// TestBrowserNewClaimRecordFolded opens a claim just entered by hand, with
// an insured and an address only, on a phone: its record form shows
// first what the record still needs and folds the rest under the names of
// its fields; saving it keeps what was folded. Where the claim's CAT and
// Class go, the page says they are not known yet and links to setting
// them, which opens their fold. With CLAIMDESK_SCREENSHOTS set to a
// directory, it saves screenshots there.
func TestBrowserNewClaimRecordFolded(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	id := b.addClaim(t, claimSeed{Job: "26-1005-WTR", Insured: "Naomi Fairbanks", Address: "88 Lake St, Wayzata MN"})
	path := fmt.Sprintf("/claims/%d", id)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	br.emulate(layoutViewports[0])
	br.openSettled(path)
	br.screenshot(dir, "record-phone-new-claim")

	ids := "['record-insured_phone', 'record-carrier', 'record-role-foreman', 'record-insured_name', 'record-loss_address', " +
		"'record-insured_email', 'record-cat', 'record-job_number', 'record-role-marketing']"
	shown := eval[map[string]bool](br, fmt.Sprintf(shownInputs, ids))
	for input, want := range map[string]bool{"record-insured_phone": true, "record-carrier": true, "record-role-foreman": true,
		"record-insured_name": false, "record-loss_address": false, "record-insured_email": false, "record-cat": false,
		"record-job_number": false, "record-role-marketing": false} {
		if shown[input] != want {
			t.Errorf("#%s shown %v, want %v", input, shown[input], want)
		}
	}
	folded := eval[float64](br, `document.querySelector(".record-form").getBoundingClientRect().height`)
	br.step("unfold the form", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll(".record-form details").forEach(d => d.open = true)`))
	whole := eval[float64](br, `document.querySelector(".record-form").getBoundingClientRect().height`)
	if folded > whole/2 {
		t.Errorf("the folded record form is %vpx high on a phone, the whole one %vpx", folded, whole)
	}

	// CAT and Class, said in words, link to their field and unfold it.
	br.openSettled(path)
	if got := eval[string](br, `document.querySelector(".cat-class")?.textContent ?? ""`); got != "CAT and Class not known yet (set them)" {
		t.Errorf("CAT / Class reads %q", got)
	}
	br.step("set the CAT", chromedp.Click(chromedp.CSS(`.cat-class a`)))
	if _, err := chromedp.Run(br.ctx, chromedp.Poll[bool](`document.getElementById("record-cat").checkVisibility()`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("the CAT stays folded after its link: %v", err)
	}

	// What a coordinator fills is saved; what was folded is kept.
	// The click navigates: RunResponse waits for the page it leads to.
	br.step("fill the insured's phone", chromedp.SendKeys(chromedp.CSS("#record-insured_phone"), "(612) 555-0142"))
	if _, err := chromedp.RunResponse(br.ctx, chromedp.Click(chromedp.CSS(`.record-form button[type="submit"]`))); err != nil {
		t.Fatalf("save the record: %v", err)
	}
	var name, address, phone string
	b.query(t, `SELECT insured_name, loss_address, insured_phone FROM claims WHERE id = $1`, []any{id}, &name, &address, &phone)
	if name != "Naomi Fairbanks" || address != "88 Lake St, Wayzata MN" || phone != "(612) 555-0142" {
		t.Errorf("saved %q, %q, %q", name, address, phone)
	}

	br.emulate(layoutViewports[1])
	br.openSettled(path)
	br.screenshot(dir, "record-desktop-new-claim")
}
