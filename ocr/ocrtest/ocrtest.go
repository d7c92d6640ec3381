// Package ocrtest makes pictures of forms for tests of OCR: text rendered
// on a page, turned as a scanner or a phone turns it, and image-only PDFs as
// copiers send them.
package ocrtest

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// RenderPage draws lines of text in a 12 pt face on a letter page at
// 150 dpi, black on paper of the given grey.
func RenderPage(t testing.TB, lines []string, paper uint8) *image.Gray {
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

// Rotate90 turns img a quarter turn clockwise, as a scan fed sideways.
func Rotate90(src *image.Gray) *image.Gray {
	b := src.Bounds()
	dst := image.NewGray(image.Rect(0, 0, b.Dy(), b.Dx()))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			dst.SetGray(b.Max.Y-1-y, x, src.GrayAt(x, y))
		}
	}
	return dst
}

// ImagePDF writes a PDF whose pages are each one JPEG picture of w×h
// pixels at 150 dpi and no text: what a copier sends.
func ImagePDF(jpegs [][]byte, w, h int) []byte {
	pages := make([]Page, len(jpegs))
	for i, j := range jpegs {
		pages[i] = Page{JPEG: j}
	}
	return PDF(pages, w, h)
}

// Page is one page of a PDF made by PDF: a JPEG picture, or when JPEG is
// nil, lines of Text typed in Helvetica (a page with a text layer).
type Page struct {
	JPEG []byte
	Text []string
}

// PDF writes a PDF of pages, each the size of a w×h picture at 150 dpi:
// typed pages and scanned ones mixed, as when a signed page is scanned
// into a typed contract.
func PDF(pages []Page, w, h int) []byte {
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
	n := len(pages)
	kids := make([]string, n)
	for i := range n {
		kids[i] = fmt.Sprintf("%d 0 R", 3+3*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>", nil)
	obj(fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", n, strings.Join(kids, " ")), nil)
	pw, ph := w*72/150, h*72/150
	for i, p := range pages {
		content, img := 4+3*i, 5+3*i
		if p.JPEG == nil {
			typedPage(obj, p.Text, pw, ph, content, img)
			continue
		}
		j := p.JPEG
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>", pw, ph, img, content), nil)
		show := fmt.Sprintf("q %d 0 0 %d 0 0 cm /Im0 Do Q", pw, ph)
		obj(fmt.Sprintf("<< /Length %d >>", len(show)), []byte(show))
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

// typedPage writes the page, content and font objects of a page of lines.
func typedPage(obj func(string, []byte), lines []string, pw, ph, content, font int) {
	obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>", pw, ph, font, content), nil)
	var show strings.Builder
	fmt.Fprintf(&show, "BT /F1 12 Tf 14 TL 72 %d Td", ph-72)
	for _, l := range lines {
		r := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`)
		fmt.Fprintf(&show, " (%s) Tj T*", r.Replace(l))
	}
	show.WriteString(" ET")
	obj(fmt.Sprintf("<< /Length %d >>", show.Len()), []byte(show.String()))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", nil)
}

// HEIC encodes picture, the bytes of a PNG or JPEG file (ext ".png" or
// ".jpg"; a JPEG's EXIF block is kept), as HEIC with heif-enc, which
// libheif-examples installs beside heif-convert: a photo as an iPhone
// sends it. It returns nil, and why, when heif-enc is missing or cannot
// encode here.
func HEIC(t testing.TB, picture []byte, ext string) (heic []byte, why string) {
	t.Helper()
	enc, err := exec.LookPath("heif-enc")
	if err != nil {
		return nil, "heif-enc not installed"
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in"+ext), filepath.Join(dir, "out.heic")
	if err := os.WriteFile(in, picture, 0o600); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command(enc, "-q", "90", "-o", out, in).CombinedOutput(); err != nil {
		return nil, fmt.Sprintf("heif-enc cannot encode HEIC here: %v: %s", err, msg)
	}
	heic, err = os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return heic, ""
}
