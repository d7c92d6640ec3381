package web

import (
	"bytes"
	"errors"
	"net/http"
	"time"

	"github.com/claimdesk/claimdesk/thumbnail"
)

// handleThumbnail answers with the JPEG thumbnail of a photo or of a PDF's
// first page, or of a picture's stamped PDF (thumbSource); a file that
// has none gets the generic file icon.
func (s *Server) handleThumbnail(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	doc, err := s.db.GetDocument(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, ok := thumbSource(doc)
	s.serveThumbnail(w, r, f, ok)
}

// serveThumbnail answers with the thumbnail of the file f, or sends the
// browser to the generic file icon when there is none (!ok).
func (s *Server) serveThumbnail(w http.ResponseWriter, r *http.Request, f thumbnail.File, ok bool) {
	if s.opts.BlobStore == nil || !ok {
		http.Redirect(w, r, staticURL("file.svg"), http.StatusSeeOther)
		return
	}
	b, err := s.thumbs.Get(r.Context(), s.opts.BlobStore, f)
	if err != nil {
		if !errors.Is(err, thumbnail.ErrNone) && r.Context().Err() == nil {
			s.log.Warn("thumbnail", "sha256", f.SHA256, "err", err)
		}
		http.Redirect(w, r, staticURL("file.svg"), http.StatusSeeOther)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "image/jpeg")
	// The address names a document or a part, whose content never changes
	// (or the stamped copy it is made from).
	h.Set("Cache-Control", "private, max-age=86400")
	h.Set("ETag", `"`+f.SHA256[:16]+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
}

// handlePartThumbnail answers with the thumbnail of a message's attachment:
// photos in triage are recognized by their look before they are filed.
func (s *Server) handlePartThumbnail(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.db.GetMessagePart(r.Context(), id, r.PathValue("path"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if p.SHA256 == "" || p.Truncated {
		http.Redirect(w, r, staticURL("file.svg"), http.StatusSeeOther)
		return
	}
	s.serveThumbnail(w, r, thumbnail.File{SHA256: p.SHA256, Size: p.Size, ContentType: p.ContentType, Filename: p.Filename},
		thumbnail.Kind(p.ContentType, p.Filename) != "")
}
