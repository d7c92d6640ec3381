package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// handleMessagePart serves an image a message carries (a cid: image of its
// body, a photo of a message in triage). Only raster image types are
// served, and as the type we checked: a part is whatever the sender said it
// is, and must never be taken for a page.
func (s *Server) handleMessagePart(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.db.GetMessagePart(ctx, id, r.PathValue("path"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ct := imageType(p.ContentType)
	if ct == "" || p.SHA256 == "" || p.Truncated || s.opts.BlobStore == nil {
		s.fail(w, r, errNotFound)
		return
	}
	rc, err := s.opts.BlobStore.Get(ctx, blob.ContentKey(p.SHA256))
	if errors.Is(err, blob.ErrNotFound) {
		s.fail(w, r, storage.ErrNotFound)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", contentDisposition("inline", p.Filename))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, max-age=86400")
	h.Set("ETag", `"`+p.SHA256[:16]+`"`)
	if etagMatches(r.Header.Get("If-None-Match"), `"`+p.SHA256[:16]+`"`) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.FormatInt(p.Size, 10))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = io.Copy(w, rc)
}
