package stamp

import (
	"encoding/binary"
	"fmt"
)

// tiffDir is what the directory (IFD) of a TIFF page says of the page,
// beyond its size and colours, which the decoder's own reading gives.
type tiffDir struct {
	offset      int64 // where the directory is
	compression int
	t4Options   int // Group 3 fax options: bit 0 two-dimensional, bit 1 uncompressed
	t6Options   int // Group 4 fax options: bit 1 uncompressed
	samples     int
	bits        int // of a sample
	// blockW and blockH are the strip's or tile's size, decoded in one
	// piece: the whole page, unless the page says rows per strip or tiles.
	blockW, blockH int
	// xres and yres are the dots per unit across and down; 0 when not
	// given.
	xres, yres float64
}

// TIFF tags read from a page's directory.
const (
	tagWidth        = 256
	tagHeight       = 257
	tagBits         = 258
	tagCompression  = 259
	tagSamples      = 277
	tagRowsPerStrip = 278
	tagXRes         = 282
	tagYRes         = 283
	tagT4Options    = 292
	tagT6Options    = 293
	tagTileWidth    = 322
	tagTileLength   = 323
)

// readTIFFDirs reads the chain of page directories of the TIFF data, as
// its decoder follows it, refusing a chain that loops or holds more than
// maxPages pages before reading further.
func readTIFFDirs(data []byte, maxPages int) ([]tiffDir, error) {
	if len(data) < 8 {
		return nil, fmt.Errorf("%w: no tiff header", ErrBadPicture)
	}
	var order binary.ByteOrder = binary.LittleEndian
	if data[0] == 'M' {
		order = binary.BigEndian
	}
	var dirs []tiffDir
	seen := map[int64]bool{}
	for off := int64(order.Uint32(data[4:])); off != 0; {
		if seen[off] {
			return nil, fmt.Errorf("%w: tiff pages in a loop", ErrBadPicture)
		}
		seen[off] = true
		if len(dirs) == maxPages {
			return nil, fmt.Errorf("%w: more than %d pages", ErrTooLarge, maxPages)
		}
		if off < 8 || off+2 > int64(len(data)) {
			return nil, fmt.Errorf("%w: tiff page %d's directory is outside the file", ErrBadPicture, len(dirs)+1)
		}
		n := int64(order.Uint16(data[off:]))
		end := off + 2 + 12*n
		if end+4 > int64(len(data)) {
			return nil, fmt.Errorf("%w: tiff page %d's directory is cut short", ErrBadPicture, len(dirs)+1)
		}
		dirs = append(dirs, readTIFFDir(data, order, off, data[off+2:end]))
		off = int64(order.Uint32(data[end:]))
	}
	if len(dirs) == 0 {
		return nil, fmt.Errorf("%w: tiff without pages", ErrBadPicture)
	}
	return dirs, nil
}

// readTIFFDir reads the entries of the directory at off.
func readTIFFDir(data []byte, order binary.ByteOrder, off int64, entries []byte) tiffDir {
	d := tiffDir{offset: off, compression: 1, samples: 1, bits: 1}
	var width, height, rows, tileW, tileH int
	for e := entries; len(e) >= 12; e = e[12:] {
		tag, v := order.Uint16(e), firstValue(data, order, e)
		switch tag {
		case tagWidth:
			width = int(v)
		case tagHeight:
			height = int(v)
		case tagBits:
			d.bits = int(v)
		case tagCompression:
			d.compression = int(v)
		case tagSamples:
			d.samples = int(v)
		case tagRowsPerStrip:
			rows = int(v)
		case tagXRes:
			d.xres = rational(data, order, e)
		case tagYRes:
			d.yres = rational(data, order, e)
		case tagT4Options:
			d.t4Options = int(v)
		case tagT6Options:
			d.t6Options = int(v)
		case tagTileWidth:
			tileW = int(v)
		case tagTileLength:
			tileH = int(v)
		}
	}
	d.blockW, d.blockH = width, height
	if rows > 0 && rows < height {
		d.blockH = rows
	}
	if tileW > 0 && tileH > 0 {
		d.blockW, d.blockH = tileW, tileH
	}
	return d
}

// tiffTypeSize is the bytes of a value of each TIFF field type: BYTE,
// ASCII, SHORT, LONG, RATIONAL.
var tiffTypeSize = map[uint16]int64{1: 1, 2: 1, 3: 2, 4: 4, 5: 8}

// firstValue is the first of the entry e's BYTE, SHORT or LONG values,
// within the entry or where it points; 0 for any other type, or a value
// outside the file.
func firstValue(data []byte, order binary.ByteOrder, e []byte) uint32 {
	typ, count := order.Uint16(e[2:]), int64(order.Uint32(e[4:]))
	size := tiffTypeSize[typ]
	if size == 0 || size > 4 || count == 0 {
		return 0
	}
	at := e[8:12]
	if size*count > 4 {
		p := int64(order.Uint32(at))
		if p < 0 || p+size > int64(len(data)) {
			return 0
		}
		at = data[p : p+size]
	}
	switch typ {
	case 3:
		return uint32(order.Uint16(at))
	case 4:
		return order.Uint32(at)
	}
	return uint32(at[0])
}

// rational is the entry e's RATIONAL value, 0 when it is none or
// unreadable.
func rational(data []byte, order binary.ByteOrder, e []byte) float64 {
	p := int64(order.Uint32(e[8:]))
	if order.Uint16(e[2:]) != 5 || p < 0 || p+8 > int64(len(data)) {
		return 0
	}
	num, den := order.Uint32(data[p:]), order.Uint32(data[p+4:])
	if den == 0 {
		return 0
	}
	return float64(num) / float64(den)
}
