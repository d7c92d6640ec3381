package ocr

import (
	"bytes"
	"context"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/claimdesk/claimdesk/ocr/ocrtest"
)

// TestPicturePagesReadsAFileWhereItIs checks that the pages drawing
// pictures are told for a PDF read from a file without a temporary copy
// (the temporary directory here does not exist), and for one read from
// elsewhere through a copy.
func TestPicturePagesReadsAFileWhereItIs(t *testing.T) {
	if lookPrograms().pdfimages == "" {
		t.Skip("pdfimages not installed (Debian: poppler-utils)")
	}
	var scan bytes.Buffer
	if err := jpeg.Encode(&scan, ocrtest.RenderPage(t, []string{"Owner signature page"}, 255), nil); err != nil {
		t.Fatal(err)
	}
	pdf := ocrtest.PDF([]ocrtest.Page{
		{Text: []string{"Contract"}},
		{JPEG: scan.Bytes()},
		{Text: []string{"Terms"}},
	}, 1275, 1650)
	path := filepath.Join(t.TempDir(), "contract.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	check := func(what string, r *Reader, in io.Reader) {
		t.Helper()
		p, err := r.PicturePages(context.Background(), in)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if p.all || !p.Has(2) || p.Has(1) || p.Has(3) {
			t.Errorf("%s: pictures %v (all %v), want page 2 alone", what, p.pages, p.all)
		}
	}
	check("file", &Reader{TempDir: filepath.Join(t.TempDir(), "missing")}, f)
	check("bytes", &Reader{TempDir: t.TempDir()}, bytes.NewReader(pdf))
}
