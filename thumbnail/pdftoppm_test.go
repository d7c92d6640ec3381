package thumbnail

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/internal/boundedexec"
)

// TestPDFThumbnailRunsBounded runs the pdftoppm command a PDF thumbnail
// runs, with a stand-in program that shows the limits it was given.
func TestPDFThumbnailRunsBounded(t *testing.T) {
	t.Parallel()
	cmd := pdftoppmCmd("/usr/bin/pdftoppm", "in.pdf", "page")
	want := boundedexec.Limits{Timeout: thumbTimeout, Memory: thumbPDFMemory, Output: thumbPDFOutput}
	if cmd.Limits != want {
		t.Errorf("pdftoppm runs with %+v, want %+v", cmd.Limits, want)
	}
	if _, err := os.Stat("/proc/self/limits"); err != nil {
		t.Skip("no /proc/self/limits here")
	}
	shows := filepath.Join(t.TempDir(), "pdftoppm")
	if err := os.WriteFile(shows, []byte("#!/bin/sh\nexec cat /proc/self/limits\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd.Path = shows
	out, err := cmd.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		fmt.Sprintf("Max address space         %-21d%-21dbytes", thumbPDFMemory, thumbPDFMemory),
		fmt.Sprintf("Max cpu time              %-21d", int(thumbTimeout.Seconds())),
	} {
		if !strings.Contains(string(out), line) {
			t.Errorf("pdftoppm runs without %q:\n%s", line, out)
		}
	}
}
