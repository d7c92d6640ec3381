package officerules

import (
	"errors"
	"fmt"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// Build returns the rules of office o: its own settings, and def's for
// those it leaves empty. The error names every bad setting, the way the
// configuration's errors do.
func Build(o storage.Office, def sla.OfficeRules) (sla.OfficeRules, error) {
	if o.TimeZone == "" && o.BusinessHours == "" && o.Holidays == "" && o.HolidaysICal == "" && o.Milestones == "" {
		return def, nil
	}
	var errs []error
	loc := def.Calendar.Location()
	if o.TimeZone != "" {
		l, err := time.LoadLocation(o.TimeZone)
		if err != nil {
			errs = append(errs, fmt.Errorf("time zone: unknown time zone %q", o.TimeZone))
		} else {
			loc = l
		}
	}
	hours := def.Calendar.Hours()
	if o.BusinessHours != "" {
		h, err := sla.ParseHours(o.BusinessHours)
		if err != nil {
			errs = append(errs, fmt.Errorf("business hours: %w", err))
		}
		hours = h
	}
	holidays, err := ownHolidays(o, loc)
	if err != nil {
		errs = append(errs, err)
	}
	if holidays == nil {
		holidays = []sla.Holidays{def.Calendar.Holidays()}
	}
	rules, err := sla.ParseRulesOver(def.Milestones, o.Milestones)
	if err != nil {
		errs = append(errs, fmt.Errorf("milestones: %w", err))
	}
	if err := errors.Join(errs...); err != nil {
		return sla.OfficeRules{}, &SettingsError{Office: o.Slug, Err: err}
	}
	return sla.OfficeRules{Calendar: sla.NewCalendar(loc, hours, holidays...), Milestones: rules}, nil
}

// SettingsError says which of an office's settings are wrong, and why.
type SettingsError struct {
	Office string // its slug
	Err    error
}

func (e *SettingsError) Error() string { return fmt.Sprintf("office %s: %v", e.Office, e.Err) }

// Unwrap returns what is wrong.
func (e *SettingsError) Unwrap() error { return e.Err }

// ownHolidays reads the holidays o sets, its dates and its calendar file
// (as one setting: an office that sets either has no others); nil when it
// sets none.
func ownHolidays(o storage.Office, loc *time.Location) ([]sla.Holidays, error) {
	if o.Holidays == "" && o.HolidaysICal == "" {
		return nil, nil
	}
	var errs []error
	dates, err := sla.ParseHolidays(o.Holidays)
	if err != nil {
		errs = append(errs, fmt.Errorf("holidays: %w", err))
	}
	var fromICal sla.Holidays
	if o.HolidaysICal != "" {
		if fromICal, err = sla.ParseICal([]byte(o.HolidaysICal), loc); err != nil {
			errs = append(errs, fmt.Errorf("holidays calendar: %w", err))
		}
	}
	return []sla.Holidays{dates, fromICal}, errors.Join(errs...)
}

// Check says what is wrong with o's calendar and milestone settings, as
// Build would: for a change of them to be refused before it is stored.
func Check(o storage.Office) error {
	_, err := Build(o, sla.OfficeRules{Calendar: sla.NewCalendar(time.UTC, sla.Hours{})})
	return err
}
