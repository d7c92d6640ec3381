package web

import (
	"net/http"
	"strconv"
)

// handleMessageBody answers with a message's HTML body, sanitized, as the
// document of the sandboxed frame on the message page.
func (s *Server) handleMessageBody(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	body, err := s.db.MessageBodyHTML(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	parts, err := s.db.MessagePartRows(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	images := map[string]mailImage{}
	for _, p := range parts {
		if p.ContentID != "" && p.SHA256 != "" && imageType(p.ContentType) != "" {
			images[contentIDKey(p.ContentID)] = mailImage{path: p.Path, contentType: p.ContentType}
		}
	}
	clean, blocked := sanitizeMailHTML(body, id, images)
	h := w.Header()
	h.Set("Content-Security-Policy", mailFrameCSP)
	h.Set("X-Frame-Options", "SAMEORIGIN") // our own page frames it
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("X-Claimdesk-Blocked-Images", strconv.Itoa(blocked))
	_, _ = w.Write([]byte(mailDocument(clean)))
}
