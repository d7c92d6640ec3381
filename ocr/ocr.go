package ocr

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/claimdesk/claimdesk/internal/boundedexec"
)

// ErrUnavailable is the error of a read on a machine without tesseract (or,
// for HEIC, without heif-convert; for PDF, without pdftoppm).
var ErrUnavailable = errors.New("ocr: program not installed")

// Kind is what sort of file a read takes.
type Kind int

// The kinds of files OCR reads.
const (
	None  Kind = iota // not a picture
	Image             // JPEG, PNG, TIFF, BMP, GIF, WebP: tesseract reads them directly
	HEIC              // HEIC/HEIF from phones: converted to PNG first
	PDF               // PDF pages, rasterised first
)

// KindOf tells from a file's name and content type whether OCR can read it.
func KindOf(filename, contentType string) Kind {
	ext := strings.ToLower(filepath.Ext(filename))
	ct := strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0]))
	switch {
	case ext == ".pdf" || ct == "application/pdf":
		return PDF
	case ext == ".heic" || ext == ".heif" || ct == "image/heic" || ct == "image/heif":
		return HEIC
	case ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".tif" || ext == ".tiff" ||
		ext == ".bmp" || ext == ".webp" || ext == ".gif":
		return Image
	case ct == "image/jpeg" || ct == "image/png" || ct == "image/tiff" || ct == "image/bmp" ||
		ct == "image/webp" || ct == "image/gif":
		return Image
	}
	return None
}

// PageBreak ends each page of a read text, as it ends pdftotext's pages.
const PageBreak = "\f"

// Defaults of a Reader.
const (
	DefaultLanguages = "eng+spa"
	DefaultMaxPages  = 20
	DefaultBudget    = 5 * time.Minute
)

// The bounds of one program run on one page. Tesseract on a 300 dpi page
// takes a few seconds and a few hundred MiB; pdftoppm and heif-convert less.
const (
	runTimeout = 90 * time.Second
	runMemory  = 2 << 30
	textLimit  = 256 << 10
)

// Reader reads the text of pictures and image-only PDFs.
type Reader struct {
	// TempDir holds, while a read runs, a copy of what is read (but for a
	// picture that is a file), a PDF's rendered pages and a HEIC photo's
	// conversion.
	TempDir string
	// Languages are tesseract's -l; DefaultLanguages when empty.
	Languages string
	// MaxPages bounds the pages of a PDF that are read; DefaultMaxPages
	// when zero.
	MaxPages int
	// Budget bounds the wall time of one document's read: no page is begun
	// after it; DefaultBudget when zero.
	Budget time.Duration
	// TextLayers asks for the text-only PDF of each scanned PDF page
	// (Text.Layers), for a searchable stamped copy; reads that only
	// classify leave it unset.
	TextLayers bool
	// Background runs tesseract at the lowest CPU priority (nice 19): a
	// queue reading scans then yields the processor to mail processing,
	// which needs it first, and reads with what is left.
	Background bool
	// Gate, when set, is waited on before each picture is read: the
	// scheduler lets even a nice-19 tesseract take a core whenever mail
	// processing blocks for a moment, and a page-long run then delays it.
	// A read waits MaxWait at most in all, then reads on without waiting;
	// the time waited does not count against Budget.
	Gate Gate
	// MaxWait bounds the time one read waits at Gate, in all.
	MaxWait time.Duration
	// now is the clock that measures Budget and the waits; time.Now when nil.
	now func() time.Time
}

// Gate holds reads back while more urgent work runs.
type Gate interface {
	// Wait returns nil once a page may be read: when the urgent work is
	// done, or limit has passed. An error means the read must stop.
	Wait(ctx context.Context, limit time.Duration) error
}

// ErrHeldBack is the error of a read stopped while it waited at its Gate:
// nothing was wrong with the file, and it can be read again later.
var ErrHeldBack = errors.New("ocr: read stopped while held back")

// Text is what a read found.
type Text struct {
	// Pages holds each page's text, in order (one for a picture).
	Pages []string
	// Pages is all the document has unless Truncated: the page cap or the
	// time budget stopped the read.
	Truncated bool
	// Layers holds, for a PDF read with Reader.TextLayers, tesseract's
	// text-only PDF of each page read from its picture (one page of invisible text the size of the page),
	// to lay over that page so the PDF becomes searchable; nil for a page
	// that has a text layer of its own, and for pictures.
	Layers [][]byte
}

// String is the text, pages ended by PageBreak; "" when no page has any,
// so that a picture without words is kept as no text, not as a lone
// PageBreak.
func (t Text) String() string {
	if !slices.ContainsFunc(t.Pages, func(p string) bool { return pageText(p) != "" }) {
		return ""
	}
	var b strings.Builder
	for _, p := range t.Pages {
		b.WriteString(p)
		b.WriteString(PageBreak)
	}
	return b.String()
}

type programs struct {
	tesseract, pdftoppm, pdfinfo, pdftotext, pdfimages, heifConvert, nice string
}

var (
	lookOnce sync.Once
	found    programs
)

func lookPrograms() programs {
	lookOnce.Do(func() {
		found.tesseract, _ = exec.LookPath("tesseract")
		found.pdftoppm, _ = exec.LookPath("pdftoppm")
		found.pdfinfo, _ = exec.LookPath("pdfinfo")
		found.pdftotext, _ = exec.LookPath("pdftotext")
		found.pdfimages, _ = exec.LookPath("pdfimages")
		found.heifConvert, _ = exec.LookPath("heif-convert")
		found.nice, _ = exec.LookPath("nice")
	})
	return found
}

// Available reports whether this machine can read files of kind k.
func Available(k Kind) bool {
	p := lookPrograms()
	switch k {
	case Image:
		return p.tesseract != ""
	case HEIC:
		return p.tesseract != "" && p.heifConvert != ""
	case PDF:
		return p.tesseract != "" && p.pdftoppm != "" && p.pdfinfo != "" && p.pdftotext != ""
	}
	return false
}

// ConvertsHEIC reports whether this machine has heif-convert, which
// HEICToJPEG runs.
func ConvertsHEIC() bool { return lookPrograms().heifConvert != "" }

// Read reads the text of the file of kind k read from in. A picture is
// read by one run of tesseract, from its own file when in is one (a blob
// of the local store, which never changes) still under its name: no
// temporary file at all. Anything else is copied to a temporary file
// first: a PDF's pages are read by several programs over minutes, during
// which the store may move a blob to another name (MigrateLayout).
func (r *Reader) Read(ctx context.Context, k Kind, in io.Reader) (Text, error) {
	if !Available(k) {
		return Text{}, ErrUnavailable
	}
	gate := r.gateOfRead()
	if k == Image {
		if err := gate.wait(ctx); err != nil {
			return Text{}, err
		}
		// Looked for after the wait, which may be long.
		if file, ok := fileName(in); ok {
			return r.picture(ctx, file)
		}
	}
	dir, err := os.MkdirTemp(r.TempDir, "claimdesk-ocr-*")
	if err != nil {
		return Text{}, fmt.Errorf("ocr: %w", err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "in")
	if err := writeFile(file, in); err != nil {
		return Text{}, fmt.Errorf("ocr: %w", err)
	}
	switch k {
	case Image:
		return r.picture(ctx, file)
	case HEIC:
		if err := gate.wait(ctx); err != nil {
			return Text{}, err
		}
		png := filepath.Join(dir, "in.png")
		if err := convertHEIC(ctx, file, png); err != nil {
			return Text{}, fmt.Errorf("ocr heic: %w", err)
		}
		text, err := r.tesseract(ctx, png)
		return Text{Pages: []string{text}}, err
	case PDF:
		return r.pdf(ctx, dir, file, gate)
	}
	return Text{}, fmt.Errorf("ocr: kind %d: %w", k, ErrUnavailable)
}

// convertHEIC converts the HEIC or HEIF photo file to out, whose suffix
// (.png, .jpg) says the format, with heif-convert under the page bounds.
// libheif applies the photo's rotation and mirroring: out's pixels are
// upright (a JPEG keeps the EXIF orientation tag that said how to turn
// them, which a reader must not apply again).
func convertHEIC(ctx context.Context, file, out string, args ...string) error {
	_, err := runBounded(ctx, lookPrograms().heifConvert, append(args, file, out)...)
	return err
}

// HEICToJPEG converts the HEIC or HEIF photo read from in to a JPEG whose
// pixels are upright, as Read converts one to read it, for what cannot hold HEIC (a
// PDF): heif-convert at quality 92 under the same bounds, through a
// temporary directory in tempDir. A JPEG of more than maxBytes is an
// error; ErrUnavailable without heif-convert.
func HEICToJPEG(ctx context.Context, in io.Reader, tempDir string, maxBytes int64) ([]byte, error) {
	if lookPrograms().heifConvert == "" {
		return nil, ErrUnavailable
	}
	dir, err := os.MkdirTemp(tempDir, "claimdesk-heic-*")
	if err != nil {
		return nil, fmt.Errorf("heic to jpeg: %w", err)
	}
	defer os.RemoveAll(dir)
	file, jpg := filepath.Join(dir, "in"), filepath.Join(dir, "out.jpg")
	if err := writeFile(file, in); err != nil {
		return nil, fmt.Errorf("heic to jpeg: %w", err)
	}
	if err := convertHEIC(ctx, file, jpg, "--quiet", "-q", "92"); err != nil {
		return nil, fmt.Errorf("heic to jpeg: %w", err)
	}
	data, err := readLimited(jpg, maxBytes+1)
	if err != nil {
		return nil, fmt.Errorf("heic to jpeg: %w", err)
	}
	if int64(len(data)) > maxBytes {
		return nil, fmt.Errorf("heic to jpeg: more than %d bytes", maxBytes)
	}
	return data, nil
}

// picture reads the picture file.
func (r *Reader) picture(ctx context.Context, file string) (Text, error) {
	text, err := r.tesseract(ctx, file)
	return Text{Pages: []string{text}}, err
}

// pdf reads the PDF page by page: a page with a text layer gives that
// text, a page without one is rasterised and read by tesseract, which also
// writes its text-only PDF. The page cap and the time budget bound the
// pages tesseract reads; typed pages cost little and are read past them,
// up to the first page that would need tesseract once they are spent.
// Pages are rendered one at a time (a page's picture at 300 dpi grey is
// some 8 MB; forty at once would be a lot of disk), each after the gate.
func (r *Reader) pdf(ctx context.Context, dir, file string, gate *readGate) (Text, error) {
	n, err := pdfPages(ctx, file)
	if err != nil {
		return Text{}, err
	}
	own := ownText(ctx, file, n)
	pictures := picturePages(ctx, file)
	maxPages := r.MaxPages
	if maxPages <= 0 {
		maxPages = DefaultMaxPages
	}
	budget := r.Budget
	if budget <= 0 {
		budget = DefaultBudget
	}
	start := r.clock()()
	var t Text
	read := 0
	for page := 1; page <= n; page++ {
		text, known := own.page(page)
		switch {
		case known && pageText(text) != "":
			t.Pages, t.Layers = append(t.Pages, pageText(text)), append(t.Layers, nil)
			continue
		case !known && !own.failed:
			t.Truncated = true // past the text pdftotext gives
			return t, nil
		case !pictures.Has(page):
			t.Pages, t.Layers = append(t.Pages, ""), append(t.Layers, nil)
			continue
		case read >= maxPages || r.clock()().Sub(start)-gate.waited > budget:
			t.Truncated = true
			return t, nil
		}
		if err := gate.wait(ctx); err != nil {
			return t, err
		}
		text, layer, err := r.scannedPage(ctx, dir, file, page)
		if err != nil {
			return t, fmt.Errorf("ocr pdf page %d: %w", page, err)
		}
		read++
		t.Pages, t.Layers = append(t.Pages, text), append(t.Layers, layer)
	}
	return t, nil
}

// readGate is one read's use of the Reader's Gate: what is left of its
// MaxWait, and the time it has waited.
type readGate struct {
	gate   Gate
	left   time.Duration
	waited time.Duration
	now    func() time.Time
}

func (r *Reader) gateOfRead() *readGate {
	return &readGate{gate: r.Gate, left: r.MaxWait, now: r.clock()}
}

func (r *Reader) clock() func() time.Time {
	if r.now == nil {
		return time.Now
	}
	return r.now
}

// wait waits at the gate, if there is one and time is left to wait.
func (g *readGate) wait(ctx context.Context) error {
	if g.gate == nil || g.left <= 0 {
		return nil
	}
	start := g.now()
	err := g.gate.Wait(ctx, g.left)
	waited := g.now().Sub(start)
	g.waited += waited
	g.left -= waited
	if err != nil {
		return fmt.Errorf("%w: %w", ErrHeldBack, err)
	}
	return nil
}

// Bounds of the text layer read of a PDF whose pages are read by OCR: as
// much as search keeps of a PDF.
const (
	ownTextPages = 200
	ownTextLimit = 1 << 20
)

// pdfOwnText is the text layer of a PDF's first pages, as pdftotext reads
// it in one run.
type pdfOwnText struct {
	pages []string
	// failed is set when pdftotext could not read the PDF: every page is
	// then taken for a picture.
	failed bool
}

// page is the text layer of page p, and whether pdftotext read that page.
func (o pdfOwnText) page(p int) (string, bool) {
	if p > len(o.pages) {
		return "", false
	}
	return o.pages[p-1], true
}

// ownText reads the text layer of the first pages of file (at most n).
// Output cut at its limit leaves the last page read in part; it counts as
// read.
func ownText(ctx context.Context, file string, n int) pdfOwnText {
	out, err := runBoundedOutput(ctx, ownTextLimit, lookPrograms().pdftotext,
		"-q", "-l", strconv.Itoa(min(n, ownTextPages)), "-enc", "UTF-8", file, "-")
	cut := errors.Is(err, boundedexec.ErrOutputLimit)
	if err != nil && !cut {
		return pdfOwnText{failed: true}
	}
	pages := strings.Split(string(out), PageBreak)
	if !cut {
		pages = pages[:len(pages)-1] // what follows the last page's end
	}
	return pdfOwnText{pages: pages}
}

// scannedPage reads page of file from its picture: the text and the
// text-only PDF tesseract makes of it.
func (r *Reader) scannedPage(ctx context.Context, dir, file string, page int) (string, []byte, error) {
	p := strconv.Itoa(page)
	prefix := filepath.Join(dir, "page")
	if _, err := runBounded(ctx, lookPrograms().pdftoppm, "-r", strconv.Itoa(rasterDPI), "-gray", "-png",
		"-f", p, "-l", p, "-singlefile", file, prefix); err != nil {
		return "", nil, err
	}
	defer os.Remove(prefix + ".png")
	if !r.TextLayers {
		text, err := r.tesseract(ctx, prefix+".png")
		return text, nil, err
	}
	return r.tesseractLayer(ctx, prefix+".png", prefix)
}

// rasterDPI is the resolution PDF pages are rendered at for tesseract, and
// the one tesseract is told, so that its text-only page has the size of the
// PDF page.
const rasterDPI = 300

// tesseractLayer reads one rendered page, as tesseract does, writing its
// text to base.txt and, with textonly_pdf, a PDF page holding only that
// text, invisible and placed where the words are in the picture, to
// base.pdf: one run gives both.
func (r *Reader) tesseractLayer(ctx context.Context, png, base string) (string, []byte, error) {
	defer os.Remove(base + ".txt")
	defer os.Remove(base + ".pdf")
	program, args := r.tesseractCommand(png, base, "-l", r.languages(), "--psm", "1",
		"--dpi", strconv.Itoa(rasterDPI), "-c", "textonly_pdf=1", "txt", "pdf")
	if _, err := runBounded(ctx, program, args...); err != nil {
		return "", nil, fmt.Errorf("tesseract: %w", err)
	}
	text, err := readLimited(base+".txt", textLimit)
	if err != nil {
		return "", nil, fmt.Errorf("tesseract text: %w", err)
	}
	layer, err := readLimited(base+".pdf", layerLimit+1)
	if err != nil {
		return "", nil, fmt.Errorf("tesseract pdf: %w", err)
	}
	if len(layer) > layerLimit {
		layer = nil // not a page of text: the page goes without a layer
	}
	return pageText(string(text)), layer, nil
}

// layerLimit bounds the text-only PDF of one page: its text and the
// glyphless font tesseract embeds take a few tens of kB.
const layerLimit = 4 << 20

// readLimited reads at most limit bytes of name.
func readLimited(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}

// pdfPages is the page count pdfinfo reports.
func pdfPages(ctx context.Context, file string) (int, error) {
	out, err := runBounded(ctx, lookPrograms().pdfinfo, file)
	if err != nil {
		return 0, fmt.Errorf("ocr pdf info: %w", err)
	}
	for line := range strings.Lines(string(out)) {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				return 0, fmt.Errorf("ocr pdf pages %q: %w", v, err)
			}
			return n, nil
		}
	}
	return 0, errors.New("ocr pdf info: no page count")
}

// tesseract reads one picture. --psm 1 lets tesseract find the page's
// orientation and script first (OSD), so a scan fed sideways or a phone
// photo taken upside down is read upright.
func (r *Reader) tesseract(ctx context.Context, file string) (string, error) {
	program, args := r.tesseractCommand(file, "stdout", "-l", r.languages(), "--psm", "1")
	out, err := runBounded(ctx, program, args...)
	if err != nil && !errors.Is(err, boundedexec.ErrOutputLimit) {
		return "", fmt.Errorf("tesseract: %w", err)
	}
	return pageText(string(out)), nil
}

// pageText is one page's text without the blanks and control characters
// around it: tesseract ends a page with a form feed, and a page it found no
// words on is nothing else. A page without words is "".
func pageText(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
}

func (r *Reader) languages() string {
	return cmp.Or(r.Languages, DefaultLanguages)
}

// tesseractCommand is the program and arguments that run tesseract with
// args: through nice when the Reader reads in the background (and the
// machine has nice).
func (r *Reader) tesseractCommand(args ...string) (string, []string) {
	p := lookPrograms()
	if r.Background && p.nice != "" {
		return p.nice, append([]string{"-n", "19", p.tesseract}, args...)
	}
	return p.tesseract, args
}

// runBounded runs program under the page bounds. OMP_THREAD_LIMIT=1 keeps
// tesseract on one core: workers run side by side, and OpenMP's threads
// would each map address space against the memory limit.
func runBounded(ctx context.Context, program string, args ...string) ([]byte, error) {
	return runBoundedOutput(ctx, textLimit, program, args...)
}

// runBoundedOutput is runBounded with output bytes of output at most.
func runBoundedOutput(ctx context.Context, output int, program string, args ...string) ([]byte, error) {
	cmd := boundedexec.Cmd{
		Path:   "/usr/bin/env",
		Args:   append([]string{"OMP_THREAD_LIMIT=1", program}, args...),
		Limits: boundedexec.Limits{Timeout: runTimeout, Memory: runMemory, Output: output},
	}
	return cmd.Run(ctx)
}

// writeFile copies a file to read to a temporary file; a variable so that
// tests can count the copies.
var writeFile = func(name string, in io.Reader) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, in)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
