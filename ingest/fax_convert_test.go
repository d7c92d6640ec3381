package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/pdftest"
	"github.com/claimdesk/claimdesk/internal/picturetest"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/stamp"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// numberedFaxPage is a w×h black and white page with a black frame and a
// black box whose place tells its page n.
func numberedFaxPage(w, h, n int) *image.Gray {
	img := faxPage(w, h)
	for y := h / 10; y < h/5; y++ {
		for x := w / 10 * n; x < w/10*(n+1); x++ {
			img.Pix[y*w+x] = 0
		}
	}
	return img
}

// twoDimensionalFax writes pages as a fax server does: a TIFF at normal
// resolution in two-dimensional Group 3 coding, made by libtiff's tiffcp.
func twoDimensionalFax(t *testing.T, pages ...image.Image) []byte {
	t.Helper()
	fax, why := picturetest.Fax(t, picturetest.TIFF(204, 98, pages...), "g3:2d")
	if fax == nil {
		if testenv.InCI() {
			t.Fatal(why)
		}
		t.Skip(why)
	}
	return fax
}

// mendedFax damages the fax's coding where libtiff mends it with a
// warning and converts it all the same: it returns the damaged fax.
func mendedFax(t *testing.T, fax []byte) []byte {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.tif")
	for at := 64; at < len(fax)/2; at += 97 {
		damaged := bytes.Clone(fax)
		damaged[at], damaged[at+1] = 0, 0
		if err := os.WriteFile(in, damaged, 0o600); err != nil {
			t.Fatal(err)
		}
		msg, err := exec.Command("tiffcp", "-c", "g4", in, filepath.Join(dir, fmt.Sprint(at, ".tif"))).CombinedOutput()
		if err == nil && strings.Contains(string(msg), "Fax3Decode2D") {
			return damaged
		}
	}
	t.Fatal("no damage libtiff mends with a warning")
	return nil
}

// TestFaxToGroup4 converts a fax in two-dimensional Group 3 coding to
// Group 4 with tiffcp, the same pages; and refuses, as a damaged picture,
// a fax tiffcp cannot read and one whose broken lines it mends with a
// warning (its pages would not be the pages sent).
func TestFaxToGroup4(t *testing.T) {
	t.Parallel()
	page := numberedFaxPage(1728, 400, 2)
	fax := twoDimensionalFax(t, page, page)
	w := NewStampWorker(nil, nil, StampConfig{TempDir: t.TempDir()}, nil)
	if w.tiffcp == "" {
		t.Fatal("tiffcp wrote the fax but the worker did not find it")
	}
	g4, err := w.faxToGroup4(t.Context(), fax)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := stamp.ApplyPicture(t.Context(), bytes.NewReader(g4), &out, stamp.Received{At: time.Now(), JobNumber: "26-1001-WTR"}, stamp.Options{}); err != nil {
		t.Errorf("the conversion is not stamped as it is: %v", err)
	}
	unreadable := bytes.Clone(fax)
	clear(unreadable[len(unreadable)/8 : len(unreadable)/4]) // lines of the strips, before the directories
	for name, damaged := range map[string][]byte{"unreadable": unreadable, "mended": mendedFax(t, fax)} {
		if _, err := w.faxToGroup4(t.Context(), damaged); !errors.Is(err, stamp.ErrBadPicture) {
			t.Errorf("%s fax: %v, want ErrBadPicture", name, err)
		}
	}
}

// TestFaxNotStampedWithoutTIFFCP says in words why a two-dimensional
// Group 3 fax has no stamped copy on a server without tiffcp; a Group 4
// fax there is stamped all the same.
func TestFaxNotStampedWithoutTIFFCP(t *testing.T) {
	t.Parallel()
	store, err := blob.NewLocalStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w := NewStampWorker(nil, store, StampConfig{TempDir: t.TempDir()}, nil)
	w.tiffcp = ""
	page := numberedFaxPage(1728, 400, 1)
	g4, _ := picturetest.Fax(t, picturetest.TIFF(204, 98, page), "g4")
	for _, c := range []struct {
		fax    []byte
		reason string
	}{
		{twoDimensionalFax(t, page), "tiffcp, from libtiff-tools, is not installed"},
		{g4, ""},
	} {
		d := putDocument(t, store, "ATP.tif", c.fax)
		sum, why, err := w.stampPicture(t.Context(), d)
		if err != nil {
			t.Fatal(err)
		}
		reason := why.sentence
		if c.reason == "" && (sum == "" || reason != "") || c.reason != "" && (sum != "" || !strings.Contains(reason, c.reason)) {
			t.Errorf("stamped %q, reason %q; want reason %q", sum, reason, c.reason)
		}
		if c.reason != "" && why.kind != storage.StampNoProgram {
			t.Errorf("stamp error of kind %q, want %q: tried again once tiffcp is installed", why.kind, storage.StampNoProgram)
		}
	}
}

// putDocument stores data as the content of a filed signed form, and
// returns the form's document.
func putDocument(t *testing.T, store blob.Store, name string, data []byte) storage.Document {
	t.Helper()
	d := storage.Document{ID: 1, Filename: name, ContentType: "image/tiff", DocType: "atp", Size: int64(len(data)),
		SHA256: sha256Hex(string(data)), ReceivedAt: time.Date(2026, 11, 2, 16, 0, 0, 0, time.UTC), JobNumber: "26-1001-WTR"}
	if err := store.Put(t.Context(), blob.ContentKey(d.SHA256), bytes.NewReader(data), d.Size); err != nil {
		t.Fatal(err)
	}
	return d
}

// testFilingTwoDimensionalFaxes files an ATP faxed by a fax server, three
// pages in two-dimensional Group 3 coding, and a waiver so faxed but
// damaged on the line. The ATP gets a three-page stamped PDF of its
// pages, in order, the stamp on the first; the waiver a stamp error in
// words, filed as received.
func testFilingTwoDimensionalFaxes(t *testing.T, open func(t *testing.T) blob.Store) {
	b := setupFiling(t, open, true)
	ctx := t.Context()
	job := "26-1001-WTR"
	pages := []*image.Gray{numberedFaxPage(1728, 1100, 1), numberedFaxPage(1728, 1100, 4), numberedFaxPage(1728, 1100, 7)}
	atp := twoDimensionalFax(t, pages[0], pages[1], pages[2])
	waiver := bytes.Clone(atp)
	clear(waiver[len(waiver)/8 : len(waiver)/4])
	files := []mailFile{{"ATP.tif", "image/tiff", atp}, {"waiver.tif", "image/tiff", waiver}}
	m := b.addRaw(t, attachmentsMail("efax", "fax from 555-0100", files...), time.Date(2026, 11, 2, 16, 0, 0, 0, time.UTC))
	docTypes := map[string]string{}
	for _, p := range m.parsed.Parts {
		docTypes[p.Path] = map[string]string{"ATP.tif": "atp", "waiver.tif": "waiver"}[p.Filename]
	}
	if _, err := b.filer.File(ctx, FileRequest{MessageID: m.id, ClaimID: b.claims[job], DocTypes: docTypes}); err != nil {
		t.Fatal(err)
	}
	b.drain(t)
	docs := map[string]storage.Document{}
	for _, d := range b.documents(t, m.id) {
		docs[d.Filename] = d
	}

	d := docs["ATP.tif"]
	if d.StampedSHA256 == "" || d.StampError != "" {
		t.Fatalf("faxed ATP not stamped: %q", d.StampError)
	}
	stamped := b.read(t, d.StampedBrowseKey())
	r := stamp.Received{At: d.ReceivedAt.In(b.loc), JobNumber: job}
	if text := pdftest.CheckedText(t, "stamped fax", stamped); !strings.Contains(text, r.Text()) {
		t.Errorf("stamped fax reads %q, want the stamp %q", text, r.Text())
	}
	imgs := stampedPageImages(t, stamped)
	if len(imgs) != len(pages) {
		t.Fatalf("stamped fax has %d pictures, want its %d pages", len(imgs), len(pages))
	}
	for i, img := range imgs {
		if !sameBlackAndWhite(img, pages[i]) {
			t.Errorf("page %d of the stamped fax is not the fax's page %d", i+1, i+1)
		}
	}

	d = docs["waiver.tif"]
	if d.StampedSHA256 != "" || !strings.Contains(d.StampError, "picture is damaged or incomplete") {
		t.Errorf("damaged fax: stamped %q, error %q; want a stamp error", d.StampedSHA256, d.StampError)
	} else if got := b.read(t, d.BrowseKey); !bytes.Equal(got, waiver) {
		t.Errorf("damaged fax not filed as received at %s", d.BrowseKey)
	}
}

// stampedPageImages returns the pictures of pdf in page order, as
// pdfimages writes them.
func stampedPageImages(t *testing.T, pdf []byte) []image.Image {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "stamped.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := filingTool(t, "pdfimages", "-png", path, filepath.Join(dir, "img")); err != nil {
		t.Fatal(err)
	}
	names, err := filepath.Glob(filepath.Join(dir, "img-*.png"))
	if err != nil {
		t.Fatal(err)
	}
	var out []image.Image
	for _, name := range names { // img-000.png, img-001.png, ...: in order
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, img)
	}
	return out
}

// sameBlackAndWhite reports whether img has want's size and each of its
// pixels is black where want's is.
func sameBlackAndWhite(img image.Image, want *image.Gray) bool {
	if img.Bounds().Size() != want.Bounds().Size() {
		return false
	}
	for y := range want.Bounds().Dy() {
		for x := range want.Bounds().Dx() {
			r, _, _, _ := img.At(img.Bounds().Min.X+x, img.Bounds().Min.Y+y).RGBA()
			if (r < 0x8000) != (want.GrayAt(x, y).Y < 0x80) {
				return false
			}
		}
	}
	return true
}
