package web

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestBrowserClaimNextSteps opens a claim with work overdue, and its
// message waiting for an answer, at a phone's width and a desktop's, with
// mail sending set up and without: what to do next is the first card under
// the claim's heading, its most urgent step first; nothing needs sideways
// scrolling and every button is big enough for a thumb. Without sending,
// the email buttons are links to the mail program, within bounds; with
// it, there are none. With CLAIMDESK_SCREENSHOTS set to a directory, it
// saves screenshots there.
func TestBrowserClaimNextSteps(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	for _, mode := range []struct {
		name  string
		setup func(*testing.T) *pageBundle
		mail  bool
	}{{"no-sending", setupPages, true}, {"sending", setupReplyPages, false}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			b := mode.setup(t)
			s := b.seedNextSteps(t)
			br := newBrowser(t, b)
			pages := []struct{ name, path string }{
				{"claim", fmt.Sprintf("/claims/%d", s.claim)}, {"message", fmt.Sprintf("/messages/%d", s.waiting)},
			}
			for _, v := range layoutViewports {
				br.emulate(v)
				for _, p := range pages {
					br.openSettled(p.path)
					if over := br.overflow(v); over > 0 {
						t.Errorf("%s at %s width is %v px too wide: %v", p.name, v.name, over, eval[[]string](br, fmt.Sprintf(tooWide, v.width)))
					}
					if small := eval[[]string](br, smallTargets); v.phone && len(small) > 0 {
						t.Errorf("%s on a phone: controls under 44px high: %v", p.name, small)
					}
					links := eval[[]string](br, `[...document.querySelectorAll("a.mail-link")].map(a => a.href)`)
					if mode.mail != (len(links) > 0) {
						t.Errorf("%s: %d links to the mail program", p.name, len(links))
					}
					for _, href := range links {
						if len(href) > maxMailto || !strings.HasPrefix(href, "mailto:") {
							t.Errorf("%s: mail link of %d characters: %.80s", p.name, len(href), href)
						}
					}
					br.screenshot(dir, "next-"+mode.name+"-"+v.name+"-"+p.name)
				}
				br.openSettled(pages[0].path)
				top := eval[map[string]string](br, `(() => {
					const card = document.querySelector("main section.card");
					return {heading: card.querySelector("h2").textContent, first: card.querySelector(".next-text").textContent};
				})()`)
				if top["heading"] != "Next" || !strings.HasPrefix(top["first"], "Ask Jake for the photos, scope (overdue since") {
					t.Errorf("at %s width the first card is %v, want the next steps, the longest overdue first", v.name, top)
				}
			}
		})
	}
}
