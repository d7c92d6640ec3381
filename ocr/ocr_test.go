package ocr

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/ocr/ocrtest"
)

var formLines = []string{
	"CERTIFICATE OF SATISFACTION",
	"Customer: Maria Pena",
	"Property: 4410 Maple Ave, Plano, TX",
	"Claim # LA920-967489-27",
	"The work has been completed to my satisfaction.",
}

func needOCR(t testing.TB, k Kind) {
	t.Helper()
	if !Available(k) {
		t.Skip("tesseract (or its helper) not installed: scripts/test installs it")
	}
}

// TestReadRotatedScan reads a scan fed sideways and one fed upside down:
// tesseract's orientation detection turns them upright.
func TestReadRotatedScan(t *testing.T) {
	t.Parallel()
	needOCR(t, Image)
	for _, turns := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d°", 90*turns), func(t *testing.T) {
			t.Parallel()
			img := ocrtest.RenderPage(t, formLines, 255)
			for range turns {
				img = ocrtest.Rotate90(img)
			}
			readRotated(t, img)
		})
	}
}

func readRotated(t *testing.T, img *image.Gray) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	text, err := (&Reader{TempDir: t.TempDir()}).Read(t.Context(), Image, &buf)
	if err != nil {
		t.Fatal(err)
	}
	got := text.String()
	for _, want := range []string{"CERTIFICATE OF SATISFACTION", "LA920-967489-27", "4410 Maple Ave"} {
		if !strings.Contains(got, want) {
			t.Errorf("rotated scan read without %q:\n%s", want, got)
		}
	}
}

func TestReadPhoneJPEG(t *testing.T) {
	t.Parallel()
	needOCR(t, Image)
	var buf bytes.Buffer
	// A phone photo: grey paper, lossy JPEG.
	if err := jpeg.Encode(&buf, ocrtest.RenderPage(t, formLines, 200), &jpeg.Options{Quality: 60}); err != nil {
		t.Fatal(err)
	}
	text, err := (&Reader{TempDir: t.TempDir()}).Read(t.Context(), KindOf("IMG_4410.JPG", ""), &buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := text.String(); !strings.Contains(got, "LA920-967489-27") || !strings.Contains(got, "SATISFACTION") {
		t.Errorf("phone photo read as:\n%s", got)
	}
}

// TestReadPhotoWithoutWords reads a photo with nothing written on it (a
// room, a ceiling stain): its text is "", not tesseract's form feed, so
// that no text is kept, searched or shown for it. A page's text loses the
// blanks and control characters around it; a PDF's pages without words
// keep their places among those with words.
func TestReadPhotoWithoutWords(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		pages []string
		want  string
	}{
		{[]string{""}, ""},
		{[]string{"\f", " \n\x0b\r\x1b"}, ""},
		{[]string{"", "Claim # LA920-967489-27", ""}, "\fClaim # LA920-967489-27\f\f"},
	} {
		if got := (Text{Pages: c.pages}).String(); got != c.want {
			t.Errorf("Text%q.String() = %q, want %q", c.pages, got, c.want)
		}
	}
	if got := pageText("\x0c\n  Claim # 60-8H77-8H5\n\x0c\x00"); got != "Claim # 60-8H77-8H5" {
		t.Errorf("pageText = %q", got)
	}
	needOCR(t, Image)
	var buf bytes.Buffer
	if err := png.Encode(&buf, ocrtest.RenderPage(t, nil, 200)); err != nil {
		t.Fatal(err)
	}
	text, err := (&Reader{TempDir: t.TempDir()}).Read(t.Context(), KindOf("IMG_0001.PNG", ""), &buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := text.String(); got != "" || len(text.Pages) != 1 || text.Pages[0] != "" {
		t.Errorf("a photo without words read as %q (pages %q)", got, text.Pages)
	}
}

// TestReadHEIC reads an iPhone's HEIC photo of a form, converted first by
// heif-convert.
func TestReadHEIC(t *testing.T) {
	t.Parallel()
	needOCR(t, HEIC)
	text, err := (&Reader{TempDir: t.TempDir()}).Read(t.Context(), KindOf("IMG_0001.HEIC", "image/heic"), bytes.NewReader(formHEIC(t)))
	if err != nil {
		t.Fatal(err)
	}
	if got := text.String(); !strings.Contains(got, "LA920-967489-27") {
		t.Errorf("HEIC photo read as:\n%s", got)
	}
}

// formHEIC is a photo of a form, HEIC as an iPhone sends it; the test is
// skipped where it cannot be made.
func formHEIC(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, ocrtest.RenderPage(t, formLines, 230)); err != nil {
		t.Fatal(err)
	}
	heic, why := ocrtest.HEIC(t, buf.Bytes(), ".png")
	if heic == nil {
		t.Skip(why)
	}
	return heic
}

// TestHEICToJPEG converts an iPhone's HEIC photo to a JPEG of its size,
// for a PDF to hold, and refuses a damaged one and one over the byte cap.
func TestHEICToJPEG(t *testing.T) {
	t.Parallel()
	if !Available(HEIC) {
		t.Skip("heif-convert not installed: scripts/test installs it")
	}
	heic := formHEIC(t)
	dir := t.TempDir()
	jpg, err := HEICToJPEG(t.Context(), bytes.NewReader(heic), dir, 50<<20)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(jpg))
	if want := ocrtest.RenderPage(t, formLines, 230).Bounds(); err != nil || cfg.Width != want.Dx() || cfg.Height != want.Dy() {
		t.Errorf("JPEG %dx%d (%v), want the photo's %dx%d", cfg.Width, cfg.Height, err, want.Dx(), want.Dy())
	}
	if _, err := HEICToJPEG(t.Context(), bytes.NewReader(heic[:len(heic)/2]), dir, 50<<20); err == nil {
		t.Error("half a HEIC photo converted")
	}
	if _, err := HEICToJPEG(t.Context(), bytes.NewReader(heic), dir, int64(len(jpg)-1)); err == nil {
		t.Error("a JPEG over the cap returned")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "claimdesk-heic-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestReadLongImagePDFBounded reads a 40-page image-only PDF: the page cap
// stops the read after the pages the classifier needs, in bounded time.
func TestReadLongImagePDFBounded(t *testing.T) {
	t.Parallel()
	needOCR(t, PDF)
	var pages [][]byte
	for i := range 40 {
		var buf bytes.Buffer
		lines := append([]string{fmt.Sprintf("DRYING LOG page %d", i+1)}, formLines[1:4]...)
		if err := jpeg.Encode(&buf, ocrtest.RenderPage(t, lines, 255), &jpeg.Options{Quality: 75}); err != nil {
			t.Fatal(err)
		}
		pages = append(pages, buf.Bytes())
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	text, err := (&Reader{TempDir: t.TempDir(), MaxPages: 2}).Read(ctx, PDF, bytes.NewReader(ocrtest.ImagePDF(pages, 1275, 1650)))
	if err != nil {
		t.Fatal(err)
	}
	if len(text.Pages) != 2 || !text.Truncated {
		t.Fatalf("read %d pages (truncated %v), want the first 2 of 40", len(text.Pages), text.Truncated)
	}
	if !strings.Contains(text.Pages[1], "DRYING LOG page 2") || !strings.Contains(text.Pages[0], "LA920-967489-27") {
		t.Errorf("pages read as %q", text.Pages)
	}
	t.Logf("2 pages of 40 read in %s", time.Since(start))
}

// threePageScan is a PDF of three scanned pages of the form and no text,
// as a copier sends it.
func threePageScan(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, ocrtest.RenderPage(t, formLines, 255), nil); err != nil {
		t.Fatal(err)
	}
	page := buf.Bytes()
	return ocrtest.ImagePDF([][]byte{page, page, page}, 1275, 1650)
}

// TestReadPDFBudget stops a read whose time budget is spent: no page is
// begun after it.
func TestReadPDFBudget(t *testing.T) {
	t.Parallel()
	needOCR(t, PDF)
	text, err := (&Reader{TempDir: t.TempDir(), Budget: time.Nanosecond}).Read(t.Context(), PDF, bytes.NewReader(threePageScan(t)))
	if err != nil {
		t.Fatal(err)
	}
	if !text.Truncated || len(text.Pages) > 1 {
		t.Errorf("read %d pages past its budget (truncated %v)", len(text.Pages), text.Truncated)
	}
}

func TestKindOf(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, ct string
		want     Kind
	}{
		{"scan0001.pdf", "application/octet-stream", PDF},
		{"IMG_1.HEIC", "", HEIC},
		{"photo", "image/jpeg; name=photo", Image},
		{"page.tif", "", Image},
		{"estimate.esx", "application/zip", None},
	} {
		if got := KindOf(c.name, c.ct); got != c.want {
			t.Errorf("KindOf(%q, %q) = %d, want %d", c.name, c.ct, got, c.want)
		}
	}
}

// TestReadFileWhereItIs reads photos from files, as the OCR worker does
// with blobs of the local store: with no temporary file at all (the
// temporary directory named here does not exist), unless the file's name
// has gone to another file since it was opened, as when the store moves
// its blobs (MigrateLayout): then the open file is copied and read.
func TestReadFileWhereItIs(t *testing.T) {
	needOCR(t, Image)
	dir := t.TempDir()
	var photo bytes.Buffer
	if err := jpeg.Encode(&photo, ocrtest.RenderPage(t, formLines, 220), &jpeg.Options{Quality: 70}); err != nil {
		t.Fatal(err)
	}
	open := func(name string) *os.File {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, photo.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	read := func(what string, r *Reader, in io.Reader) {
		t.Helper()
		text, err := r.Read(t.Context(), Image, in)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if got := text.String(); !strings.Contains(got, "LA920-967489-27") {
			t.Errorf("%s read as:\n%s", what, got)
		}
	}
	copies := countCopies(t)
	read("photo read from its file", &Reader{TempDir: filepath.Join(dir, "missing")}, open("photo"))
	if n := copies(); n != 0 {
		t.Errorf("the photo was copied %d times to a temporary file", n)
	}

	moved := open("moved")
	if err := os.Rename(moved.Name(), moved.Name()+".elsewhere"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(moved.Name(), []byte("another file under the old name"), 0o600); err != nil {
		t.Fatal(err)
	}
	read("photo whose name went to another file", &Reader{TempDir: t.TempDir()}, moved)
	if n := copies(); n != 1 {
		t.Errorf("the moved photo was copied %d times, want once", n)
	}
}

// countCopies counts the files copied to temporary files until the test
// ends; the tests using it cannot run in parallel with others that copy.
func countCopies(t *testing.T) func() int64 {
	var n atomic.Int64
	was := writeFile
	writeFile = func(name string, in io.Reader) error {
		n.Add(1)
		return was(name, in)
	}
	t.Cleanup(func() { writeFile = was })
	return n.Load
}
