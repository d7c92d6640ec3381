package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// handleAPISLAStats answers how acknowledgments went, grouped by day,
// carrier or adjuster, over the last days (default 14).
func (s *Server) handleAPISLAStats(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	by := storage.AckStatsBy(q.Get("by"))
	if by == "" {
		by = storage.AckStatsByDay
	}
	switch by {
	case storage.AckStatsByDay, storage.AckStatsByCarrier, storage.AckStatsByAdjuster:
	default:
		s.fail(w, r, badRequest("by: want day, carrier or adjuster, got %q", by))
		return
	}
	days := 14
	if v := q.Get("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 366 {
			s.fail(w, r, badRequest("days: want a number from 1 to 366, got %q", v))
			return
		}
		days = n
	}
	sc, err := statsScope(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.now()
	// Each office's days are its own calendar's; the offices together
	// count by theirs when they share one, else by the configured one.
	stats := func(offices storage.Offices, cal *sla.Calendar) ([]storage.AckStatsGroup, time.Time, error) {
		since := cal.StartOf(cal.DateOf(now).AddDays(1 - days))
		groups, err := s.db.AckStats(r.Context(), offices, by, since, now, s.ackMinutes(), cal.Location())
		if groups == nil {
			groups = []storage.AckStatsGroup{}
		}
		return groups, since, err
	}
	cal, err := s.boardCalendar(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if sc.view != 0 {
		cal = s.rulesOf(sc.view).Calendar
	}
	groups, since, err := stats(sc.offices(), cal)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	offices, err := s.officesRead(r.Context(), sc)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	perOffice := make([]officeStats, 0, len(offices))
	for _, o := range offices {
		g, officeSince, err := stats(storage.OnlyOffices(o.ID), s.rulesOf(o.ID).Calendar)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		perOffice = append(perOffice, officeStats{OfficeID: o.ID, Name: o.Name, Since: officeSince.UTC(), Groups: g})
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"by": by, "since": since.UTC(), "target_business_minutes": s.ackMinutes(), "groups": groups, "offices": perOffice,
	})
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
