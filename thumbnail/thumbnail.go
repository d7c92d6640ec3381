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
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/disintegration/imaging"
	_ "golang.org/x/image/webp"

	"github.com/claimdesk/claimdesk/internal/boundedexec"
	"github.com/claimdesk/claimdesk/stamp"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// Thumbnails are made once per file content and kept in the blob store
// beside the files, so each costs its decoding only the first time anyone
// looks.
const (
	// MaxSide is the longest side of a thumbnail, in pixels: twice
	// the size shown, for sharp screens.
	MaxSide = 320
	// thumbMaxBytes and thumbMaxPixels bound the images decoded.
	thumbMaxBytes  = 50 << 20
	thumbMaxPixels = 50_000_000
	// thumbMaxDecodeMemory bounds the memory a picture's thumbnail takes
	// to decode and scale, as its header tells before any pixel is
	// decoded: a 48 MP phone photo takes about 80 MB, but a progressive,
	// CMYK or 16-bit picture of a few hundred kB, within the limits above,
	// can take over a gigabyte. All the thumbnails a process makes at once
	// share this much too.
	thumbMaxDecodeMemory = 256 << 20
	// thumbScaleOverhead is what scaling, flattening and encoding the
	// small picture take besides the rows scaled (see scaleCost).
	thumbScaleOverhead = 4 << 20
	// thumbBoxedPixel is the garbage a pixel of a picture imaging has no
	// fast path for (CMYK, YCbCr with alpha) leaves while it is scaled:
	// each colour is read boxed (3.6 bytes measured).
	thumbBoxedPixel = 8
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
	// memory is what the pictures being decoded share: two phone photos
	// at once, or one costly picture alone.
	memory *stamp.MemoryBudget

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
		memory:   stamp.NewMemoryBudget(thumbMaxDecodeMemory),
		inflight: map[string]*thumbCall{},
		failed:   map[string]time.Time{},
	}
}

// ErrNone reports a file that gives no thumbnail: not an image or
// PDF, too large or too costly to decode, broken, or failed recently.
var ErrNone = errors.New("no thumbnail")

// errNoMemory reports a picture whose thumbnail found no memory free in
// time: it is tried again at the next ask, not held as a failure.
var errNoMemory = errors.New("no memory free for the picture")

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
	call.jpeg, call.err = t.render(ctx, store, doc)
	if call.err == nil {
		// The store refuses a second write of a key, so racing processes
		// are harmless; a failed write only means making it again later.
		_ = store.Put(ctx, key, bytes.NewReader(call.jpeg), int64(len(call.jpeg)))
	}
	t.forget(doc.SHA256, call.err != nil && !errors.Is(call.err, errNoMemory))
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

// render makes the JPEG thumbnail of doc.
func (t *Cache) render(ctx context.Context, store blob.Store, doc File) ([]byte, error) {
	if doc.Size > thumbMaxBytes {
		return nil, ErrNone
	}
	switch Kind(doc.ContentType, doc.Filename) {
	case "image":
		src, err := readBlob(ctx, store, blob.ContentKey(doc.SHA256), thumbMaxBytes)
		if err != nil {
			return nil, err
		}
		return imageThumbnail(ctx, t.memory, src)
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

// thumbFormats are the formats of the pictures Kind calls images, which
// thumbnails are decoded from: not a TIFF or BMP sent as one (image.Decode
// would read whatever decoder the program holds).
var thumbFormats = map[string]bool{"jpeg": true, "png": true, "gif": true, "webp": true}

// imageThumbnail scales the photo src down to the thumbnail size, upright
// as the camera held it. A picture whose decoding would take more than
// thumbMaxDecodeMemory is refused before any pixel is decoded; others
// wait for their share of memory.
func imageThumbnail(ctx context.Context, memory *stamp.MemoryBudget, src []byte) ([]byte, error) {
	h, err := stamp.ReadPictureHeader(src)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNone, err)
	}
	if !thumbFormats[h.Format] {
		return nil, fmt.Errorf("%w: a %s picture", ErrNone, h.Format)
	}
	if int64(h.Width)*int64(h.Height) > thumbMaxPixels {
		return nil, fmt.Errorf("%w: %dx%d pixels", ErrNone, h.Width, h.Height)
	}
	cost := h.DecodeCost + scaleCost(h)
	if cost > thumbMaxDecodeMemory {
		return nil, fmt.Errorf("%w: %dx%d %s takes about %d MiB to decode and scale%s, limit %d MiB",
			ErrNone, h.Width, h.Height, h.Format, cost>>20, h.PrefixCodesNote(), thumbMaxDecodeMemory>>20)
	}
	release, err := memory.Acquire(ctx, cost)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNoMemory, err)
	}
	defer release()
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
	if err := imaging.Encode(&out, orient(flat, stamp.ExifOrientation(src)), imaging.JPEG, imaging.JPEGQuality(78)); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// scaleCost is the memory scaling the picture of header h down to the
// thumbnail takes: imaging scales its width first, into as many rows as
// the picture has of the thumbnail's width (4 bytes a pixel), with a row
// of the picture and its weights per worker; and it boxes every pixel of
// a picture of a colour model it has no fast path for.
func scaleCost(h stamp.PictureHeader) int64 {
	w, ht := int64(h.Width), int64(h.Height)
	thumbW := w
	if w > MaxSide || ht > MaxSide {
		thumbW = max(1, MaxSide*w/max(w, ht))
	}
	cost := 4*thumbW*ht + int64(32+4*runtime.GOMAXPROCS(0))*(w+ht) + thumbScaleOverhead
	if !scannedDirectly(h.ColorModel) {
		cost += thumbBoxedPixel * w * ht
	}
	return cost
}

// scannedDirectly reports whether imaging reads images of colour model m
// without boxing each pixel; a palette is its images' model.
func scannedDirectly(m color.Model) bool {
	if _, ok := m.(color.Palette); ok {
		return true
	}
	switch m {
	case color.NRGBAModel, color.NRGBA64Model, color.RGBAModel, color.RGBA64Model,
		color.GrayModel, color.Gray16Model, color.YCbCrModel:
		return true
	}
	return false
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
