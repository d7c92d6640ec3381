package stamp

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/internal/pdftest"
)

// scanPDF is a PDF of pages that are each one grey picture and no text, as
// a copier sends: 612×792 points, a 60×80 picture with a dark band; page
// holds more entries of each page's dictionary.
func scanPDF(pages int, page string) []byte {
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
		kids = append(kids, fmt.Sprintf("%d 0 R", 3+3*p))
		content, image := 4+3*p, 5+3*p
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] %s /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>", page, image, content),
			pdftest.Stream("q 612 0 0 792 0 0 cm /Im0 Do Q"),
			fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width 60 /Height 80 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n%s\nendstream", len(img), img))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", pages, strings.Join(kids, " "))
	return pdftest.Objects(objs...)
}

// textOnlyPage is a one-page letter-size PDF of invisible text (render
// mode 3), as tesseract writes with textonly_pdf=1.
func textOnlyPage(words string) []byte {
	return textOnlyPageSized(words, 612, 792)
}

// textOnlyPageSized is textOnlyPage on a page of w×h points.
func textOnlyPageSized(words string, w, h int) []byte {
	return pdftest.Objects(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
		fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>", w, h),
		pdftest.Stream(fmt.Sprintf("BT 3 Tr /F1 12 Tf 72 %d Td (%s) Tj ET", h-92, words)),
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
	orig := scanPDF(2, "")
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

// TestApplyWithTextRotatedPage lays a layer over a page shown turned a
// quarter (/Rotate 90), as tesseract reads it from the page rendered the
// way it is shown: each word lands where it is on the layer.
func TestApplyWithTextRotatedPage(t *testing.T) {
	t.Parallel()
	orig := scanPDF(1, "/Rotate 90")
	layer := textOnlyPageSized("Sideways", 792, 612)
	var out bytes.Buffer
	if err := ApplyWithText(t.Context(), bytes.NewReader(orig), &out, received("26-1031-WTR"), []TextLayer{{Page: 1, PDF: layer}}, Options{}); err != nil {
		t.Fatal(err)
	}
	pdftest.CheckedText(t, "stamped rotated scan", out.Bytes())
	got, want := layerWordBox(t, out.Bytes(), "Sideways"), layerWordBox(t, layer, "Sideways")
	if got == "" || got != want {
		t.Errorf("word at %q on the stamped page, at %q on the layer", got, want)
	}
}

// layerWordBox is where pdftotext -bbox finds word on the first page of pdf,
// to the point: "xMin yMin xMax yMax" from the top left of the page as
// shown.
func layerWordBox(t *testing.T, pdf []byte, word string) string {
	t.Helper()
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(t.Context(), "pdftotext", "-bbox", "-l", "1", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	m := regexp.MustCompile(`xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">` + regexp.QuoteMeta(word) + `<`).FindStringSubmatch(string(out))
	if m == nil {
		return ""
	}
	var box []string
	for _, v := range m[1:] {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatal(err)
		}
		box = append(box, fmt.Sprintf("%.0f", f))
	}
	return strings.Join(box, " ")
}
