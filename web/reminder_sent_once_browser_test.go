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

// TestBrowserReminderMarkedOnce, at a phone's width and a desktop's: the
// Next card's "I sent it" form is sent by the page's script, as a press
// whose answer is slow to come, and three minutes later "I sent it" is
// pressed on the same page: the claim lists one reminder, at the first
// press. On the page shown again, ten minutes later, "I sent it" records a
// second reminder, sent then. Nothing scrolls sideways and every control
// is big enough for a thumb. With CLAIMDESK_SCREENSHOTS set to a
// directory, it saves the reminders once marked and once marked again.
func TestBrowserReminderMarkedOnce(t *testing.T) {
	t.Parallel()
	b, _ := setupReminderPageAt(t, 11, 40)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b.pageBundle)
	listed := func() string {
		return eval[string](br, `[...document.querySelectorAll(".reminders li")].map(li => li.innerText.replace(/\s+/g, " ")).join("\n")`)
	}
	for _, v := range []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		if _, err := b.sql.Exec(context.Background(), `DELETE FROM claim_reminders WHERE claim_id = $1`, b.claim); err != nil {
			t.Fatal(err)
		}
		br.emulate(v)
		br.openSettled(fmt.Sprintf("/claims/%d", b.claim))
		first := b.clock.Now().In(b.loc).Format("15:04")
		status, err := chromedp.Run(br.ctx, chromedp.Evaluate[int](`(f => fetch(f.getAttribute("action"),
			{method: "POST", body: new URLSearchParams(new FormData(f))}).then(r => r.status))(document.querySelector(".next-do .asked-form"))`,
			chromedp.EvalAwaitPromise))
		if err != nil || status != 200 {
			t.Fatalf("the Next card's I sent it sent by the page: %d (%v), want back on the claim page", status, err)
		}
		b.clock.Advance(3 * time.Minute)
		br.step("press I sent it on the same page",
			chromedp.Click(chromedp.CSS(`.next-do .asked-form button`)),
			chromedp.WaitVisible(chromedp.CSS(`.reminders li[id^="reminder-"]`)))
		if got := listed(); strings.Count(got, "\n") != 0 || !strings.Contains(got, "reminded Marcus "+first+", no answer yet") {
			t.Errorf("at %s width, I sent it sent and pressed 3 minutes later lists:\n%s\nwant one reminder, at %s", v.name, got, first)
		}
		br.checkFits(v, "the claim page once marked sent")
		br.elementShot(dir, "reminder-once-"+v.name, `section[aria-labelledby="reminders-h"]`)

		b.clock.Advance(10 * time.Minute)
		second := b.clock.Now().In(b.loc).Format("15:04")
		br.step("press I sent it on the page shown again",
			chromedp.Click(chromedp.CSS(`.next-do .asked-form button`)),
			chromedp.WaitVisible(chromedp.CSS(`.reminders li[id^="reminder-"]:nth-child(2)`)))
		if got := listed(); !strings.HasPrefix(got, fmt.Sprintf("Tue Apr 14, %s · documents needed · reminded Marcus %s", second, second)) {
			t.Errorf("at %s width, a second reminder marked at %s lists:\n%s", v.name, second, got)
		}
		br.elementShot(dir, "reminder-marked-again-"+v.name, `section[aria-labelledby="reminders-h"]`)
	}
}
