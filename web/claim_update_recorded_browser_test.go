package web

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserClaimUpdateRecordedOnAPhone: a coordinator adds a daily update
// on a phone; the page comes back where the form was, says "Update recorded
// at 12:43", and shows the list of updates open with the new one.
func TestBrowserClaimUpdateRecordedOnAPhone(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	s := b.seedTakeBack(t, "26-2109-WTR", "60-8H77-8H5")
	page := fmt.Sprintf("/claims/%d", s.claim)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)

	for _, v := range layoutViewports {
		note := "Readings falling in the kitchen, " + v.name
		br.emulate(v)
		br.openSettled(page)
		br.step("add an update", chromedp.SetValue(chromedp.CSS(`form[action$="/updates"] input[name="note"]`), note),
			chromedp.Click(chromedp.CSS(`form[action$="/updates"] button`)),
			chromedp.WaitVisible(chromedp.CSS("#update-recorded")))
		br.screenshot(dir, "claim-update-recorded-"+v.name)
		want := "Update recorded at " + b.clock.Now().UTC().Format("15:04") + "."
		if got := eval[string](br, `document.getElementById("update-recorded").textContent`); got != want {
			t.Errorf("%s: the page says %q, want %q", v.name, got, want)
		}
		if top := eval[float64](br, `document.getElementById("update-recorded").getBoundingClientRect().top`); top < -1 || top > 844 {
			t.Errorf("%s: the confirmation is %v px from the top of the screen, out of sight", v.name, top)
		}
		if !eval[bool](br, `document.querySelector(".updates-list").closest("details").open`) {
			t.Errorf("%s: the list of updates is folded", v.name)
		}
		if first := eval[string](br, `document.querySelector(".updates-list li").innerText`); !strings.Contains(first, note) {
			t.Errorf("%s: the first update listed is %q, want the one just added", v.name, first)
		}
	}
}
