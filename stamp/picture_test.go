package stamp

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/internal/picturetest"
)

// quadrantColors are the colours of a test picture's quarters as stored:
// top left, top right, bottom left, bottom right.
var quadrantColors = [4]color.RGBA{{220, 0, 0, 255}, {0, 0, 220, 255}, {0, 170, 0, 255}, {20, 20, 20, 255}}

// quadrants returns a w×h picture whose quarters have quadrantColors.
func quadrants(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			i := 0
			if x >= w/2 {
				i++
			}
			if y >= h/2 {
				i += 2
			}
			img.Set(x, y, quadrantColors[i])
		}
	}
	return img
}

func jpegOf(tb testing.TB, img image.Image) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// withOrientation returns the JPEG plain with an EXIF segment saying
// orientation o, right after its start, as phones write it.
func withOrientation(plain []byte, o byte) []byte {
	return withExif(plain, []exifEntry{{0x0112, 3, 1, uint32(o) << 16}})
}

func stampPicture(tb testing.TB, pic []byte, opts Options) []byte {
	tb.Helper()
	var out bytes.Buffer
	if err := ApplyPicture(context.Background(), bytes.NewReader(pic), &out, received("26-1031-WTR"), opts); err != nil {
		tb.Fatalf("stamp picture: %v", err)
	}
	return out.Bytes()
}

var pageSizeRe = regexp.MustCompile(`(?m)^Page size:\s+([\d.]+) x ([\d.]+) pts`)

// pageInfo returns the page count and the first page's size in points, as
// poppler reads them.
func pageInfo(t *testing.T, pdf []byte) (pages int, w, h float64) {
	t.Helper()
	out, err := runTool(t, "pdfinfo", writeTemp(t, "info.pdf", pdf))
	if err != nil {
		t.Fatal(err)
	}
	pages, _ = strconv.Atoi(regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(out)[1])
	size := pageSizeRe.FindStringSubmatch(out)
	w, _ = strconv.ParseFloat(size[1], 64)
	h, _ = strconv.ParseFloat(size[2], 64)
	return pages, w, h
}

// embedded returns the pictures of pdf's page one as stored in it
// (pdfimages -all writes a JPEG's bytes as they are).
func embedded(t *testing.T, pdf []byte) [][]byte {
	t.Helper()
	return pageImages(t, pdf, 1)
}

// TestApplyPicture stamps a phone photo of a form, as JPEG and as PNG: one
// Letter page holding the picture, the JPEG's own bytes, with the stamp
// top right above it.
func TestApplyPicture(t *testing.T) {
	t.Parallel()
	img := quadrants(600, 800)
	var pngBytes bytes.Buffer
	if err := png.Encode(&pngBytes, img); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		pic  []byte
	}{{"jpeg", jpegOf(t, img)}, {"png", pngBytes.Bytes()}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := stampPicture(t, tt.pic, Options{})
			qpdfCheck(t, out)
			if pages, w, h := pageInfo(t, out); pages != 1 || w != 612 || h != 792 {
				t.Errorf("%d pages of %gx%g pt, want one Letter page (612x792)", pages, w, h)
			}
			if text := pageText(t, out, 1); !strings.Contains(text, received("26-1031-WTR").Text()) {
				t.Errorf("page reads %q, want the stamp", text)
			}
			requireTopRight(t, out, "RECEIVED", "26-1031-WTR")
			imgs := embedded(t, out)
			if len(imgs) != 1 {
				t.Fatalf("%d pictures on the page, want 1", len(imgs))
			}
			if tt.name == "jpeg" && !bytes.Equal(imgs[0], tt.pic) {
				t.Errorf("the page's picture is not the JPEG's bytes (%d bytes, the JPEG %d)", len(imgs[0]), len(tt.pic))
			}
			if tt.name == "png" && !samePixels(t, imgs[0], img) {
				t.Errorf("the page's picture does not have the PNG's pixels")
			}
			box := renderedBox(t, out, 72)
			// 744 pt between the stamp's band and the bottom margin hold 800
			// pixels.
			if !sized(box, 558, 744) || box.Min.Y != 30 {
				t.Errorf("picture drawn at %v on the page; want 558x744 pt, below the stamp's band", box)
			}
		})
	}
}

// samePixels reports whether the picture encoded in b has want's pixels.
func samePixels(t *testing.T, b []byte, want image.Image) bool {
	t.Helper()
	got, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds() != want.Bounds() {
		return false
	}
	for y := range want.Bounds().Dy() {
		for x := range want.Bounds().Dx() {
			r1, g1, b1, _ := got.At(x, y).RGBA()
			r2, g2, b2, _ := want.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				return false
			}
		}
	}
	return true
}

// rendered renders page one of pdf at dpi with pdftoppm.
func rendered(t *testing.T, pdf []byte, dpi int) image.Image {
	t.Helper()
	dir := t.TempDir()
	if _, err := runTool(t, "pdftoppm", "-r", strconv.Itoa(dpi), "-f", "1", "-l", "1", "-singlefile", "-png",
		writeTemp(t, "render.pdf", pdf), filepath.Join(dir, "page")); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// renderedBox is where the picture is on page one of pdf rendered at dpi:
// the box of its coloured pixels, the stamp's line left out.
func renderedBox(t *testing.T, pdf []byte, dpi int) image.Rectangle {
	t.Helper()
	img := rendered(t, pdf, dpi)
	box := image.Rectangle{Min: img.Bounds().Max, Max: img.Bounds().Min}
	band := 24 * dpi / 72 // the stamp's line is within the top 24 points
	for y := band; y < img.Bounds().Dy(); y++ {
		for x := range img.Bounds().Dx() {
			r, g, b, _ := img.At(x, y).RGBA()
			if r > 0xF000 && g > 0xF000 && b > 0xF000 {
				continue
			}
			box = box.Union(image.Rect(x, y, x+1, y+1))
		}
	}
	return box
}

// TestApplyPictureUpright stamps a 400×300 photo under each orientation,
// a JPEG's EXIF orientation and a TIFF scan's Orientation tag alike: the
// page is portrait when the photo turned upright is, and each quarter of
// the photo is drawn where the orientation puts it.
func TestApplyPictureUpright(t *testing.T) {
	t.Parallel()
	img := quadrants(400, 300)
	plain := jpegOf(t, img)
	oriented := map[string]func(o byte) []byte{
		"jpeg": func(o byte) []byte { return withOrientation(plain, o) },
		"tiff": func(o byte) []byte { return picturetest.OrientedTIFF(72, 72, int(o), img) },
	}
	// Where the stored top-left and top-right quarters show, upright.
	for _, tt := range []struct {
		o                 byte
		topLeft, topRight string
	}{
		{1, "tl", "tr"}, {2, "tr", "tl"}, {3, "br", "bl"}, {4, "bl", "br"},
		{5, "tl", "bl"}, {6, "tr", "br"}, {7, "br", "tr"}, {8, "bl", "tl"},
	} {
		for format, picture := range oriented {
			t.Run(fmt.Sprint(format, tt.o), func(t *testing.T) {
				t.Parallel()
				out := stampPicture(t, picture(tt.o), Options{})
				_, w, h := pageInfo(t, out)
				box := renderedBox(t, out, 72)
				if tt.o >= 5 {
					if w != 612 || h != 792 || !sized(box, 300, 400) {
						t.Errorf("page %gx%g, picture %v; want a portrait Letter page, the picture 300x400 pt", w, h, box)
					}
				} else if w != 792 || h != 612 || !sized(box, 400, 300) {
					t.Errorf("page %gx%g, picture %v; want a landscape Letter page, the picture 400x300 pt", w, h, box)
				}
				img := rendered(t, out, 72)
				for stored, shown := range map[int]string{0: tt.topLeft, 1: tt.topRight} {
					if got := quarterColor(img, box, shown); !near(got, quadrantColors[stored]) {
						t.Errorf("orientation %d: %s quarter is %v, want %v", tt.o, shown, got, quadrantColors[stored])
					}
				}
			})
		}
	}
}

// quarterColor is the colour at the middle of one quarter of box in img.
func quarterColor(img image.Image, box image.Rectangle, quarter string) color.RGBA {
	x, y := box.Min.X+box.Dx()/4, box.Min.Y+box.Dy()/4
	if quarter[1] == 'r' {
		x += box.Dx() / 2
	}
	if quarter[0] == 'b' {
		y += box.Dy() / 2
	}
	r, g, b, _ := img.At(x, y).RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}
}

func near(a, b color.RGBA) bool {
	d := func(x, y uint8) int { return max(int(x), int(y)) - min(int(x), int(y)) }
	return d(a.R, b.R) < 40 && d(a.G, b.G) < 40 && d(a.B, b.B) < 40
}

// TestApplyPictureFits draws a picture larger than the page within its
// margins, and a small one at one pixel a point, not enlarged.
func TestApplyPictureFits(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		w, h       int
		wantW      int
		wantH      int
		pageW, pgH float64
	}{
		{3000, 4000, 558, 744, 612, 792}, // 744 pt high between the stamp's band and the margin
		{4000, 1000, 756, 189, 792, 612},
		{120, 90, 120, 90, 792, 612},
	} {
		t.Run(fmt.Sprintf("%dx%d", tt.w, tt.h), func(t *testing.T) {
			t.Parallel()
			out := stampPicture(t, jpegOf(t, quadrants(tt.w, tt.h)), Options{})
			_, w, h := pageInfo(t, out)
			box := renderedBox(t, out, 72)
			if w != tt.pageW || h != tt.pgH || !sized(box, tt.wantW, tt.wantH) {
				t.Errorf("page %gx%g, picture %v; want page %gx%g, picture %dx%d", w, h, box, tt.pageW, tt.pgH, tt.wantW, tt.wantH)
			}
		})
	}
}

// sized reports whether box is w×h, give or take the pixel that
// smoothing the picture's edges adds.
func sized(box image.Rectangle, w, h int) bool {
	return box.Dx() >= w && box.Dx() <= w+1 && box.Dy() >= h && box.Dy() <= h+1
}

// TestApplyPictureErrors refuses what is not a sound picture the stamped
// copy can hold, with an error that says which, before any byte is written.
func TestApplyPictureErrors(t *testing.T) {
	t.Parallel()
	photo := jpegOf(t, quadrants(640, 480))
	for _, tt := range []struct {
		name string
		pic  []byte
		opts Options
		want error
	}{
		{"truncated jpeg", photo[:len(photo)/2], Options{}, ErrBadPicture},
		{"damaged jpeg header", append([]byte{0xFF, 0xD8, 0xFF, 0xC0, 0, 3}, photo[20:]...), Options{}, ErrBadPicture},
		{"not a picture", []byte("%PDF-1.4 this is a PDF named .jpg"), Options{}, ErrBadPicture},
		{"empty", nil, Options{}, ErrBadPicture},
		{"bmp compressed as a png", append([]byte("BM\x00\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00"+
			"\x10\x00\x00\x00\x10\x00\x00\x00\x01\x00\x18\x00\x05\x00\x00\x00"), make([]byte, 32)...), Options{}, ErrPictureFormat},
		{"too many pixels", photo, Options{MaxPixels: 640*480 - 1}, ErrTooLarge},
		{"too many bytes", photo, Options{MaxBytes: int64(len(photo) - 1)}, ErrTooLarge},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			err := ApplyPicture(context.Background(), bytes.NewReader(tt.pic), &out, received("26-1031-WTR"), tt.opts)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if out.Len() != 0 {
				t.Errorf("%d bytes written for a refused picture", out.Len())
			}
		})
	}
	// Exactly at the limits is stamped.
	stampPicture(t, photo, Options{MaxPixels: 640 * 480, MaxBytes: int64(len(photo))})
}

// TestExifOrientation reads the orientation a phone writes, and 1 from a
// JPEG without one or from bytes that are no JPEG or a broken one.
func TestExifOrientation(t *testing.T) {
	t.Parallel()
	plain := jpegOf(t, quadrants(40, 20))
	if o := ExifOrientation(withOrientation(plain, 6)); o != 6 {
		t.Errorf("orientation %d, want 6", o)
	}
	if o := ExifOrientation(plain); o != 1 {
		t.Errorf("orientation of a plain JPEG: %d", o)
	}
	for _, junk := range [][]byte{nil, {0xFF}, {0xFF, 0xD8, 0xFF, 0xE1, 0x00}, {0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 'E'}} {
		if o := ExifOrientation(junk); o != 1 {
			t.Errorf("orientation of %q: %d", junk, o)
		}
	}
}

// TestExifOrientationReadsOneEntry reads the orientation of photos whose
// EXIF holds what costs a reader of all of it without bound: an entry
// whose count says 4 GiB, and sub-directories pointed to again and again
// (the EXIF and interoperability directories, each pointed to 80 times,
// are read 80 and 6,400 times, a second's work). Only the orientation's
// entry is read, allocating next to nothing.
func TestExifOrientationReadsOneEntry(t *testing.T) {
	plain := jpegOf(t, quadrants(40, 20))
	const orientation6 = 6 << 16 // one SHORT, first in the entry's value
	huge := []exifEntry{{0x010F, 2, 0xFFFFFFF0, 8}, {0x0112, 3, 1, orientation6}}
	nested := []exifEntry{{0x0112, 3, 1, orientation6}}
	for range 80 {
		nested = append(nested, exifEntry{0x8769, 4, 1, 8}, exifEntry{0xA005, 4, 1, 8})
	}
	for name, entries := range map[string][]exifEntry{"a count of 4 GiB": huge, "sub-directories 80 times": nested} {
		pic := withExif(plain, entries)
		var o int
		allocated := picturetest.Allocated(func() { o = ExifOrientation(pic) })
		if o != 6 {
			t.Errorf("%s: orientation %d, want 6", name, o)
		}
		if allocated > 1<<20 {
			t.Errorf("%s: reading the orientation allocated %d MiB", name, allocated>>20)
		}
	}
}

// exifEntry is an entry of an EXIF directory: its tag, type, count and
// value (or where its values are).
type exifEntry struct {
	tag, typ     uint16
	count, value uint32
}

// withExif returns the JPEG plain with an EXIF segment whose first
// directory, at offset 8, holds entries.
func withExif(plain []byte, entries []exifEntry) []byte {
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08")
	tiff = binary.BigEndian.AppendUint16(tiff, uint16(len(entries)))
	for _, e := range entries {
		tiff = binary.BigEndian.AppendUint16(tiff, e.tag)
		tiff = binary.BigEndian.AppendUint16(tiff, e.typ)
		tiff = binary.BigEndian.AppendUint32(tiff, e.count)
		tiff = binary.BigEndian.AppendUint32(tiff, e.value)
	}
	exif := append([]byte("Exif\x00\x00"), binary.BigEndian.AppendUint32(tiff, 0)...)
	app1 := binary.BigEndian.AppendUint16([]byte{0xFF, 0xE1}, uint16(len(exif)+2))
	return append(append([]byte{0xFF, 0xD8}, append(app1, exif...)...), plain[2:]...)
}
