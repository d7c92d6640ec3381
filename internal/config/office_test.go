package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The office settings of a configuration carry its holiday file's content
// and its milestone deadlines as written, for an office to keep its own.
func TestOfficeSettingsCarryHolidayFileAndMilestones(t *testing.T) {
	ics := "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	path := filepath.Join(t.TempDir(), "closed.ics")
	if err := os.WriteFile(path, []byte(ics), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := load(t, map[string]string{"CLAIMDESK_DATA_DIR": "/srv/cd", "CLAIMDESK_TIMEZONE": "America/Los_Angeles"},
		"--holidays-ical", path, "--milestones", "billing=5-6")
	if err != nil {
		t.Fatal(err)
	}
	s := c.Office()
	if s.HolidaysICal != ics || s.Milestones != "billing=5-6" || s.TimeZone != "America/Los_Angeles" {
		t.Errorf("office settings %+v", s)
	}
}

// The office's phone goes into mail as written: a phone number (a vanity
// one too), its spaces and line breaks tidied into one line, is taken;
// anything else is refused, naming the variable.
func TestOfficePhone(t *testing.T) {
	c, err := load(t, map[string]string{"CLAIMDESK_OFFICE_PHONE": "  (612)  555-0100\n ext. 2 "})
	if err != nil {
		t.Fatal(err)
	}
	if s := c.Office(); s.Phone != "(612) 555-0100 ext. 2" {
		t.Errorf("office phone %q", s.Phone)
	}
	if c, err := load(t, map[string]string{"CLAIMDESK_OFFICE_PHONE": "1-800-DRY-FAST"}); err != nil || c.Office().Phone != "1-800-DRY-FAST" {
		t.Errorf("a vanity number: %q, %v", c.Office().Phone, err)
	}
	if c, err := load(t, nil); err != nil || c.Office().Phone != "" {
		t.Errorf("no phone configured: %q, %v", c.Office().Phone, err)
	}
	for _, bad := range []string{"555-01", "612-555-0100; after 5: 612-555-0199", "<a href=x>612 555 0100</a>", strings.Repeat("6", 41)} {
		if _, err := load(t, map[string]string{"CLAIMDESK_OFFICE_PHONE": bad}); err == nil || !strings.Contains(err.Error(), "CLAIMDESK_OFFICE_PHONE") {
			t.Errorf("CLAIMDESK_OFFICE_PHONE=%q: %v, want it refused", bad, err)
		}
	}
}
