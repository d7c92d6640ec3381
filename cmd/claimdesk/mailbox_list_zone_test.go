package main

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/config"
	"github.com/claimdesk/claimdesk/storage"
)

// connectedMailbox stores a mailbox that last connected at, in office
// (0: none of its folders read yet).
func connectedMailbox(t *testing.T, db *storage.DB, name string, office int64, at time.Time) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.CreateMailboxAccount(ctx, storage.MailboxAccount{Name: name, Host: "imap.example.com:993", TLS: "tls",
		User: name, Auth: storage.MailboxAuthPassword, Secret: []byte("sealed")}); err != nil {
		t.Fatal(err)
	}
	if office != 0 {
		if _, err := db.EnsureMailbox(ctx, name, "INBOX", storage.RoleInbox); err != nil {
			t.Fatal(err)
		}
		if err := db.SetMailboxOffice(ctx, name, office); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.RecordMailboxConnected(ctx, name, at); err != nil {
		t.Fatal(err)
	}
}

// listLine is the line of mailbox list that names the mailbox.
func listLine(t *testing.T, out, name string) string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, name+" ") {
			return line
		}
	}
	t.Fatalf("mailbox list has no line of %s:\n%s", name, out)
	return ""
}

// TestMailboxListTimesOnEachOfficesClock: claimdesk mailbox list, run
// without CLAIMDESK_TIMEZONE, gives each mailbox's times on its office's
// clock, as the dashboard does, and says so.
func TestMailboxListTimesOnEachOfficesClock(t *testing.T) {
	c := newCLI(t)
	if code, out, errOut := c.run("", "office", "set", "--slug", "main", "--timezone", "America/Chicago"); code != 0 {
		t.Fatalf("office set: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := c.run("", "office", "add", "--slug", "east", "--name", "East", "--timezone", "America/New_York"); code != 0 {
		t.Fatalf("office add: %d %q %q", code, out, errOut)
	}
	db := c.db()
	east, err := db.OfficeBySlug(context.Background(), "east")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 1, 15, 18, 0, 0, 0, time.UTC)
	connectedMailbox(t, db, "claims@main.example", storage.DefaultOfficeID, at)
	connectedMailbox(t, db, "claims@east.example", east.ID, at)
	connectedMailbox(t, db, "new@main.example", 0, at)

	code, out, errOut := c.run("", "mailbox", "list")
	if code != 0 {
		t.Fatalf("list: exit %d, %s", code, errOut)
	}
	for name, want := range map[string]string{"claims@main.example": "2026-01-15 12:00 CST",
		"claims@east.example": "2026-01-15 13:00 EST", "new@main.example": "2026-01-15 12:00 CST"} {
		if line := listLine(t, out, name); !strings.Contains(line, want) {
			t.Errorf("%s's line lacks %q:\n%s", name, want, line)
		}
	}
	if !strings.Contains(out, "Times are in the time zone of each mailbox's office, named after each time.") {
		t.Errorf("mailbox list does not say its times are each office's:\n%s", out)
	}
}

// TestMailboxListBesideTheDemoIsOnItsClock: after serve --demo, whose
// sample office keeps Chicago hours, claimdesk mailbox list run without
// the demo's settings gives times on the office's clock, not this
// machine's.
func TestMailboxListBesideTheDemoIsOnItsClock(t *testing.T) {
	c := newCLI(t)
	if code, out, errOut := c.run("", "migrate"); code != 0 {
		t.Fatalf("migrate: %d %q %q", code, out, errOut)
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg := config.Register(fs, func(k string) string { return c.env[k] })
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	db := c.db()
	if err := useSampleOffice(context.Background(), cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	connectedMailbox(t, db, "claims@demo.example", 0, time.Date(2026, 1, 15, 18, 0, 0, 0, time.UTC))

	code, out, errOut := c.run("", "mailbox", "list")
	if code != 0 {
		t.Fatalf("list: exit %d, %s", code, errOut)
	}
	if line := listLine(t, out, "claims@demo.example"); !strings.Contains(line, "2026-01-15 12:00 CST") {
		t.Errorf("the demo's mailbox is not on Chicago's clock:\n%s", line)
	}
	if !strings.Contains(out, "Times are in America/Chicago, the office's time zone.") {
		t.Errorf("mailbox list does not name the office's zone:\n%s", out)
	}
}
