package web

import (
	"context"
	"slices"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// calendarOffices are offices of a request's scope that count by one
// calendar: lists whose rows are due by their office's day (the daily
// updates) are read once a group.
type calendarOffices struct {
	cal     *sla.Calendar
	offices storage.Offices
}

// officesByCalendar splits the offices the request reads by the calendar
// each counts by. While they all count by one (one office, or offices
// that set none of their own) it is one group of the scope's offices, read
// as before offices had calendars.
func (s *Server) officesByCalendar(ctx context.Context) ([]calendarOffices, error) {
	sc := scopeFrom(ctx)
	if s.opts.Offices == nil {
		return []calendarOffices{{s.calendar(), sc.offices()}}, nil
	}
	ids, err := s.officeIDsRead(ctx, sc)
	if err != nil {
		return nil, err
	}
	var groups []calendarOffices
	members := map[*sla.Calendar][]int64{}
	for _, id := range ids {
		cal := s.rulesOf(id).Calendar
		if _, ok := members[cal]; !ok {
			groups = append(groups, calendarOffices{cal: cal})
		}
		members[cal] = append(members[cal], id)
	}
	if len(groups) <= 1 {
		return []calendarOffices{{s.rulesOf(firstOr(ids, storage.DefaultOfficeID)).Calendar, sc.offices()}}, nil
	}
	for i, g := range groups {
		groups[i].offices = storage.OnlyOffices(members[g.cal]...)
	}
	return groups, nil
}

// officeIDsRead returns the ids of the offices sc reads, in id order.
func (s *Server) officeIDsRead(ctx context.Context, sc scope) ([]int64, error) {
	switch {
	case sc.view != 0:
		return []int64{sc.view}, nil
	case sc.all:
		offices, err := s.db.ListOffices(ctx)
		if err != nil {
			return nil, err
		}
		ids := make([]int64, len(offices))
		for i, o := range offices {
			ids[i] = o.ID
		}
		return ids, nil
	}
	ids := make([]int64, 0, len(sc.roles))
	for id := range sc.roles {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, nil
}

func firstOr(ids []int64, def int64) int64 {
	if len(ids) == 0 {
		return def
	}
	return ids[0]
}

// boardCalendar is the calendar of the offices the request reads, for
// figures kept on one clock (the board's days and answer times): theirs
// while they count by one, else the configured one.
func (s *Server) boardCalendar(ctx context.Context) (*sla.Calendar, error) {
	groups, err := s.officesByCalendar(ctx)
	if err != nil || len(groups) != 1 {
		return s.calendar(), err
	}
	return groups[0].cal, nil
}

// viewerZone is the time zone of the first office the request reads: the
// pages' own clock, on which other offices' times need no zone's name.
func (s *Server) viewerZone(ctx context.Context) (*time.Location, error) {
	groups, err := s.officesByCalendar(ctx)
	if err != nil {
		return nil, err
	}
	return groups[0].cal.Location(), nil
}

// officeClock formats t, on its office's clock, with layout, and names the
// zone when that clock is not the viewer's (home) at t: a page showing
// offices in several zones says whose clock a time is on, and a page of
// one office reads as before.
func officeClock(t time.Time, layout string, home *time.Location) string {
	s := t.Format(layout)
	if home == nil {
		return s
	}
	name, offset := t.Zone()
	if homeName, homeOffset := t.In(home).Zone(); name != homeName || offset != homeOffset {
		s += " " + name
	}
	return s
}
