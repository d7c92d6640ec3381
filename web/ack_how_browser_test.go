package web

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserAckHowFitsAPhone clears an invoice from the board as needing
// no answer, at a phone's width and a desktop's: the board says what was
// marked, with Undo, and the ways of answering a message fit beside each
// other on the board and on the message page, the answer from one's own
// email opened. With CLAIMDESK_SCREENSHOTS set to a directory, it saves
// screenshots there.
func TestBrowserAckHowFitsAPhone(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour))
	now := b.clock.Now()
	for i, subject := range []string{"Re: 60-8H77-8H5 inspection request for the second floor bathroom", "Question about the estimate"} {
		b.addMessage(t, msgSeed{Subject: subject, NeedsAck: true, FromName: "Ann Adjuster",
			Arrived: now.Add(-time.Duration(i+1) * 9 * time.Minute), Due: ptr(now.Add(time.Duration(20-i*25) * time.Minute))})
	}
	waiting := b.addMessage(t, msgSeed{Subject: "Homeowner asking when the dehumidifiers come", NeedsAck: true,
		Arrived: now.Add(-5 * time.Minute), Due: ptr(now.Add(25 * time.Minute))})
	invoice := b.addMessage(t, msgSeed{Subject: "Invoice 2231 for the dumpster at 12 Nostromo Way", NeedsAck: true,
		Arrived: now.Add(-40 * time.Minute), Due: ptr(now.Add(-10 * time.Minute))})

	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	shoot := func(name string) {
		if dir == "" {
			return
		}
		shot, err := chromedp.Run(br.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, size := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		opts := []chromedp.EmulateViewportOption{}
		if size.mobile {
			opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateScale(2))
		}
		br.step("set the window to a "+size.name, chromedp.EmulateViewport(size.width, size.height, opts...))
		row := fmt.Sprintf("#ack-%d", invoice)
		// Clicked in the page's own turn: the board's live updates may
		// redraw the row between a look-up and a click from outside.
		br.step("mark the invoice as needing no answer", chromedp.Navigate(b.ts.URL+"/"),
			chromedp.WaitVisible(chromedp.CSS(row)),
			chromedp.Evaluate[chromedp.Void](`document.querySelector(`+strconv.Quote(row+` button[value="not_needed"]`)+`).click()`),
			chromedp.WaitVisible(chromedp.CSS(`#marked form.undo-ack button`)))
		marked := eval[string](br, `location.href`)
		fits(t, br, size.width, size.mobile, "the board")
		shoot(size.name + "-board-marked")
		br.step("open the invoice", chromedp.Navigate(b.ts.URL+fmt.Sprintf("/messages/%d", invoice)),
			chromedp.WaitVisible(chromedp.CSS(".ack-card .not-needed")))
		fits(t, br, size.width, size.mobile, "the invoice's page")
		shoot(size.name + "-message-not-needed")
		// Back to the board by its address: a history step back may find the
		// page in the browser's back-forward cache, which ends with no load
		// event for chromedp to wait for.
		br.step("undo on the board", chromedp.Navigate(marked), chromedp.WaitVisible(chromedp.CSS(`#marked`)),
			chromedp.Click(chromedp.CSS(`#marked form.undo-ack button`)), chromedp.WaitVisible(chromedp.CSS(row)))

		br.step("open a waiting message", chromedp.Navigate(b.ts.URL+fmt.Sprintf("/messages/%d", waiting)),
			chromedp.WaitVisible(chromedp.CSS(".ack-card .own-email summary")),
			chromedp.Click(chromedp.CSS(".ack-card .own-email summary")),
			chromedp.WaitVisible(chromedp.CSS(`.ack-card input[name="at"]`)))
		fits(t, br, size.width, size.mobile, "the message page")
		shoot(size.name + "-message-waiting")
	}
}

// fits fails the test when the page needs sideways scrolling at a phone's
// width.
func fits(t *testing.T, br *browser, width int64, mobile bool, what string) {
	t.Helper()
	if !mobile {
		return
	}
	// A phone widens its window to a page too wide: measure against the width asked for.
	if over := eval[float64](br, fmt.Sprintf(`Math.max(document.documentElement.scrollWidth, window.innerWidth) - %d`, width)); over > 1 {
		t.Errorf("%s is %v px too wide for a phone", what, over)
	}
}
