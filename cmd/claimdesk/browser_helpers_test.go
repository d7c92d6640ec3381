package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

// liveBoard is claimdesk serve running on a real mailbox and database with
// one claim imported (0683449786, adjuster ann@carrier.example), and
// Chromium signed in on its SLA board with the live stream on.
type liveBoard struct {
	t    *testing.T
	ctx  context.Context // the browser tab; it ends with the test
	mbox testenv.DovecotServer
	dsn  string
	site servedSite
}

// openLiveBoard starts a full product watching a fresh mailbox's INBOX,
// with extra added to (or replacing) the default settings, and opens its
// live SLA board. The page is marked with window.sameDocument so a test
// can tell that a change came in place rather than by a reload.
func openLiveBoard(t *testing.T, extra map[string]string) *liveBoard {
	t.Helper()
	b := &liveBoard{t: t, mbox: testenv.Dovecot(t), dsn: testenv.Postgres(t)}
	dir := t.TempDir()
	claims := filepath.Join(dir, "claims.csv")
	err := os.WriteFile(claims, []byte("job_number,claim_number,carrier,policy_number,insured_name,loss_address,loss_type,adjuster_name,adjuster_email\n"+
		"26-1001-WTR,0683449786,State Farm,,Ellen Ripley,12 Nostromo Way,Water,Ann Adjuster,ann@carrier.example\n"), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{
		"CLAIMDESK_DATABASE_URL":  b.dsn,
		"CLAIMDESK_DATA_DIR":      filepath.Join(dir, "data"),
		"CLAIMDESK_BLOB_URL":      "file://" + filepath.Join(dir, "blobs"),
		"CLAIMDESK_IMAP_URL":      b.mbox.URL("INBOX"),
		"CLAIMDESK_OFFICE_DOMAIN": "office.example",
		"CLAIMDESK_TIMEZONE":      "UTC",
		// Open all hours: whenever the test runs, an answer is due 30
		// minutes after the mail came, and the board shows it pending.
		"CLAIMDESK_BUSINESS_HOURS": "24/7",
		"CLAIMDESK_HTTP_ADDR":      "127.0.0.1:0",
		// IDLE brings new mail at once; polling is only the fallback.
		"CLAIMDESK_POLL_INTERVAL": "1s",
	}
	maps.Copy(settings, extra)
	getenv := func(k string) string { return settings[k] }
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"claims", "import", claims}, getenv, &out, &errs); code != 0 {
		t.Fatalf("claims import: exit %d: %s%s", code, out.String(), errs.String())
	}
	b.site = startServe(t, getenv)

	ctx, cancel := context.WithTimeout(testenv.Browser(t), 3*time.Minute)
	t.Cleanup(cancel)
	b.ctx = ctx
	b.step("sign in",
		chromedp.Navigate(b.site.url+"login"),
		chromedp.WaitVisible(chromedp.CSS(`input[name="password"]`)),
		chromedp.SetValue(chromedp.CSS(`input[name="email"]`), b.site.login),
		chromedp.SetValue(chromedp.CSS(`input[name="password"]`), b.site.password),
		chromedp.Click(chromedp.CSS(`button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form.signout button`)))
	b.step("open the live board",
		chromedp.Navigate(b.site.url),
		// The stream is open and the database watched: changes from now
		// on reach the page.
		chromedp.WaitReady(chromedp.CSS(`html[data-live="on"]`)),
		chromedp.Evaluate[chromedp.Void](`window.sameDocument = true`))
	return b
}

// step runs actions in the browser tab within 30 seconds, failing the test
// with what it was doing if they do not complete.
func (b *liveBoard) step(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
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
	s, _ := startServeLogged(t, getenv)
	return s
}

// startServeLogged is startServe, also returning what serve logs.
func startServeLogged(t *testing.T, getenv func(string) string) (servedSite, *lineLog) {
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
	return s, stderr
}
