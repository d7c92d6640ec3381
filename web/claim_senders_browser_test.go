package web

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserClaimSuggestsWhoWroteIn opens a claim without a technician at
// a phone's width and a laptop's (1366 px): the people who wrote into it
// are listed in its people area, each with what they sent and a role and
// Add big enough for a thumb, nothing scrolls sideways; Add on the first
// puts Jake among the claim's people as its technician. "Not part of this
// claim", below each Add, takes the plumber off the suggestions into a
// folded list of those dismissed, from which "Suggest again" brings him
// back. With CLAIMDESK_SCREENSHOTS set to a directory, it saves
// screenshots there.
func TestBrowserClaimSuggestsWhoWroteIn(t *testing.T) {
	t.Parallel()
	b := setupSenders(t)
	page := fmt.Sprintf("/claims/%d", b.claim)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b.pageBundle)
	for _, v := range []viewport{layoutViewports[0], {"laptop", 1366, 900, false}} {
		br.emulate(v)
		br.openSettled(page)
		if over := br.overflow(v); over > 0 {
			t.Errorf("claim page at %s width is %v px too wide: %v", v.name, over, eval[[]string](br, fmt.Sprintf(tooWide, v.width)))
		}
		if small := eval[[]string](br, smallTargets); v.phone && len(small) > 0 {
			t.Errorf("claim page on a phone: controls under 44px high: %v", small)
		}
		// The suggestions show in the claim's first card, before the
		// paperwork: where a coordinator looks first.
		if !eval[bool](br, `!!document.querySelector(".claim-head #senders")`) {
			t.Errorf("at %s width the suggestions are not in the claim's people area", v.name)
		}
		who := eval[[]string](br, `[...document.querySelectorAll("#senders .sender-who strong")].map(e => e.innerText)`)
		if strings.Join(who, "|") != "Jake Halvorsen|Luis Ortega|Maria Delgado|Samuel Whitaker|Pete Lindqvist" {
			t.Errorf("at %s width the suggestions are %q", v.name, who)
		}
		// "Not part of this claim" is below Add, never beside it.
		if crowded := eval[[]string](br, dismissBesideAdd); len(crowded) > 0 {
			t.Errorf("at %s width Not part of this claim is beside Add for %q", v.name, crowded)
		}
		br.screenshot(dir, "claim-senders-"+v.name)
	}

	br.emulate(layoutViewports[0])
	br.openSettled(page)
	br.step("add Jake", chromedp.Click(chromedp.CSS(`#senders .sender:first-child .sender-add button`)),
		// Jake's suggestion goes with the page that offered it.
		chromedp.WaitNotPresent(chromedp.CSS(`#senders input[value="jhalvorsen@office.example"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#people`)))
	if people := eval[string](br, `document.querySelector("#people + dd").innerText`); !strings.Contains(people, "Jake Halvorsen") ||
		!strings.Contains(strings.ToLower(people), "technician") {
		t.Errorf("after Add, the claim's people are %q", people)
	}
	if who := eval[string](br, `document.querySelector("#senders").innerText`); strings.Contains(who, "Jake") {
		t.Errorf("Jake, added, is still suggested: %q", who)
	}
	br.screenshot(dir, "claim-senders-added-phone")

	// The plumber, a one-off: not part of this claim. He is listed,
	// folded, as dismissed, and Suggest again brings him back.
	pete := `#senders .sender:has(input[value="pete@plumbfast.example"])`
	br.step("dismiss the plumber", chromedp.Click(chromedp.CSS(pete+` .sender-dismiss button`)),
		chromedp.WaitVisible(chromedp.CSS(`#dismissed summary`)))
	if who := eval[string](br, `document.querySelector("#senders .sender-list").innerText`); strings.Contains(who, "Pete") {
		t.Errorf("Pete, dismissed, is still suggested: %q", who)
	}
	br.step("show the dismissed", chromedp.Click(chromedp.CSS(`#dismissed summary`)),
		chromedp.WaitVisible(chromedp.CSS(`#dismissed .sender-restore button`)))
	if gone := eval[string](br, `document.querySelector("#dismissed").innerText`); !strings.Contains(gone, "1 dismissed") ||
		!strings.Contains(gone, "Pete Lindqvist") || !strings.Contains(gone, "Suggest again") {
		t.Errorf("the dismissed list says %q", gone)
	}
	if small := eval[[]string](br, smallTargets); len(small) > 0 {
		t.Errorf("the dismissed list on a phone: controls under 44px high: %v", small)
	}
	if over := br.overflow(layoutViewports[0]); over > 0 {
		t.Errorf("with the dismissed list open, the claim page is %v px too wide", over)
	}
	br.screenshot(dir, "claim-senders-dismissed-phone")
	br.step("suggest the plumber again", chromedp.Click(chromedp.CSS(`#dismissed .sender-restore button`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#dismissed`)), chromedp.WaitVisible(chromedp.CSS(pete)))
}

// dismissBesideAdd names the suggestions whose "Not part of this claim"
// is not wholly below their Add.
const dismissBesideAdd = `[...document.querySelectorAll("#senders > .sender-list > .sender")]
	.filter(li => li.querySelector(".sender-dismiss button") && li.querySelector(".sender-add button"))
	.filter(li => li.querySelector(".sender-dismiss button").getBoundingClientRect().top <
		li.querySelector(".sender-add button").getBoundingClientRect().bottom)
	.map(li => li.querySelector("strong").innerText)`
