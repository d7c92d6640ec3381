package main

import (
	"context"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// Every start gives the default office, as configured, the configuration's
// settings: the domain, phone and job pattern as well as the calendar.
func TestMigrateFillsTheDefaultOfficeAtEveryStart(t *testing.T) {
	c := newCLI(t)
	c.env["CLAIMDESK_OFFICE_DOMAIN"] = "smrestore.example"
	c.env["CLAIMDESK_TIMEZONE"] = "America/Chicago"
	c.env["CLAIMDESK_BUSINESS_HOURS"] = "mon-fri 07:00-17:00"
	c.env["CLAIMDESK_HOLIDAYS"] = "12-25"
	c.env["CLAIMDESK_JOB_PATTERN"] = "YYYY-NNNN"
	c.env["CLAIMDESK_OFFICE_PHONE"] = "(612) 555-0100"
	if code, out, errOut := c.run("", "migrate"); code != 0 {
		t.Fatalf("migrate: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	c.env["CLAIMDESK_TIMEZONE"], c.env["CLAIMDESK_OFFICE_DOMAIN"] = "America/Denver", "claims.smrestore.example"
	if code, out, errOut := c.run("", "migrate"); code != 0 {
		t.Fatalf("migrate again: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	main, err := c.db().OfficeBySlug(context.Background(), "main")
	if err != nil {
		t.Fatal(err)
	}
	want := storage.Office{Domain: "claims.smrestore.example", TimeZone: "America/Denver", BusinessHours: "mon-fri 07:00-17:00",
		Holidays: "12-25", JobPattern: "YYYY-NNNN", Phone: "(612) 555-0100"}
	if main.Domain != want.Domain || main.TimeZone != want.TimeZone || main.BusinessHours != want.BusinessHours ||
		main.Holidays != want.Holidays || main.JobPattern != want.JobPattern || main.Phone != want.Phone {
		t.Errorf("default office %+v, want the settings of the last start %+v", main, want)
	}
}

func TestOfficeCommands(t *testing.T) {
	c := newCLI(t)
	c.env["CLAIMDESK_BUSINESS_HOURS"] = "mon-fri 07:00-17:00"
	ctx := context.Background()
	db := c.db()
	mustRun := func(wantOut string, args ...string) {
		t.Helper()
		code, out, errOut := c.run("a passphrase\n", args...)
		if code != 0 || !strings.Contains(out, wantOut) {
			t.Fatalf("%s: exit %d, stdout %q (want %q), stderr %q", strings.Join(args, " "), code, out, wantOut, errOut)
		}
	}
	mustFail := func(wantErr string, args ...string) {
		t.Helper()
		code, out, errOut := c.run("", args...)
		if code == 0 || !strings.Contains(errOut, wantErr) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want an error saying %q", strings.Join(args, " "), code, out, errOut, wantErr)
		}
	}
	mustRun("added office east (SM Restore East)\n", "office", "add", "--slug", "east", "--name", "SM Restore East",
		"--timezone", "America/New_York", "--office-domain", "east.smrestore.example")
	east, err := db.OfficeBySlug(ctx, "east")
	if err != nil {
		t.Fatal(err)
	}
	// Only the settings on the command line are the new office's: the
	// variables describe the office claimdesk ran as before.
	if east.TimeZone != "America/New_York" || east.Domain != "east.smrestore.example" || east.BusinessHours != "" {
		t.Errorf("office east: %+v", east)
	}
	mustFail("already exists", "office", "add", "--slug", "east", "--name", "Again")
	mustFail("--slug", "office", "add", "--name", "No slug")
	mustFail("unknown time zone", "office", "add", "--slug", "west", "--name", "West", "--timezone", "Mars/Olympus")
	mustFail("want add, list or set", "office", "remove", "--slug", "east")

	mustRun("updated office east\n", "office", "set", "--slug", "east", "--business-hours", "mon-sat 08:00-17:00",
		"--office-phone", "(212) 555-0100")
	if east, err = db.OfficeBySlug(ctx, "east"); err != nil {
		t.Fatal(err)
	}
	if east.BusinessHours != "mon-sat 08:00-17:00" || east.TimeZone != "America/New_York" || east.Name != "SM Restore East" ||
		east.Phone != "(212) 555-0100" {
		t.Errorf("office east after set: %+v", east)
	}
	mustFail("no office with slug nowhere", "office", "set", "--slug", "nowhere", "--name", "X")

	mustRun("added", "user", "add", "--email", "carl@office.example")
	mustRun("carl@office.example is coordinator in office east\n",
		"office", "set", "--slug", "east", "--user", "carl@office.example", "--role", "coordinator")
	mustFail("want administrator, coordinator or readonly",
		"office", "set", "--slug", "east", "--user", "carl@office.example", "--role", "boss")
	mustFail("give both", "office", "set", "--slug", "east", "--user", "carl@office.example")
	carl, err := db.GetUserByEmail(ctx, "carl@office.example")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := db.UserOffices(ctx, carl.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].Office.Slug != "east" || ms[0].Role != storage.RoleCoordinator {
		t.Errorf("carl's offices: %+v, want east as coordinator", ms)
	}

	code, out, errOut := c.run("", "office", "list")
	if code != 0 {
		t.Fatalf("office list: exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "SLUG") ||
		strings.Join(strings.Fields(lines[2]), " ") != "east SM Restore East east.smrestore.example America/New_York mon-sat 08:00-17:00 - set here 1" {
		t.Errorf("office list:\n%s", out)
	}

	mustRun("removed carl@office.example from office east\n", "office", "set", "--slug", "east", "--remove-user", "carl@office.example")
	mustFail("is not in office east", "office", "set", "--slug", "east", "--remove-user", "carl@office.example")
}

// TestOfficeSetsMailboxAndJobSequence gives a new office the first job
// sequence number of a territory and a mailbox: its folders, and one read
// later, are the office's; a mailbox never read is refused, saying why.
func TestOfficeSetsMailboxAndJobSequence(t *testing.T) {
	c := newCLI(t)
	ctx := context.Background()
	db := c.db()
	run := func(args ...string) (int, string, string) { t.Helper(); return c.run("", args...) }
	if code, out, errOut := run("office", "add", "--slug", "north", "--name", "North", "--job-sequence-start", "1001"); code != 0 {
		t.Fatalf("office add: exit %d, %q %q", code, out, errOut)
	}
	north, err := db.OfficeBySlug(ctx, "north")
	if err != nil || north.JobSequenceStart != 1001 {
		t.Fatalf("north: %+v %v; want job sequence start 1001", north, err)
	}
	if code, _, errOut := run("office", "set", "--slug", "north", "--mailbox", "claims@north.example"); code == 0 ||
		!strings.Contains(errOut, "has read no folder of mailbox claims@north.example") {
		t.Errorf("set an unread mailbox: exit %d, stderr %q", code, errOut)
	}
	inbox, err := db.EnsureMailbox(ctx, "claims@north.example", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run("office", "set", "--slug", "north", "--mailbox", "claims@north.example", "--job-sequence-start", "2001")
	if code != 0 || !strings.Contains(out, "mail of mailbox claims@north.example now goes to office north") {
		t.Fatalf("office set --mailbox: exit %d, %q %q", code, out, errOut)
	}
	sent, err := db.EnsureMailbox(ctx, "claims@north.example", "Sent", storage.RoleSent)
	if err != nil {
		t.Fatal(err)
	}
	in, err := db.MailboxAccountsIn(ctx, storage.OnlyOffices(north.ID), []string{"claims@north.example"})
	if err != nil || !in["claims@north.example"] {
		t.Errorf("mailbox in north: %v %v", in, err)
	}
	for _, id := range []int64{inbox.ID, sent.ID} {
		var office int64
		if err := c.sql().QueryRow(ctx, `SELECT office_id FROM mailboxes WHERE id = $1`, id).Scan(&office); err != nil || office != north.ID {
			t.Errorf("folder %d in office %d (%v), want north %d", id, office, err, north.ID)
		}
	}
	if north, err = db.OfficeBySlug(ctx, "north"); err != nil || north.JobSequenceStart != 2001 {
		t.Errorf("north after set: %+v %v; want job sequence start 2001", north, err)
	}
}
