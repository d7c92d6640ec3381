package main

import (
	"github.com/claimdesk/claimdesk/internal/config"
	"github.com/claimdesk/claimdesk/officerules"
	"github.com/claimdesk/claimdesk/storage"
)

// officeCalendarFlags are the settings of an office's deadlines that office
// add and set take besides officeSettingFlags: a holiday calendar file
// (read now: the office keeps its content) and milestone deadlines.
var officeCalendarFlags = []string{"holidays-ical", "milestones"}

// withCalendarSettings returns o with the holiday file and milestone
// deadlines given on the command line, as the configuration read them.
func withCalendarSettings(o storage.Office, cfg *config.Config, given map[string]bool) storage.Office {
	s := cfg.Office()
	if given["holidays-ical"] {
		o.HolidaysICal = s.HolidaysICal
	}
	if given["milestones"] {
		o.Milestones = s.Milestones
	}
	return o
}

// checkOfficeCalendar refuses calendar settings that are wrong together,
// which the configuration, reading each alone, lets by: a holiday file
// read in the office's own time zone.
func checkOfficeCalendar(o storage.Office) error {
	return officerules.Check(o)
}
