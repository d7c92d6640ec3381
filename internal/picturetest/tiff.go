package picturetest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TIFF writes a TIFF of pages, uncompressed, little-endian, each page at
// xdpi×ydpi dots an inch: a bilevel *image.Gray (every pixel black or
// white) as one bit a pixel, white 0 as faxes have it; any other
// *image.Gray as 8-bit grey; anything else as 8-bit RGB.
func TIFF(xdpi, ydpi int, pages ...image.Image) []byte {
	var b bytes.Buffer
	b.WriteString("II*\x00")
	next := b.Len()
	b.Write(make([]byte, 4)) // the first page's offset, filled in below
	for _, page := range pages {
		photometric, bits, pix := tiffPixels(page)
		strip := b.Len()
		b.Write(pix)
		res := b.Len()
		for _, dpi := range []int{xdpi, ydpi} {
			_ = binary.Write(&b, binary.LittleEndian, [2]uint32{uint32(dpi), 1})
		}
		bitsAt := uint32(b.Len())
		for range bits {
			_ = binary.Write(&b, binary.LittleEndian, uint16(8))
		}
		if b.Len()%2 == 1 {
			b.WriteByte(0)
		}
		ifd := b.Len()
		binary.LittleEndian.PutUint32(b.Bytes()[next:], uint32(ifd))
		size := page.Bounds().Size()
		entries := [][3]uint32{ // tag, type (3 short, 4 long, 5 rational), value
			{256, 4, uint32(size.X)}, {257, 4, uint32(size.Y)}, {258, 3, bitsAt}, {259, 3, 1},
			{262, 3, photometric}, {273, 4, uint32(strip)}, {277, 3, uint32(len(bits))},
			{278, 4, uint32(size.Y)}, {279, 4, uint32(len(pix))}, {282, 5, uint32(res)},
			{283, 5, uint32(res + 8)}, {296, 3, 2},
		}
		if len(bits) == 1 {
			entries[2][2] = uint32(bits[0])
		}
		_ = binary.Write(&b, binary.LittleEndian, uint16(len(entries)))
		for _, e := range entries {
			count := uint32(1)
			if e[0] == 258 {
				count = uint32(len(bits))
			}
			_ = binary.Write(&b, binary.LittleEndian, struct {
				Tag, Type    uint16
				Count, Value uint32
			}{uint16(e[0]), uint16(e[1]), count, e[2]})
		}
		next = b.Len()
		b.Write(make([]byte, 4)) // no next page, unless one follows
	}
	return b.Bytes()
}

// tiffPixels returns how a page is written: its photometric
// interpretation, bits of each sample, and its rows.
func tiffPixels(page image.Image) (photometric uint32, bits []int, pix []byte) {
	r := page.Bounds()
	gray, isGray := page.(*image.Gray)
	if isGray && bilevel(gray) {
		stride := (r.Dx() + 7) / 8
		pix = make([]byte, stride*r.Dy())
		for y := range r.Dy() {
			for x := range r.Dx() {
				if gray.GrayAt(r.Min.X+x, r.Min.Y+y).Y == 0 { // black is 1
					pix[y*stride+x/8] |= 0x80 >> (x % 8)
				}
			}
		}
		return 0, []int{1}, pix
	}
	if isGray {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			pix = append(pix, gray.Pix[gray.PixOffset(r.Min.X, y):gray.PixOffset(r.Max.X, y)]...)
		}
		return 1, []int{8}, pix
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := color.NRGBAModel.Convert(page.At(x, y)).(color.NRGBA)
			pix = append(pix, c.R, c.G, c.B)
		}
	}
	return 2, []int{8, 8, 8}, pix
}

func bilevel(img *image.Gray) bool {
	for _, p := range img.Pix {
		if p != 0 && p != 0xFF {
			return false
		}
	}
	return true
}

// Fax rewrites the TIFF tiff with libtiff's tiffcp, its bilevel pages
// compressed as a fax machine does: compression "g4" (CCITT Group 4),
// "g3" (Group 3, one-dimensional) or "g3:2d" (Group 3, two-dimensional).
// It returns why not when tiffcp (Debian's libtiff-tools) is missing.
func Fax(t testing.TB, tiff []byte, compression string) (fax []byte, why string) {
	t.Helper()
	cp, err := exec.LookPath("tiffcp")
	if err != nil {
		return nil, "tiffcp (libtiff-tools) not installed"
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.tif"), filepath.Join(dir, "out.tif")
	if err := os.WriteFile(in, tiff, 0o600); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command(cp, "-c", compression, in, out).CombinedOutput(); err != nil {
		return nil, fmt.Sprintf("tiffcp -c %s: %v: %s", compression, err, msg)
	}
	fax, err = os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return fax, ""
}
