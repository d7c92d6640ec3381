package web

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/claimdesk/claimdesk/handoff"
)

// handleAPIClaimNotes answers a claim's notes and updates as plain text,
// oldest first, each in the layout the job system's notes use, ready to
// paste; a completed or closed claim's closing note comes last.
func (s *Server) handleAPIClaimNotes(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h, err := s.loadHandoffClaim(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.keepUpdateCopies(r.Context(), h, h.notes); err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := handoff.WriteNotes(&buf, claimNotes(h, h.notes), s.rulesOf(h.claim.OfficeID).Calendar.Location()); err != nil {
		s.fail(w, r, err)
		return
	}
	if h.claim.Status == "closed" || h.facts.CompletedAt != nil {
		closing, err := s.closingNote(r.Context(), h, coordinatorOf(r.Context()))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if buf.Len() > 0 {
			buf.WriteString("\r\n")
		}
		buf.WriteString(closing)
	}
	hdr := w.Header()
	setPrivateFile(hdr, "text/plain; charset=utf-8", "inline", h.claim.JobNumber+" notes.txt")
	hdr.Set("Content-Length", strconv.Itoa(buf.Len()))
	if _, err := buf.WriteTo(w); err != nil {
		s.log.Warn("notes cut short", "claim_id", id, "err", err)
	}
}
