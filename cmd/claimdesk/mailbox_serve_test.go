package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// TestMailboxAddedAndRemovedWhileServing runs the real claimdesk serve
// with one mailbox from the database, adds a second while it runs (its
// mail is stored without a restart) and removes the first (it is no longer
// watched, and GET /api/mailboxes forgets it), the other mailbox going on
// undisturbed.
func TestMailboxAddedAndRemovedWhileServing(t *testing.T) {
	c := newCLI(t)
	pool := c.sql()
	first, second := testenv.Dovecot(t), testenv.Dovecot(t)
	add := func(name string, srv testenv.DovecotServer) {
		t.Helper()
		code, out, errOut := c.run(srv.Password+"\n", "mailbox", "add", "--user", srv.User, "--host", srv.Addr, "--tls", "none", "--name", name)
		if code != 0 {
			t.Fatalf("mailbox add %s: exit %d, stdout %q, stderr %q", name, code, out, errOut)
		}
	}
	add("first", first)
	code, token, errOut := c.run("", "token", "create", "--name", "test")
	if code != 0 {
		t.Fatalf("token create: %s", errOut)
	}
	token = strings.TrimSpace(token)

	p := startProc(t, []string{
		"CLAIMDESK_DATABASE_URL=" + c.env["CLAIMDESK_DATABASE_URL"],
		"CLAIMDESK_DATA_DIR=" + c.env["CLAIMDESK_DATA_DIR"],
		"CLAIMDESK_HTTP_ADDR=127.0.0.1:0",
		"CLAIMDESK_OFFICE_DOMAIN=office.example",
		"CLAIMDESK_POLL_INTERVAL=1s",
		"CLAIMDESK_LOG_LEVEL=info",
	}, "serve")
	p.logs.waitFor(t, "dashboard: ", time.Minute)
	base := regexp.MustCompile(`dashboard: (\S+)`).FindStringSubmatch(p.logs.String())[1]

	deliver := func(srv testenv.DovecotServer, i int) {
		testenv.AppendFiles(t, srv.Addr, srv.User, srv.Password, "INBOX", []testenv.AppendMessage{{Raw: []byte(fmt.Sprintf(
			"From: Adjuster <adj@carrier.example>\r\nTo: claims@office.example\r\nSubject: Claim note %d\r\n"+
				"Date: Tue, 03 Nov 2026 09:00:00 -0600\r\nMessage-ID: <live%d@carrier.example>\r\n\r\nNote %d.\r\n", i, i, i))}})
	}
	stored := func(account string) int {
		var n int
		if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM messages m
			JOIN mailboxes mb ON mb.id = m.mailbox_id WHERE mb.account = $1 AND mb.role = 'inbox'`, account).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// "within about 30 seconds" is the promise; a loaded test machine
	// gets some more.
	const limit = 45 * time.Second

	deliver(first, 1)
	waitFor(t, limit, func() bool { return stored("first") == 1 })

	add("second", second)
	deliver(second, 2)
	waitFor(t, limit, func() bool { return stored("second") == 1 })
	if states := apiMailboxStates(t, base, token); states["second"] != storage.MailboxConnected || states["first"] != storage.MailboxConnected {
		t.Errorf("GET /api/mailboxes with both watched: %v", states)
	}

	if code, out, errOut := c.run("", "mailbox", "remove", "first"); code != 0 {
		t.Fatalf("mailbox remove: exit %d, %s %s", code, out, errOut)
	}
	p.logs.waitFor(t, "mailbox removed: stopped watching it", limit)
	deliver(first, 3)
	deliver(second, 4)
	waitFor(t, limit, func() bool { return stored("second") == 2 })
	if n := stored("first"); n != 1 {
		t.Errorf("%d messages stored from the removed mailbox, want only the one from before", n)
	}
	for _, m := range testenv.ListMailbox(t, first.Addr, first.User, first.Password, "INBOX") {
		if m.MessageID == "live3@carrier.example" && m.HasFlag("$ClaimdeskFiled") {
			t.Errorf("mail delivered after the removal was marked processed")
		}
	}
	states := apiMailboxStates(t, base, token)
	if _, ok := states["first"]; ok || states["second"] != storage.MailboxConnected {
		t.Errorf("GET /api/mailboxes after removing first: %v; want only second, connected", states)
	}
	if n := p.logs.count(`msg="watching mailbox" mailbox=second`); n != 1 {
		t.Errorf("second mailbox started %d times, want once: the others are not disturbed", n)
	}
}

// apiMailboxStates returns each mailbox's state from GET /api/mailboxes.
func apiMailboxStates(t *testing.T, base, token string) map[string]string {
	t.Helper()
	req, err := http.NewRequest("GET", base+"/api/mailboxes", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Items []struct{ Account, State string }
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/mailboxes: %s", resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, m := range body.Items {
		out[m.Account] = m.State
	}
	return out
}
