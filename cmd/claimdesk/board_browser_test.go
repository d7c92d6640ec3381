package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// TestBrowserBoardFollowsTheMailbox runs claimdesk serve on a real
// mailbox and watches its SLA board in Chromium: an adjuster's mail comes
// up waiting, and the office's reply, once it is in the Sent folder, turns
// it answered on the same page, with no reload.
func TestBrowserBoardFollowsTheMailbox(t *testing.T) {
	mbox := testenv.Dovecot(t)
	dsn := testenv.Postgres(t)
	dir := t.TempDir()
	claims := filepath.Join(dir, "claims.csv")
	err := os.WriteFile(claims, []byte("job_number,claim_number,carrier,policy_number,insured_name,loss_address,loss_type,adjuster_name,adjuster_email\n"+
		"26-1001-WTR,0683449786,State Farm,,Ellen Ripley,12 Nostromo Way,Water,Ann Adjuster,ann@carrier.example\n"), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{
		"CLAIMDESK_DATABASE_URL":  dsn,
		"CLAIMDESK_DATA_DIR":      filepath.Join(dir, "data"),
		"CLAIMDESK_BLOB_URL":      "file://" + filepath.Join(dir, "blobs"),
		"CLAIMDESK_IMAP_URL":      mbox.URL("INBOX"),
		"CLAIMDESK_OFFICE_DOMAIN": "office.example",
		"CLAIMDESK_TIMEZONE":      "UTC",
		// Open all hours: whenever the test runs, an answer is due 30
		// minutes after the mail came, and the board shows it pending.
		"CLAIMDESK_BUSINESS_HOURS": "24/7",
		"CLAIMDESK_HTTP_ADDR":      "127.0.0.1:0",
		// IDLE brings new mail at once; polling is only the fallback.
		"CLAIMDESK_POLL_INTERVAL": "1s",
	}
	getenv := func(k string) string { return settings[k] }
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"claims", "import", claims}, getenv, &out, &errs); code != 0 {
		t.Fatalf("claims import: exit %d: %s%s", code, out.String(), errs.String())
	}
	site := startServe(t, getenv)

	ctx, cancel := context.WithTimeout(testenv.Browser(t), 3*time.Minute)
	defer cancel()
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	step("sign in",
		chromedp.Navigate(site.url+"login"),
		chromedp.WaitVisible(chromedp.CSS(`input[name="password"]`)),
		chromedp.SetValue(chromedp.CSS(`input[name="email"]`), site.login),
		chromedp.SetValue(chromedp.CSS(`input[name="password"]`), site.password),
		chromedp.Click(chromedp.CSS(`button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form.signout button`)))
	step("open the live board",
		chromedp.Navigate(site.url),
		// The stream is open and the database watched: changes from now
		// on reach the page.
		chromedp.WaitReady(chromedp.CSS(`html[data-live="on"]`)),
		chromedp.Evaluate[chromedp.Void](`window.sameDocument = true`))

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
	db, err := storage.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var source, replyTo string
	err = db.Pool.QueryRow(context.Background(), `
		SELECT m.ack_source, r.message_id FROM messages m JOIN messages r ON r.id = m.ack_reply_id
		WHERE m.id = $1 AND m.acknowledged_at IS NOT NULL`, id).Scan(&source, &replyTo)
	if err != nil || source != "reply" || replyTo != "<reply-1@office.example>" {
		t.Errorf("message %s acknowledged by %q through %q (%v), want by the reply in Sent", id, source, replyTo, err)
	}
}

// servedSite is a running claimdesk serve: where it listens and the
// administrator it made.
type servedSite struct {
	url, login, password string
}

// startServe runs claimdesk serve in this process with getenv's settings
// until the test ends, and returns the dashboard's address and first login.
func startServe(t *testing.T, getenv func(string) string) servedSite {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	stderr := newLineLog()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, getenv, outW, stderr)
		outW.Close()
	}()
	t.Cleanup(func() {
		cancel() // as SIGTERM would
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exited %d; stderr:\n%s", code, stderr.String())
			}
		case <-time.After(60 * time.Second):
			t.Errorf("serve did not stop within 60s")
		}
		if t.Failed() {
			t.Logf("serve stderr:\n%s", stderr.String())
		}
	})
	var s servedSite
	sc := bufio.NewScanner(outR)
	for s.password == "" && sc.Scan() {
		k, v, _ := strings.Cut(strings.TrimSpace(sc.Text()), ":")
		switch k {
		case "dashboard":
			s.url = strings.TrimSpace(v)
		case "login":
			s.login = strings.TrimSpace(v)
		case "password":
			s.password = strings.TrimSpace(v)
		}
	}
	go io.Copy(io.Discard, outR)
	if s.url == "" || s.password == "" {
		t.Fatalf("serve printed url=%q login=%q and no password; stderr:\n%s", s.url, s.login, stderr.String())
	}
	return s
}
