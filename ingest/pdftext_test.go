package ingest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/internal/boundedexec"
	"github.com/claimdesk/claimdesk/internal/testenv"
)

// TestPDFTextRunsBounded runs the pdftotext command pdfText runs, with a
// stand-in program that shows the limits it was given: a hostile PDF meets
// the same time, CPU and memory bounds.
func TestPDFTextRunsBounded(t *testing.T) {
	t.Parallel()
	cmd := pdfTextCmd("/usr/bin/pdftotext", "in.pdf", pdfTextPages, pdfTextLimit)
	want := boundedexec.Limits{Timeout: pdfTextTimeout, Memory: pdfTextMemory, Output: pdfTextLimit}
	if cmd.Limits != want {
		t.Errorf("pdftotext runs with %+v, want %+v", cmd.Limits, want)
	}
	testenv.RunsBounded(t, cmd)
}

// TestPDFTextReadsAFileInPlace checks that the text of a PDF the blob store
// gives as a file is read from that file, with no temporary copy (the
// temporary directory here cannot even be written), and that a PDF from
// any other reader still is.
func TestPDFTextReadsAFileInPlace(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	pdf := textPDF(1, 3)
	f, err := os.Open(pdfFile(t, pdf))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	missing := filepath.Join(t.TempDir(), "missing")
	text, err := PDFText(t.Context(), f, missing)
	if err != nil || !strings.Contains(text, "remove wet drywall") {
		t.Errorf("text of a PDF file: %q, %v; want its lines", text, err)
	}
	if _, err := PDFText(t.Context(), bytes.NewReader(pdf), missing); err == nil {
		t.Error("text of a PDF in memory read without a temporary file")
	}
	text, err = PDFText(t.Context(), bytes.NewReader(pdf), t.TempDir())
	if err != nil || !strings.Contains(text, "remove wet drywall") {
		t.Errorf("text of a PDF in memory: %q, %v; want its lines", text, err)
	}
}
