package stamp

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"testing"

	"github.com/claimdesk/claimdesk/internal/picturetest"
)

// FuzzStamp feeds arbitrary bytes to Apply and PageCount: whatever the
// input, no panic may escape, and every failure must be one of the
// package's errors (the input is in memory, so there is no I/O to blame).
func FuzzStamp(f *testing.F) {
	valid := makePDF(f, 1)
	f.Add(valid)
	f.Add(valid[:len(valid)/2])
	f.Add(valid[:len(valid)-20])
	f.Add(encryptPDF(f, valid, "user", "owner"))
	f.Add([]byte("%PDF-1.7\n%%EOF\n"))
	f.Add([]byte{})

	opts := Options{MaxBytes: 1 << 20, MaxPages: 100}
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		err := Apply(context.Background(), bytes.NewReader(in), &out, received("26-1031-WTR"), opts)
		if err == nil {
			if !bytes.HasPrefix(out.Bytes(), []byte("%PDF-")) {
				t.Fatalf("stamped without error but wrote %q", out.Bytes()[:min(out.Len(), 16)])
			}
		} else if !known(err) {
			t.Fatalf("Apply: unclassified error %v", err)
		}
		if _, err := opts.PageCount(bytes.NewReader(in)); err != nil && !known(err) {
			t.Fatalf("PageCount: unclassified error %v", err)
		}
	})
}

func known(err error) bool {
	return errors.Is(err, ErrMalformed) || errors.Is(err, ErrEncrypted) || errors.Is(err, ErrTooLarge)
}

// FuzzStampPicture feeds arbitrary bytes to ApplyPicture: whatever the
// input, no panic may escape, every failure is one of the package's
// picture errors, and a success is a PDF.
func FuzzStampPicture(f *testing.F) {
	photo := jpegOf(f, quadrants(64, 48))
	f.Add(photo)
	f.Add(withOrientation(photo, 6))
	f.Add(photo[:len(photo)/2])
	var pngBytes bytes.Buffer
	if err := png.Encode(&pngBytes, quadrants(64, 48)); err != nil {
		f.Fatal(err)
	}
	f.Add(pngBytes.Bytes())
	f.Add([]byte{})
	// TIFFs, whose page directories stamp reads itself: two pages, one
	// black and white and one in colour.
	tiff := picturetest.TIFF(200, 100, faxPage(64, 48, 1), quadrants(64, 48))
	f.Add(tiff)
	f.Add(tiff[:len(tiff)-40])
	// A page compressed as JPEG, whose strip the decoder decodes as a
	// picture of its own.
	f.Add(picturetest.StripTIFF(64, 48, 8, 7, 1, 48, jpegOf(f, quadrants(64, 48))))
	// Lossless WebPs, whose prefix codes stamp reads itself: of one
	// colour, and of three groups of codes named by a meta image.
	f.Add(picturetest.FlatWebP(64, 48, true))
	f.Add(picturetest.ManyCodesWebP(3))

	opts := Options{MaxBytes: 1 << 20, MaxPixels: 1 << 20}
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		err := ApplyPicture(context.Background(), bytes.NewReader(in), &out, received("26-1031-WTR"), opts)
		switch {
		case err == nil && !bytes.HasPrefix(out.Bytes(), []byte("%PDF-")):
			t.Fatalf("stamped without error but wrote %q", out.Bytes()[:min(out.Len(), 16)])
		case err != nil && !errors.Is(err, ErrBadPicture) && !errors.Is(err, ErrPictureFormat) && !errors.Is(err, ErrTooLarge):
			t.Fatalf("ApplyPicture: unclassified error %v", err)
		}
	})
}
