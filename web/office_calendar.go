package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/claimdesk/claimdesk/officerules"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// An office's calendar (time zone, business hours, holidays) and milestone
// deadlines are its own, set by its administrators here or with claimdesk
// office set; what an office leaves empty is the configuration's.

// officeCalendarJSON is what an office counts its deadlines by, in the API:
// its time zone is apiOffice's.
type officeCalendarJSON struct {
	// BusinessHours are the hours it keeps, its own or the configured ones.
	BusinessHours string `json:"business_hours"`
	// Holidays are its own holiday dates; empty: the configured holidays.
	Holidays string `json:"holidays"`
	// HolidaysCalendar reports whether it has an iCalendar file of
	// holidays of its own.
	HolidaysCalendar bool `json:"holidays_calendar"`
	// Milestones are its paperwork deadlines, every one spelled out.
	Milestones string `json:"milestones"`
}

// officeCalendarOf returns office o's calendar for the API.
func (s *Server) officeCalendarOf(o storage.Office) officeCalendarJSON {
	rules := s.rulesOf(o.ID)
	return officeCalendarJSON{BusinessHours: rules.Calendar.Hours().String(), Holidays: o.Holidays,
		HolidaysCalendar: o.HolidaysICal != "", Milestones: rules.Milestones.String()}
}

// officeCalendarsView is the settings page of the calendars of the offices
// the person administers.
type officeCalendarsView struct {
	Offices []officeCalendarForm
	// Configured are the settings an office follows in what it leaves
	// empty.
	Configured officeCalendarSettings
	// Saved names the office just saved.
	Saved string
}

// officeCalendarSettings are an office's calendar settings as its form
// shows them.
type officeCalendarSettings struct {
	TimeZone, BusinessHours, Holidays, Milestones string
}

// officeCalendarForm is one office's form: its own settings, what it
// counts by with them, and why a change was refused.
type officeCalendarForm struct {
	ID   int64
	Name string
	// AsConfigured reports whether its settings follow the server's
	// configuration, never set here.
	AsConfigured bool
	Own          officeCalendarSettings
	// HasICal reports whether it has an iCalendar file of holidays.
	HasICal bool
	// Counts are the settings in effect, the milestones' in words.
	Counts officeCalendarSettings
	// Deadlines are the milestone deadlines' fields, Own.Milestones'.
	Deadlines []deadlineField
	Error     string
}

// maxCalendarSetting bounds each field of the form: an office's hours,
// holidays or deadlines fit in far less.
const maxCalendarSetting = 4000

func (s *Server) handleOfficeCalendarsPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.officeCalendarsView(r.Context(), nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Saved = r.URL.Query().Get("saved")
	s.render(w, r, http.StatusOK, "office_calendars", pageData{Title: "Hours and deadlines", Nav: "calendars", Data: v})
}

// officeCalendarsView gathers the page; refused, when set, is a change
// refused, shown in place of its office's stored settings.
func (s *Server) officeCalendarsView(ctx context.Context, refused *officeCalendarForm) (officeCalendarsView, error) {
	sc := scopeFrom(ctx)
	offices, err := s.db.ListOffices(ctx)
	if err != nil {
		return officeCalendarsView{}, err
	}
	conf := s.configuredRules()
	v := officeCalendarsView{Configured: officeCalendarSettings{TimeZone: conf.Calendar.Location().String(),
		BusinessHours: conf.Calendar.Hours().String(), Milestones: conf.Milestones.String()}}
	confDeadlines := configuredDeadlines(conf)
	for _, o := range offices {
		if !sc.administers(o.ID) {
			continue
		}
		if refused != nil && refused.ID == o.ID {
			refused.Deadlines = deadlineFields(refused.Own.Milestones, confDeadlines)
			v.Offices = append(v.Offices, *refused)
			continue
		}
		f := officeCalendarForm{ID: o.ID, Name: o.Name, HasICal: o.HolidaysICal != "", AsConfigured: o.SettingsSetAt.IsZero(),
			Own: officeCalendarSettings{TimeZone: o.TimeZone, BusinessHours: o.BusinessHours, Holidays: o.Holidays, Milestones: o.Milestones}}
		// What the configuration filled in shows as such: empty, its value
		// beneath.
		for _, fl := range followedFields(o, conf) {
			*fl.own(&f.Own) = ""
		}
		f.Deadlines = deadlineFields(o.Milestones, confDeadlines)
		// Built from the row, not the registry: a change just saved shows
		// before every process has reloaded it.
		if rules, err := officerules.Build(o, conf); err == nil {
			f.Counts = officeCalendarSettings{TimeZone: rules.Calendar.Location().String(),
				BusinessHours: rules.Calendar.Hours().String(), Milestones: deadlineWords(rules.Milestones)}
		} else {
			f.Error = err.Error()
		}
		v.Offices = append(v.Offices, f)
	}
	return v, nil
}

// configuredDeadlines are the configuration's milestone deadlines, every
// one filled in.
func configuredDeadlines(conf sla.OfficeRules) sla.Rules {
	full, err := sla.ParseRulesOver(conf.Milestones, "")
	if err != nil {
		return sla.DefaultRules() // a configuration starting claimdesk was checked
	}
	return full
}

// calendarField is a setting the configuration fills in for an office
// that follows it: own is where it is among an office's settings.
type calendarField struct {
	own func(*officeCalendarSettings) *string
}

var (
	timeZoneField = calendarField{func(s *officeCalendarSettings) *string { return &s.TimeZone }}
	hoursField    = calendarField{func(s *officeCalendarSettings) *string { return &s.BusinessHours }}
)

// followedFields are the settings of office o that follow the
// configuration conf: set by it, never by a person (its time zone, its
// business hours).
func followedFields(o storage.Office, conf sla.OfficeRules) []calendarField {
	if !o.SettingsSetAt.IsZero() {
		return nil
	}
	var out []calendarField
	if o.TimeZone == "" || o.TimeZone == conf.Calendar.Location().String() {
		out = append(out, timeZoneField)
	}
	if h, err := sla.ParseHours(o.BusinessHours); o.BusinessHours == "" || err == nil && h.String() == conf.Calendar.Hours().String() {
		out = append(out, hoursField)
	}
	return out
}

// handleOfficeCalendarSave stores the calendar settings of the office the
// form names, which the person must administer; settings that are wrong
// are refused with the page showing why, next to what was typed.
func (s *Server) handleOfficeCalendarSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.FormValue("office"), 10, 64)
	if err != nil || !scopeFrom(ctx).administers(id) {
		s.fail(w, r, &httpError{status: http.StatusNotFound, msg: "no such office"})
		return
	}
	o, err := s.officeByID(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	conf := s.configuredRules()
	own, err := calendarSettingsOf(r, configuredDeadlines(conf))
	if err == nil {
		var changed bool
		o, changed = withCalendar(o, own, r.PostFormValue("remove_ical") == "on", conf)
		if err = officerules.Check(o); err == nil && changed {
			_, err = s.db.UpdateOffice(ctx, o)
		}
	}
	if err != nil {
		s.refuseOfficeCalendar(w, r, o, own, err)
		return
	}
	s.log.Info("office calendar saved", "office_id", o.ID, "actor", actorFrom(ctx))
	http.Redirect(w, r, "/settings/calendars?saved="+strconv.FormatInt(o.ID, 10)+"#office-"+strconv.FormatInt(o.ID, 10), http.StatusSeeOther)
}

// refuseOfficeCalendar shows the page again with office o's form as typed
// (own) and why it was refused; an error other than a bad setting fails.
func (s *Server) refuseOfficeCalendar(w http.ResponseWriter, r *http.Request, o storage.Office, own officeCalendarSettings, err error) {
	_, tooLong := errors.AsType[*badSettingError](err)
	_, wrong := errors.AsType[*officerules.SettingsError](err)
	if !tooLong && !wrong {
		s.fail(w, r, err)
		return
	}
	f := officeCalendarForm{ID: o.ID, Name: o.Name, AsConfigured: o.SettingsSetAt.IsZero(), Own: own,
		HasICal: o.HolidaysICal != "", Error: err.Error()}
	v, verr := s.officeCalendarsView(r.Context(), &f)
	if verr != nil {
		s.fail(w, r, verr)
		return
	}
	s.render(w, r, http.StatusBadRequest, "office_calendars", pageData{Title: "Hours and deadlines", Nav: "calendars", Data: v})
}

// badSettingError is a form field too long to be a setting.
type badSettingError struct{ field string }

func (e *badSettingError) Error() string {
	return fmt.Sprintf("%s: longer than %d characters", e.field, maxCalendarSetting)
}

// withCalendar is office o with the settings own, its holiday calendar
// file removed if removeICal, and whether that changes it. A setting that
// follows the configuration conf (followedFields) and is left empty is
// unchanged: saving the page as shown changes nothing, and when another
// setting changes, the empty one is stored empty, to follow the
// configuration still.
func withCalendar(o storage.Office, own officeCalendarSettings, removeICal bool, conf sla.OfficeRules) (storage.Office, bool) {
	stored := officeCalendarSettings{TimeZone: o.TimeZone, BusinessHours: o.BusinessHours, Holidays: o.Holidays, Milestones: o.Milestones}
	kept := own
	for _, f := range followedFields(o, conf) {
		if *f.own(&own) == "" {
			*f.own(&kept) = *f.own(&stored)
		}
	}
	if kept == stored && (!removeICal || o.HolidaysICal == "") {
		return o, false
	}
	o.TimeZone, o.BusinessHours, o.Holidays, o.Milestones = own.TimeZone, own.BusinessHours, own.Holidays, own.Milestones
	if removeICal {
		o.HolidaysICal = ""
	}
	return o, true
}

// calendarSettingsOf reads the form's settings, trimmed: the milestone
// deadlines from their fields, over the configuration's (conf), or as
// the setting's text when the form sends that.
func calendarSettingsOf(r *http.Request, conf sla.Rules) (officeCalendarSettings, error) {
	var out officeCalendarSettings
	for _, f := range []struct {
		name, label string
		into        *string
	}{
		{"timezone", "time zone", &out.TimeZone}, {"business_hours", "business hours", &out.BusinessHours},
		{"holidays", "holidays", &out.Holidays}, {"milestones", "milestones", &out.Milestones},
	} {
		*f.into = strings.TrimSpace(r.PostFormValue(f.name))
		if f.name == "milestones" && !r.PostForm.Has("milestones") {
			*f.into = deadlineSpec(r, conf)
		}
		if len(*f.into) > maxCalendarSetting {
			return out, &badSettingError{f.label}
		}
	}
	return out, nil
}

// officeByID returns the office with that id; ErrNotFound when none.
func (s *Server) officeByID(ctx context.Context, id int64) (storage.Office, error) {
	offices, err := s.db.ListOffices(ctx)
	if err != nil {
		return storage.Office{}, err
	}
	for _, o := range offices {
		if o.ID == id {
			return o, nil
		}
	}
	return storage.Office{}, fmt.Errorf("office %d: %w", id, storage.ErrNotFound)
}
