package web

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserBoardClockStandsWhileClosed opens the live board on a Monday
// at 06:00, before the office opens: the page's script keeps the server's
// words, a due time and the business minutes overdue, instead of counting
// the hours to 08:29 down on the wall clock.
func TestBrowserBoardClockStandsWhileClosed(t *testing.T) {
	t.Parallel()
	b, at := decemberOffice(t, 7, 6, 0)
	late := b.addMessage(t, msgSeed{Subject: "Re: electric bill", NeedsAck: true, Arrived: at(4, 16, 53), Due: ptr(at(4, 17, 23))})
	early := b.addMessage(t, msgSeed{Subject: "Equipment pickup", NeedsAck: true, Arrived: at(4, 17, 59), Due: ptr(at(7, 8, 29))})
	br := newBrowser(t, b)
	br.step("open the live board",
		chromedp.Navigate(b.ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#ack-%d", early))),
		chromedp.WaitReady(chromedp.CSS(`html[data-live="on"]`)))
	// The live board fetches itself once the stream is up, and runs its
	// clocks right after: once it has, the words are the script's.
	_, err := chromedp.Run(br.ctx, chromedp.Poll[bool](`document.getElementById("live").hasAttribute("data-refreshed")`,
		chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Fatalf("the board never refreshed: %v", err)
	}
	clock := func(id int64) string {
		return eval[string](br, fmt.Sprintf(`document.querySelector("#ack-%d .countdown").textContent`, id))
	}
	if got := clock(early); got != "due 08:29" {
		t.Errorf("the answer due at 08:29 shows %q before opening, want \"due 08:29\"", got)
	}
	if got := clock(late); got != "overdue 37 business min" {
		t.Errorf("the answer due Friday 17:23 shows %q, want \"overdue 37 business min\"", got)
	}
}
