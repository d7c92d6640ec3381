package stamp

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
)

var cst = time.FixedZone("CST", -6*60*60)

func received(job string) Received {
	return Received{At: time.Date(2026, 11, 2, 10, 14, 0, 0, cst), JobNumber: job}
}

func TestReceivedText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		r    Received
		want string
	}{
		{"job", received("26-1031-WTR"), "RECEIVED 2026-11-02 10:14 CST \u00b7 26-1031-WTR"},
		{"triage has no job", received(""), "RECEIVED 2026-11-02 10:14 CST"},
		{"blank job", received("  "), "RECEIVED 2026-11-02 10:14 CST"},
		{"zone without abbreviation", Received{At: time.Date(2026, 1, 5, 8, 0, 0, 0, time.FixedZone("", 5*60*60+30*60)), JobNumber: "26-1001-WTR"},
			"RECEIVED 2026-01-05 08:00 +0530 \u00b7 26-1001-WTR"},
		{"non-latin-1 job", received("26-1031-ŁÓDŹ"), "RECEIVED 2026-11-02 10:14 CST \u00b7 26-1031-?ÓDZ"},
		{"long job is cut", received(strings.Repeat("9", 40)), "RECEIVED 2026-11-02 10:14 CST \u00b7 " + strings.Repeat("9", 29) + "..."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.r.Text(); got != tt.want {
				t.Errorf("Text() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLatin1(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"26-1031-WTR", "26-1031-WTR"},
		{"a\u00b7b", "a\u00b7b"},       // middle dot is Latin-1: kept
		{"Peña Müller", "Peña Müller"}, // Latin-1 letters kept
		{"Őrség", "Orség"},             // accent outside Latin-1: base letter
		{"Łódź", "?ódz"},               // no decomposition: visible placeholder
		{"東京", "??"},
		{"ﬁle２", "file2"}, // compatibility forms fold to their letters
		{"€5", "?5"},      // WinAnsi has a euro sign, Latin-1 does not
		{"a\u0085b", "a b"},
		{"line\nbreak\ttab", "line break tab"},
		{`C:\new`, "C:/new"}, // pdfcpu would read \n as a line break
		{"🔥", "?"},
		{"\xff", "?"}, // invalid UTF-8
	}
	for _, tt := range tests {
		if got := latin1(tt.in); got != tt.want {
			t.Errorf("latin1(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestApply(t *testing.T) {
	t.Parallel()
	for _, pages := range []int{1, 3, 50} {
		t.Run(fmt.Sprintf("%d pages", pages), func(t *testing.T) {
			t.Parallel()
			in := makePDF(t, pages)
			sum := sha256.Sum256(in)
			out := stampBytes(t, in, received("26-1031-WTR"))

			if sha256.Sum256(in) != sum {
				t.Fatal("input bytes changed")
			}
			n, err := PageCount(bytes.NewReader(out))
			if err != nil {
				t.Fatalf("page count of output: %v", err)
			}
			if n != pages {
				t.Errorf("output has %d pages, want %d", n, pages)
			}
			text := pageText(t, out, 1)
			if want := received("26-1031-WTR").Text(); !strings.Contains(text, want) {
				t.Errorf("page 1 text %q lacks %q", text, want)
			}
			if !strings.Contains(text, fmt.Sprintf("page 1 of %d", pages)) {
				t.Errorf("page 1 lost its own text: %q", text)
			}
			if pages > 1 {
				if text := pageText(t, out, 2); strings.Contains(text, "RECEIVED") {
					t.Errorf("page 2 is stamped too: %q", text)
				}
			}
			qpdfCheck(t, out)
		})
	}
}

// TestApplyImages stamps a scan-like PDF whose bulk is image streams, which
// must come through untouched and readable.
func TestApplyImages(t *testing.T) {
	t.Parallel()
	in := makeHeavyPDF(t, 3, 256<<10)
	out := stampBytes(t, in, received("26-1031-WTR"))
	if n, err := PageCount(bytes.NewReader(out)); err != nil || n != 3 {
		t.Errorf("stamped copy has %d pages (%v), want 3", n, err)
	}
	if len(out) < len(in) {
		t.Errorf("stamped copy has %d bytes, fewer than the original's %d", len(out), len(in))
	}
	if text := pageText(t, out, 1); !strings.Contains(text, received("26-1031-WTR").Text()) {
		t.Errorf("page 1 text %q lacks the stamp", text)
	}
	qpdfCheck(t, out)
}

// TestApplyPageShapes stamps first pages built the ways real producers
// build them, which the stamp must cope with.
func TestApplyPageShapes(t *testing.T) {
	t.Parallel()
	const (
		catalog = "<< /Type /Catalog /Pages 2 0 R >>"
		tree    = "<< /Type /Pages /Count 1 /Kids [3 0 R] >>"
		content = "<< /Length 7 >>\nstream\n0 0 m S\nendstream"
	)
	tests := map[string][]byte{
		"no contents": rawPDF(catalog, tree,
			"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"),
		"contents array": rawPDF(catalog, tree,
			"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [4 0 R 4 0 R] >>", content),
		"inherited media box": rawPDF(catalog,
			"<< /Type /Pages /Count 1 /Kids [3 0 R] /MediaBox [0 0 612 792] >>",
			"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>", content),
		"media box off the origin": rawPDF(catalog, tree,
			"<< /Type /Page /Parent 2 0 R /MediaBox [100 100 712 892] /Contents 4 0 R >>", content),
		"crop box": rawPDF(catalog, tree,
			"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /CropBox [36 36 576 756] /Contents 4 0 R >>", content),
		// Left behind by tools that drop pages without fixing the count.
		"stale page count": rawPDF(catalog,
			"<< /Type /Pages /Count 3 /Kids [3 0 R] >>",
			"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>", content),
		"stale count in a subtree": rawPDF(catalog,
			"<< /Type /Pages /Count 1 /Kids [5 0 R] >>",
			"<< /Type /Page /Parent 5 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>", content,
			"<< /Type /Pages /Parent 2 0 R /Count 7 /Kids [3 0 R] >>"),
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out := stampBytes(t, in, received("26-1031-WTR"))
			if n, err := PageCount(bytes.NewReader(out)); err != nil || n != 1 {
				t.Errorf("stamped copy has %d pages (%v), want 1", n, err)
			}
			requireTopRight(t, out, "RECEIVED", "26-1031-WTR")
			qpdfCheck(t, out)
		})
	}
}

// TestApplyPlacement checks the stamp sits in the top-right corner of page
// one as displayed, also when the page is shown rotated, and stays small.
func TestApplyPlacement(t *testing.T) {
	t.Parallel()
	var rotated bytes.Buffer
	if err := api.Rotate(bytes.NewReader(makePDF(t, 2)), &rotated, 90, nil, testConfiguration()); err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string][]byte{"portrait": makePDF(t, 1), "rotated 90°": rotated.Bytes()} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out := stampBytes(t, in, received("26-1031-WTR"))
			requireTopRight(t, out, "RECEIVED", "26-1031-WTR")
			qpdfCheck(t, out)
		})
	}
}

var (
	pageBox = regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)"`)
	wordBox = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
)

// requireTopRight fails unless each word lies within the top 36 points and
// the right half of page one, as poppler lays the page out for display
// (rotated, and cut to the crop box).
func requireTopRight(t *testing.T, pdf []byte, words ...string) {
	t.Helper()
	path := writeTemp(t, "placed.pdf", pdf)
	html, err := runTool(t, "pdftotext", "-bbox", "-cropbox", "-f", "1", "-l", "1", path, "-")
	if err != nil {
		t.Fatal(err)
	}
	page := pageBox.FindStringSubmatch(html)
	if page == nil {
		t.Fatalf("no page box in %s", html)
	}
	width, _ := strconv.ParseFloat(page[1], 64)
	found := 0
	for _, w := range wordBox.FindAllStringSubmatch(html, -1) {
		if !slices.Contains(words, w[5]) {
			continue
		}
		found++
		xMin, _ := strconv.ParseFloat(w[1], 64)
		xMax, _ := strconv.ParseFloat(w[3], 64)
		yMax, _ := strconv.ParseFloat(w[4], 64)
		if xMin < width/2 || xMax > width || yMax > 36 {
			t.Errorf("%q at x %.0f–%.0f, bottom %.0f: not in the top-right corner of a %.0f pt wide page", w[5], xMin, xMax, yMax, width)
		}
	}
	if found != len(words) {
		t.Fatalf("found %d of the words %q in %s", found, words, html)
	}
}

func TestApplyNonLatin1JobNumber(t *testing.T) {
	t.Parallel()
	r := received("26-1031-ŁÓDŹ")
	out := stampBytes(t, makePDF(t, 1), r)
	text := pageText(t, out, 1)
	if want := "RECEIVED 2026-11-02 10:14 CST \u00b7 26-1031-?ÓDZ"; !strings.Contains(text, want) {
		t.Errorf("page 1 text %q lacks %q", text, want)
	}
	qpdfCheck(t, out)
}

func TestApplyErrors(t *testing.T) {
	t.Parallel()
	three := makePDF(t, 3)
	tests := []struct {
		name string
		in   []byte
		opts Options
		want error
	}{
		{"empty", nil, Options{}, ErrMalformed},
		{"garbage", bytes.Repeat([]byte("not a pdf at all "), 100), Options{}, ErrMalformed},
		{"header only", []byte("%PDF-1.7\n"), Options{}, ErrMalformed},
		{"truncated at half", three[:len(three)/2], Options{}, ErrMalformed},
		{"truncated before trailer", three[:len(three)-40], Options{}, ErrMalformed},
		{"page tree cycle", rawPDF("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 1 /Kids [2 0 R] >>"), Options{}, ErrMalformed},
		{"no pages", rawPDF("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 0 /Kids [] >>"), Options{}, ErrMalformed},
		{"aes-256 user password", encryptPDF(t, three, "user", "owner"), Options{}, ErrEncrypted},
		{"aes-256 owner password only", encryptPDF(t, three, "", "owner"), Options{}, ErrEncrypted},
		{"over the byte cap", three, Options{MaxBytes: int64(len(three) - 1)}, ErrTooLarge},
		{"over the page cap", three, Options{MaxPages: 2}, ErrTooLarge},
	}
	sentinels := []error{ErrEncrypted, ErrMalformed, ErrTooLarge}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			err := Apply(context.Background(), bytes.NewReader(tt.in), &out, received("26-1031-WTR"), tt.opts)
			_, countErr := tt.opts.PageCount(bytes.NewReader(tt.in))
			for name, err := range map[string]error{"Apply": err, "PageCount": countErr} {
				if !errors.Is(err, tt.want) {
					t.Fatalf("%s: got %v, want %v", name, err, tt.want)
				}
				for _, other := range sentinels {
					if other != tt.want && errors.Is(err, other) {
						t.Errorf("%s: %v also matches %v", name, err, other)
					}
				}
			}
		})
	}
}

func TestApplyExactlyAtLimits(t *testing.T) {
	t.Parallel()
	three := makePDF(t, 3)
	var out bytes.Buffer
	opts := Options{MaxBytes: int64(len(three)), MaxPages: 3}
	if err := Apply(context.Background(), bytes.NewReader(three), &out, received("26-1031-WTR"), opts); err != nil {
		t.Fatalf("at the limits: %v", err)
	}
}

func TestApplyBadArguments(t *testing.T) {
	t.Parallel()
	pdf := makePDF(t, 1)
	ctx := context.Background()
	if err := Apply(ctx, bytes.NewReader(pdf), io.Discard, Received{JobNumber: "26-1031-WTR"}, Options{}); err == nil {
		t.Error("zero received time accepted")
	}
	if err := Apply(ctx, bytes.NewReader(pdf), io.Discard, received("x"), Options{MaxBytes: -1}); err == nil {
		t.Error("negative byte cap accepted")
	}
	if err := Apply(ctx, nil, io.Discard, received("x"), Options{}); err == nil {
		t.Error("nil input accepted")
	}
	if err := Apply(ctx, bytes.NewReader(pdf), nil, received("x"), Options{}); err == nil {
		t.Error("nil output accepted")
	}
	if _, err := PageCount(nil); err == nil {
		t.Error("PageCount: nil input accepted")
	}
}

func TestApplyCanceled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out bytes.Buffer
	err := Apply(ctx, bytes.NewReader(makePDF(t, 1)), &out, received("26-1031-WTR"), Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if errors.Is(err, ErrMalformed) {
		t.Errorf("cancellation blamed on the PDF: %v", err)
	}
	if out.Len() != 0 {
		t.Errorf("%d bytes written after cancellation", out.Len())
	}
}

// cancelingReader cancels its context once pdfcpu has started reading, the
// way a job timeout fires in the middle of a stamp.
type cancelingReader struct {
	*bytes.Reader
	cancel context.CancelFunc
}

func (r cancelingReader) Read(p []byte) (int, error) {
	r.cancel()
	return r.Reader.Read(p)
}

func TestApplyCanceledWhileReading(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in := cancelingReader{Reader: bytes.NewReader(makePDF(t, 3)), cancel: cancel}
	var out bytes.Buffer
	err := Apply(ctx, in, &out, received("26-1031-WTR"), Options{})
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrMalformed) {
		t.Fatalf("got %v, want context.Canceled only", err)
	}
	if out.Len() != 0 {
		t.Errorf("%d bytes written after cancellation", out.Len())
	}
}

// failingIO is an input or output whose transfers fail, like a blob store
// connection dropping mid-stream; seeking works, so the input looks sized.
type failingIO struct{ err error }

func (f failingIO) Read([]byte) (int, error)       { return 0, f.err }
func (f failingIO) Seek(int64, int) (int64, error) { return 1000, nil }
func (f failingIO) Write([]byte) (int, error)      { return 0, f.err }

// TestApplyIOErrors checks that a failing reader or writer is reported as
// itself, not as a malformed PDF: the caller retries I/O, not bad files.
func TestApplyIOErrors(t *testing.T) {
	t.Parallel()
	broken := errors.New("connection reset")
	ctx := context.Background()

	err := Apply(ctx, failingIO{broken}, io.Discard, received("26-1031-WTR"), Options{})
	if !errors.Is(err, broken) || errors.Is(err, ErrMalformed) {
		t.Errorf("failing reader: got %v, want %v only", err, broken)
	}
	_, err = PageCount(failingIO{broken})
	if !errors.Is(err, broken) || errors.Is(err, ErrMalformed) {
		t.Errorf("PageCount, failing reader: got %v, want %v only", err, broken)
	}

	err = Apply(ctx, bytes.NewReader(makePDF(t, 1)), failingIO{broken}, received("26-1031-WTR"), Options{})
	if !errors.Is(err, broken) || errors.Is(err, ErrMalformed) {
		t.Errorf("failing writer: got %v, want %v only", err, broken)
	}
}

// panickingReader panics inside pdfcpu's parser, standing in for the
// runtime panics hostile PDFs provoke there.
type panickingReader struct{ *bytes.Reader }

func (panickingReader) Read([]byte) (int, error) { panic("index out of range [7] with length 7") }

func TestApplyRecoversPanic(t *testing.T) {
	t.Parallel()
	in := panickingReader{bytes.NewReader(makePDF(t, 1))}
	var out bytes.Buffer
	err := Apply(context.Background(), in, &out, received("26-1031-WTR"), Options{})
	var pe *PanicError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want a *PanicError", err)
	}
	if !errors.Is(err, ErrMalformed) {
		t.Errorf("%v does not match ErrMalformed", err)
	}
	if len(pe.Stack) == 0 || !strings.Contains(err.Error(), "index out of range") {
		t.Errorf("panic lost its detail: %v, %d-byte stack", err, len(pe.Stack))
	}

	_, err = PageCount(panickingReader{bytes.NewReader(makePDF(t, 1))})
	if !errors.As(err, &pe) || !errors.Is(err, ErrMalformed) {
		t.Errorf("PageCount: got %v, want a *PanicError", err)
	}
}

func TestGuard(t *testing.T) {
	t.Parallel()
	cause := errors.New("nil map")
	err := guard(func() error { panic(cause) })
	if !errors.Is(err, ErrMalformed) || !errors.Is(err, cause) {
		t.Errorf("panic with an error value: got %v", err)
	}
	err = guard(func() error { var m map[string]int; m["x"] = 1; return nil })
	var pe *PanicError
	if !errors.As(err, &pe) || !errors.Is(err, ErrMalformed) {
		t.Errorf("runtime panic: got %v", err)
	}
	if err := guard(func() error { return cause }); err != cause {
		t.Errorf("plain error: got %v", err)
	}
}

// TestApplyConcurrent stamps in parallel: pdfcpu keeps global state (font
// metrics, its config path), and the race detector should find no race.
func TestApplyConcurrent(t *testing.T) {
	t.Parallel()
	pdf := makePDF(t, 2)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Go(func() {
			var out bytes.Buffer
			r := received(fmt.Sprintf("26-10%02d-WTR", i))
			if err := Apply(context.Background(), bytes.NewReader(pdf), &out, r, Options{}); err != nil {
				errs <- err
				return
			}
			if n, err := PageCount(bytes.NewReader(out.Bytes())); err != nil || n != 2 {
				errs <- fmt.Errorf("stamp %d: %d pages, %v", i, n, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
