package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestMailboxDownSaysItForEachAudience: while a mailbox cannot be reached,
// every page says in one short line that its mail is not arriving and why;
// administrators also read what fixes it, with the mail server's own
// answer folded away, and coordinators never see the server's text.
func TestMailboxDownSaysItForEachAudience(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	b.addAdmin(t, "owner@office.example", "correct horse battery")
	b.addUser(t, "dana@office.example", "correct horse battery")
	admin, coordinator := b.client(t), b.client(t)
	b.login(t, admin, "owner@office.example", "correct horse battery")
	b.login(t, coordinator, "dana@office.example", "correct horse battery")
	if _, err := b.db.CreateMailboxAccount(ctx, storage.MailboxAccount{Name: "frontdesk", Host: "imap.office.example:993", TLS: "tls",
		User: "frontdesk@office.example", Auth: storage.MailboxAuthPassword, Secret: []byte("sealed")}); err != nil {
		t.Fatal(err)
	}
	const fromSetting = "claims@office.example@imap.office.example:993" // a CLAIMDESK_IMAP_URL mailbox
	at := b.clock.Now()
	for _, f := range []struct{ account, problem, text string }{
		{"frontdesk", storage.MailboxProblemPassword, "log in to imap.office.example:993 as frontdesk@office.example: imap: NO [AUTHENTICATIONFAILED] <b>Authentication failed</b>"},
		{fromSetting, storage.MailboxProblemUnreachable, "connect to imap.office.example:993: dial tcp: connect: connection refused"},
	} {
		if err := b.db.RecordMailboxConnected(ctx, f.account, at.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := b.db.RecordMailboxFailure(ctx, f.account, "INBOX", f.problem, f.text, at, at.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	short := []string{
		"Mail to frontdesk@office.example is not arriving:</strong> the mail server refused its password.",
		"Mail to claims@office.example is not arriving:</strong> claimdesk cannot reach the mail server.",
	}
	for _, page := range []string{"/", "/claims", "/messages"} {
		_, body := b.do(t, coordinator, "GET", page, nil, nil)
		wantAll(t, "coordinator's "+page, body, append(short, "The administrator can fix it")...)
		for _, not := range []string{"AUTHENTICATIONFAILED", "connection refused", "claimdesk mailbox", "imap.office.example"} {
			if strings.Contains(body, not) {
				t.Errorf("the coordinator's %s shows %q", page, not)
			}
		}
	}
	_, body := b.do(t, admin, "GET", "/claims", nil, nil)
	wantAll(t, "administrator's page", body, append(short,
		"<code>claimdesk mailbox passwd frontdesk</code>", "<code>claimdesk mailbox test frontdesk</code>",
		"CLAIMDESK_IMAP_URL", "<code>claimdesk mailbox test "+fromSetting+"</code>",
		"<summary>What the mail server said</summary>", "[AUTHENTICATIONFAILED] &lt;b&gt;Authentication failed&lt;/b&gt;")...)
	if strings.Index(body, "<details>") > strings.Index(body, "AUTHENTICATIONFAILED") {
		t.Error("the mail server's answer is not folded away")
	}

	for _, account := range []string{"frontdesk", fromSetting} {
		if err := b.db.RecordMailboxConnected(ctx, account, at.Add(2*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	if _, body := b.do(t, admin, "GET", "/claims", nil, nil); strings.Contains(body, "is not arriving") {
		t.Error("the warning stays after the mailboxes reconnected")
	}
}

// TestNoMailboxYet: a server whose settings name no mailbox says on every
// page that no mail arrives yet, telling administrators how to add one,
// until a mailbox is added.
func TestNoMailboxYet(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.srv.opts.WarnNoMailbox = true
	b.addAdmin(t, "owner@office.example", "correct horse battery")
	b.addUser(t, "dana@office.example", "correct horse battery")
	admin, coordinator := b.client(t), b.client(t)
	b.login(t, admin, "owner@office.example", "correct horse battery")
	b.login(t, coordinator, "dana@office.example", "correct horse battery")

	_, body := b.do(t, admin, "GET", "/", nil, nil)
	wantAll(t, "administrator's board", body, "No mailbox yet:</strong>", "<code>claimdesk mailbox add --user ADDRESS --host imap.example.com:993</code>")
	_, body = b.do(t, coordinator, "GET", "/claims", nil, nil)
	wantAll(t, "coordinator's claims", body, "No mailbox yet:</strong>", "until the administrator connects the office's mailbox")
	if strings.Contains(body, "claimdesk mailbox") {
		t.Error("the coordinator is shown a server command")
	}

	if _, err := b.db.CreateMailboxAccount(context.Background(), storage.MailboxAccount{Name: "frontdesk", Host: "imap.office.example:993",
		TLS: "tls", User: "frontdesk@office.example", Auth: storage.MailboxAuthPassword, Secret: []byte("sealed")}); err != nil {
		t.Fatal(err)
	}
	if _, body := b.do(t, admin, "GET", "/", nil, nil); strings.Contains(body, "No mailbox yet") {
		t.Error("the board says there is no mailbox after one was added")
	}
}

// wantAll fails the test for each of wants that body lacks.
func wantAll(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}
