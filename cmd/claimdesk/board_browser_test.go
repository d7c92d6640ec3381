package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

// TestBrowserBoardFollowsTheMailbox runs claimdesk serve on a real
// mailbox and watches its SLA board in Chromium: an adjuster's mail comes
// up waiting, and the office's reply, once it is in the Sent folder, turns
// it answered on the same page, with no reload.
func TestBrowserBoardFollowsTheMailbox(t *testing.T) {
	board := openLiveBoard(t, nil)
	mbox, ctx := board.mbox, board.ctx

	const subject = "Claim 0683449786: when can you inspect?"
	now := time.Now().UTC()
	testenv.AppendFiles(t, mbox.Addr, mbox.User, mbox.Password, "INBOX", []testenv.AppendMessage{{Raw: []byte(
		"From: Ann Adjuster <ann@carrier.example>\r\nTo: claims@office.example\r\nSubject: " + subject + "\r\n" +
			"Date: " + now.Format(time.RFC1123Z) + "\r\nMessage-ID: <ask-1@carrier.example>\r\n\r\n" +
			"Hello, when can your technician inspect the kitchen at 12 Nostromo Way?\r\nAnn\r\n")}})
	// The row's id names the stored message.
	row, err := chromedp.Run(ctx, chromedp.Poll[string](fmt.Sprintf(`(() => {
		const r = [...document.querySelectorAll("li[data-ack-row]")].find(li => li.textContent.includes(%q));
		return r ? r.id : false;
	})()`, subject), chromedp.WithPollingTimeout(60*time.Second)))
	if err != nil {
		t.Fatalf("the adjuster's mail never came up on the board: %v", err)
	}
	id := strings.TrimPrefix(row, "ack-")
	cls, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.getElementById(%q).className`, row)))
	if err != nil || !strings.Contains(cls, "state-pending") {
		t.Errorf("the waiting row's class %q (%v), want state-pending", cls, err)
	}

	testenv.AppendFiles(t, mbox.Addr, mbox.User, mbox.Password, "Sent", []testenv.AppendMessage{{Raw: []byte(
		"From: Dana Coordinator <dana@office.example>\r\nTo: Ann Adjuster <ann@carrier.example>\r\nSubject: Re: " + subject + "\r\n" +
			"Date: " + time.Now().UTC().Format(time.RFC1123Z) + "\r\nMessage-ID: <reply-1@office.example>\r\n" +
			"In-Reply-To: <ask-1@carrier.example>\r\nReferences: <ask-1@carrier.example>\r\n\r\n" +
			"Hi Ann, tomorrow at 9.\r\nDana\r\n")}})
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](
		fmt.Sprintf(`document.getElementById("acked-%s") !== null && document.getElementById("ack-%s") === null`, id, id),
		chromedp.WithPollingTimeout(60*time.Second)))
	if err != nil {
		t.Fatalf("the reply in Sent never turned the row answered: %v", err)
	}
	checks, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](fmt.Sprintf(`({
		same: window.sameDocument === true,
		text: document.getElementById("acked-%s").textContent,
	})`, id)))
	if err != nil {
		t.Fatal(err)
	}
	if checks["same"] != true {
		t.Error("the page reloaded: the board must change in place")
	}
	if text, _ := checks["text"].(string); !strings.Contains(text, "by reply") {
		t.Errorf("answered row %q, want it answered by reply", text)
	}

	// What the page says is what the database holds.
	pool := testenv.SQL(t, board.dsn)
	var source, replyTo string
	err = pool.QueryRow(context.Background(), `
		SELECT m.ack_source, r.message_id FROM messages m JOIN messages r ON r.id = m.ack_reply_id
		WHERE m.id = $1 AND m.acknowledged_at IS NOT NULL`, id).Scan(&source, &replyTo)
	if err != nil || source != "reply" || replyTo != "<reply-1@office.example>" {
		t.Errorf("message %s acknowledged by %q through %q (%v), want by the reply in Sent", id, source, replyTo, err)
	}
}
