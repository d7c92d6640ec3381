package main

import (
	"bytes"
	"context"
	"flag"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/config"
	"github.com/claimdesk/claimdesk/officerules"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// office set takes an office's holiday calendar file and milestone
// deadlines, checked as the configuration checks them; a wrong one changes
// nothing.
func TestOfficeSetCalendarAndMilestones(t *testing.T) {
	c := newCLI(t)
	ctx := context.Background()
	db := c.db()
	dir := t.TempDir()
	ics := "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261126\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	good, bad := filepath.Join(dir, "closed.ics"), filepath.Join(dir, "broken.ics")
	for path, content := range map[string]string{good: ics, bad: "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:soon\r\n"} {
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if code, out, errOut := c.run("", "office", "add", "--slug", "west", "--name", "West", "--timezone", "America/Los_Angeles",
		"--milestones", "chase=1-2"); code != 0 || !strings.Contains(out, "added office west") {
		t.Fatalf("office add: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := c.run("", "office", "set", "--slug", "west", "--holidays-ical", good,
		"--milestones", "billing=5-6"); code != 0 || out != "updated office west\n" {
		t.Fatalf("office set: %d %q %q", code, out, errOut)
	}
	for _, wrong := range []struct{ flag, value, want string }{
		{"--milestones", "chase=3", "CLAIMDESK_MILESTONES: chase: want warn-due business days like 2-3"},
		{"--holidays-ical", bad, "ical: BEGIN:VEVENT at line 2 is never closed"},
		{"--business-hours", "mon-fri 9-5", `"9" is not a time of day`},
	} {
		code, out, errOut := c.run("", "office", "set", "--slug", "west", wrong.flag, wrong.value)
		if code == 0 || out != "" || !strings.Contains(errOut, wrong.want) {
			t.Errorf("office set %s %s: %d %q %q; want an error saying %q", wrong.flag, wrong.value, code, out, errOut, wrong.want)
		}
	}
	west, err := db.OfficeBySlug(ctx, "west")
	if err != nil {
		t.Fatal(err)
	}
	if west.HolidaysICal != ics || west.Milestones != "billing=5-6" || west.TimeZone != "America/Los_Angeles" || west.BusinessHours != "" {
		t.Errorf("office west: %+v", west)
	}
	main, err := db.OfficeBySlug(ctx, "main")
	if err != nil {
		t.Fatal(err)
	}
	if main.HolidaysICal != "" || main.Milestones != "" {
		t.Errorf("the default office took another's settings: %+v", main)
	}
}

// A one-office deployment follows its variables: a start with another
// time zone and hours moves the default office's deadlines, until a person
// sets the office's own; then a start with other variables leaves them.
func TestDefaultOfficeFollowsChangedVariablesUntilSet(t *testing.T) {
	c := newCLI(t)
	ctx := context.Background()
	db := c.db()
	received := time.Date(2026, 12, 7, 20, 0, 0, 0, time.UTC) // a Monday, 14:00 in Chicago
	start := func(zone, hours string) time.Time {
		t.Helper()
		c.env["CLAIMDESK_TIMEZONE"], c.env["CLAIMDESK_BUSINESS_HOURS"] = zone, hours
		if code, out, errOut := c.run("", "migrate"); code != 0 {
			t.Fatalf("migrate with %s %s: %d %q %q", zone, hours, code, out, errOut)
		}
		offices, err := officerules.Load(ctx, db, sla.OfficeRules{Calendar: sla.NewCalendar(time.UTC, sla.DefaultHours())}, slog.Default())
		if err != nil {
			t.Fatal(err)
		}
		return offices.For(storage.DefaultOfficeID).Calendar.Due(received, 60).UTC()
	}
	if got, want := start("America/Chicago", "mon-fri 08:00-17:00"), time.Date(2026, 12, 7, 21, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("first start: an hour's answer due %v, want %v", got, want)
	}
	// 14:00 in New York is after hours 08:00-14:00: due the next morning.
	if got, want := start("America/New_York", "mon-fri 08:00-14:00"), time.Date(2026, 12, 8, 14, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("a start with other variables: an hour's answer due %v, want %v", got, want)
	}
	if code, out, errOut := c.run("", "office", "list"); code != 0 || !strings.Contains(out, "as configured") {
		t.Errorf("office list of an office following the configuration: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := c.run("", "office", "set", "--slug", "main", "--timezone", "America/Chicago",
		"--business-hours", "mon-fri 08:00-17:00"); code != 0 {
		t.Fatalf("office set: %d %q %q", code, out, errOut)
	}
	if got, want := start("America/Denver", "mon-fri 09:00-10:00"), time.Date(2026, 12, 7, 21, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("a start after a person set the office: an hour's answer due %v, want %v (the office's own)", got, want)
	}
	if code, out, errOut := c.run("", "office", "list"); code != 0 || !strings.Contains(out, "set here") {
		t.Errorf("office list of an office set by a person: %d %q %q", code, out, errOut)
	}
}

// serve warns when a variable no longer says what a person set the default
// office to, naming the variable; it says nothing while they agree, nor
// while the office follows the configuration.
func TestWarnSettingsDrift(t *testing.T) {
	c := newCLI(t)
	c.env["CLAIMDESK_TIMEZONE"] = "America/Chicago"
	if code, out, errOut := c.run("", "migrate"); code != 0 {
		t.Fatalf("migrate: %d %q %q", code, out, errOut)
	}
	warnings := func(zone string) string {
		t.Helper()
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		env := map[string]string{"CLAIMDESK_TIMEZONE": zone, "CLAIMDESK_DATA_DIR": t.TempDir()}
		cfg := config.Register(fs, func(k string) string { return env[k] })
		if err := fs.Parse(nil); err != nil {
			t.Fatal(err)
		}
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		warnSettingsDrift(context.Background(), cfg, c.db(), slog.New(slog.NewTextHandler(&buf, nil)))
		return buf.String()
	}
	if got := warnings("America/Denver"); got != "" {
		t.Errorf("an office as configured: %q", got)
	}
	if code, out, errOut := c.run("", "office", "set", "--slug", "main", "--timezone", "America/Chicago", "--holidays", "12-25"); code != 0 {
		t.Fatalf("office set: %d %q %q", code, out, errOut)
	}
	if got := warnings("America/Chicago"); strings.Contains(got, "CLAIMDESK_TIMEZONE") {
		t.Errorf("settings that agree: %q", got)
	}
	if got := warnings("America/Denver"); !strings.Contains(got, "variable=CLAIMDESK_TIMEZONE office_value=America/Chicago variable_value=America/Denver") {
		t.Errorf("a changed time zone: %q", got)
	}
}
