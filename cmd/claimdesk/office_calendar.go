package main

import (
	"context"
	"log/slog"

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

// warnSettingsDrift warns, at start, when the default office's calendar
// or phone was set by a person and differs from what the configuration
// says: the office keeps its own, and the variable changes nothing for
// it. An office still as configured has just taken the variables' values.
func warnSettingsDrift(ctx context.Context, cfg *config.Config, db *storage.DB, log *slog.Logger) {
	offices, err := db.ListOffices(ctx)
	if err != nil || len(offices) == 0 || offices[0].ID != storage.DefaultOfficeID || offices[0].SettingsSetAt.IsZero() {
		return
	}
	o, s := offices[0], cfg.Office()
	for _, d := range []struct{ variable, office, configured string }{
		{"CLAIMDESK_TIMEZONE", o.TimeZone, s.TimeZone},
		{"CLAIMDESK_BUSINESS_HOURS", o.BusinessHours, s.BusinessHours},
		{"CLAIMDESK_HOLIDAYS", o.Holidays, s.Holidays},
		{"CLAIMDESK_OFFICE_PHONE", o.Phone, s.Phone},
	} {
		// An empty calendar setting follows the configuration's; an office
		// without a phone gives none, whatever the variable says.
		followed := d.office == "" && d.variable != "CLAIMDESK_OFFICE_PHONE"
		if !followed && d.office != d.configured {
			log.Warn("the office's settings were set here and it keeps its own, not the variable's: change it with claimdesk office set or on the settings page",
				"office", o.Slug, "variable", d.variable, "office_value", d.office, "variable_value", d.configured)
		}
	}
}
