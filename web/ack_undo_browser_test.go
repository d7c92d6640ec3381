package web

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/claimdesk/claimdesk/storage"
)

// TestBrowserNoAnswerNeededUndoneForReply marks mail on a closed claim as
// needing no answer from the board's button, which says so, and takes
// back, on its page, the mark of an invoice the office replied to after
// its deadline: the page then says the reply answered it, counted at the
// mark, and not late. At a phone's width and a desktop's; with
// CLAIMDESK_SCREENSHOTS set to a directory, it saves screenshots there.
func TestBrowserNoAnswerNeededUndoneForReply(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(15*time.Hour))
	now := b.clock.Now()
	closed := b.addClaim(t, claimSeed{Job: "26-1701-WTR", Number: "60-8H77-8H5", Insured: "Kim Park", Status: "closed"})
	// Closed on the page's clock, before its mail: Postgres' own clock
	// would close it after mail the page's clock has arriving later.
	if _, err := b.sql.Exec(t.Context(), `UPDATE claims SET closed_at = $2 WHERE id = $1`, closed, now.Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	arrived := now.Add(-3 * time.Hour)
	due, marked := arrived.Add(30*time.Minute), arrived.Add(10*time.Minute)
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
	for _, size := range []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		// Mail on a closed claim that waits for no answer: mail that does
		// is among the messages waiting.
		mail := b.addMessage(t, msgSeed{Subject: "Thank you for the final invoice", ClaimID: closed, Status: storage.StatusFiled,
			Arrived: now.Add(-time.Hour)})
		invoice := b.addMessage(t, msgSeed{Subject: "Invoice 4411 for the dumpster (" + size.name + ")", NeedsAck: true,
			Arrived: arrived, Due: &due, Acked: &marked, AckSource: storage.AckNotNeeded})
		reply := b.addMessage(t, msgSeed{Subject: "Re: Invoice 4411", Direction: "out", Arrived: now.Add(-time.Hour)})
		if _, err := b.sql.Exec(t.Context(), `UPDATE messages SET in_reply_to = (SELECT message_id FROM messages WHERE id = $2) WHERE id = $1`,
			reply, invoice); err != nil {
			t.Fatal(err)
		}
		br.emulate(size)
		br.openSettled("/")
		shoot(size.name + "-board-closed-mail")
		br.step("mark the closed claim's mail", chromedp.Click(chromedp.CSS(`.closed-mail button[value="not_needed"]`)),
			chromedp.WaitNotPresent(chromedp.CSS(`.closed-mail`)))
		var source string
		b.query(t, `SELECT ack_source FROM messages WHERE id = $1`, []any{mail}, &source)
		if source != storage.AckNotNeeded {
			t.Errorf("at %s width the closed claim's mail was marked %q, want not_needed", size.name, source)
		}
		br.openSettled(fmt.Sprintf("/messages/%d", invoice))
		br.step("take back the mark", chromedp.Click(chromedp.CSS(`form.undo-ack button`)),
			chromedp.WaitVisible(chromedp.CSS(`.ack-card a[href="/messages/`+fmt.Sprint(reply)+`"]`)))
		if text := eval[string](br, `document.querySelector(".ack-card").innerText`); !strings.Contains(text, "when it was marked as needing no answer by its deadline") || strings.Contains(text, "late") {
			t.Errorf("at %s width the invoice's page says:\n%s", size.name, text)
		}
		br.checkFits(size, "the message page")
		shoot(size.name + "-message-reply-after-mark")
	}
}
