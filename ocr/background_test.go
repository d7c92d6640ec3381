package ocr

import (
	"bytes"
	"image/png"
	"slices"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/ocr/ocrtest"
)

// TestBackgroundReaderYieldsTheProcessor checks that a background reader
// runs tesseract through nice at the lowest priority, and still reads.
func TestBackgroundReaderYieldsTheProcessor(t *testing.T) {
	t.Parallel()
	needOCR(t, Image)
	if lookPrograms().nice == "" {
		t.Skip("no nice on this machine")
	}
	r := &Reader{TempDir: t.TempDir(), Background: true}
	program, args := r.tesseractCommand("in.png", "stdout")
	if program != lookPrograms().nice || !slices.Equal(args, []string{"-n", "19", lookPrograms().tesseract, "in.png", "stdout"}) {
		t.Errorf("background tesseract runs as %s %q; want nice -n 19 tesseract", program, args)
	}
	if program, _ := (&Reader{}).tesseractCommand("in.png"); program != lookPrograms().tesseract {
		t.Errorf("foreground tesseract runs as %s; want tesseract itself", program)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, ocrtest.RenderPage(t, formLines, 200)); err != nil {
		t.Fatal(err)
	}
	text, err := r.Read(t.Context(), KindOf("scan.png", ""), &buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := text.String(); !strings.Contains(got, "LA920-967489-27") {
		t.Errorf("read in the background as:\n%s", got)
	}
}
