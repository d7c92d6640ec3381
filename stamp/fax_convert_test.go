package stamp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/claimdesk/claimdesk/internal/picturetest"
)

// toGroup4 is the ConvertFax of the tests: libtiff's tiffcp -c g4, as the
// stamp worker runs it; calls counts its runs.
func toGroup4(t *testing.T, calls *atomic.Int32) func(context.Context, []byte) ([]byte, error) {
	return func(_ context.Context, tiff []byte) ([]byte, error) {
		calls.Add(1)
		return fax(t, tiff, "g4"), nil
	}
}

// TestApplyPictureTwoDimensionalFax stamps a fax of three pages in
// two-dimensional Group 3 coding, as fax servers send them, two sent at
// normal resolution and one at fine: converted once, it gives three
// Letter pages, each with its page's pixels at one bit a pixel, the first
// drawn as tall as a normal resolution fax is, and the stamp on the first
// page only.
func TestApplyPictureTwoDimensionalFax(t *testing.T) {
	t.Parallel()
	const w = 1728
	pages := []*image.Gray{faxPage(w, 1100, 1), faxPage(w, 2200, 2), faxPage(w, 1100, 3)}
	tiff := joinTIFFs(t, fax(t, picturetest.TIFF(204, 98, pages[0]), "g3:2d"),
		fax(t, picturetest.TIFF(204, 196, pages[1]), "g3:2d"), fax(t, picturetest.TIFF(204, 98, pages[2]), "g3:2d"))

	var calls atomic.Int32
	out := stampPicture(t, tiff, Options{ConvertFax: toGroup4(t, &calls)})
	if calls.Load() != 1 {
		t.Errorf("fax converted %d times, want once", calls.Load())
	}
	qpdfCheck(t, out)
	if n, pw, ph := pageInfo(t, out); n != 3 || pw != 612 || ph != 792 {
		t.Fatalf("%d pages of %gx%g pt, want three Letter pages", n, pw, ph)
	}
	requireTopRight(t, out, "RECEIVED", "26-1031-WTR")
	for _, n := range []int{2, 3} {
		if text := pageText(t, out, n); strings.Contains(text, "RECEIVED") {
			t.Errorf("page %d is stamped too: %q", n, text)
		}
	}
	if got := imageDepths(t, out); fmt.Sprint(got) != "[gray/1 gray/1 gray/1]" {
		t.Errorf("pictures (colour/bits): %v, want every fax page at 1 bit", got)
	}
	for n, want := range pages {
		if imgs := pageImages(t, out, n+1); len(imgs) != 1 || !samePixels(t, imgs[0], want) {
			t.Errorf("page %d: %d pictures, want the fax page's pixels", n+1, len(imgs))
		}
	}
	if box := renderedBox(t, out, 72); !sized(box, 561, 744) || box.Min.Y != 30 {
		t.Errorf("the normal resolution fax page is drawn at %v; want 561x744 pt below the stamp's band", box)
	}
}

// TestApplyPictureTwoDimensionalFaxErrors refuses, before any byte is
// written, a two-dimensional Group 3 fax with nothing to convert it, one
// over a limit (without converting it), one whose pages in colour or grey
// tiffcp would not convert, and one whose conversion fails, is too large,
// or does not hold the fax's pages.
func TestApplyPictureTwoDimensionalFaxErrors(t *testing.T) {
	t.Parallel()
	one := fax(t, picturetest.TIFF(200, 200, faxPage(200, 100, 1)), "g3:2d")
	two := fax(t, picturetest.TIFF(200, 200, faxPage(200, 100, 1), faxPage(200, 100, 2)), "g3:2d")
	var many []image.Image
	for range MaxPicturePages + 1 {
		many = append(many, faxPage(16, 16, 0))
	}
	grey := image.NewGray(image.Rect(0, 0, 50, 50)) // all black but one grey pixel
	grey.Pix[0] = 0x80
	mixed := joinTIFFs(t, one, picturetest.TIFF(100, 100, grey))
	broken := errors.New("tiffcp: can't read strip 5")
	returns := func(b []byte, err error) func(context.Context, []byte) ([]byte, error) {
		return func(context.Context, []byte) ([]byte, error) { return b, err }
	}
	for _, tt := range []struct {
		name    string
		pic     []byte
		convert func(context.Context, []byte) ([]byte, error) // nil: tiffcp -c g4
		none    bool                                          // no ConvertFax at all
		opts    Options
		want    []error
		calls   int32
	}{
		{"nothing to convert it", one, nil, true, Options{}, []error{ErrTwoDimensionalFax, ErrPictureFormat}, -1},
		{"too many pages", fax(t, picturetest.TIFF(200, 200, many...), "g3:2d"), nil, false, Options{}, []error{ErrTooLarge}, 0},
		{"too many pixels", one, nil, false, Options{MaxPixels: 200*100 - 1}, []error{ErrTooLarge}, 0},
		{"pages in grey", mixed, nil, false, Options{}, []error{ErrPictureFormat}, 0},
		{"conversion fails", one, returns(nil, broken), false, Options{}, []error{broken}, -1},
		{"conversion too large", one, returns(make([]byte, 1<<10+1), nil), false, Options{MaxBytes: 1 << 10}, []error{ErrTooLarge}, -1},
		{"a page dropped", two, returns(fax(t, picturetest.TIFF(200, 200, faxPage(200, 100, 1)), "g4"), nil), false, Options{}, []error{ErrBadPicture}, -1},
		{"a page resized", one, returns(fax(t, picturetest.TIFF(200, 200, faxPage(200, 50, 1)), "g4"), nil), false, Options{}, []error{ErrBadPicture}, -1},
		{"still two-dimensional", one, returns(one, nil), false, Options{}, []error{ErrBadPicture}, -1},
		{"not a fax", one, returns(jpegOf(t, quadrants(200, 100)), nil), false, Options{}, []error{ErrBadPicture}, -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			opts := tt.opts
			switch {
			case tt.none:
			case tt.convert != nil:
				opts.ConvertFax = tt.convert
			default:
				opts.ConvertFax = toGroup4(t, &calls)
			}
			var out bytes.Buffer
			err := ApplyPicture(context.Background(), bytes.NewReader(tt.pic), &out, received("26-1031-WTR"), opts)
			for _, want := range tt.want {
				if !errors.Is(err, want) {
					t.Errorf("err = %v, want %v", err, want)
				}
			}
			if tt.calls >= 0 && calls.Load() != tt.calls {
				t.Errorf("fax converted %d times, want %d", calls.Load(), tt.calls)
			}
			if out.Len() != 0 {
				t.Errorf("%d bytes written for a refused fax", out.Len())
			}
		})
	}
}

// TestApplyPictureSidewaysFax stamps a fax page stored sideways, its
// Orientation tag saying to turn it clockwise, sent at normal resolution
// (its 400×300 pixels each about twice as tall as wide): as it is, in
// two-dimensional Group 3 coding converted by tiffcp, and converted by a
// converter that drops the tag. Each is drawn turned upright, on a
// landscape page, as wide as its pixels are tall: 624.5×400 pt.
func TestApplyPictureSidewaysFax(t *testing.T) {
	t.Parallel()
	page := faxPage(400, 300, 1)
	sideways := picturetest.OrientedTIFF(204, 98, 6, page)
	twoD := fax(t, sideways, "g3:2d")
	untagged := fax(t, picturetest.TIFF(204, 98, page), "g4")
	for _, tt := range []struct {
		name string
		pic  []byte
		opts Options
	}{
		{"uncompressed", sideways, Options{}},
		{"two-dimensional", twoD, Options{ConvertFax: toGroup4(t, new(atomic.Int32))}},
		{"converted without the tag", twoD, Options{ConvertFax: func(context.Context, []byte) ([]byte, error) { return untagged, nil }}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := stampPicture(t, tt.pic, tt.opts)
			if _, w, h := pageInfo(t, out); w != 792 || h != 612 {
				t.Errorf("page of %gx%g pt, want a landscape Letter page", w, h)
			}
			if box := renderedBox(t, out, 72); !sized(box, 625, 400) {
				t.Errorf("fax drawn at %v, want 624.5x400 pt", box)
			}
		})
	}
}
