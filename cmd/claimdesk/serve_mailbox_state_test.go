package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// fetchPage fetches url with a signed-in client and returns its text.
func fetchPage(t *testing.T, c *http.Client, url string) string {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestServeWithoutMailboxImportsNothing is the office manager's first
// start, before any mailbox is added, on the office's own database:
// nothing of the sample office comes into it, and the dashboard says that
// no mail arrives yet and how to add a mailbox.
func TestServeWithoutMailboxImportsNothing(t *testing.T) {
	c := newCLI(t)
	c.env["CLAIMDESK_HTTP_ADDR"] = "127.0.0.1:0"
	site, logs := startServeLogged(t, func(k string) string { return c.env[k] })
	if !strings.Contains(logs.String(), "no mailbox yet") || strings.Contains(logs.String(), "watching the built-in sample mailbox") {
		t.Errorf("serve's log does not say there is no mailbox yet, or watches the sample:\n%s", logs.String())
	}
	if site.login != "admin" {
		t.Errorf("first login %q: want admin, with no office domain taken from the sample", site.login)
	}
	var claims, messages int
	var domain string
	err := c.sql().QueryRow(context.Background(), `SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM messages),
		(SELECT coalesce(string_agg(domain, ','), '') FROM offices)`).Scan(&claims, &messages, &domain)
	if err != nil {
		t.Fatal(err)
	}
	if claims != 0 || messages != 0 || strings.Contains(domain, "demo") {
		t.Errorf("a server with no mailbox stored %d claims and %d messages, office domain %q; want nothing of the sample", claims, messages, domain)
	}
	body := fetchPage(t, signIn(t, site.url, site.login, site.password), site.url)
	for _, want := range []string{"No mailbox yet:</strong>", "<code>claimdesk mailbox add --user ADDRESS"} {
		if !strings.Contains(body, want) {
			t.Errorf("the administrator's board lacks %q", want)
		}
	}
}

// TestWrongMailboxPasswordSaysSoAndPasswdFixesIt: a mailbox added with a
// wrong password shows on the dashboard in plain words, the next step
// (claimdesk mailbox passwd) for the administrator only; the command
// refuses a password the server refuses too, and with the right one the
// running serve logs in within seconds and the warning goes.
func TestWrongMailboxPasswordSaysSoAndPasswdFixesIt(t *testing.T) {
	c := newCLI(t)
	srv := testenv.Dovecot(t)
	if code, out, errOut := c.run("not-the-password\n", "mailbox", "add", "--skip-test", "--name", "frontdesk", "--user", srv.User,
		"--host", srv.Addr, "--tls", "none"); code != 0 {
		t.Fatalf("add: exit %d, %s %s", code, out, errOut)
	}
	c.env["CLAIMDESK_HTTP_ADDR"] = "127.0.0.1:0"
	c.env["CLAIMDESK_OFFICE_DOMAIN"] = "office.example"
	site := startServe(t, func(k string) string { return c.env[k] })
	if code, _, errOut := c.run("dana's pass phrase 22\n", "user", "add", "--email", "dana@office.example"); code != 0 {
		t.Fatalf("user add: %s", errOut)
	}
	db := c.db()
	health := func() storage.MailboxHealth {
		hs, err := db.MailboxHealths(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hs {
			if h.Account == "frontdesk" {
				return h
			}
		}
		return storage.MailboxHealth{}
	}
	waitFor(t, time.Minute, func() bool { return health().Problem == storage.MailboxProblemPassword })

	short := "Mail to " + srv.User + " is not arriving:</strong> the mail server refused its password."
	admin := signIn(t, site.url, site.login, site.password)
	body := fetchPage(t, admin, site.url)
	for _, want := range []string{short, "<code>claimdesk mailbox passwd frontdesk</code>", "<code>claimdesk mailbox test frontdesk</code>", "AUTHENTICATIONFAILED"} {
		if !strings.Contains(body, want) {
			t.Errorf("the administrator's board lacks %q", want)
		}
	}
	body = fetchPage(t, signIn(t, site.url, "dana@office.example", "dana's pass phrase 22"), site.url+"claims")
	if !strings.Contains(body, short) || strings.Contains(body, "AUTHENTICATIONFAILED") || strings.Contains(body, "claimdesk mailbox") {
		t.Errorf("the coordinator's page should say the short line alone:\n%s", body)
	}

	if code, _, errOut := c.run("still-not-it\n", "mailbox", "passwd", "frontdesk"); code == 0 || !strings.Contains(errOut, "nothing was saved") {
		t.Fatalf("passwd with a password the server refuses: exit %d, %s", code, errOut)
	}
	// Options after the name are taken as people type them.
	if code, out, errOut := c.run(srv.Password+"\n", "mailbox", "passwd", "frontdesk", "--log-level", "warn"); code != 0 ||
		!strings.Contains(out, "saved the new password of mailbox frontdesk") {
		t.Fatalf("passwd: exit %d, %s %s", code, out, errOut)
	}
	waitFor(t, time.Minute, func() bool { return health().State == storage.MailboxConnected })
	if body := fetchPage(t, admin, site.url); strings.Contains(body, "is not arriving") {
		t.Error("the warning stays after the new password")
	}
}

// TestMailboxListShowsWhatServeWatches: claimdesk mailbox list, run
// without the service's settings, shows the mailbox the running serve
// watches from its CLAIMDESK_IMAP_URL, marked as from that setting, with
// its times in the office's time zone, named.
func TestMailboxListShowsWhatServeWatches(t *testing.T) {
	c := newCLI(t)
	srv := testenv.Dovecot(t)
	served := map[string]string{"CLAIMDESK_IMAP_URL": srv.URL("INBOX"), "CLAIMDESK_TIMEZONE": "America/Chicago", "CLAIMDESK_HTTP_ADDR": "127.0.0.1:0"}
	for k, v := range c.env {
		served[k] = v
	}
	startServe(t, func(k string) string { return served[k] })
	name := srv.User + "@" + srv.Addr
	db := c.db()
	waitFor(t, time.Minute, func() bool {
		hs, err := db.MailboxHealths(context.Background())
		return err == nil && len(hs) == 1 && hs[0].Account == name && hs[0].State == storage.MailboxConnected
	})
	waitFor(t, time.Minute, func() bool {
		ws, err := db.MailboxWatchers(context.Background())
		return err == nil && len(ws) == 1
	})
	code, out, errOut := c.run("", "mailbox", "list")
	if code != 0 {
		t.Fatalf("list: exit %d, %s", code, errOut)
	}
	for _, want := range []string{name, "CLAIMDESK_IMAP_URL of serve on", "connected", "Times are in America/Chicago, the office's time zone."} {
		if !strings.Contains(out, want) {
			t.Errorf("mailbox list lacks %q:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d C[SD]T`).MatchString(out) {
		t.Errorf("mailbox list gives no time in the office's zone:\n%s", out)
	}
}
