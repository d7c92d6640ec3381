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
	"slices"
	"testing"
)

// TIFF writes a TIFF of pages, uncompressed, little-endian, each page at
// xdpi×ydpi dots an inch: a bilevel *image.Gray (every pixel black or
// white) as one bit a pixel, white 0 as faxes have it; any other
// *image.Gray as 8-bit grey; anything else as 8-bit RGB.
func TIFF(xdpi, ydpi int, pages ...image.Image) []byte {
	return OrientedTIFF(xdpi, ydpi, 0, pages...)
}

// OrientedTIFF writes a TIFF as TIFF does, each page's Orientation tag
// saying orientation (1 to 8, as EXIF's: 6 is a page stored to be turned
// clockwise); 0 writes no tag.
func OrientedTIFF(xdpi, ydpi, orientation int, pages ...image.Image) []byte {
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
		if orientation != 0 { // after StripOffsets: tags go in order
			entries = slices.Insert(entries, 6, [3]uint32{274, 3, uint32(orientation)})
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
// Other arguments of tiffcp (rows per strip: "-r", "16") go before the
// files. It returns why not when tiffcp (Debian's libtiff-tools) is
// missing.
func Fax(t testing.TB, tiff []byte, compression string, args ...string) (fax []byte, why string) {
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
	if msg, err := exec.Command(cp, append(append([]string{"-c", compression}, args...), in, out)...).CombinedOutput(); err != nil {
		return nil, fmt.Sprintf("tiffcp -c %s: %v: %s", compression, err, msg)
	}
	fax, err = os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return fax, ""
}

// StripTIFF writes a one-page little-endian TIFF of a w×h page, one sample
// of bits bits a pixel, compressed and interpreted as given, held in
// strips of rows rows each: strip i is strips[i], and a page of more
// strips than are given has the last one given again, at the same place.
// Tests make hostile pages with it, whose strips say what they want.
func StripTIFF(w, h, bits, compression, photometric, rows int, strips ...[]byte) []byte {
	n := (h + rows - 1) / rows
	const entries = 9
	tables := 8 + 2 + 12*entries + 4 // the offsets' and counts' tables, when more than one
	data := tables
	if n > 1 {
		data += 8 * n
	}
	var offsets, counts []uint32
	at := data
	for i := range n {
		s := strips[min(i, len(strips)-1)]
		if i < len(strips) {
			at = data
			data += len(s)
		}
		offsets, counts = append(offsets, uint32(at)), append(counts, uint32(len(s)))
	}
	offsetsAt, countsAt := offsets[0], counts[0]
	if n > 1 {
		offsetsAt, countsAt = uint32(tables), uint32(tables+4*n)
	}
	var b bytes.Buffer
	b.WriteString("II*\x00")
	_ = binary.Write(&b, binary.LittleEndian, uint32(8))
	_ = binary.Write(&b, binary.LittleEndian, uint16(entries))
	for _, e := range [entries][4]uint32{ // tag, type (3 short, 4 long), count, value
		{256, 4, 1, uint32(w)}, {257, 4, 1, uint32(h)}, {258, 3, 1, uint32(bits)}, {259, 3, 1, uint32(compression)},
		{262, 3, 1, uint32(photometric)}, {273, 4, uint32(n), offsetsAt}, {277, 3, 1, 1},
		{278, 4, 1, uint32(rows)}, {279, 4, uint32(n), countsAt},
	} {
		_ = binary.Write(&b, binary.LittleEndian, [2]uint16{uint16(e[0]), uint16(e[1])})
		_ = binary.Write(&b, binary.LittleEndian, [2]uint32{e[2], e[3]})
	}
	_ = binary.Write(&b, binary.LittleEndian, uint32(0)) // no next page
	if n > 1 {
		_ = binary.Write(&b, binary.LittleEndian, offsets)
		_ = binary.Write(&b, binary.LittleEndian, counts)
	}
	for _, s := range strips[:min(n, len(strips))] {
		b.Write(s)
	}
	return b.Bytes()
}
