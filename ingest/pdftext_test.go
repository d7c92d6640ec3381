package ingest

import (
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
