package web

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// unfold taps open the folded section whose summary holds sel, as a
// coordinator on a phone does; a section already open stays open.
func (br *browser) unfold(sel string) {
	br.t.Helper()
	if eval[bool](br, `!document.querySelector("`+sel+`").closest("details").open`) {
		br.step("unfold "+sel, chromedp.Click(chromedp.CSS(sel)))
	}
}

// TestBrowserClaimFoldsOnAPhone opens a claim with a long history of mail
// and documents: on a phone what to do next comes first, and the lists of
// messages and documents are folded, each with its count, so that the page
// is a short scroll; a link into a document opens its fold. On a desktop
// everything shows.
func TestBrowserClaimFoldsOnAPhone(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley",
		Adjuster: "Ann Adjuster", AdjusterEmail: "ann@carrier.example", Opened: now.Add(-72 * time.Hour)})
	for i := range 12 {
		b.addMessage(t, msgSeed{Subject: fmt.Sprintf("Day %d readings", i+1), ClaimID: claim, Status: "filed",
			Arrived: now.Add(-time.Duration(60-i) * time.Hour)})
	}
	var last int64
	for i := range 10 {
		last = b.addDocument(t, claim, docSeed{Filename: fmt.Sprintf("IMG_%04d.jpg", i), ContentType: "application/pdf",
			DocType: "photo", Folder: "Photos", Data: append(onePagePDF(), byte('0'+i))})
	}
	page := fmt.Sprintf("/claims/%d", claim)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)

	br.emulate(layoutViewports[0])
	br.openSettled(page)
	br.screenshot(dir, "claim-folded-phone")
	if first := eval[string](br, `document.querySelector("main h2").id`); first != "next-h" {
		t.Errorf("the first section on a phone is %q, want what to do next", first)
	}
	folds := eval[map[string]any](br, `Object.fromEntries([...document.querySelectorAll("details.fold")]
		.map(d => [d.querySelector("summary").innerText.trim(), d.open]))`)
	for _, want := range []string{"Messages 12", "Documents 10"} {
		if open, ok := folds[want]; !ok || open != false {
			t.Errorf("on a phone the fold %q is %v (folds %v), want folded", want, open, folds)
		}
	}
	if shown := eval[float64](br, `[...document.querySelectorAll(".messages li, .docs li")].filter(e => e.checkVisibility()).length`); shown > 0 {
		t.Errorf("on a phone %v rows of the messages and documents show before a tap", shown)
	}
	folded := eval[float64](br, `document.documentElement.scrollHeight`)
	unfolded := eval[float64](br, `document.querySelectorAll("details.fold").forEach(d => d.open = true), document.documentElement.scrollHeight`)
	t.Logf("the claim page on a phone: %v px high folded, %v px unfolded", folded, unfolded)

	// A link to one document, as a form's way back, opens its fold.
	br.step("open a document's link", chromedp.Navigate(b.ts.URL+page+fmt.Sprintf("#doc-%d", last)),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#doc-%d .doc-links", last))))

	br.emulate(layoutViewports[1])
	br.openSettled(page)
	br.screenshot(dir, "claim-folded-desktop")
	if closed := eval[[]string](br, `[...document.querySelectorAll("details.fold:not([open])")].map(d => d.innerText.slice(0, 30))`); len(closed) > 0 {
		t.Errorf("on a desktop the claim page folds %v", closed)
	}
}
