package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// notificationStub stands in for the browser's Notification API in the
// page: it records the permission asked and each notification made, and
// grants the permission when asked.
const notificationStub = `
window.__asked = 0; window.__notes = [];
window.Notification = function (title, opts) { window.__notes.push(title + " | " + opts.body + " | " + opts.tag); };
window.Notification.permission = "default";
window.Notification.requestPermission = function () {
	window.__asked++;
	window.Notification.permission = "granted";
	return Promise.resolve("granted");
};`

// TestBrowserBoardNotifications turns on the board's notifications: the
// browser's permission is asked only on the button's click, not when the
// board loads or refreshes; afterwards a new request, a message nearing
// its deadline and the office's mail that did not arrive each make a
// notification, and what was there before does not.
func TestBrowserBoardNotifications(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := t.Context()
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-2201-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley"})
	b.addMessage(t, msgSeed{Subject: "Old question", NeedsAck: true, ClaimID: claim, Arrived: now.Add(-time.Minute), Due: ptr(now.Add(time.Hour))})
	request := func(subject, docType string) int64 {
		t.Helper()
		m := b.addMessage(t, msgSeed{Subject: subject, ClaimID: claim, Arrived: now})
		var id int64
		if err := b.sql.QueryRow(ctx, `INSERT INTO requests (claim_id, message_id, from_addr, doc_types, text, asked_at, office_id)
			VALUES ($1, $2, 'ann@carrier.example', ARRAY[$4], 'Send the moisture map', $3, 1) RETURNING id`, claim, m, now, docType).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	br := newBrowser(t, b)
	br.step("stub the Notification API", chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: notificationStub})
		return chromedp.Void{}, err
	}))
	br.step("open the live board",
		chromedp.Navigate(b.ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`[data-notify]`)),
		chromedp.WaitReady(chromedp.CSS(`html[data-live="on"]`)))
	waitFor := func(what, expr string) {
		t.Helper()
		if _, err := chromedp.Run(br.ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatalf("%s: %v (notifications %v)", what, err, eval[[]any](br, `window.__notes`))
		}
	}

	// Before the click a refresh brings a request: no permission asked,
	// nothing shown.
	before := request("Need the moisture map", "drying_log")
	waitFor("the first request on the board", fmt.Sprintf(`document.getElementById("request-%d") !== null`, before))
	if asked := eval[float64](br, `window.__asked`); asked != 0 {
		t.Fatalf("permission asked %v times before the click", asked)
	}
	if notes := eval[[]any](br, `window.__notes`); len(notes) != 0 {
		t.Fatalf("notifications before opting in: %v", notes)
	}

	br.step("turn notifications on", chromedp.Click(chromedp.CSS(`[data-notify]`)))
	waitFor("the button turned on", `document.querySelector("[data-notify]").textContent === "Stop notifications"`)
	if asked := eval[float64](br, `window.__asked`); asked != 1 {
		t.Fatalf("permission asked %v times after one click", asked)
	}

	// A request of its own (asking again for the moisture map would be the
	// same request, asked again).
	request("Also the photos", "photo")
	waitFor("a notification of the new request", `window.__notes.some(n => n.startsWith("New request: 26-2201-WTR | Photos, from ann@carrier.example"))`)
	b.addMessage(t, msgSeed{Subject: "Burst pipe in the kitchen", NeedsAck: true, ClaimID: claim, Arrived: now, Due: ptr(now.Add(2 * time.Minute))})
	waitFor("a notification of the message nearing its deadline", `window.__notes.some(n => n.startsWith("Answer soon: Burst pipe in the kitchen"))`)
	// The office's mail bounced: a row on the board, and a notification.
	sent := b.addMessage(t, msgSeed{Subject: "Signed ATP", Direction: "out", ClaimID: claim, Status: "filed", Arrived: now})
	bounce := b.addMessage(t, msgSeed{Subject: "Undelivered Mail Returned to Sender", From: "mailer-daemon@mx.office.example", Arrived: now})
	if _, err := b.sql.Exec(ctx, `UPDATE messages SET to_addresses = '{ann@carrier.example}' WHERE id = $1`, sent); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(ctx, `UPDATE messages r SET undelivered_of = s.id, undelivered = jsonb_build_object('returned', s.message_id,
		'recipients', '[{"address": "ann@carrier.example", "status": "5.1.1"}]'::jsonb) FROM messages s WHERE r.id = $1 AND s.id = $2`, bounce, sent); err != nil {
		t.Fatal(err)
	}
	waitFor("a notification of the mail that did not arrive", `window.__notes.some(n => n === "Not delivered: “Signed ATP” | to ann@carrier.example | undelivered-`+fmt.Sprint(bounce)+`")`)
	notes := eval[[]any](br, `window.__notes`)
	for _, n := range notes {
		if s, _ := n.(string); strings.Contains(s, "Old question") || strings.HasSuffix(s, fmt.Sprintf(" | request-%d", before)) {
			t.Errorf("notification of what was on the board before: %q", s)
		}
	}
	if len(notes) != 3 {
		t.Errorf("notifications %v, want the new request, the message nearing its deadline and the mail not delivered", notes)
	}
}
