package stamp

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/internal/pdftest"
)

// scanPDF is a PDF of pages that are each one grey picture and no text, as
// a copier sends: 612×792 points, a 60×80 picture with a dark band.
func scanPDF(pages int) []byte {
	img := make([]byte, 60*80)
	for i := range img {
		img[i] = 0xf0
		if y := i / 60; y > 20 && y < 30 {
			img[i] = 0x20
		}
	}
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", ""}
	var kids []string
	for p := range pages {
		page, content, image := 3+3*p, 4+3*p, 5+3*p
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>", image, content),
			pdftest.Stream("q 612 0 0 792 0 0 cm /Im0 Do Q"),
			fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width 60 /Height 80 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n%s\nendstream", len(img), img))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", pages, strings.Join(kids, " "))
	return pdftest.Objects(objs...)
}

// textOnlyPage is a one-page PDF of invisible text (render mode 3), as
// tesseract writes with textonly_pdf=1.
func textOnlyPage(words string) []byte {
	return pdftest.Objects(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		pdftest.Stream(fmt.Sprintf("BT 3 Tr /F1 12 Tf 72 700 Td (%s) Tj ET", words)),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	)
}

// TestApplyWithTextMakesScanSearchable lays a text layer over each page of
// a two-page scan: the stamped copy reads as the stamp and the scan's
// words, passes qpdf --check, and its unstamped page renders exactly as
// the original page (the text is invisible). A broken layer, or one for a
// page the PDF does not have, is left out.
func TestApplyWithTextMakesScanSearchable(t *testing.T) {
	t.Parallel()
	orig := scanPDF(2)
	layers := []TextLayer{
		{Page: 1, PDF: textOnlyPage("Claim LA920-967489-27")},
		{Page: 2, PDF: textOnlyPage("Second page Pena")},
		{Page: 3, PDF: textOnlyPage("no such page")},
		{Page: 2, PDF: []byte("%PDF-1.4 broken")},
	}
	var out bytes.Buffer
	if err := ApplyWithText(t.Context(), bytes.NewReader(orig), &out, received("26-1031-WTR"), layers, Options{}); err != nil {
		t.Fatal(err)
	}
	text := pdftest.CheckedText(t, "stamped scan", out.Bytes())
	for _, want := range []string{"LA920-967489-27", "Second page Pena", received("26-1031-WTR").Text()} {
		if !strings.Contains(text, want) {
			t.Errorf("stamped scan reads %q, want %q in it", text, want)
		}
	}
	if strings.Contains(text, "no such page") {
		t.Errorf("a layer for page 3 of 2 was laid: %q", text)
	}
	if got, want := render(t, out.Bytes(), 2), render(t, orig, 2); !bytes.Equal(got, want) {
		t.Error("page 2 renders differently with its text layer")
	}

	// Without layers the copy has the stamp alone.
	out.Reset()
	if err := Apply(t.Context(), bytes.NewReader(orig), &out, received("26-1031-WTR"), Options{}); err != nil {
		t.Fatal(err)
	}
	if text := pdftest.CheckedText(t, "stamped scan", out.Bytes()); text != received("26-1031-WTR").Text() {
		t.Errorf("stamped scan without layers reads %q", text)
	}
}

// render is page of pdf as pdftoppm draws it at 36 dpi, grey.
func render(t *testing.T, pdf []byte, page int) []byte {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	p := fmt.Sprint(page)
	if out, err := exec.CommandContext(t.Context(), "pdftoppm", "-r", "36", "-gray", "-f", p, "-l", p, "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	img, err := os.ReadFile(filepath.Join(dir, "page.pgm"))
	if err != nil {
		t.Fatal(err)
	}
	return img
}
