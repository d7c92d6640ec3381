package config

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

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
	// Phone is the office's phone number, CLAIMDESK_OFFICE_PHONE.
	Phone string
}

// Office returns the office settings of c.
func (c *Config) Office() OfficeSettings {
	s := OfficeSettings{Domain: c.OfficeDomain, BusinessHours: c.hoursRaw, Holidays: c.holidays, JobPattern: c.JobPattern,
		Phone: c.OfficePhone, HolidaysICal: string(c.icalData), Milestones: c.milestones}
	if c.TimeZoneSet && c.Location != nil {
		s.TimeZone = c.Location.String()
	}
	return s
}

// validatePhone checks CLAIMDESK_OFFICE_PHONE: the number goes into mail
// to homeowners and carriers as written, so it is one short line of a
// phone number's characters; a vanity number's letters (1-800-DRY-FAST)
// count as its digits.
func (c *Config) validatePhone() error {
	c.OfficePhone = strings.Join(strings.Fields(c.OfficePhone), " ")
	if c.OfficePhone == "" {
		return nil
	}
	digits, letters := 0, 0
	for _, r := range c.OfficePhone {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r < utf8.RuneSelf && unicode.IsLetter(r):
			letters++
		case !strings.ContainsRune(" +()-./#,*", r):
			return fmt.Errorf("CLAIMDESK_OFFICE_PHONE: %q has %q, which no phone number has", c.OfficePhone, r)
		}
	}
	if digits < 3 || digits+letters < 7 || len(c.OfficePhone) > 40 {
		return fmt.Errorf("CLAIMDESK_OFFICE_PHONE: want a phone number such as (612) 555-0100 (7 digits or more, 40 characters at most), got %q", c.OfficePhone)
	}
	return nil
}
