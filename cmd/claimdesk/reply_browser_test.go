package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// TestBrowserAcknowledgeFromBoard runs claimdesk serve with a real mailbox
// and SMTP server, and clicks Acknowledge on the SLA board in Chromium:
// one reply, threaded, goes out, lands in Sent, and the Sent-folder
// watcher turns the row answered on the same page within 2 seconds.
func TestBrowserAcknowledgeFromBoard(t *testing.T) {
	smtpSrv := testenv.SMTP(t)
	board := openLiveBoard(t, map[string]string{
		"CLAIMDESK_SMTP_URL": smtpSrv.URL("claims@office.example", "save_sent=false"),
	})
	mbox, ctx := board.mbox, board.ctx

	const subject = "Claim 0683449786: when can you inspect?"
	testenv.AppendFiles(t, mbox.Addr, mbox.User, mbox.Password, "INBOX", []testenv.AppendMessage{{Raw: []byte(
		"From: Ann Adjuster <ann@carrier.example>\r\nTo: claims@office.example\r\nSubject: " + subject + "\r\n" +
			"Date: " + time.Now().UTC().Format(time.RFC1123Z) + "\r\nMessage-ID: <ask-1@carrier.example>\r\n" +
			"References: <start-1@carrier.example>\r\n\r\n" +
			"Hello, when can your technician inspect the kitchen at 12 Nostromo Way?\r\nAnn\r\n")}})
	row, err := chromedp.Run(ctx, chromedp.Poll[string](fmt.Sprintf(`(() => {
		const r = [...document.querySelectorAll("li[data-ack-row]")].find(li => li.textContent.includes(%q));
		return r && r.querySelector("form.ack-reply button") ? r.id : false;
	})()`, subject), chromedp.WithPollingTimeout(60*time.Second)))
	if err != nil {
		t.Fatalf("the adjuster's mail never came up on the board with Acknowledge: %v", err)
	}
	id := strings.TrimPrefix(row, "ack-")

	board.step("click Acknowledge", chromedp.Click(chromedp.CSS(`#`+row+` form.ack-reply button`)))
	clicked := time.Now()
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](
		fmt.Sprintf(`document.getElementById("acked-%s") !== null && document.getElementById("ack-%s") === null`, id, id),
		chromedp.WithPollingTimeout(2*time.Second)))
	if err != nil {
		t.Fatalf("the row did not turn answered within 2 s of the click: %v", err)
	}
	t.Logf("answered on the board %s after the click", time.Since(clicked).Round(time.Millisecond))
	same, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.sameDocument === true`))
	if err != nil || !same {
		t.Errorf("the page reloaded (%v): the board must change in place", err)
	}

	got := smtpSrv.Received()
	if len(got) != 1 {
		t.Fatalf("the SMTP server received %d messages, want 1", len(got))
	}
	raw := string(got[0].Raw)
	for _, want := range []string{"In-Reply-To: <ask-1@carrier.example>\r\n", "References: <start-1@carrier.example> <ask-1@carrier.example>\r\n",
		"Subject: Re: " + subject + "\r\n", "To: <ann@carrier.example>\r\n", "From: <claims@office.example>\r\n"} {
		if !strings.Contains(raw, want) {
			t.Errorf("sent message lacks %q:\n%s", strings.TrimSpace(want), raw)
		}
	}
	pool := testenv.SQL(t, board.dsn)
	var source, replyID, outboxID, state string
	err = pool.QueryRow(context.Background(), `
		SELECT m.ack_source, r.message_id, o.message_id, o.state
		FROM messages m JOIN messages r ON r.id = m.ack_reply_id JOIN outbox o ON o.reply_to = m.id
		WHERE m.id = $1`, id).Scan(&source, &replyID, &outboxID, &state)
	if err != nil || source != "reply" || replyID != outboxID || state != storage.OutboxSent {
		t.Errorf("message %s acknowledged by %q through %q; outbox %q is %q (%v): want the sent reply, read back from Sent", id, source, replyID, outboxID, state, err)
	}
	inSent := 0
	for _, m := range testenv.ListMailbox(t, mbox.Addr, mbox.User, mbox.Password, "Sent") {
		if "<"+m.MessageID+">" == outboxID {
			inSent++
		}
	}
	if inSent != 1 {
		t.Errorf("%d copies of the reply in Sent, want 1", inSent)
	}
}
