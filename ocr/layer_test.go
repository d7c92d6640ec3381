package ocr

import (
	"bytes"
	"fmt"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/ocr/ocrtest"
)

// TestReadMixedPDF reads a PDF of a typed page, a scanned page, a typed
// page and a blank one: only the scanned page is read by tesseract and gets
// a text layer, which holds the words of the picture as text.
func TestReadMixedPDF(t *testing.T) {
	t.Parallel()
	needOCR(t, PDF)
	var scan bytes.Buffer
	if err := jpeg.Encode(&scan, ocrtest.RenderPage(t, formLines, 255), &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	pdf := ocrtest.PDF([]ocrtest.Page{
		{Text: []string{"AUTHORIZATION TO PERFORM SERVICES", "Typed page one"}},
		{JPEG: scan.Bytes()},
		{Text: []string{"Typed page three"}},
		{},
	}, 1275, 1650)
	text, err := (&Reader{TempDir: t.TempDir(), TextLayers: true}).Read(t.Context(), PDF, bytes.NewReader(pdf))
	if err != nil {
		t.Fatal(err)
	}
	if len(text.Pages) != 4 || len(text.Layers) != 4 || text.Truncated {
		t.Fatalf("read %d pages, %d layers (truncated %v), want 4 of each", len(text.Pages), len(text.Layers), text.Truncated)
	}
	if !strings.Contains(text.Pages[0], "Typed page one") || !strings.Contains(text.Pages[2], "Typed page three") {
		t.Errorf("typed pages read as %q", text.Pages)
	}
	if !strings.Contains(text.Pages[1], "LA920-967489-27") {
		t.Errorf("scanned page read as %q", text.Pages[1])
	}
	if text.Layers[0] != nil || text.Layers[2] != nil || text.Layers[3] != nil || text.Pages[3] != "" {
		t.Errorf("typed or blank pages got a text layer")
	}
	if layer := pdfToText(t, text.Layers[1]); !strings.Contains(layer, "LA920-967489-27") {
		t.Errorf("text layer of the scanned page reads %q", layer)
	}
}

func pdfToText(t *testing.T, pdf []byte) string {
	t.Helper()
	if pdf == nil {
		t.Fatal("no text layer")
	}
	name := filepath.Join(t.TempDir(), "layer.pdf")
	if err := os.WriteFile(name, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(t.Context(), "pdftotext", name, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestReadPDFCapCountsScannedPages reads a long typed PDF with two scanned
// pages under a cap of one page: the cap bounds the pages tesseract reads,
// so the typed pages before the second scan are all read, and the read
// stops there.
func TestReadPDFCapCountsScannedPages(t *testing.T) {
	t.Parallel()
	needOCR(t, PDF)
	var scan bytes.Buffer
	if err := jpeg.Encode(&scan, ocrtest.RenderPage(t, formLines, 255), &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	var pages []ocrtest.Page
	for i := range 30 {
		pages = append(pages, ocrtest.Page{Text: []string{fmt.Sprintf("Typed page %d", i+1)}})
	}
	pages[1] = ocrtest.Page{JPEG: scan.Bytes()}
	pages[27] = ocrtest.Page{JPEG: scan.Bytes()}
	text, err := (&Reader{TempDir: t.TempDir(), MaxPages: 1}).Read(t.Context(), PDF, bytes.NewReader(ocrtest.PDF(pages, 1275, 1650)))
	if err != nil {
		t.Fatal(err)
	}
	if len(text.Pages) != 27 || !text.Truncated {
		t.Fatalf("read %d pages (truncated %v), want the 27 before the second scan", len(text.Pages), text.Truncated)
	}
	if !strings.Contains(text.Pages[1], "LA920-967489-27") || text.Pages[26] != "Typed page 27" {
		t.Errorf("pages read as %q", text.Pages)
	}
}
