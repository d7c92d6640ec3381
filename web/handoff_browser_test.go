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

// TestBrowserClaimHandoff clicks the claim page's hand-off buttons in
// Chromium, signed in: the packet downloads as a zip with the session,
// and an update's copy button puts the note's text on the clipboard, or,
// where there is no clipboard, opens the text selected for the person to
// copy. With CLAIMDESK_SCREENSHOTS set to a directory, it saves the claim
// page there at a phone's width and a desktop's.
func TestBrowserClaimHandoff(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	claim := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "José Peña", Status: "open"})
	if err := b.db.AddClaimNote(context.Background(), claim, b.email, "Drying day 2: readings falling", b.clock.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	br := newBrowser(t, b)
	page := fmt.Sprintf("/claims/%d", claim)
	br.openSettled(page)

	status, err := chromedp.Run(br.ctx, chromedp.Evaluate[string](`fetch(document.querySelector("nav.handoff a[href$='packet.zip?for=carrier']").href)
		.then(r => r.status + " " + r.headers.get("content-type"))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if status != "200 application/zip" {
		t.Errorf("packet button: %s", status)
	}
	photos := eval[string](br, `document.querySelector("nav.handoff a[href*='folder=Photos']").getAttribute("href")`)
	if photos != fmt.Sprintf("/api/claims/%d/packet.zip?folder=Photos&for=carrier", claim) {
		t.Errorf("photos button: %s", photos)
	}

	// The clipboard is the page's own: the test reads what the button wrote.
	br.step("copy the update",
		chromedp.Evaluate[chromedp.Void](`navigator.clipboard.writeText = t => { window.copied = t; return Promise.resolve(); }`),
		chromedp.Click(chromedp.CSS(`.note-copy button`)))
	copied, err := chromedp.Run(br.ctx, chromedp.Poll[string](`window.copied`, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Fatalf("nothing copied: %v", err)
	}
	if !strings.Contains(copied, "Job 26-1001-WTR / Claim 60-8H77-8H5 - José Peña\n") ||
		!strings.HasSuffix(copied, "\nNote: Drying day 2: readings falling\n") || !strings.Contains(copied, "Needed for payment: ") {
		t.Errorf("copied %q", copied)
	}
	if got := eval[string](br, `document.querySelector(".note-copy button").textContent`); got != "Copied" {
		t.Errorf("button says %q after copying", got)
	}

	// Without a clipboard (plain HTTP), the text opens selected.
	br.openSettled(page)
	br.step("copy without a clipboard",
		chromedp.Evaluate[chromedp.Void](`Object.defineProperty(navigator, "clipboard", {value: undefined})`),
		chromedp.Click(chromedp.CSS(`.note-copy button`)))
	selected := eval[string](br, `(t => t.closest("details").open && document.activeElement === t ? t.value.slice(t.selectionStart, t.selectionEnd) : "")(document.querySelector(".note-copy textarea"))`)
	if selected != copied {
		t.Errorf("selected %q, want the note's text", selected)
	}

	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	for _, v := range layoutViewports {
		br.emulate(v)
		br.openSettled(page)
		if over := br.overflow(v); over > 0 {
			t.Errorf("claim page at %s width is %v px too wide", v.name, over)
		}
		br.step("open the note's text", chromedp.Evaluate[chromedp.Void](`document.querySelector(".note-copy details").open = true`))
		br.screenshot(dir, "handoff-"+v.name)
	}
}
