package web

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // decoders for the photo formats mail brings
	"image/jpeg"
	_ "image/png"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp"

	"github.com/claimdesk/claimdesk/internal/boundedexec"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// Thumbnails are made once per file content and kept in the blob store
// beside the files, so each costs its decoding only the first time anyone
// looks.
const (
	// thumbMaxSide is the longest side of a thumbnail, in pixels: twice
	// the size shown, for sharp screens.
	thumbMaxSide = 320
	// thumbMaxBytes and thumbMaxPixels bound the images decoded: a 48 MP
	// photo decodes to about 200 MB.
	thumbMaxBytes  = 50 << 20
	thumbMaxPixels = 50_000_000
	// thumbTimeout bounds one thumbnail, PDF rendering included.
	thumbTimeout = 20 * time.Second
	// thumbWorkers is how many thumbnails are made at once: each holds a
	// decoded image, or a child process rendering a PDF.
	thumbWorkers = 2
	// thumbPDFMemory bounds the address space of the PDF renderer: a
	// hostile PDF must not take the machine.
	thumbPDFMemory = 1 << 30
	// thumbPDFOutput bounds what the renderer may say on its standard
	// output, where it writes nothing: the page goes to a file.
	thumbPDFOutput = 64 << 10
	// thumbFailureTTL is how long a file that made no thumbnail is not
	// tried again.
	thumbFailureTTL  = time.Hour
	thumbMaxFailures = 10000
)

// thumbKey is where the thumbnail of the content sha is kept.
func thumbKey(sha string) string { return fmt.Sprintf("thumbs/%s-%d.jpg", sha, thumbMaxSide) }

// thumbnailable reports the kind of thumbnail a document can have: "image",
// "pdf", or "" for none.
func thumbnailable(contentType, filename string) string {
	ct := strings.ToLower(strings.TrimSpace(contentType))
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = strings.TrimSpace(ct[:i])
	}
	ext := strings.ToLower(filepath.Ext(filename))
	switch {
	case ct == "image/jpeg" || ct == "image/jpg" || ct == "image/pjpeg" || ct == "image/png" || ct == "image/gif" || ct == "image/webp":
		return "image"
	case ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".gif" || ext == ".webp":
		return "image"
	case ct == "application/pdf" || ext == ".pdf":
		return "pdf"
	}
	return ""
}

// thumbnailer makes thumbnails a few at a time, each content once however
// many ask for it at once.
type thumbnailer struct {
	sem chan struct{}

	mu       sync.Mutex
	inflight map[string]*thumbCall
	failed   map[string]time.Time // content sha -> when it last failed
}

type thumbCall struct {
	done chan struct{}
	jpeg []byte
	err  error
}

func newThumbnailer() *thumbnailer {
	return &thumbnailer{
		sem:      make(chan struct{}, thumbWorkers),
		inflight: map[string]*thumbCall{},
		failed:   map[string]time.Time{},
	}
}

// errNoThumbnail reports a file that gives no thumbnail: not an image or
// PDF, too large, broken, or failed recently.
var errNoThumbnail = errors.New("no thumbnail")

// get returns the thumbnail of doc, from the store or made now.
func (t *thumbnailer) get(ctx context.Context, store blob.Store, doc storage.Document) ([]byte, error) {
	key := thumbKey(doc.SHA256)
	if b, err := readBlob(ctx, store, key, thumbMaxBytes); err == nil {
		return b, nil
	} else if !errors.Is(err, blob.ErrNotFound) {
		return nil, err
	}
	t.mu.Lock()
	if at, ok := t.failed[doc.SHA256]; ok && time.Since(at) < thumbFailureTTL {
		t.mu.Unlock()
		return nil, errNoThumbnail
	}
	call, ok := t.inflight[doc.SHA256]
	if !ok {
		call = &thumbCall{done: make(chan struct{})}
		t.inflight[doc.SHA256] = call
		// The work belongs to no one request: it goes on for the others
		// should this one leave.
		go t.make(context.WithoutCancel(ctx), store, doc, key, call)
	}
	t.mu.Unlock()
	select {
	case <-call.done:
		return call.jpeg, call.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (t *thumbnailer) make(ctx context.Context, store blob.Store, doc storage.Document, key string, call *thumbCall) {
	defer close(call.done)
	ctx, cancel := context.WithTimeout(ctx, thumbTimeout)
	defer cancel()
	select {
	case t.sem <- struct{}{}:
		defer func() { <-t.sem }()
	case <-ctx.Done():
		call.err = ctx.Err()
		t.forget(doc.SHA256, false)
		return
	}
	call.jpeg, call.err = renderThumbnail(ctx, store, doc)
	if call.err == nil {
		// The store refuses a second write of a key, so racing processes
		// are harmless; a failed write only means making it again later.
		_ = store.Put(ctx, key, bytes.NewReader(call.jpeg), int64(len(call.jpeg)))
	}
	t.forget(doc.SHA256, call.err != nil)
}

// forget ends the call for sha, remembering a failure for a while.
func (t *thumbnailer) forget(sha string, failed bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.inflight, sha)
	if !failed {
		return
	}
	if len(t.failed) >= thumbMaxFailures {
		clear(t.failed) // crude, but bounded: at worst some are tried again
	}
	t.failed[sha] = time.Now()
}

// renderThumbnail makes the JPEG thumbnail of doc.
func renderThumbnail(ctx context.Context, store blob.Store, doc storage.Document) ([]byte, error) {
	if doc.Size > thumbMaxBytes {
		return nil, errNoThumbnail
	}
	switch thumbnailable(doc.ContentType, doc.Filename) {
	case "image":
		src, err := readBlob(ctx, store, blob.ContentKey(doc.SHA256), thumbMaxBytes)
		if err != nil {
			return nil, err
		}
		return imageThumbnail(src)
	case "pdf":
		return pdfThumbnail(ctx, store, doc)
	}
	return nil, errNoThumbnail
}

// readBlob reads the blob under key, at most max bytes.
func readBlob(ctx context.Context, store blob.Store, key string, max int64) ([]byte, error) {
	rc, err := store.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, errNoThumbnail
	}
	return b, nil
}

// imageThumbnail scales the photo src down to the thumbnail size, upright
// as the camera held it.
func imageThumbnail(src []byte) ([]byte, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNoThumbnail, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > thumbMaxPixels {
		return nil, errNoThumbnail
	}
	img, _, err := image.Decode(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNoThumbnail, err)
	}
	return encodeThumbnail(orient(scaleDown(img, thumbMaxSide), exifOrientation(src)))
}

// scaleDown returns img scaled so that its longer side is at most side.
func scaleDown(img image.Image, side int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= side && h <= side {
		return img
	}
	if w >= h {
		w, h = side, max(1, h*side/w)
	} else {
		w, h = max(1, w*side/h), side
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.BiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

func encodeThumbnail(img image.Image) ([]byte, error) {
	// JPEG has no transparency: paint transparent images on white, as a
	// page shows them.
	b := img.Bounds()
	flat := image.NewRGBA(b)
	draw.Draw(flat, b, image.White, image.Point{}, draw.Src)
	draw.Draw(flat, b, img, b.Min, draw.Over)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, flat, &jpeg.Options{Quality: 78}); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// exifOrientation returns the EXIF orientation (1-8) of a JPEG, 1 when it
// has none. Phones store photos as the sensor saw them and say in EXIF how
// to turn them; Go's decoder does not.
func exifOrientation(src []byte) int {
	if len(src) < 4 || src[0] != 0xFF || src[1] != 0xD8 {
		return 1
	}
	for i := 2; i+4 <= len(src); {
		if src[i] != 0xFF {
			return 1
		}
		marker := src[i+1]
		if marker == 0xD9 || marker == 0xDA { // end of image, start of scan: no more headers
			return 1
		}
		size := int(binary.BigEndian.Uint16(src[i+2:]))
		if size < 2 || i+2+size > len(src) {
			return 1
		}
		seg := src[i+4 : i+2+size]
		if marker == 0xE1 && len(seg) > 14 && string(seg[:6]) == "Exif\x00\x00" {
			return tiffOrientation(seg[6:])
		}
		i += 2 + size
	}
	return 1
}

// tiffOrientation reads tag 0x0112 from the first IFD of a TIFF header.
func tiffOrientation(t []byte) int {
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	off := int(bo.Uint32(t[4:]))
	if off < 8 || off+2 > len(t) {
		return 1
	}
	n := int(bo.Uint16(t[off:]))
	for k := range n {
		e := off + 2 + 12*k
		if e+12 > len(t) {
			return 1
		}
		if bo.Uint16(t[e:]) == 0x0112 {
			if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 1
		}
	}
	return 1
}

// orient turns img as EXIF orientation o says.
func orient(img image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range h {
		for x := range w {
			var dx, dy int
			switch o {
			case 2:
				dx, dy = w-1-x, y
			case 3:
				dx, dy = w-1-x, h-1-y
			case 4:
				dx, dy = x, h-1-y
			case 5:
				dx, dy = y, x
			case 6:
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8:
				dx, dy = y, w-1-x
			}
			dst.Set(dx, dy, img.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return dst
}

var (
	pdftoppmOnce sync.Once
	pdftoppmPath string
)

// pdfThumbnail renders the first page of a PDF with poppler's pdftoppm in
// a child process, bounded in time and memory: PDFs from mail may be
// hostile.
func pdfThumbnail(ctx context.Context, store blob.Store, doc storage.Document) ([]byte, error) {
	pdftoppmOnce.Do(func() { pdftoppmPath, _ = exec.LookPath("pdftoppm") })
	if pdftoppmPath == "" {
		return nil, errNoThumbnail
	}
	dir, err := os.MkdirTemp("", "claimdesk-thumb-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in.pdf")
	if err := copyBlobToFile(ctx, store, blob.ContentKey(doc.SHA256), in); err != nil {
		return nil, err
	}
	out := filepath.Join(dir, "page")
	if _, err := pdftoppmCmd(pdftoppmPath, in, out).Run(ctx); err != nil {
		return nil, fmt.Errorf("%w: %w", errNoThumbnail, err)
	}
	b, err := os.ReadFile(out + ".jpg")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNoThumbnail, err)
	}
	return b, nil
}

// pdftoppmCmd is the pdftoppm run that renders the first page of the PDF
// in to the JPEG out.jpg, thumbnail sized, within the thumbnail's bounds.
func pdftoppmCmd(pdftoppm, in, out string) boundedexec.Cmd {
	return boundedexec.Cmd{
		Path: pdftoppm,
		Args: []string{"-q", "-f", "1", "-l", "1", "-singlefile", "-scale-to", fmt.Sprint(thumbMaxSide),
			"-jpeg", "-jpegopt", "quality=78", in, out},
		Limits: boundedexec.Limits{Timeout: thumbTimeout, Memory: thumbPDFMemory, Output: thumbPDFOutput},
	}
}

func copyBlobToFile(ctx context.Context, store blob.Store, key, path string) error {
	rc, err := store.Get(ctx, key)
	if err != nil {
		return err
	}
	defer rc.Close()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, io.LimitReader(rc, thumbMaxBytes))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// handleThumbnail answers with the JPEG thumbnail of a photo or of a PDF's
// first page; a file that has none gets the generic file icon.
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
	s.serveThumbnail(w, r, doc)
}

// serveThumbnail answers with the thumbnail of the file doc describes, or
// sends the browser to the generic file icon.
func (s *Server) serveThumbnail(w http.ResponseWriter, r *http.Request, doc storage.Document) {
	if s.opts.BlobStore == nil || thumbnailable(doc.ContentType, doc.Filename) == "" {
		http.Redirect(w, r, staticURL("file.svg"), http.StatusSeeOther)
		return
	}
	b, err := s.thumbs.get(r.Context(), s.opts.BlobStore, doc)
	if err != nil {
		if !errors.Is(err, errNoThumbnail) && r.Context().Err() == nil {
			s.log.Warn("thumbnail", "sha256", doc.SHA256, "err", err)
		}
		http.Redirect(w, r, staticURL("file.svg"), http.StatusSeeOther)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "image/jpeg")
	// The address names a document or a part, whose content never changes.
	h.Set("Cache-Control", "private, max-age=86400")
	h.Set("ETag", `"`+doc.SHA256[:16]+`"`)
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
	s.serveThumbnail(w, r, storage.Document{SHA256: p.SHA256, Size: p.Size, ContentType: p.ContentType, Filename: p.Filename})
}
