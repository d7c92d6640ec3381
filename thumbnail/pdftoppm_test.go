package thumbnail

import (
	"testing"

	"github.com/claimdesk/claimdesk/internal/boundedexec"
	"github.com/claimdesk/claimdesk/internal/testenv"
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
	testenv.RunsBounded(t, cmd)
}
