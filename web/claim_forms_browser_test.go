package web

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserClaimSignedForms opens a claim's signed forms at a phone's
// width and a desktop's: each form offers Verify and Reject with its
// reason, nothing scrolls sideways, and every control is big enough for a
// thumb. Rejecting the ATR in the browser drafts the email asking the
// technician to sign the right form, shown on the page with its Send, and
// the checklist says the ATR was rejected and why.
func TestBrowserClaimSignedForms(t *testing.T) {
	t.Parallel()
	b := setupReplyPages(t)
	ctx := context.Background()
	claim := b.addClaim(t, claimSeed{Job: "26-1004-WTR", Number: "60-8H77-8H9", Insured: "Dana Scully", LossType: "Water",
		Address: "4410 Maple Avenue, Worthington Heights", Opened: b.clock.Now().Add(-30 * time.Hour)})
	if _, err := b.sql.Exec(ctx, `INSERT INTO claim_participants (claim_id, role, name, email) VALUES ($1, 'technician', 'Marcus Reyes', 'marcus@crew.example')`, claim); err != nil {
		t.Fatal(err)
	}
	atr := b.addDocument(t, claim, docSeed{Filename: "Authorization to repair signed by the homeowner and the co-owner.pdf",
		ContentType: "application/pdf", DocType: "atr", Folder: "Contracts", Data: onePagePDF()})
	b.addDocument(t, claim, docSeed{Filename: "COS.pdf", ContentType: "application/pdf", DocType: "cos", Folder: "Contracts",
		Data: append(onePagePDF(), '\n')})

	page := fmt.Sprintf("/claims/%d", claim)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range layoutViewports {
		br.emulate(v)
		br.openSettled(page)
		br.unfold("#docs-h")
		if over := br.overflow(v); over > 0 {
			t.Errorf("claim page at %s width is %v px too wide: %v", v.name, over, eval[[]string](br, fmt.Sprintf(tooWide, v.width)))
		}
		if v.phone {
			if small := eval[[]string](br, smallTargets); len(small) > 0 {
				t.Errorf("claim page on a phone: controls under 44px high: %v", small)
			}
		}
		forms := eval[[]string](br, `[...document.querySelectorAll("#doc-`+fmt.Sprint(atr)+` .verify-form button")].map(b => b.innerText)`)
		if strings.Join(forms, "|") != "Mark signature verified|Reject" {
			t.Errorf("the ATR at %s width offers %q, want Verify and Reject", v.name, forms)
		}
		br.screenshot(dir, "signed-forms-"+v.name)
	}

	row := fmt.Sprintf("#doc-%d", atr)
	br.emulate(layoutViewports[0])
	br.step("reject the ATR",
		chromedp.Navigate(b.ts.URL+page+row),
		chromedp.WaitVisible(chromedp.CSS(row+" .reject-form")),
		chromedp.SendKeys(chromedp.CSS(row+` .reject-form input[name="reason"]`), "the ATP was signed instead"),
		chromedp.Click(chromedp.CSS(row+" .reject-form button")),
		chromedp.WaitVisible(chromedp.CSS(".drafts .draft")))
	draft := eval[string](br, `document.querySelector(".drafts .draft").innerText`)
	for _, want := range []string{"ATR (authorization to repair) to sign again", "marcus@crew.example", "the ATP was signed instead", "Send"} {
		if !strings.Contains(draft, want) {
			t.Errorf("the drafted email lacks %q:\n%s", want, draft)
		}
	}
	if rejected := eval[string](br, `document.querySelector("`+row+` .rejected")?.innerText ?? ""`); !strings.Contains(rejected, "rejected: the ATP was signed instead") {
		t.Errorf("the ATR reads %q after the rejection", rejected)
	}
	if over := br.overflow(layoutViewports[0]); over > 0 {
		t.Errorf("claim page with a draft on a phone is %v px too wide", over)
	}
	br.screenshot(dir, "signed-forms-draft-phone")

	// The checklist says the ATR was rejected, why, and that a new signed
	// copy is needed, at a phone's width and a laptop's.
	for _, v := range []viewport{layoutViewports[0], {"laptop", 1366, 768, false}} {
		br.emulate(v)
		br.openSettled(page)
		line := eval[string](br, `document.querySelector(".checklist .item-rejected")?.innerText ?? ""`)
		if !strings.Contains(line, "rejected: the ATP was signed instead — new signed copy needed") {
			t.Errorf("the checklist's ATR at %s width reads %q", v.name, line)
		}
		if over := br.overflow(v); over > 0 {
			t.Errorf("claim page with a rejected form at %s width is %v px too wide", v.name, over)
		}
		br.screenshot(dir, "signed-forms-rejected-"+v.name)
	}
	rows, err := b.db.OutboxForClaim(ctx, claim)
	if err != nil || len(rows) != 0 {
		t.Errorf("outbox %+v (%v): nothing goes out before a person sends the draft", rows, err)
	}
}
