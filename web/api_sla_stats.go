package web

import (
	"net/http"
	"strconv"

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
	cal := s.calendar()
	now := s.now()
	today := cal.DateOf(now)
	first := today.AddDays(1 - days)
	since := cal.StartOf(first)
	groups, err := s.db.AckStats(r.Context(), scopeFrom(r.Context()).offices(), by, since, now, s.ackMinutes(), cal.Location())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if groups == nil {
		groups = []storage.AckStatsGroup{}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"by": by, "since": since.UTC(), "target_business_minutes": s.ackMinutes(), "groups": groups,
	})
}
