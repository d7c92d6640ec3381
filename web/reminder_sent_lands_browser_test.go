package web

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserReminderSentLandsOnItsLine: "I sent it" pressed on a line of
// the claim's Next card comes back to that line, which now says who was
// reminded, not to the list of reminders far below.
func TestBrowserReminderSentLandsOnItsLine(t *testing.T) {
	t.Parallel()
	b := setupMailProgramReminders(t)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b.pageBundle)
	br.emulate(layoutViewports[0])
	br.openSettled(fmt.Sprintf("/claims/%d", b.claim))
	line := eval[string](br, `document.querySelector(".next-do .asked-form").closest("li").id`)
	if !strings.HasPrefix(line, "next-") {
		t.Fatalf("the Next line with I sent it has id %q", line)
	}
	br.step("press I sent it on the Next card", chromedp.Click(chromedp.CSS(`.next-do .asked-form button`)),
		chromedp.WaitVisible(chromedp.CSS(`#`+line+` .reminder-status`)))
	br.screenshot(dir, "reminder-sent-lands-phone")
	if hash := eval[string](br, `location.hash`); hash != "#"+line {
		t.Errorf("I sent it came back to %q, want the line it was pressed on, #%s", hash, line)
	}
	if top := eval[float64](br, `document.getElementById("`+line+`").getBoundingClientRect().top`); top < -1 || top > 844 {
		t.Errorf("the line I sent it was pressed on is %v px from the top of the screen, out of sight", top)
	}
}
