package ingest

import (
	"bytes"
	"image"
	"image/gif"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/picturetest"
	"github.com/claimdesk/claimdesk/stamp"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// faxPage is a w×h black and white page with a black frame.
func faxPage(w, h int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			if x >= 8 && y >= 8 && x < w-8 && y < h-8 {
				img.Pix[y*w+x] = 0xFF
			}
		}
	}
	return img
}

// testFilingFaxedForms files a fax of an ATP, three black and white pages
// in one TIFF (CCITT Group 4 when libtiff's tiffcp is there to write it),
// a COS scanned to a GIF, and a waiver whose TIFF was cut short. The ATP
// gets a three-page stamped PDF, the stamp on its first page, named as a
// PDF after the TIFF (ATP.tif.pdf); the COS a one-page one; the broken
// waiver a stamp error in words, still filed as received.
func testFilingFaxedForms(t *testing.T, open func(t *testing.T) blob.Store) {
	b := setupFiling(t, open, true)
	ctx := t.Context()
	job := "26-1001-WTR"
	atp := picturetest.TIFF(204, 196, faxPage(1728, 2200), faxPage(1728, 2200), faxPage(1728, 2200))
	if g4, _ := picturetest.Fax(t, atp, "g4"); g4 != nil {
		atp = g4
	}
	var cos bytes.Buffer
	if err := gif.Encode(&cos, faxPage(850, 1100), nil); err != nil {
		t.Fatal(err)
	}
	broken := picturetest.TIFF(200, 200, faxPage(850, 1100))
	broken = broken[:len(broken)/2]
	files := []mailFile{{"ATP.tif", "image/tiff", atp}, {"COS.gif", "image/gif", cos.Bytes()}, {"waiver.tiff", "image/tiff", broken}}
	types := map[string]string{"ATP.tif": "atp", "COS.gif": "cos", "waiver.tiff": "waiver"}
	m := b.addRaw(t, attachmentsMail("fax", "signed papers", files...), time.Date(2026, 11, 2, 16, 0, 0, 0, time.UTC))
	docTypes := map[string]string{}
	for _, p := range m.parsed.Parts {
		docTypes[p.Path] = types[p.Filename]
	}
	if _, err := b.filer.File(ctx, FileRequest{MessageID: m.id, ClaimID: b.claims[job], DocTypes: docTypes}); err != nil {
		t.Fatal(err)
	}
	b.drain(t)

	docs := map[string]storage.Document{}
	for _, d := range b.documents(t, m.id) {
		docs[d.Filename] = d
	}
	r := stamp.Received{At: docs["ATP.tif"].ReceivedAt.In(b.loc), JobNumber: job}
	for name, pages := range map[string]string{"ATP.tif": "3", "COS.gif": "1"} {
		d := docs[name]
		if d.StampedSHA256 == "" || d.StampError != "" {
			t.Fatalf("%s (%s) not stamped: %q", name, d.DocType, d.StampError)
		}
		key := d.StampedBrowseKey()
		if !strings.HasSuffix(key, "/Contracts/Stamped/2026-11-02_"+name+".pdf") {
			t.Errorf("stamped copy of %s at %s, want Contracts/Stamped/2026-11-02_%s.pdf", name, key, name)
		}
		info := stampedPDFInfo(t, name, b.read(t, key), r)
		if got := pdfinfoPagesRe.FindStringSubmatch(info); got == nil || got[1] != pages {
			t.Errorf("stamped %s has %v pages, want %s", name, got, pages)
		}
	}
	d := docs["waiver.tiff"]
	if d.StampedSHA256 != "" || !strings.Contains(d.StampError, "picture is damaged or incomplete") {
		t.Errorf("broken waiver TIFF: stamped %q, error %q; want a stamp error", d.StampedSHA256, d.StampError)
	} else if got := b.read(t, d.BrowseKey); !bytes.Equal(got, broken) {
		t.Errorf("broken waiver TIFF not filed as received at %s", d.BrowseKey)
	}
}
