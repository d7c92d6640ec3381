package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"

	"github.com/claimdesk/claimdesk/handoff"
)

// handleMessagePDF answers a message as a PDF, for the portals that take
// nothing else: its headers, its text (or the text of its sanitised
// HTML) and the list of its attachments.
func (s *Server) handleMessagePDF(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.db.GetPrintedMessage(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	title := "Email"
	if m.JobNumber != "" {
		title += " - job " + m.JobNumber
	}
	var buf bytes.Buffer
	err = handoff.WriteCorrespondence(&buf, handoff.Correspondence{
		Title: title, Messages: []handoff.Message{printedMessage(m)}, Location: s.calendar().Location(),
	})
	if err != nil {
		s.fail(w, r, fmt.Errorf("pdf of message %d: %w", id, err))
		return
	}
	name := m.Subject
	if name == "" {
		name = fmt.Sprintf("message %d", id)
	}
	h := w.Header()
	setPrivateFile(h, "application/pdf", "attachment", name+".pdf")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox; frame-ancestors 'none'")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	if _, err := buf.WriteTo(w); err != nil {
		s.log.Warn("message pdf cut short", "message_id", id, "err", err)
	}
}
