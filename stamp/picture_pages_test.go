package stamp

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/bmp"

	"github.com/claimdesk/claimdesk/internal/picturetest"
)

// faxPage is a w×h black and white page: white, with a black frame and
// a black box whose place tells its page n (and which way up it is).
func faxPage(w, h, n int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			ink := x < 8 || y < 8 || x >= w-8 || y >= h-8 ||
				x >= w/10*n && x < w/10*(n+1) && y >= h/10 && y < h/5
			if !ink {
				img.Pix[y*w+x] = 0xFF
			}
		}
	}
	return img
}

// fax compresses the bilevel TIFF tiff as a fax machine does (or as
// tiffcp's compression and args say).
func fax(t *testing.T, tiff []byte, compression string, args ...string) []byte {
	t.Helper()
	out, why := picturetest.Fax(t, tiff, compression, args...)
	if out == nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(why)
		}
		t.Skip(why)
	}
	return out
}

// pageImages returns the pictures of page n of pdf, as pdfimages writes
// them (a deflated image as PNG).
func pageImages(t *testing.T, pdf []byte, n int) [][]byte {
	t.Helper()
	dir := t.TempDir()
	p := strconv.Itoa(n)
	if _, err := runTool(t, "pdfimages", "-all", "-f", p, "-l", p, writeTemp(t, "in.pdf", pdf), filepath.Join(dir, "img")); err != nil {
		t.Fatal(err)
	}
	names, err := filepath.Glob(filepath.Join(dir, "img-*"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// imageDepths lists, page by page, the bits a component of each picture
// of pdf has, as pdfimages -list tells.
func imageDepths(t *testing.T, pdf []byte) []string {
	t.Helper()
	out, err := runTool(t, "pdfimages", "-list", writeTemp(t, "list.pdf", pdf))
	if err != nil {
		t.Fatal(err)
	}
	var depths []string
	for _, line := range strings.Split(out, "\n")[2:] {
		if f := strings.Fields(line); len(f) > 7 {
			depths = append(depths, f[5]+"/"+f[7]) // colour, bpc
		}
	}
	return depths
}

// TestApplyPictureTIFF stamps a faxed form of three pages: a Group 4 page
// sent at normal resolution (its pixels twice as tall as wide), a Group 3
// page at fine resolution and an uncompressed scan in grey. The stamped
// copy has three Letter pages, each page's pixels kept (the fax's at one
// bit a pixel), drawn at the shape the fax had, and the stamp on the
// first page only, as a PDF's stamp is.
func TestApplyPictureTIFF(t *testing.T) {
	t.Parallel()
	const w = 1728
	normal, fine := faxPage(w, 1100, 1), faxPage(w, 2200, 2)
	scan := image.NewGray(image.Rect(0, 0, 850, 1100))
	for i := range scan.Pix {
		scan.Pix[i] = uint8(i/850) / 5
	}
	g4 := fax(t, picturetest.TIFF(204, 98, normal), "g4")
	g3 := fax(t, picturetest.TIFF(204, 196, fine), "g3")
	tiff := joinTIFFs(t, g4, g3, picturetest.TIFF(100, 100, scan))

	out := stampPicture(t, tiff, Options{})
	qpdfCheck(t, out)
	pages, pw, ph := pageInfo(t, out)
	if pages != 3 || pw != 612 || ph != 792 {
		t.Fatalf("%d pages of %gx%g pt, want three Letter pages", pages, pw, ph)
	}
	r := received("26-1031-WTR").Text()
	if text := pageText(t, out, 1); !strings.Contains(text, r) {
		t.Errorf("page 1 reads %q, want the stamp", text)
	}
	requireTopRight(t, out, "RECEIVED", "26-1031-WTR")
	for _, n := range []int{2, 3} {
		if text := pageText(t, out, n); strings.Contains(text, "RECEIVED") {
			t.Errorf("page %d is stamped too: %q", n, text)
		}
	}
	if got := imageDepths(t, out); fmt.Sprint(got) != "[gray/1 gray/1 gray/8]" {
		t.Errorf("pictures (colour/bits): %v, want the fax pages at 1 bit, the scan at 8", got)
	}
	for n, want := range []image.Image{normal, fine, scan} {
		imgs := pageImages(t, out, n+1)
		if len(imgs) != 1 || !samePixels(t, imgs[0], want) {
			t.Errorf("page %d: %d pictures, want the TIFF page's pixels", n+1, len(imgs))
		}
	}
	// 1728×1100 pixels each 2.08 times as tall as wide fill the 744 pt
	// between the stamp's band and the margin: 561 pt wide.
	if box := renderedBox(t, out, 72); !sized(box, 561, 744) || box.Min.Y != 30 {
		t.Errorf("the normal resolution fax page is drawn at %v; want 561x744 pt below the stamp's band", box)
	}
}

// joinTIFFs joins single-page little-endian TIFFs into one of their pages:
// each page's directory and data are moved along, and each page's last
// pointer goes to the next one's directory.
func joinTIFFs(t *testing.T, tiffs ...[]byte) []byte {
	t.Helper()
	var out []byte
	var last int // where the previous page's next-page pointer is
	for i, one := range tiffs {
		if string(one[:4]) != "II*\x00" {
			t.Fatalf("tiff %d is not little-endian", i)
		}
		base := len(out)
		if i == 0 {
			out = append(out, one...)
		} else {
			out = append(out, one[8:]...)
			base -= 8
		}
		dir := int(binary.LittleEndian.Uint32(one[4:]))
		if i > 0 {
			binary.LittleEndian.PutUint32(out[last:], uint32(base+dir))
		}
		last = relocateDir(out, base, base+dir)
	}
	return out
}

// relocateDir moves the offsets of the directory at dir (and the values
// it points to) by base; it returns where its next-page pointer is.
func relocateDir(b []byte, base, dir int) int {
	n := int(binary.LittleEndian.Uint16(b[dir:]))
	size := map[uint16]int{1: 1, 2: 1, 3: 2, 4: 4, 5: 8}
	for e := dir + 2; e < dir+2+12*n; e += 12 {
		tag, typ, count := binary.LittleEndian.Uint16(b[e:]), binary.LittleEndian.Uint16(b[e+2:]), int(binary.LittleEndian.Uint32(b[e+4:]))
		pointer := size[typ]*count > 4
		if pointer {
			binary.LittleEndian.PutUint32(b[e+8:], binary.LittleEndian.Uint32(b[e+8:])+uint32(base))
		}
		if tag == 273 || tag == 324 { // strip or tile offsets
			if !pointer {
				binary.LittleEndian.PutUint32(b[e+8:], binary.LittleEndian.Uint32(b[e+8:])+uint32(base))
				continue
			}
			at := int(binary.LittleEndian.Uint32(b[e+8:]))
			for k := range count {
				binary.LittleEndian.PutUint32(b[at+4*k:], binary.LittleEndian.Uint32(b[at+4*k:])+uint32(base))
			}
		}
	}
	return dir + 2 + 12*n
}

// TestApplyPictureGIFAndBMP stamps a scan sent as a GIF and as a BMP: one
// Letter page each, its pixels kept, in colour.
func TestApplyPictureGIFAndBMP(t *testing.T) {
	t.Parallel()
	img := quadrants(600, 800)
	var g, b bytes.Buffer
	if err := gif.Encode(&g, img, nil); err != nil {
		t.Fatal(err)
	}
	if err := bmp.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	// GIF's palette changes the colours a little: its pixels are those
	// the GIF decodes to.
	gifImg, err := gif.Decode(bytes.NewReader(g.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for name, pic := range map[string][]byte{"gif": g.Bytes(), "bmp": b.Bytes()} {
		want := image.Image(img)
		if name == "gif" {
			want = gifImg
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out := stampPicture(t, pic, Options{})
			qpdfCheck(t, out)
			if pages, w, h := pageInfo(t, out); pages != 1 || w != 612 || h != 792 {
				t.Errorf("%d pages of %gx%g pt, want one Letter page", pages, w, h)
			}
			requireTopRight(t, out, "RECEIVED", "26-1031-WTR")
			if imgs := pageImages(t, out, 1); len(imgs) != 1 || !samePixels(t, imgs[0], want) {
				t.Errorf("%d pictures on the page, want one with the %s's pixels", len(imgs), name)
			}
			if box := renderedBox(t, out, 72); !sized(box, 558, 744) || box.Min.Y != 30 {
				t.Errorf("picture drawn at %v; want 558x744 pt, below the stamp's band", box)
			}
		})
	}
}

// TestApplyPictureTIFFErrors refuses TIFFs that cannot be stamped, with
// an error that says which, before any byte is written: a damaged one,
// one whose pages loop, one of more than MaxPicturePages pages, a
// two-dimensional Group 3 fax and a colour scan in separate planes,
// which the decoder does not read (the scan was called damaged), a page
// of too many pixels, and pages that would take too much memory.
func TestApplyPictureTIFFErrors(t *testing.T) {
	t.Parallel()
	page := faxPage(200, 100, 1)
	one := picturetest.TIFF(200, 200, page)
	g4 := fax(t, one, "g4")
	damaged := append([]byte{}, g4...)
	for i := 8; i < len(damaged)-200; i++ { // the strip, before the directory
		damaged[i] = 0
	}
	loop := append([]byte{}, one...)
	binary.LittleEndian.PutUint32(loop[len(loop)-4:], binary.LittleEndian.Uint32(loop[4:]))
	var many []image.Image
	for range MaxPicturePages + 1 {
		many = append(many, faxPage(16, 16, 0))
	}
	colour := image.NewNRGBA(image.Rect(0, 0, 3000, 3000)) // 27 MB of RGB a page
	for _, tt := range []struct {
		name string
		pic  []byte
		opts Options
		want error
	}{
		{"damaged fax", damaged, Options{}, ErrBadPicture},
		{"cut short", g4[:len(g4)/3], Options{}, ErrBadPicture},
		{"pages in a loop", loop, Options{}, ErrBadPicture},
		{"too many pages", picturetest.TIFF(200, 200, many...), Options{}, ErrTooLarge},
		{"two-dimensional group 3", fax(t, one, "g3:2d"), Options{}, ErrPictureFormat},
		{"colour planes apart", fax(t, picturetest.TIFF(150, 150, quadrants(300, 200)), "lzw", "-p", "separate"), Options{}, ErrPictureFormat},
		{"too many pixels", one, Options{MaxPixels: 200*100 - 1}, ErrTooLarge},
		{"too much memory", picturetest.TIFF(300, 300, colour, colour, colour), Options{}, ErrTooLarge},
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
	stampPicture(t, picturetest.TIFF(200, 200, many[:MaxPicturePages]...), Options{})
	stampPicture(t, one, Options{MaxPixels: 200 * 100})
}

// TestReadPictureHeaderFarTIFF reads the header of a TIFF of a few bytes
// whose page directory is said to be 4 GB into the file: it is refused in
// a few MB of heap, where reading it as a stream buffered the stream up
// to there.
func TestReadPictureHeaderFarTIFF(t *testing.T) {
	far := []byte("II*\x00\x00\xff\xff\xff" + strings.Repeat("\x00", 64))
	var err error
	peak := picturetest.PeakHeap(func() { _, err = ReadPictureHeader(far) })
	if !errors.Is(err, ErrBadPicture) {
		t.Errorf("header of a TIFF whose directory is beyond its end: %v, want ErrBadPicture", err)
	}
	if peak > 16<<20 {
		t.Errorf("reading it took %d MiB of heap", peak>>20)
	}
}

// TestTIFFCostCoversHeap stamps TIFFs of each kind and checks that the
// cost their headers give is at least the heap the stamp took at its
// peak, garbage included: colour and grey scans of noise, which deflate
// cannot shrink, in one strip (the most a strip costs), and a fax of
// several pages.
func TestTIFFCostCoversHeap(t *testing.T) {
	rgb := noise(1200, 1000, 0xFF)
	gray := image.NewGray(rgb.Bounds())
	for i := range gray.Pix {
		gray.Pix[i] = rgb.Pix[4*i]
	}
	raw := picturetest.TIFF(150, 150, rgb)
	faxes := picturetest.TIFF(204, 196, faxPage(1728, 2200, 1), faxPage(1728, 2200, 2), faxPage(1728, 2200, 3))
	pics := map[string][]byte{
		"RGB":         raw,
		"RGB deflate": fax(t, raw, "zip"),
		"RGB LZW":     fax(t, raw, "lzw"),
		"RGB JPEG":    fax(t, raw, "jpeg:r", "-r", "16"),
		"grey":        picturetest.TIFF(150, 150, gray),
		"fax":         fax(t, faxes, "g4"),
	}
	for name, pic := range pics {
		p, err := checkPicture(pic, Options{MaxPixels: DefaultMaxPixels, MaxPictureMemory: DefaultMaxPictureMemory})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		peak := picturetest.PeakHeap(func() {
			err = ApplyPicture(context.Background(), bytes.NewReader(pic), &bytes.Buffer{}, received("26-1031-WTR"), Options{})
		})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t.Logf("%s: %d kB, heap at its peak %.1f MiB, estimated %.1f MiB", name, len(pic)>>10, float64(peak)/(1<<20), float64(p.cost)/(1<<20))
		if int64(peak) > p.cost {
			t.Errorf("%s: its stamp took %.1f MiB of heap, more than the %.1f MiB estimated", name, float64(peak)/(1<<20), float64(p.cost)/(1<<20))
		}
	}
}

// TestApplyPictureTIFFStripNotItsJPEG refuses, before decoding, TIFF pages
// compressed as JPEG whose strips are not a JPEG of their strip's size: a
// page of 126 bytes whose strip is the TIFF itself (the decoder decodes a
// strip in any format, so this TIFF decoded itself until the stack
// overflowed, which ended the process), and a page of 16×16 pixels whose
// strip is a 9-megapixel progressive JPEG of a few kB (the decoder
// decoded it whole: 128 MiB of heap, estimated 5).
func TestApplyPictureTIFFStripNotItsJPEG(t *testing.T) {
	itself := picturetest.StripTIFF(8, 8, 8, 6, 1, 8, make([]byte, 16))
	binary.LittleEndian.PutUint32(itself[8+2+12*5+8:], 0)                   // the strip's offset
	binary.LittleEndian.PutUint32(itself[8+2+12*8+8:], uint32(len(itself))) // and its length
	for _, c := range []struct {
		name string
		pic  []byte
	}{
		{"a TIFF whose strip is itself", itself},
		{"a JPEG larger than its strip", picturetest.StripTIFF(16, 16, 8, 7, 1, 16, picturetest.ProgressiveJPEG(3000, 3000, 1))},
	} {
		var err error
		peak := picturetest.PeakHeap(func() {
			err = ApplyPicture(context.Background(), bytes.NewReader(c.pic), io.Discard, received("26-1031-WTR"), Options{})
		})
		if !errors.Is(err, ErrBadPicture) {
			t.Errorf("%s: %v, want ErrBadPicture", c.name, err)
		}
		if peak > 16<<20 {
			t.Errorf("%s: a %d-byte TIFF took %d MiB of heap", c.name, len(c.pic), peak>>20)
		}
	}
}

// deflated is the bytes deflated, as a TIFF's Deflate strip holds them.
func deflated(tb testing.TB, b []byte) []byte {
	tb.Helper()
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	if _, err := zw.Write(b); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return z.Bytes()
}

// TestApplyPictureTIFFManyStrips stamps pages of many small strips, all
// deflated: each strip takes the decoder its own decompressor, tens of kB
// of garbage and of microseconds. A page of 4,000 one-row strips is
// stamped within its estimate (it took 84 MiB, estimated 10), and one of
// more than maxTIFFBlocks is refused before it is decoded (5 million took
// 69 s).
func TestApplyPictureTIFFManyStrips(t *testing.T) {
	row := deflated(t, []byte{0})
	many := picturetest.StripTIFF(8, 4000, 1, 8, 0, 1, row)
	p, err := checkPicture(many, Options{MaxPixels: DefaultMaxPixels, MaxPictureMemory: DefaultMaxPictureMemory})
	if err != nil {
		t.Fatal(err)
	}
	peak := picturetest.PeakHeap(func() {
		err = ApplyPicture(context.Background(), bytes.NewReader(many), io.Discard, received("26-1031-WTR"), Options{})
	})
	t.Logf("4,000 strips: heap at its peak %.1f MiB, estimated %.1f MiB", float64(peak)/(1<<20), float64(p.cost)/(1<<20))
	if err != nil || int64(peak) > p.cost {
		t.Errorf("4,000 strips: %v; took %.1f MiB, estimated %.1f MiB", err, float64(peak)/(1<<20), float64(p.cost)/(1<<20))
	}
	tooMany := picturetest.StripTIFF(8, maxTIFFBlocks+1, 1, 8, 0, 1, row)
	if err := ApplyPicture(context.Background(), bytes.NewReader(tooMany), io.Discard, received("26-1031-WTR"), Options{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("%d strips: %v, want ErrTooLarge", maxTIFFBlocks+1, err)
	}
}

// TestApplyPictureTIFFInflatedStrips refuses black and white pages whose
// one strip, deflated or PackBits-compressed, inflates to far more than
// the page's bytes (a bit a pixel): the decoder read up to 8 bytes a
// pixel of it, 64 times the page, which its estimate did not count. They
// are refused before the decoder reads them, in little more heap than
// the page's. Faxes of such strips that inflate to their pages are
// stamped.
func TestApplyPictureTIFFInflatedStrips(t *testing.T) {
	faxes := picturetest.TIFF(204, 196, faxPage(1728, 2200, 1), faxPage(1728, 2200, 2))
	for _, c := range []string{"lzw", "zip", "packbits"} {
		stampPicture(t, fax(t, faxes, c, "-r", "64"), Options{})
	}
	const side = 3000
	bomb := make([]byte, 8*side*side)
	var packBits []byte
	for range len(bomb) / 128 {
		packBits = append(packBits, 0x81, 0) // 128 zeros
	}
	for _, c := range []struct {
		name string
		pic  []byte
	}{
		{"deflated", picturetest.StripTIFF(side, side, 1, 8, 0, side, deflated(t, bomb))},
		{"PackBits", picturetest.StripTIFF(side, side, 1, 32773, 0, side, packBits)},
	} {
		p, err := checkPicture(c.pic, Options{MaxPixels: DefaultMaxPixels, MaxPictureMemory: DefaultMaxPictureMemory})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		peak := picturetest.PeakHeap(func() {
			err = ApplyPicture(context.Background(), bytes.NewReader(c.pic), io.Discard, received("26-1031-WTR"), Options{})
		})
		t.Logf("%s: %d kB, heap at its peak %.1f MiB, estimated %.1f MiB (%v)", c.name, len(c.pic)>>10, float64(peak)/(1<<20), float64(p.cost)/(1<<20), err)
		if !errors.Is(err, ErrBadPicture) {
			t.Errorf("%s: %v, want ErrBadPicture", c.name, err)
		}
		if int64(peak) > p.cost {
			t.Errorf("%s: took %.1f MiB, estimated %.1f MiB", c.name, float64(peak)/(1<<20), float64(p.cost)/(1<<20))
		}
	}
}

// TestPictureOfManyScans refuses, before decoding, a JPEG of 1,000 scans
// of a few bytes each, and a TIFF page whose JPEG strip is one: each scan
// takes the decoder a pass over every block of the picture (2 s for these
// 4 megapixels, an hour for a 50-megapixel JPEG of a few MB). A
// progressive JPEG of ten scans, as encoders write, is read.
func TestPictureOfManyScans(t *testing.T) {
	many := picturetest.ManyScansJPEG(2000, 2000, 1000)
	if _, err := ReadPictureHeader(many); !errors.Is(err, ErrTooLarge) {
		t.Errorf("header of a JPEG of 1,000 scans: %v, want ErrTooLarge", err)
	}
	if _, err := ReadPictureHeader(picturetest.ManyScansJPEG(2000, 2000, 10)); err != nil {
		t.Errorf("header of a JPEG of ten scans: %v", err)
	}
	for name, pic := range map[string][]byte{"JPEG": many, "TIFF": picturetest.StripTIFF(2000, 2000, 8, 7, 1, 2000, many)} {
		if err := ApplyPicture(context.Background(), bytes.NewReader(pic), io.Discard, received("26-1031-WTR"), Options{}); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s of 1,000 scans: %v, want ErrTooLarge", name, err)
		}
	}
}

// TestApplyPictureGIFFrameSmallerThanScreen stamps a GIF whose frame
// covers part of its screen, as editors that crop or optimise write
// them: the page holds the whole screen, white where the frame is not,
// the frame where it is. It was refused as unreadable, its frame's size
// not the screen's.
func TestApplyPictureGIFFrameSmallerThanScreen(t *testing.T) {
	t.Parallel()
	frame := image.NewPaletted(image.Rect(100, 50, 500, 750), color.Palette{color.Black, color.White, color.RGBA{0xC0, 0, 0, 0xFF}})
	for i := range frame.Pix {
		frame.Pix[i] = uint8(i % 3)
	}
	var g bytes.Buffer
	if err := gif.EncodeAll(&g, &gif.GIF{Image: []*image.Paletted{frame}, Delay: []int{0},
		Config: image.Config{ColorModel: frame.Palette, Width: 600, Height: 800}}); err != nil {
		t.Fatal(err)
	}
	want := image.NewRGBA(image.Rect(0, 0, 600, 800))
	draw.Draw(want, want.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(want, frame.Bounds(), frame, frame.Bounds().Min, draw.Src)
	out := stampPicture(t, g.Bytes(), Options{})
	if pages, w, h := pageInfo(t, out); pages != 1 || w != 612 || h != 792 {
		t.Errorf("%d pages of %gx%g pt, want one Letter page", pages, w, h)
	}
	if imgs := pageImages(t, out, 1); len(imgs) != 1 || !samePixels(t, imgs[0], want) {
		t.Errorf("%d pictures on the page, want one of the screen with the frame on it", len(imgs))
	}
}
