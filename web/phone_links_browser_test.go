package web

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// smallLinks lists the links a thumb can miss: every link of the page
// whose tap area is lower than 44px, those inside sentences too.
const smallLinks = `[...document.querySelectorAll('a')]
	.filter(e => e.getClientRects().length > 0 && e.getBoundingClientRect().height < 43.5)
	.map(e => JSON.stringify((e.textContent || "").trim().slice(0, 40)) + " " + Math.round(e.getBoundingClientRect().height) + "px")`

// stolenTaps lists the links whose words, tapped, open another link: the
// padded area of a link next to it, above or below, covers them.
const stolenTaps = `(() => {
	const out = [];
	for (const a of document.querySelectorAll("main a")) {
		if (!a.checkVisibility() || a.querySelector("img")) continue;
		a.scrollIntoView({block: "center"});
		const r = document.createRange();
		r.selectNodeContents(a);
		for (const box of r.getClientRects()) {
			if (box.width < 2 || box.height < 2) continue;
			for (const y of [box.top + box.height / 4, box.bottom - box.height / 4]) {
				const hit = document.elementFromPoint(box.left + box.width / 2, y)?.closest("a");
				if (hit && hit !== a) {
					out.push(JSON.stringify(a.textContent.trim().slice(0, 30)) + " opens " + JSON.stringify(hit.textContent.trim().slice(0, 30)));
				}
			}
		}
	}
	return [...new Set(out)];
})()`

// sentenceLinks measures the links inside the sentences of a page: how
// many, and the tallest of them.
const sentenceLinks = `(() => {
	const hs = [...document.querySelectorAll('main :is(p, li, dd) a')]
		.filter(e => e.getClientRects().length > 0 && getComputedStyle(e).display === "inline" && !e.querySelector("img"))
		.map(e => e.getClientRects()[0].height);
	return {count: hs.length, tallest: Math.max(0, ...hs)};
})()`

// TestBrowserLinksTapOnAPhone opens, at a phone's width, the pages a
// coordinator works from in the truck: every link on them, in a sentence
// ("what to do is in Next", "open it") as much as on a line of its own,
// is a thumb's height. At a desktop's width the same sentences read as
// text, their links no taller than a line. With CLAIMDESK_SCREENSHOTS set
// to a directory, it saves screenshots there.
func TestBrowserLinksTapOnAPhone(t *testing.T) {
	t.Parallel()
	b := setupReplyPages(t)
	l := b.seedLongText(t)
	now := b.clock.Now()
	b.addAlert(t, l.claim, "first_docs", "first documents missing photos, scope", now.Add(-48*time.Hour), now.Add(-time.Hour))
	fresh := b.addClaim(t, claimSeed{Job: "26-1005-WTR", Insured: "Naomi Fairbanks", Address: "88 Lake St, Wayzata MN"})
	pages := []struct{ name, path string }{
		{"board", "/"}, {"morning", "/morning"}, {"triage", "/triage"},
		{"claim", fmt.Sprintf("/claims/%d", l.claim)}, {"claim-new", fmt.Sprintf("/claims/%d", fresh)},
		{"message", fmt.Sprintf("/messages/%d", l.long)}, {"message-triage", fmt.Sprintf("/messages/%d", l.triage)},
		{"templates", "/settings/templates"}, {"new-claim", "/claims/new"},
		{"claims", "/claims"}, {"messages", "/messages"}, {"search", "/search?q=supplement"},
	}
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range []viewport{layoutViewports[0], {"desktop", 1280, 900, false}} {
		br.emulate(v)
		for _, p := range pages {
			br.openSettled(p.path)
			br.screenshot(dir, "links-"+v.name+"-"+p.name)
			br.step("unfold everything", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("details").forEach(d => d.open = true)`))
			if v.phone {
				if small := eval[[]string](br, smallLinks); len(small) > 0 {
					t.Errorf("%s on a phone: links under 44px high: %v", p.path, small)
				}
				if stolen := eval[[]string](br, stolenTaps); len(stolen) > 0 {
					t.Errorf("%s on a phone: a tap on a link's words opens another: %v", p.path, stolen)
				}
				continue
			}
			if got := eval[map[string]float64](br, sentenceLinks); got["tallest"] > 30 {
				t.Errorf("%s at a desktop's width: a link in a sentence is %vpx high, padded as on a phone", p.path, got["tallest"])
			}
		}
	}
}
