package ocr

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

var formLines = []string{
	"CERTIFICATE OF SATISFACTION",
	"Customer: Maria Pena",
	"Property: 4410 Maple Ave, Plano, TX",
	"Claim # LA920-967489-27",
	"The work has been completed to my satisfaction.",
}

// renderPage draws lines of text in a 12 pt face on a letter page at
// 150 dpi, black on paper of the given grey.
func renderPage(t *testing.T, lines []string, paper uint8) *image.Gray {
	t.Helper()
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 14, DPI: 150})
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewGray(image.Rect(0, 0, 1275, 1650))
	draw.Draw(img, img.Bounds(), &image.Uniform{color.Gray{paper}}, image.Point{}, draw.Src)
	d := &font.Drawer{Dst: img, Src: image.Black, Face: face}
	for i, l := range lines {
		d.Dot = fixed.P(120, 200+i*60)
		d.DrawString(l)
	}
	return img
}

// rotate90 turns img a quarter turn clockwise, as a scan fed sideways.
func rotate90(src *image.Gray) *image.Gray {
	b := src.Bounds()
	dst := image.NewGray(image.Rect(0, 0, b.Dy(), b.Dx()))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			dst.SetGray(b.Max.Y-1-y, x, src.GrayAt(x, y))
		}
	}
	return dst
}

func needOCR(t *testing.T, k Kind) {
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
			img := renderPage(t, formLines, 255)
			for range turns {
				img = rotate90(img)
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
	if err := jpeg.Encode(&buf, renderPage(t, formLines, 200), &jpeg.Options{Quality: 60}); err != nil {
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

// TestReadLongImagePDFBounded reads a 40-page image-only PDF: the page cap
// stops the read after the pages the classifier needs, in bounded time.
func TestReadLongImagePDFBounded(t *testing.T) {
	t.Parallel()
	needOCR(t, PDF)
	var pages [][]byte
	for i := range 40 {
		var buf bytes.Buffer
		lines := append([]string{fmt.Sprintf("DRYING LOG page %d", i+1)}, formLines[1:4]...)
		if err := jpeg.Encode(&buf, renderPage(t, lines, 255), &jpeg.Options{Quality: 75}); err != nil {
			t.Fatal(err)
		}
		pages = append(pages, buf.Bytes())
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	text, err := (&Reader{TempDir: t.TempDir(), MaxPages: 2}).Read(ctx, PDF, bytes.NewReader(imagePDF(pages, 1275, 1650)))
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

// TestReadPDFBudget stops a read whose time budget is spent: no page is
// begun after it.
func TestReadPDFBudget(t *testing.T) {
	t.Parallel()
	needOCR(t, PDF)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, renderPage(t, formLines, 255), nil); err != nil {
		t.Fatal(err)
	}
	page := buf.Bytes()
	text, err := (&Reader{TempDir: t.TempDir(), Budget: time.Nanosecond}).Read(t.Context(), PDF, bytes.NewReader(imagePDF([][]byte{page, page, page}, 1275, 1650)))
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

// imagePDF writes a PDF whose pages are each one JPEG picture of w×h
// pixels at 150 dpi and no text: what a copier sends.
func imagePDF(jpegs [][]byte, w, h int) []byte {
	var b bytes.Buffer
	var offsets []int
	obj := func(body string, stream []byte) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s", len(offsets), body)
		if stream != nil {
			b.WriteString("\nstream\n")
			b.Write(stream)
			b.WriteString("\nendstream")
		}
		b.WriteString("\nendobj\n")
	}
	b.WriteString("%PDF-1.4\n")
	n := len(jpegs)
	kids := make([]string, n)
	for i := range n {
		kids[i] = fmt.Sprintf("%d 0 R", 3+3*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>", nil)
	obj(fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", n, strings.Join(kids, " ")), nil)
	pw, ph := w*72/150, h*72/150
	for i, j := range jpegs {
		content, img := 4+3*i, 5+3*i
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>", pw, ph, img, content), nil)
		draw := fmt.Sprintf("q %d 0 0 %d 0 0 cm /Im0 Do Q", pw, ph)
		obj(fmt.Sprintf("<< /Length %d >>", len(draw)), []byte(draw))
		obj(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>", w, h, len(j)), j)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}
