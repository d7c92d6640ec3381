package web

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// seedMailboxes stores the office's own mailbox, watching, with mail
// read (the newest on Mar 9, 14:25), two messages waiting and one failed,
// and three mailboxes kept in the database: one whose password the mail
// server refuses, one whose person's consent was withdrawn and one no
// watcher has connected to yet; and the demo's built-in sample mailbox.
func (b *pageBundle) seedMailboxes(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	now := b.clock.Now()
	if _, err := b.sql.Exec(ctx, `UPDATE mailboxes SET uidvalidity = 1`); err != nil {
		t.Fatal(err)
	}
	if err := b.db.RecordMailboxConnected(ctx, "claims@office.example", now.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	newest := time.Date(2026, 3, 9, 14, 25, 0, 0, time.UTC)
	b.addMessage(t, msgSeed{Subject: "older", Status: storage.StatusFiled, Arrived: newest.Add(-5 * time.Hour)})
	b.addMessage(t, msgSeed{Subject: "waits", Status: storage.StatusNew, Arrived: newest.Add(-2 * time.Hour)})
	b.addMessage(t, msgSeed{Subject: "broken", Status: storage.StatusFailed, Error: "bad MIME", Arrived: newest.Add(-time.Hour)})
	b.addMessage(t, msgSeed{Subject: "newest", Status: storage.StatusParsed, Arrived: newest})
	b.addMessage(t, msgSeed{Subject: "our answer", Direction: "out", Status: storage.StatusFiled, Arrived: newest.Add(time.Hour)})
	for _, a := range []storage.MailboxAccount{
		{Name: "frontdesk", Host: "imap.office.example:993", TLS: "tls", User: "frontdesk@office.example",
			Auth: storage.MailboxAuthPassword, Secret: []byte("sealed-frontdesk-secret")},
		{Name: "owner", Host: "outlook.office365.com:993", TLS: "tls", User: "owner@office.example",
			Auth: storage.MailboxAuthOAuthUser, Provider: "microsoft", Secret: []byte("sealed-owner-token")},
		{Name: "later", Host: "imap.office.example:993", TLS: "tls", User: "later@office.example",
			Auth: storage.MailboxAuthPassword, Secret: []byte("sealed-later-secret")},
	} {
		if _, err := b.db.CreateMailboxAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.db.RecordMailboxFailure(ctx, "frontdesk", "INBOX", storage.MailboxProblemPassword,
		"imap: NO [AUTHENTICATIONFAILED] Authentication failed", now.Add(-time.Hour), now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	// The demo's built-in sample mailbox is neither in the database nor
	// in the settings.
	if err := b.db.RecordMailboxConnected(ctx, "sample@office.example (sample mailbox)", now); err != nil {
		t.Fatal(err)
	}
	if err := b.db.RecordMailboxFailure(ctx, "owner", "INBOX", storage.MailboxProblemToken,
		"oauth2: invalid_grant", now.Add(-time.Hour), now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
}

// TestMailboxesPageSaysWhetherMailArrives: Settings → Mailboxes shows
// each mailbox of the office with its state in words (watching, mail not
// arriving and why, sign-in needed for a person's consent), its folders,
// the newest mail read and the messages waiting or failed; administrators
// also read what fixes a failing one, the mail server's answer and the
// commands that add, change or remove one; nobody sees a secret.
func TestMailboxesPageSaysWhetherMailArrives(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	b.seedMailboxes(t)

	// dana, the first user, is an administrator: lee coordinates.
	b.addUser(t, "lee@office.example", "correct horse battery")
	lee := b.client(t)
	b.login(t, lee, "lee@office.example", "correct horse battery")
	_, page := b.do(t, lee, "GET", "/settings/mailboxes", nil, nil)
	wantAll(t, "the coordinator's mailboxes page", page,
		`<a href="/settings/mailboxes" aria-current="page">Mailboxes</a>`,
		"claims@office.example</strong>", ">Watching</span>", "Mon Mar 9, 14:25", "INBOX (mail arrives here); Sent (the office",
		"2 still being filed", `<a href="/messages?status=failed">1 could not be read</a>`,
		"frontdesk@office.example</strong>", ">Mail not arriving</span>", "the mail server refused its password",
		"owner@office.example</strong>", ">Sign-in needed</span>", "its Microsoft sign-in has expired or was withdrawn",
		"later@office.example</strong>", ">Not connected yet</span>",
		"an administrator adds, changes or removes them on the server", "One office: <strong>")
	for _, not := range []string{"sealed-", "AUTHENTICATIONFAILED", "invalid_grant", "claimdesk mailbox"} {
		if strings.Contains(page, not) {
			t.Errorf("the coordinator's mailboxes page shows %q", not)
		}
	}
	if strings.Contains(page, `class="mailbox-down"`) {
		t.Error("the mailboxes page repeats the failing mailboxes in the warning above it")
	}

	page = b.get(t, "/settings/mailboxes", http.StatusOK)
	wantAll(t, "the administrator's mailboxes page", page,
		"<code>claimdesk mailbox passwd frontdesk</code>", "[AUTHENTICATIONFAILED] Authentication failed",
		"<code>claimdesk mailbox connect --provider microsoft --user owner@office.example …</code>",
		"<code>claimdesk mailbox add --user ADDRESS [--auth password|microsoft|google] [--host HOST:993] ...</code>",
		"<code>claimdesk mailbox connect --provider google|microsoft --user ADDRESS --client-id ID</code>",
		"<code>claimdesk mailbox test NAME</code>", "<code>claimdesk mailbox remove NAME</code>",
		"<code>claimdesk mailbox list</code>", "a person&#39;s Microsoft sign-in")
	if strings.Contains(page, "sealed-") {
		t.Error("the administrator's mailboxes page shows a secret")
	}
	if !strings.Contains(page, "sample@office.example (sample mailbox)</strong>") || strings.Contains(page, "<code>sample@office.example") {
		t.Error("the built-in sample mailbox is missing, or named as if a command changed it")
	}

	// The users page promises what the dashboard offers: mailboxes are
	// seen here and managed on the server.
	users := b.get(t, "/settings/users", http.StatusOK)
	if strings.Contains(users, "users, mailboxes") || !strings.Contains(users, "mailboxes are added on the server, and Settings → Mailboxes shows them") {
		t.Errorf("the users page says administrators manage mailboxes on the dashboard:\n%s", users)
	}
}

// TestMailboxesPageListsTheOffices: with several offices the page lists
// the viewer's, each with its slug and mail domain, and each mailbox
// says whose it is.
func TestMailboxesPageListsTheOffices(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	east, err := b.db.CreateOffice(ctx, storage.Office{Slug: "east", Name: "East Office", Domain: "east.office.example"})
	if err != nil {
		t.Fatal(err)
	}
	dana, err := b.db.GetUserByEmail(ctx, b.email)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetOfficeRole(ctx, dana.ID, east.ID, storage.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	if _, err := b.db.EnsureMailbox(ctx, "claims@east.office.example", "INBOX", storage.RoleInbox); err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetMailboxOffice(ctx, "claims@east.office.example", east.ID); err != nil {
		t.Fatal(err)
	}
	if err := b.db.RecordMailboxConnected(ctx, "claims@east.office.example", b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	page := b.get(t, "/settings/mailboxes", http.StatusOK)
	wantAll(t, "the mailboxes page of two offices", page,
		"<strong>East Office</strong> <span class=\"meta\">east · east.office.example</span>",
		"claims@east.office.example</strong>", "<dt>Office</dt><dd>East Office</dd>")
	if strings.Contains(page, "One office:") {
		t.Error("the page of two offices says there is one")
	}
}
