package thumbnail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // decoders for the photo formats mail brings
	_ "image/jpeg"
	_ "image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/disintegration/imaging"
	exif "github.com/dsoprea/go-exif/v3"
	_ "golang.org/x/image/webp"

	"github.com/claimdesk/claimdesk/internal/boundedexec"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// Thumbnails are made once per file content and kept in the blob store
// beside the files, so each costs its decoding only the first time anyone
// looks.
const (
	// MaxSide is the longest side of a thumbnail, in pixels: twice
	// the size shown, for sharp screens.
	MaxSide = 320
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

// Key is where the thumbnail of the content sha is kept.
func Key(sha string) string { return fmt.Sprintf("thumbs/%s-%d.jpg", sha, MaxSide) }

// Kind reports the kind of thumbnail a file can have: "image", "pdf", or ""
// for none.
func Kind(contentType, filename string) string {
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

// File is what a thumbnail is made from: a file in the blob store, under
// its content key.
type File struct {
	SHA256      string
	Size        int64
	ContentType string
	Filename    string
}

// Cache makes thumbnails a few at a time, each content once however
// many ask for it at once, and keeps them in the blob store.
type Cache struct {
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

// NewCache returns a Cache with nothing in flight.
func NewCache() *Cache {
	return &Cache{
		sem:      make(chan struct{}, thumbWorkers),
		inflight: map[string]*thumbCall{},
		failed:   map[string]time.Time{},
	}
}

// ErrNone reports a file that gives no thumbnail: not an image or
// PDF, too large, broken, or failed recently.
var ErrNone = errors.New("no thumbnail")

// Get returns the thumbnail of doc, from the store or made now.
func (t *Cache) Get(ctx context.Context, store blob.Store, doc File) ([]byte, error) {
	key := Key(doc.SHA256)
	if b, err := readBlob(ctx, store, key, thumbMaxBytes); err == nil {
		return b, nil
	} else if !errors.Is(err, blob.ErrNotFound) {
		return nil, err
	}
	t.mu.Lock()
	if at, ok := t.failed[doc.SHA256]; ok && time.Since(at) < thumbFailureTTL {
		t.mu.Unlock()
		return nil, ErrNone
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

func (t *Cache) make(ctx context.Context, store blob.Store, doc File, key string, call *thumbCall) {
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
func (t *Cache) forget(sha string, failed bool) {
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
func renderThumbnail(ctx context.Context, store blob.Store, doc File) ([]byte, error) {
	if doc.Size > thumbMaxBytes {
		return nil, ErrNone
	}
	switch Kind(doc.ContentType, doc.Filename) {
	case "image":
		src, err := readBlob(ctx, store, blob.ContentKey(doc.SHA256), thumbMaxBytes)
		if err != nil {
			return nil, err
		}
		return imageThumbnail(src)
	case "pdf":
		return pdfThumbnail(ctx, store, doc)
	}
	return nil, ErrNone
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
		return nil, ErrNone
	}
	return b, nil
}

// imageThumbnail scales the photo src down to the thumbnail size, upright
// as the camera held it.
func imageThumbnail(src []byte) ([]byte, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNone, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > thumbMaxPixels {
		return nil, ErrNone
	}
	img, _, err := image.Decode(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNone, err)
	}
	// Scaled before it is turned: turning the small picture is cheap.
	small := imaging.Fit(img, MaxSide, MaxSide, imaging.Linear)
	// JPEG has no transparency: paint transparent images on white, as a
	// page shows them.
	b := small.Bounds()
	flat := imaging.Overlay(imaging.New(b.Dx(), b.Dy(), color.White), small, image.Point{}, 1)
	var out bytes.Buffer
	if err := imaging.Encode(&out, orient(flat, exifOrientation(src)), imaging.JPEG, imaging.JPEGQuality(78)); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// exifSearchBytes bounds where EXIF is looked for: its APP1 segment comes
// right after the JPEG's start (behind at most an APP0) and holds at most
// 64 KB, while go-exif would otherwise search the whole picture.
const exifSearchBytes = 128 << 10

// exifOrientation returns the EXIF orientation (1-8) of a JPEG, 1 when it
// has none. Phones store photos as the sensor saw them and say in EXIF how
// to turn them; Go's decoder does not.
func exifOrientation(src []byte) int {
	if len(src) < 4 || src[0] != 0xFF || src[1] != 0xD8 {
		return 1
	}
	raw, err := exif.SearchAndExtractExif(src[:min(len(src), exifSearchBytes)])
	if err != nil {
		return 1
	}
	tags, _, err := exif.GetFlatExifData(raw, nil)
	if err != nil {
		return 1
	}
	for _, t := range tags {
		if v, ok := t.Value.([]uint16); ok && t.TagId == 0x0112 && t.IfdPath == "IFD" && len(v) == 1 && v[0] >= 1 && v[0] <= 8 {
			return int(v[0])
		}
	}
	return 1
}

// turns maps an EXIF orientation to what makes the picture upright.
var turns = map[int]func(image.Image) *image.NRGBA{
	2: imaging.FlipH, 3: imaging.Rotate180, 4: imaging.FlipV, 5: imaging.Transpose,
	6: imaging.Rotate270, 7: imaging.Transverse, 8: imaging.Rotate90,
}

// orient turns img as EXIF orientation o says.
func orient(img image.Image, o int) image.Image {
	if turn, ok := turns[o]; ok {
		return turn(img)
	}
	return img
}

var (
	pdftoppmOnce sync.Once
	pdftoppmPath string
)

// pdfThumbnail renders the first page of a PDF with poppler's pdftoppm in
// a child process, bounded in time and memory: PDFs from mail may be
// hostile.
func pdfThumbnail(ctx context.Context, store blob.Store, doc File) ([]byte, error) {
	pdftoppmOnce.Do(func() { pdftoppmPath, _ = exec.LookPath("pdftoppm") })
	if pdftoppmPath == "" {
		return nil, ErrNone
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
		return nil, fmt.Errorf("%w: %w", ErrNone, err)
	}
	b, err := os.ReadFile(out + ".jpg")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNone, err)
	}
	return b, nil
}

// pdftoppmCmd is the pdftoppm run that renders the first page of the PDF
// in to the JPEG out.jpg, thumbnail sized, within the thumbnail's bounds.
func pdftoppmCmd(pdftoppm, in, out string) boundedexec.Cmd {
	return boundedexec.Cmd{
		Path: pdftoppm,
		Args: []string{"-q", "-f", "1", "-l", "1", "-singlefile", "-scale-to", fmt.Sprint(MaxSide),
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
