package web

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// TestBrowserReminderMarkedSent, at a phone's width and a desktop's, in an
// office that does not send mail: pressing "I sent it" beside "Email
// Marcus" on the claim's Next card makes the chase's steps and the
// claim's reminders say Marcus was reminded, with no answer yet, from a
// mail program, and who marked it. Nothing scrolls sideways and every
// control is big enough for a thumb. With CLAIMDESK_SCREENSHOTS set to a
// directory, it saves the claim page before and after, and its Next card,
// paperwork and reminders once marked.
func TestBrowserReminderMarkedSent(t *testing.T) {
	t.Parallel()
	b := setupMailProgramReminders(t)
	const says = "reminded Marcus 12:14, no answer yet (sent from a mail program)"
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b.pageBundle)
	page := fmt.Sprintf("/claims/%d", b.claim)
	for _, v := range []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		if _, err := b.sql.Exec(context.Background(), `DELETE FROM claim_reminders WHERE claim_id = $1`, b.claim); err != nil {
			t.Fatal(err)
		}
		br.emulate(v)
		br.openSettled(page)
		br.step("open Write a reminder", chromedp.Evaluate[chromedp.Void](`document.querySelector("details.reminder-mail").open = true`))
		br.checkFits(v, "the claim page")
		br.screenshot(dir, "reminder-unmarked-"+v.name)
		br.step("press I sent it on the Next card",
			chromedp.Click(chromedp.CSS(`.next-do .asked-form button`)),
			chromedp.WaitVisible(chromedp.CSS(`.reminders li[id^="reminder-"]`)))
		next := eval[string](br, `document.querySelector(".next-card").innerText.replace(/\s+/g, " ")`)
		paperwork := eval[string](br, `document.querySelector("section[aria-labelledby=paperwork-h]").innerText.replace(/\s+/g, " ")`)
		listed := eval[string](br, `document.querySelector(".reminders").innerText.replace(/\s+/g, " ")`)
		// Each line in Next asking Marcus says it (the first documents',
		// the billing packet's; the estimate's asks to add an estimator);
		// the paperwork card refers to Next.
		if strings.Count(next, says) != 2 || strings.Contains(paperwork, says) ||
			!strings.Contains(listed, "no answer yet · sent from a mail program (marked sent by Test dana@office.example)") {
			t.Errorf("at %s width, once marked sent, the Next card reads:\n%s\nthe paperwork:\n%s\nthe reminders:\n%s", v.name, next, paperwork, listed)
		}
		br.step("open Write a reminder", chromedp.Evaluate[chromedp.Void](`document.querySelector("details.reminder-mail").open = true`))
		br.checkFits(v, "the claim page once marked sent")
		br.screenshot(dir, "reminder-marked-sent-"+v.name)
		br.elementShot(dir, "reminder-marked-sent-next-"+v.name, ".next-card")
		br.elementShot(dir, "reminder-marked-sent-paperwork-"+v.name, `section[aria-labelledby="paperwork-h"]`)
		br.elementShot(dir, "reminder-marked-sent-list-"+v.name, `section[aria-labelledby="reminders-h"]`)
	}
}

// TestBrowserReminderSentEarlier, at a phone's width and a desktop's: the
// coordinator emailed Marcus at 09:10 and presses "I sent it" at 11:40,
// after his 10:30 reply. "sent earlier?" on the Next card opens the time it
// went, 11:40 until changed; set to 09:10 and marked, the Next card says
// Marcus answered at 10:30. Nothing scrolls sideways and every control is
// big enough for a thumb. With CLAIMDESK_SCREENSHOTS set to a directory,
// it saves the Next card with the time open and once marked, and the page.
func TestBrowserReminderSentEarlier(t *testing.T) {
	t.Parallel()
	b, _ := setupReminderSentLate(t)
	const says = "reminded Marcus 09:10, answered 10:30 (sent from a mail program)"
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b.pageBundle)
	for _, v := range []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		if _, err := b.sql.Exec(context.Background(), `DELETE FROM claim_reminders WHERE claim_id = $1`, b.claim); err != nil {
			t.Fatal(err)
		}
		br.emulate(v)
		br.openSettled(fmt.Sprintf("/claims/%d", b.claim))
		br.step("open sent earlier?", chromedp.Click(chromedp.CSS(`.next-do .sent-at summary`)),
			chromedp.WaitVisible(chromedp.CSS(`.next-do .sent-at input[name=sent_at]`)))
		if shown := eval[string](br, `document.querySelector(".next-do .sent-at input[name=sent_at]").value`); shown != "2026-04-14T11:40" {
			t.Errorf("at %s width the time sent opens at %q, want now, 2026-04-14T11:40", v.name, shown)
		}
		br.checkFits(v, "the claim page with the time sent open")
		br.elementShot(dir, "reminder-sent-earlier-open-"+v.name, ".next-card")
		br.step("mark it sent at 09:10",
			chromedp.SetValue(chromedp.CSS(`.next-do .sent-at input[name=sent_at]`), "2026-04-14T09:10"),
			chromedp.Click(chromedp.CSS(`.next-do .sent-at button`)),
			chromedp.WaitVisible(chromedp.CSS(`.reminders li[id^="reminder-"]`)))
		if next := eval[string](br, `document.querySelector(".next-card").innerText.replace(/\s+/g, " ")`); !strings.Contains(next, says) {
			t.Errorf("at %s width, once marked sent at 09:10, the Next card reads:\n%s", v.name, next)
		}
		br.checkFits(v, "the claim page once marked sent at 09:10")
		br.elementShot(dir, "reminder-sent-earlier-marked-"+v.name, ".next-card")
		br.screenshot(dir, "reminder-sent-earlier-page-"+v.name)
	}
}

// setupReminderPageAt is setupReminderSentLate's claim, at hour:min on
// Tue Apr 14 2026 in Chicago, before Marcus has written back.
func setupReminderPageAt(t *testing.T, hour, min int) (b *remindersBundle, at func(hour, min int) time.Time) {
	t.Helper()
	loc, err := time.LoadLocation(officeZone)
	if err != nil {
		t.Fatal(err)
	}
	at = func(hour, min int) time.Time { return time.Date(2026, time.April, 14, hour, min, 0, 0, loc) }
	return mailProgramReminders(t, setupPagesIn(t, loc, sla.AlwaysOpen(), at(hour, min))), at
}

// TestBrowserReminderMarkedSentAtTheTimeShown: the claim page opened at
// 09:10, when the coordinator emailed Marcus from it; Marcus wrote back at
// 10:30, and at 11:40, on the same page, "sent earlier?" shows 09:10, the
// time it went: "Mark sent" records it sent then, and his reply answers it.
func TestBrowserReminderMarkedSentAtTheTimeShown(t *testing.T) {
	t.Parallel()
	b, at := setupReminderPageAt(t, 9, 10)
	br := newBrowser(t, b.pageBundle)
	br.emulate(viewport{"desktop", 1280, 900, false})
	br.openSettled(fmt.Sprintf("/claims/%d", b.claim))
	b.addMessage(t, msgSeed{Subject: "Re: photos", From: "marcus@field.example", ClaimID: b.claim, Status: storage.StatusFiled,
		Arrived: at(10, 30)})
	b.clock.Advance(at(11, 40).Sub(b.clock.Now()))
	br.step("mark it sent at the time shown",
		chromedp.Click(chromedp.CSS(`.next-do .sent-at summary`)),
		chromedp.WaitVisible(chromedp.CSS(`.next-do .sent-at input[name=sent_at]`)),
		chromedp.Click(chromedp.CSS(`.next-do .sent-at button`)),
		chromedp.WaitVisible(chromedp.CSS(`.reminders li[id^="reminder-"]`)))
	const says = "reminded Marcus 09:10, answered 10:30 (sent from a mail program)"
	if next := eval[string](br, `document.querySelector(".next-card").innerText.replace(/\s+/g, " ")`); !strings.Contains(next, says) {
		t.Errorf("marked sent at the time shown, 09:10, the Next card reads:\n%s", next)
	}
}

// TestBrowserReminderSentAfterThePageOpened: the claim page opened at
// 09:05, the coordinator emailed Marcus from it at 09:10, and he wrote back
// at 10:30. At 11:40, on the same page, the time it went, 09:10, is taken:
// the page's own time is not the latest a reminder can have gone.
func TestBrowserReminderSentAfterThePageOpened(t *testing.T) {
	t.Parallel()
	b, at := setupReminderPageAt(t, 9, 5)
	br := newBrowser(t, b.pageBundle)
	br.emulate(viewport{"desktop", 1280, 900, false})
	br.openSettled(fmt.Sprintf("/claims/%d", b.claim))
	b.addMessage(t, msgSeed{Subject: "Re: photos", From: "marcus@field.example", ClaimID: b.claim, Status: storage.StatusFiled,
		Arrived: at(10, 30)})
	b.clock.Advance(at(11, 40).Sub(b.clock.Now()))
	const field = `.next-do .sent-at input[name=sent_at]`
	br.step("give the time it went, 09:10",
		chromedp.Click(chromedp.CSS(`.next-do .sent-at summary`)),
		chromedp.WaitVisible(chromedp.CSS(field)),
		chromedp.SetValue(chromedp.CSS(field), "2026-04-14T09:10"))
	if valid := eval[bool](br, `document.querySelector("`+field+`").checkValidity()`); !valid {
		t.Fatalf("the page opened at 09:05 takes no time after it: %s", eval[string](br, `document.querySelector("`+field+`").validationMessage`))
	}
	br.step("mark it sent", chromedp.Click(chromedp.CSS(`.next-do .sent-at button`)),
		chromedp.WaitVisible(chromedp.CSS(`.reminders li[id^="reminder-"]`)))
	const says = "reminded Marcus 09:10, answered 10:30 (sent from a mail program)"
	if next := eval[string](br, `document.querySelector(".next-card").innerText.replace(/\s+/g, " ")`); !strings.Contains(next, says) {
		t.Errorf("marked sent at 09:10, the Next card reads:\n%s", next)
	}
}
