package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/internal/boundedexec"
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
	if _, err := os.Stat("/proc/self/limits"); err != nil {
		t.Skip("no /proc/self/limits here")
	}
	shows := filepath.Join(t.TempDir(), "pdftotext")
	if err := os.WriteFile(shows, []byte("#!/bin/sh\nexec cat /proc/self/limits\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd.Path = shows
	out, err := cmd.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		fmt.Sprintf("Max address space         %-21d%-21dbytes", pdfTextMemory, pdfTextMemory),
		fmt.Sprintf("Max cpu time              %-21d", int(pdfTextTimeout.Seconds())),
	} {
		if !strings.Contains(string(out), line) {
			t.Errorf("pdftotext runs without %q:\n%s", line, out)
		}
	}
}
