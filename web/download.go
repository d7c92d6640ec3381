package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// downloadTypes are the content types documents are served as; any other
// is served as application/octet-stream. Whatever a sender labelled an
// attachment, nothing that a browser would run (HTML, SVG, XML, scripts)
// is ever served as itself.
var downloadTypes = map[string]bool{
	"application/pdf": true,
	"image/jpeg":      true, "image/png": true, "image/gif": true, "image/webp": true,
	"image/heic": true, "image/heif": true, "image/tiff": true, "image/bmp": true,
	"video/mp4": true, "video/quicktime": true,
	"text/plain": true, "text/csv": true,
	"message/rfc822":  true,
	"application/zip": true, "application/x-zip-compressed": true,
	"application/msword": true, "application/vnd.ms-excel": true,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": true,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":       true,
	"application/octet-stream": true,
}

// inlineTypes may be shown in the browser when asked (?inline=1): PDFs,
// which browsers show in their own viewer, and images they display.
var inlineTypes = map[string]bool{
	"application/pdf": true, "image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true,
}

// downloadType returns the type a document stored as contentType is
// served as.
func downloadType(contentType string) string {
	t, _, err := mime.ParseMediaType(contentType)
	if err != nil || !downloadTypes[t] {
		return "application/octet-stream"
	}
	return t
}

// maxDownloadName bounds a download's file name in bytes: well under what
// file systems take.
const maxDownloadName = 200

// downloadName makes a document's file name safe to save: the last path
// element only, no control or direction-changing characters, none of the
// characters file systems refuse, no leading dots, never empty.
func downloadName(name string) string {
	name = strings.ToValidUTF8(name, "_")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r):
			// A right-to-left override makes "fdp.exe" read as "exe.pdf".
		case strings.ContainsRune(`"*:<>?|`, r):
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	name = strings.TrimLeft(strings.TrimSpace(b.String()), ". ")
	if len(name) > maxDownloadName {
		n := maxDownloadName
		for n > 0 && !utf8.RuneStart(name[n]) {
			n--
		}
		name = name[:n]
	}
	if name == "" {
		return "document"
	}
	return name
}

// setPrivateFile sets the headers of a file made for the office on
// request (an export, a packet, a claim's notes): its type and name, no
// sniffing, and no caching anywhere, as it holds claim details.
func setPrivateFile(h http.Header, ctype, disposition, name string) {
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", contentDisposition(disposition, name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
}

// contentDisposition returns the Content-Disposition of a file named name:
// an ASCII filename for old clients and, when the name is not plain ASCII,
// the UTF-8 name in RFC 6266's filename*.
func contentDisposition(disposition, name string) string {
	name = downloadName(name)
	var ascii strings.Builder
	for _, r := range name {
		// Quotes, backslashes, semicolons and percent signs are replaced too:
		// clients that split or decode the header naively must not read
		// another parameter, or another name, into it.
		if r < 0x20 || r > 0x7e || strings.ContainsRune(`"\;%`, r) {
			r = '_'
		}
		ascii.WriteRune(r)
	}
	v := disposition + `; filename="` + ascii.String() + `"`
	if ascii.String() != name {
		v += "; filename*=UTF-8''" + rfc5987Escape(name)
	}
	return v
}

// rfc5987Escape percent-encodes s as an RFC 5987 ext-value, keeping only
// its attr-chars.
func rfc5987Escape(s string) string {
	const attrChars = "!#$&+-.^_`|~"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(attrChars, c) >= 0) {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// etagMatches reports whether an If-None-Match header names etag.
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

// isDownload reports whether path is a document download, or a message's
// PDF, which API clients fetch the same way.
func isDownload(path string) bool {
	if rest, ok := strings.CutPrefix(path, "/messages/"); ok {
		return strings.HasSuffix(rest, "/pdf")
	}
	rest, ok := strings.CutPrefix(path, "/documents/")
	return ok && (strings.HasSuffix(rest, "/original") || strings.HasSuffix(rest, "/stamped"))
}

func (s *Server) handleDownloadOriginal(w http.ResponseWriter, r *http.Request) {
	s.serveDocument(w, r, false)
}

func (s *Server) handleDownloadStamped(w http.ResponseWriter, r *http.Request) {
	s.serveDocument(w, r, true)
}

// serveDocument streams a document from the blob store: the original as
// received, or its received-stamped copy. Only documents filed into a claim
// are served, never a blob by its key.
func (s *Server) serveDocument(w http.ResponseWriter, r *http.Request, stamped bool) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	dl, err := s.documentDownload(ctx, id, stamped)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	blobs := s.opts.BlobStore
	if blobs == nil {
		s.fail(w, r, &httpError{status: http.StatusServiceUnavailable, msg: "no blob store is configured"})
		return
	}
	etag := `"` + dl.sha + `"`
	h := w.Header()
	// Every use passes the authorization check above; the bytes behind an
	// ETag never change, so a browser may keep them and revalidate.
	cacheControl := "private, no-cache"
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatches(match, etag) {
		h.Set("ETag", etag)
		h.Set("Cache-Control", cacheControl)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	size, body, err := dl.open(ctx, blobs, r.Method == http.MethodHead)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if body != nil {
		defer body.Close()
	}

	setDocumentType(h, dl.ctype, dl.filename, r.URL.Query().Get("inline") == "1")
	h.Set("ETag", etag)
	h.Set("Cache-Control", cacheControl)
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	if body == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	if n, err := io.Copy(w, body); err != nil {
		// The status is sent: all that is left is to say why the client got
		// less than Content-Length.
		s.log.Warn("download cut short", "document_id", id, "stamped", stamped, "bytes", n, "err", err)
	}
}

// download is the blob a document is served from.
type download struct {
	id       int64  // the document's, for errors
	sha      string // the blob's content hash: its key and its ETag
	ctype    string
	size     int64 // -1 when only the blob store knows it
	filename string
}

// documentDownload returns the blob document id is served from: its
// original, or its received-stamped copy, which it may not have yet.
func (s *Server) documentDownload(ctx context.Context, id int64, stamped bool) (download, error) {
	doc, err := s.db.GetDocument(ctx, id)
	if errors.Is(err, storage.ErrNotFound) {
		return download{}, &httpError{status: http.StatusNotFound, msg: fmt.Sprintf("document %d not found", id)}
	}
	if err != nil {
		return download{}, err
	}
	dl := download{id: id, sha: doc.SHA256, ctype: downloadType(doc.ContentType), size: doc.Size, filename: doc.Filename}
	if stamped {
		if doc.StampedSHA256 == "" {
			msg := fmt.Sprintf("document %d has no stamped copy", id)
			if doc.StampError != "" {
				msg += ": " + doc.StampError
			}
			return download{}, &httpError{status: http.StatusNotFound, msg: msg}
		}
		// A picture's stamped copy is a PDF of it, and named so.
		dl.sha, dl.ctype, dl.size, dl.filename = doc.StampedSHA256, "application/pdf", -1, doc.StampedName()
	}
	return dl, nil
}

// open returns the blob's size and, unless head is set, its bytes.
func (dl download) open(ctx context.Context, blobs blob.Store, head bool) (int64, io.ReadCloser, error) {
	key := blob.ContentKey(dl.sha)
	size := dl.size
	if size < 0 {
		info, err := blobs.Stat(ctx, key)
		if err != nil {
			return 0, nil, fmt.Errorf("stat document %d: %w", dl.id, err)
		}
		size = info.Size
	}
	if head {
		return size, nil, nil
	}
	body, err := blobs.Get(ctx, key)
	if err != nil {
		return 0, nil, fmt.Errorf("read document %d: %w", dl.id, err)
	}
	return size, body, nil
}

// setDocumentType sets the headers that say what a document of type ctype
// is and whether the browser shows it (when inline is asked for and it can)
// or saves it: a document is never run, whatever it holds.
func setDocumentType(h http.Header, ctype, filename string, inline bool) {
	disposition := "attachment"
	if inlineTypes[ctype] && inline {
		disposition = "inline"
		// The dashboard previews PDFs and images in a frame of its own.
		h.Set("X-Frame-Options", "SAMEORIGIN")
		h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'")
	} else {
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox; frame-ancestors 'none'")
	}
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", contentDisposition(disposition, filename))
	h.Set("X-Content-Type-Options", "nosniff")
}
