package stamp

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime/debug"
	"sync"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/filter"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Errors about the PDF itself. Every such error returned by Apply and
// PageCount matches exactly one of them with errors.Is.
var (
	// ErrEncrypted means the PDF is encrypted (user or owner password, any
	// algorithm). It is never decrypted: the office has no passwords, and a
	// stamped copy without the sender's protection would be a different document.
	ErrEncrypted = errors.New("encrypted pdf")

	// ErrMalformed means the PDF cannot be parsed or rewritten: truncated,
	// not a PDF at all, or broken beyond what relaxed validation repairs.
	// Panics inside pdfcpu are reported as this too (see PanicError).
	ErrMalformed = errors.New("malformed pdf")

	// ErrTooLarge means the PDF exceeds Options.MaxBytes or Options.MaxPages,
	// or a stream in it decodes to more than the memory budget allows; or a
	// picture (ApplyPicture) exceeds Options.MaxBytes or Options.MaxPixels,
	// or would take more than Options.MaxPictureMemory to stamp.
	ErrTooLarge = errors.New("too large")
)

// Default limits, used for zero fields of Options.
const (
	// DefaultMaxBytes is the input size cap: 50 MiB.
	DefaultMaxBytes int64 = 50 << 20
	// DefaultMaxPages is the page-count cap.
	DefaultMaxPages = 5000
	// DefaultMaxPixels is the pixel cap of a picture, as for thumbnails.
	// Pixels alone do not bound a stamp's memory: see
	// DefaultMaxPictureMemory.
	DefaultMaxPixels int64 = 50_000_000
	// DefaultMaxPictureMemory is the memory one picture's stamp may take:
	// 256 MiB. A phone's 48–50 MP photo (a baseline JPEG, or a HEIC
	// converted to one) takes about 130–170 MiB with its file, a 12 MP
	// progressive JPEG about 100 MiB, a phone's screenshot (PNG) about
	// 60 MiB; refused are pictures whose encoding costs far more than the
	// photo they stand for: 16-bit colour PNGs beyond about 4–6 MP, 8-bit
	// colour PNGs and WebPs beyond about 8–12 MP, progressive JPEGs beyond
	// about 25 MP (4:2:0) or 15 MP (4:4:4), CMYK ones beyond about 10 MP.
	DefaultMaxPictureMemory int64 = 256 << 20
)

// Stamp appearance. Small enough to sit in the top margin of a letter page
// without covering the letterhead; red so it reads as an office mark.
const (
	stampFont   = "Helvetica"
	stampPoints = 9
	stampColor  = "#C00000"
	// Inset from the top-right corner, in points.
	stampInsetX = 12
	stampInsetY = 10
	// Longest job number printed; a hostile one must not run across the page.
	maxJobRunes = 32
)

// Received is what the stamp says: when the office received the document and
// which job it was filed to.
type Received struct {
	// At is the receipt time, printed in its own location: the caller converts
	// it to the office time zone first (At.In(officeLocation)).
	At time.Time
	// JobNumber is our job number (e.g. 26-1031-WTR). Empty while a message is
	// in triage: the stamp then shows the time alone.
	JobNumber string
}

// Text returns the stamp line exactly as it is drawn, e.g.
// "RECEIVED 2026-11-02 10:14 CST · 26-1031-WTR". The built-in PDF fonts
// draw Latin-1 only, so other characters of the job number are replaced:
// accented letters by their base letter, anything else by "?". A job number
// longer than 32 characters is cut.
func (r Received) Text() string {
	s := "RECEIVED " + r.At.Format("2006-01-02 15:04 MST")
	if job := truncateRunes(latin1(r.JobNumber), maxJobRunes); job != "" {
		s += " \u00b7 " + job
	}
	return s
}

func (r Received) validate() error {
	if r.At.IsZero() {
		return errors.New("received time is zero")
	}
	return nil
}

// Options bound the work one call may do. The zero value uses the defaults.
type Options struct {
	// MaxBytes caps the input size; 0 means DefaultMaxBytes.
	MaxBytes int64
	// MaxPages caps the page count; 0 means DefaultMaxPages.
	MaxPages int
	// MaxPixels caps the pixels of a picture (ApplyPicture); 0 means
	// DefaultMaxPixels.
	MaxPixels int64
	// Upright says a picture's pixels are upright already, whatever its
	// EXIF orientation says (ApplyPicture): heif-convert turns a HEIC
	// photo's pixels and keeps the tag that said how to turn them.
	Upright bool
	// MaxPictureMemory caps the memory a picture's stamp takes, as its
	// header tells (ApplyPicture); 0 means DefaultMaxPictureMemory, and
	// never more than Budget's size.
	MaxPictureMemory int64
	// Budget, when set, is memory shared with other picture stamps under
	// way: ApplyPicture waits for its share of it.
	Budget *MemoryBudget
	// ConvertFax, when set, rewrites a TIFF with pages in two-dimensional
	// Group 3 fax coding, which ApplyPicture does not decode, as the same
	// pages in Group 4 (as libtiff's tiffcp -c g4 does), for ApplyPicture
	// to stamp. It is called only for a TIFF within every limit, as its
	// header tells, and what it returns is checked as the TIFF was and
	// must hold the same pages. Without it such a TIFF is refused
	// (ErrTwoDimensionalFax).
	ConvertFax func(ctx context.Context, tiff []byte) ([]byte, error)
}

func (o Options) withDefaults() (Options, error) {
	if o.MaxBytes < 0 || o.MaxPages < 0 || o.MaxPixels < 0 || o.MaxPictureMemory < 0 {
		return o, fmt.Errorf("negative limit (max_bytes %d, max_pages %d, max_pixels %d, max_picture_memory %d)",
			o.MaxBytes, o.MaxPages, o.MaxPixels, o.MaxPictureMemory)
	}
	o.MaxBytes = cmp.Or(o.MaxBytes, DefaultMaxBytes)
	o.MaxPages = cmp.Or(o.MaxPages, DefaultMaxPages)
	o.MaxPixels = cmp.Or(o.MaxPixels, DefaultMaxPixels)
	o.MaxPictureMemory = cmp.Or(o.MaxPictureMemory, DefaultMaxPictureMemory)
	if o.Budget != nil {
		// More would wait for a share the budget can never give.
		o.MaxPictureMemory = min(o.MaxPictureMemory, o.Budget.size)
	}
	return o, nil
}

// PanicError is a panic raised inside pdfcpu, recovered and returned as an
// error. errors.Is(err, ErrMalformed) holds for it: the input made the
// library fail, and the caller handles it like any unreadable PDF.
type PanicError struct {
	// Value is what was passed to panic.
	Value any
	// Stack is the goroutine stack at the panic, for the log.
	Stack []byte
}

// Error reports the panic value without the stack, which belongs in the log
// rather than in a document's stamp error.
func (e *PanicError) Error() string {
	return fmt.Sprintf("pdfcpu panic: %v", e.Value)
}

// Unwrap makes errors.Is(err, ErrMalformed) true, and exposes a panic value
// that is itself an error.
func (e *PanicError) Unwrap() []error {
	if err, ok := e.Value.(error); ok {
		return []error{ErrMalformed, err}
	}
	return []error{ErrMalformed}
}

// Apply writes to out a copy of the PDF read from in with r stamped on page
// one, top right, in small red Helvetica. Nothing else changes: same pages,
// same content; in is only read.
//
// Errors about the PDF match ErrEncrypted, ErrMalformed or ErrTooLarge;
// errors from in or out themselves are returned wrapped, matching none of
// them; a done ctx returns its error. When Apply fails, out may hold a
// partial PDF and must be discarded.
//
// ctx is checked between steps and stops reading early, but pdfcpu cannot
// be interrupted while validating, stamping or writing: bound concurrency
// and run Apply in a job with a timeout.
func Apply(ctx context.Context, in io.ReadSeeker, out io.Writer, r Received, opts Options) error {
	return ApplyWithText(ctx, in, out, r, nil, opts)
}

func apply(ctx context.Context, in *sourceReader, out io.Writer, text string, layers []TextLayer, opts Options) error {
	pc, err := read(ctx, in, opts)
	if err != nil {
		return err
	}
	if err := layText(ctx, pc, layers); err != nil {
		return err
	}
	return stampAndWrite(ctx, pc, out, text)
}

// stampAndWrite stamps text on page one of pc and writes pc to out.
func stampAndWrite(ctx context.Context, pc *model.Context, out io.Writer, text string) error {
	if err := ctx.Err(); err != nil {
		return err
	}

	// A fresh watermark per call: pdfcpu fills it with per-document state
	// (font and resource references) while stamping.
	desc := fmt.Sprintf("fontname:%s, points:%d, position:tr, offset:%d %d, scalefactor:1 abs, rotation:0, fillcolor:%s, opacity:1",
		stampFont, stampPoints, -stampInsetX, -stampInsetY, stampColor)
	wm, err := api.TextWatermark(text, desc, true, false, types.POINTS)
	if err != nil {
		return fmt.Errorf("configure stamp: %w", err)
	}
	if err := api.WatermarkContext(pc, types.IntSet{1: true}, wm); err != nil {
		return fmt.Errorf("stamp page 1: %w", err)
	}

	// Checked before writing, not after: once bytes reach out the caller
	// would have to discard them anyway.
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := api.WriteContext(pc, out); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

// PageCount returns the number of pages of the PDF read from in, under the
// default limits. Its errors follow the same rules as Apply's.
func PageCount(in io.ReadSeeker) (int, error) {
	return Options{}.PageCount(in)
}

// PageCount returns the number of pages of the PDF read from in, under o's
// limits. Its errors follow the same rules as Apply's.
func (o Options) PageCount(in io.ReadSeeker) (int, error) {
	if in == nil {
		return 0, errors.New("page count: nil input")
	}
	o, err := o.withDefaults()
	if err != nil {
		return 0, fmt.Errorf("page count: %w", err)
	}
	src := &sourceReader{rs: in}
	var n int
	err = guard(func() error {
		pc, err := read(context.Background(), src, o)
		if err != nil {
			return err
		}
		n = pc.PageCount
		return nil
	})
	if err := classify(context.Background(), "page count", err, src, nil); err != nil {
		return 0, err
	}
	return n, nil
}

// read parses and validates the PDF, enforcing the limits as early as each
// can be known: size before parsing, the declared page count before the
// (costly) validation, the real page count after it.
func read(ctx context.Context, in *sourceReader, opts Options) (*model.Context, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	size, err := in.size()
	if err != nil {
		return nil, err
	}
	if size > opts.MaxBytes {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, size, opts.MaxBytes)
	}
	if size == 0 {
		return nil, fmt.Errorf("%w: empty input", ErrMalformed)
	}
	if err := checkHeader(in); err != nil {
		return nil, err
	}

	conf := newConfiguration(opts)
	pc, err := pdfcpu.ReadWithContext(ctx, in, conf)
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	// Belt and braces for the read-time refusal in newConfiguration: an
	// encrypted document never gets past this point.
	if pc.Encrypt != nil || pc.E != nil {
		return nil, fmt.Errorf("read: %w", ErrEncrypted)
	}
	conf.Cmd = model.ADDWATERMARKS

	repairPageCounts(pc.XRefTable)
	if err := pc.EnsurePageCount(); err != nil {
		return nil, fmt.Errorf("read page count: %w", err)
	}
	if err := checkPages(pc.PageCount, opts); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	if err := api.ValidateContext(pc); err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	if err := checkPages(pc.PageCount, opts); err != nil {
		return nil, err
	}
	if pc.PageCount < 1 {
		return nil, fmt.Errorf("%w: no pages", ErrMalformed)
	}
	return pc, nil
}

// pdfHeader starts every PDF; pdfcpu looks for it anywhere in the input,
// as readers do, since some writers put junk before it.
var pdfHeader = []byte("%PDF-")

// checkHeader refuses an input without a PDF header anywhere, which pdfcpu
// refuses too, but only after searching the whole input backwards for a
// cross-reference table in small pieces: a file named .pdf that is not one
// costs one forward read instead. It leaves in positioned at the start.
func checkHeader(in *sourceReader) error {
	buf := make([]byte, 32<<10)
	kept := 0 // bytes of the previous piece that may start a header
	for {
		n, err := io.ReadFull(in, buf[kept:])
		if bytes.Contains(buf[:kept+n], pdfHeader) {
			break
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return fmt.Errorf("%w: no PDF header", ErrMalformed)
		}
		if err != nil {
			return err
		}
		kept = copy(buf, buf[len(buf)-len(pdfHeader)+1:])
	}
	if _, err := in.Seek(0, io.SeekStart); err != nil {
		in.err = fmt.Errorf("seek: %w", err)
		return in.err
	}
	return nil
}

func checkPages(n int, opts Options) error {
	if n > opts.MaxPages {
		return fmt.Errorf("%w: %d pages, limit %d", ErrTooLarge, n, opts.MaxPages)
	}
	return nil
}

var disableConfigDir sync.Once

// newConfiguration returns the pdfcpu configuration for one call. pdfcpu
// mutates the configuration it is given, so each call gets its own.
func newConfiguration(opts Options) *model.Configuration {
	// Without this pdfcpu creates a config directory under the user's home
	// on first use, and exits the process when it cannot.
	disableConfigDir.Do(api.DisableConfigDir)

	conf := model.NewDefaultConfiguration()
	// Real-world mail carries PDFs from scanners and phone apps that break
	// the letter of the spec; relaxed validation repairs what is common.
	conf.ValidationMode = model.ValidationRelaxed
	conf.CheckFileNameExt = false
	conf.Offline = true
	// Optimizing (deduplicating fonts and images) costs a full pass and
	// changes nothing the stamp needs.
	conf.Optimize = false
	conf.OptimizeBeforeWriting = false
	conf.OptimizeResourceDicts = false
	conf.OptimizeDuplicateContentStreams = false
	// Packing the objects into compressed object streams and a compressed
	// cross-reference stream costs two flate writers of about 800 kB each,
	// more than the stamp itself; a plain table adds a few bytes an object
	// and nothing to pages with content.
	conf.WriteObjectStream = false
	conf.WriteXRefStream = false
	// pdfcpu refuses encrypted files during reading, before deriving any key,
	// only for commands that can never handle encryption; adding a signature
	// is one. The command is switched to stamping once the file is read.
	conf.Cmd = model.ADDSIGNATURE
	// No stream in a file can be larger than the file; a decoded stream
	// (object and xref streams are decoded while reading) gets a generous
	// multiple, so a compression bomb fails instead of exhausting memory.
	conf.Limits.MaxStreamBytes = opts.MaxBytes
	conf.Limits.MaxDecodeBytes = min(conf.Limits.MaxDecodeBytes, 8*opts.MaxBytes)
	return conf
}

// classify turns an error from the pipeline into the package's vocabulary:
// failures of in or out stay I/O errors, cancellation stays ctx's error, and
// everything else says what was wrong with the PDF.
func classify(ctx context.Context, op string, err error, src *sourceReader, dst *sinkWriter) error {
	if err == nil {
		return nil
	}
	if src.err != nil {
		return fmt.Errorf("%s: read input: %w", op, src.err)
	}
	if dst != nil && dst.err != nil {
		return fmt.Errorf("%s: write output: %w", op, dst.err)
	}
	if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return fmt.Errorf("%s: %w", op, err)
	}
	switch {
	case errors.Is(err, ErrEncrypted), errors.Is(err, ErrMalformed), errors.Is(err, ErrTooLarge):
		return fmt.Errorf("%s: %w", op, err)
	case isEncryptionError(err):
		return fmt.Errorf("%s: %w: %w", op, ErrEncrypted, err)
	case errors.Is(err, filter.ErrDecodeLimitExceeded):
		return fmt.Errorf("%s: %w: %w", op, ErrTooLarge, err)
	default:
		return fmt.Errorf("%s: %w: %w", op, ErrMalformed, err)
	}
}

func isEncryptionError(err error) bool {
	for _, target := range []error{
		pdfcpu.ErrEncrypted,
		pdfcpu.ErrWrongPassword,
		pdfcpu.ErrOwnerPasswordRequired,
		pdfcpu.ErrPermissionDenied,
		pdfcpu.ErrMalformedEncryption,
		pdfcpu.ErrUnsupportedEncryptionFeature,
	} {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

// guard runs f and turns a panic into a *PanicError. pdfcpu recovers only
// its own fault.Panic, and only in its api layer; index and nil-map panics
// on hostile input still escape it.
func guard(f func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Value: v, Stack: debug.Stack()}
		}
	}()
	return f()
}

// sourceReader remembers the first failure of the caller's reader, so that
// a broken input stream is reported as I/O and not blamed on the PDF.
// Failed seeks are not remembered: on a broken file pdfcpu computes
// offsets that are out of range, and that is the PDF's fault.
// wholeFile is an input that can be read in one piece: a file.
type wholeFile interface {
	io.ReaderAt
	Stat() (fs.FileInfo, error)
}

// readWholeMax is the largest file read in one piece before stamping.
const readWholeMax = 8 << 20

// readWhole returns in, or, when it is a file of at most readWholeMax and
// limit bytes, its content in memory: pdfcpu reads a PDF in small pieces
// back and forth, and on a file each piece is a system call or two. The
// input is read from its start, as stamping reads it.
func readWhole(in io.ReadSeeker, limit int64) io.ReadSeeker {
	f, ok := in.(wholeFile)
	if !ok {
		return in
	}
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() > min(readWholeMax, limit) {
		return in
	}
	data := make([]byte, info.Size())
	if _, err := f.ReadAt(data, 0); err != nil {
		return in // read as it comes, which meets the same error
	}
	return bytes.NewReader(data)
}

type sourceReader struct {
	rs  io.ReadSeeker
	err error
}

func (s *sourceReader) Read(p []byte) (int, error) {
	n, err := s.rs.Read(p)
	if err != nil && err != io.EOF && s.err == nil {
		s.err = err
	}
	return n, err
}

func (s *sourceReader) Seek(offset int64, whence int) (int64, error) {
	return s.rs.Seek(offset, whence)
}

// size returns the input's length and leaves it positioned at the start.
func (s *sourceReader) size() (int64, error) {
	n, err := s.rs.Seek(0, io.SeekEnd)
	if err == nil {
		_, err = s.rs.Seek(0, io.SeekStart)
	}
	if err != nil {
		s.err = fmt.Errorf("seek: %w", err)
		return 0, s.err
	}
	return n, nil
}

// sinkWriter remembers the first failure of the caller's writer, for the
// same reason as sourceReader.
type sinkWriter struct {
	w   io.Writer
	err error
}

func (s *sinkWriter) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	if err != nil && s.err == nil {
		s.err = err
	}
	return n, err
}
