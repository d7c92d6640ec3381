package config

import (
	"os"
	"path/filepath"
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
