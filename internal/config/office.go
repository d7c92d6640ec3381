package config

// OfficeSettings are the settings of the office a configuration describes,
// written as their variables take them: the domain, the time zone name
// (empty when CLAIMDESK_TIMEZONE names none and the system's zone is used),
// business hours, holidays and job-number pattern. The default office is
// given them on the first start after offices came to the database.
type OfficeSettings struct {
	Domain, TimeZone, BusinessHours, Holidays, JobPattern string
	// HolidaysICal is the content of the CLAIMDESK_HOLIDAYS_ICAL file, and
	// Milestones CLAIMDESK_MILESTONES: given to an office by claimdesk
	// office set, and otherwise followed by every office that sets none.
	HolidaysICal, Milestones string
}

// Office returns the office settings of c.
func (c *Config) Office() OfficeSettings {
	s := OfficeSettings{Domain: c.OfficeDomain, BusinessHours: c.hoursRaw, Holidays: c.holidays, JobPattern: c.JobPattern,
		HolidaysICal: string(c.icalData), Milestones: c.milestones}
	if c.TimeZoneSet && c.Location != nil {
		s.TimeZone = c.Location.String()
	}
	return s
}
