package web

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserMineToggle: on a phone and a desktop, a coordinator turns
// "Mine" on from the claims list and finds the board narrowed too, the
// toggle showing which is chosen, and neither page wider than the window.
func TestBrowserMineToggle(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	b.seedMine(t)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		br.emulate(v)
		br.step("claims list, every claim, at "+v.name+" width",
			chromedp.Navigate(b.ts.URL+"/claims"),
			chromedp.WaitVisible(chromedp.CSS(`.mine-switch button[value="all"][aria-pressed="true"]`)))
		if n := eval[int](br, `document.querySelectorAll("tbody tr").length`); n != 3 {
			t.Errorf("%s: every claim lists %d rows, want 3", v.name, n)
		}
		br.step("choose Mine at "+v.name+" width",
			chromedp.Click(chromedp.CSS(`.mine-switch button[value="mine"]`)),
			chromedp.WaitVisible(chromedp.CSS(`.mine-switch button[value="mine"][aria-pressed="true"]`)))
		if n := eval[int](br, `document.querySelectorAll("tbody tr").length`); n != 1 {
			t.Errorf("%s: Mine lists %d rows, want Dana's claim alone", v.name, n)
		}
		if over := br.overflow(v); over > 1 {
			t.Errorf("the claims list is %v px too wide for a %s", over, v.name)
		}
		br.screenshot(dir, v.name+"-claims-mine")
		br.step("board, Mine, at "+v.name+" width",
			chromedp.Navigate(b.ts.URL+"/"),
			chromedp.WaitVisible(chromedp.CSS(`.mine-switch button[value="mine"][aria-pressed="true"]`)))
		if n := eval[int](br, `document.querySelectorAll("#live li.ack").length`); n != 2 {
			t.Errorf("%s: Mine's board waits on %d messages, want Dana's claim's and the unfiled", v.name, n)
		}
		if over := br.overflow(v); over > 1 {
			t.Errorf("the board is %v px too wide for a %s", over, v.name)
		}
		br.screenshot(dir, v.name+"-board-mine")
		br.step("back to every claim at "+v.name+" width",
			chromedp.Click(chromedp.CSS(`.mine-switch button[value="all"]`)),
			chromedp.WaitVisible(chromedp.CSS(`.mine-switch button[value="all"][aria-pressed="true"]`)))
		br.screenshot(dir, v.name+"-board-all")
	}
}
