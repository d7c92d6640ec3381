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

// TestBrowserAPITokens makes a token on the settings page in Chromium at a
// phone's width and a desktop's: the token shows once with a copy button
// that copies exactly it, and the page, with a token of a long name made on
// the server, needs no sideways scrolling. With CLAIMDESK_SCREENSHOTS set
// to a directory, it saves screenshots there.
func TestBrowserAPITokens(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	_, hash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(ctx, "Nightly export to the accounting spreadsheet for the Richardson and East Plano territory",
		hash, 0, b.clock.Now().Add(-90*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		br.emulate(v)
		br.openSettled("/settings/tokens")
		name := "Job system sync (" + v.name + ")"
		br.step("make a token",
			chromedp.SetValue(chromedp.CSS(`.token-form input[name="name"]`), name),
			chromedp.Click(chromedp.CSS(`.token-form button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#new-token`)))
		shown := eval[string](br, `document.querySelector("#new-token").textContent`)
		if !looksLikeAPIToken(shown) {
			t.Fatalf("the page shows %q as the new token", shown)
		}
		if heading := eval[string](br, `document.querySelector("#new-token-h").textContent`); !strings.Contains(heading, name) {
			t.Errorf("the new token's heading: %q", heading)
		}
		// The clipboard is the page's own: the test reads what the button wrote.
		br.step("copy the token",
			chromedp.Evaluate[chromedp.Void](`navigator.clipboard.writeText = t => { window.copied = t; return Promise.resolve(); }`),
			chromedp.Click(chromedp.CSS(`.new-token button[data-copy]`)))
		copied, err := chromedp.Run(br.ctx, chromedp.Poll[string](`window.copied`, chromedp.WithPollingTimeout(10*time.Second)))
		if err != nil || copied != shown {
			t.Errorf("copied %q (%v), want the token shown", copied, err)
		}
		if over := br.overflow(v); over > 0 {
			t.Errorf("the new token's page at %s width is %v px too wide: %v", v.name, over, eval[[]string](br, fmt.Sprintf(tooWide, v.width)))
		}
		if small := eval[[]string](br, smallTargets); v.phone && len(small) > 0 {
			t.Errorf("the tokens page on a phone: controls under 44px high: %v", small)
		}
		br.screenshot(dir, "api-tokens-"+v.name+"-new")

		br.openSettled("/settings/tokens")
		if strings.Contains(eval[string](br, `document.body.innerText`), shown) {
			t.Errorf("the token shows again when the page is opened")
		}
		br.screenshot(dir, "api-tokens-"+v.name+"-list")
	}
}
