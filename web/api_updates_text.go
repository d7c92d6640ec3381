package web

import (
	"bytes"
	"net/http"
	"strconv"
	"time"

	"github.com/claimdesk/claimdesk/handoff"
	"github.com/claimdesk/claimdesk/sla"
)

// updatesTextClaims bounds the claims one day's notes text covers: far
// beyond an office's open jobs.
const updatesTextClaims = 1000

// handleAPIUpdatesText answers every note and update of one office day
// (?date=YYYY-MM-DD, today when absent) across the claims the caller
// reads, by job number, in the layout of a claim's notes.txt: the day's
// round of updates pasted into the job system in one go.
func (s *Server) handleAPIUpdatesText(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cal, err := s.boardCalendar(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	day := cal.DateOf(s.now())
	if v := r.URL.Query().Get("date"); v != "" {
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			s.fail(w, r, badRequest("date must be written YYYY-MM-DD"))
			return
		}
		day = sla.DateOf(t)
	}
	start, end := cal.StartOf(day), cal.StartOf(day.AddDays(1))
	ids, err := s.db.ClaimsUpdatedBetween(ctx, scopeFrom(ctx).offices(), start, end, updatesTextClaims)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	for _, id := range ids {
		h, err := s.loadHandoffClaim(ctx, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		var notes []handoff.Note
		for _, n := range h.notes {
			if !n.At.Before(start) && n.At.Before(end) {
				notes = append(notes, handoffNote(n))
			}
		}
		if buf.Len() > 0 {
			buf.WriteString("\r\n")
		}
		if err := handoff.WriteNotes(&buf, s.notesClaim(h), notes, s.rulesOf(h.claim.OfficeID).Calendar.Location()); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	hdr := w.Header()
	setPrivateFile(hdr, "text/plain; charset=utf-8", "inline", "updates "+day.String()+".txt")
	hdr.Set("Content-Length", strconv.Itoa(buf.Len()))
	if _, err := buf.WriteTo(w); err != nil {
		s.log.Warn("updates cut short", "date", day.String(), "err", err)
	}
}
