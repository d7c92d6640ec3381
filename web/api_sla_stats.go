package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// handleAPISLAStats answers how acknowledgments went, grouped by day,
// carrier or adjuster, over the last days (default 14).
func (s *Server) handleAPISLAStats(w http.ResponseWriter, r *http.Request) {
	by, days, err := ackStatsQuery(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sc, err := statsScope(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.now()
	// Each office's days are its own calendar's; the offices together
	// count by theirs when they share one, else by the configured one.
	cal, err := s.boardCalendar(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if sc.view != 0 {
		cal = s.rulesOf(sc.view).Calendar
	}
	groups, since, err := s.ackStatsOf(r.Context(), sc.offices(), by, days, cal, now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	perOffice, err := s.ackStatsPerOffice(r.Context(), sc, by, days, now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"by": by, "since": since.UTC(), "target_business_minutes": s.ackMinutes(), "groups": groups, "offices": perOffice,
	})
}

// ackStatsQuery reads the statistics' grouping (?by=) and how many days
// they cover (?days=).
func ackStatsQuery(q url.Values) (storage.AckStatsBy, int, error) {
	by := storage.AckStatsBy(q.Get("by"))
	if by == "" {
		by = storage.AckStatsByDay
	}
	switch by {
	case storage.AckStatsByDay, storage.AckStatsByCarrier, storage.AckStatsByAdjuster:
	default:
		return "", 0, badRequest("by: want day, carrier or adjuster, got %q", by)
	}
	days := 14
	if v := q.Get("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 366 {
			return "", 0, badRequest("days: want a number from 1 to 366, got %q", v)
		}
		days = n
	}
	return by, days, nil
}

// ackStatsOf returns the acknowledgment figures of offices over the last
// days up to now, counted by cal, and the start of the first day.
func (s *Server) ackStatsOf(ctx context.Context, offices storage.Offices, by storage.AckStatsBy, days int, cal *sla.Calendar, now time.Time) ([]storage.AckStatsGroup, time.Time, error) {
	since := cal.StartOf(cal.DateOf(now).AddDays(1 - days))
	groups, err := s.db.AckStats(ctx, offices, by, since, now, s.ackMinutes(), cal.Location())
	if groups == nil {
		groups = []storage.AckStatsGroup{}
	}
	return groups, since, err
}

// ackStatsPerOffice returns the figures of each office sc reads, each
// counted by its own calendar.
func (s *Server) ackStatsPerOffice(ctx context.Context, sc scope, by storage.AckStatsBy, days int, now time.Time) ([]officeStats, error) {
	offices, err := s.officesRead(ctx, sc)
	if err != nil {
		return nil, err
	}
	out := make([]officeStats, 0, len(offices))
	for _, o := range offices {
		g, since, err := s.ackStatsOf(ctx, storage.OnlyOffices(o.ID), by, days, s.rulesOf(o.ID).Calendar, now)
		if err != nil {
			return nil, err
		}
		out = append(out, officeStats{OfficeID: o.ID, Name: o.Name, Since: since.UTC(), Groups: g})
	}
	return out, nil
}

// officeStats is one office's acknowledgment figures.
type officeStats struct {
	OfficeID int64  `json:"office_id"`
	Name     string `json:"name"`
	// Since is the start of the office's first day counted, on its clock.
	Since  time.Time               `json:"since"`
	Groups []storage.AckStatsGroup `json:"groups"`
}

// statsScope is the request's scope narrowed to the office ?office_id=
// names, when it names one.
func statsScope(r *http.Request) (scope, error) {
	sc := scopeFrom(r.Context())
	v := r.URL.Query().Get("office_id")
	if v == "" {
		return sc, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return sc, badRequest("office_id: want an office's id, got %q", v)
	}
	if !sc.canSee(id) {
		return sc, &httpError{status: http.StatusNotFound, msg: fmt.Sprintf("office %d not found", id)}
	}
	sc.view = id
	return sc, nil
}

// officesRead returns the offices sc reads, by name.
func (s *Server) officesRead(ctx context.Context, sc scope) ([]officeChoice, error) {
	var out []officeChoice
	if sc.all {
		all, err := s.db.ListOffices(ctx)
		if err != nil {
			return nil, err
		}
		for _, o := range all {
			out = append(out, officeChoice{ID: o.ID, Name: o.Name})
		}
	} else {
		for id, name := range sc.names {
			out = append(out, officeChoice{ID: id, Name: name})
		}
	}
	read := sc.offices()
	out = slices.DeleteFunc(out, func(o officeChoice) bool { return !read.Contains(o.ID) })
	slices.SortFunc(out, func(a, b officeChoice) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}
