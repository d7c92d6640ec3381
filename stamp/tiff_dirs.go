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
	// samples is the values BitsPerSample gives, which the decoder takes
	// for the samples of a pixel.
	samples      int
	bits         int // of a sample
	extraSamples int
	planar       int   // 2: each sample in a plane of its own
	jpegTables   int64 // bytes of the JPEG tables the strips share
	// blockW and blockH are the strip's or tile's size, decoded in one
	// piece: the whole page, unless the page says rows per strip or tiles.
	blockW, blockH int
	// offsets and counts are where each strip or tile is and its length,
	// as many as the page has: read in place, in the file.
	offsets, counts tiffArray
	// xres and yres are the dots per unit across and down; 0 when not
	// given.
	xres, yres float64
	// orientation is the Orientation tag's value: how the page as stored
	// is turned to be upright, as an EXIF orientation says (a scan stored
	// sideways says 6 or 8); 0 when not given.
	orientation int
}

// tiffArray is the values of a directory entry, read where they are in
// the file, without copying them.
type tiffArray struct {
	data  []byte
	order binary.ByteOrder
	size  int64 // of a value: 1 (BYTE), 2 (SHORT) or 4 (LONG)
	at    int64 // where the first value is
	n     int64 // values
}

// get is the array's value i.
func (a tiffArray) get(i int64) int64 {
	at := a.at + i*a.size
	switch a.size {
	case 1:
		return int64(a.data[at])
	case 2:
		return int64(a.order.Uint16(a.data[at:]))
	}
	return int64(a.order.Uint32(a.data[at:]))
}

// TIFF tags read from a page's directory.
const (
	tagWidth        = 256
	tagHeight       = 257
	tagBits         = 258
	tagCompression  = 259
	tagStripOffsets = 273
	tagOrientation  = 274
	tagRowsPerStrip = 278
	tagStripCounts  = 279
	tagXRes         = 282
	tagYRes         = 283
	tagPlanar       = 284
	tagT4Options    = 292
	tagT6Options    = 293
	tagTileWidth    = 322
	tagTileLength   = 323
	tagTileOffsets  = 324
	tagTileCounts   = 325
	tagExtraSamples = 338
	tagJPEGTables   = 347
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
		d, err := readTIFFDir(data, order, off, n)
		if err != nil {
			return nil, fmt.Errorf("tiff page %d: %w", len(dirs)+1, err)
		}
		dirs = append(dirs, d)
		off = int64(order.Uint32(data[end:]))
	}
	if len(dirs) == 0 {
		return nil, fmt.Errorf("%w: tiff without pages", ErrBadPicture)
	}
	return dirs, nil
}

// readTIFFDir reads the n entries of the directory at off.
func readTIFFDir(data []byte, order binary.ByteOrder, off, n int64) (tiffDir, error) {
	d := tiffDir{offset: off, compression: 1, samples: 1, bits: 1}
	var width, height, rows, tileW, tileH int
	var blockEntries [4]int64 // of strip offsets and counts, tile offsets and counts
	for at := off + 2; at < off+2+12*n; at += 12 {
		e := data[at : at+12]
		tag, v := order.Uint16(e), firstValue(data, order, e)
		switch tag {
		case tagWidth:
			width = int(v)
		case tagHeight:
			height = int(v)
		case tagBits:
			d.bits, d.samples = int(v), int(min(order.Uint32(e[4:]), 32))
		case tagCompression:
			d.compression = int(v)
		case tagExtraSamples:
			d.extraSamples = int(v)
		case tagJPEGTables:
			d.jpegTables = int64(order.Uint32(e[4:]))
		case tagRowsPerStrip:
			rows = int(v)
		case tagOrientation:
			d.orientation = int(v)
		case tagPlanar:
			d.planar = int(v)
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
		case tagStripOffsets, tagStripCounts, tagTileOffsets, tagTileCounts:
			blockEntries[blockTags[tag]] = at
		}
	}
	return d, d.layBlocks(data, order, width, height, rows, tileW, tileH, blockEntries)
}

// layBlocks lays out the strips or tiles of the page of d, width×height
// pixels, as the decoder does: tiles when the page gives a tile width,
// else strips of rows per strip; entries are where the directory's
// entries that place them are.
func (d *tiffDir) layBlocks(data []byte, order binary.ByteOrder, width, height, rows, tileW, tileH int, entries [4]int64) error {
	d.blockW, d.blockH = width, height
	across, down, places := int64(1), int64(1), entries[:2]
	if tileW != 0 {
		if tileW < 8 || tileH < 8 {
			return fmt.Errorf("%w: %dx%d tiles", ErrBadPicture, tileW, tileH)
		}
		d.blockW, d.blockH, places = tileW, tileH, entries[2:]
		across = (int64(width) + int64(tileW) - 1) / int64(tileW)
	} else if rows > 0 && rows < height {
		d.blockH = rows
	}
	if d.blockH > 0 {
		down = (int64(height) + int64(d.blockH) - 1) / int64(d.blockH)
	}
	var ok1, ok2 bool
	d.offsets, ok1 = readArray(data, order, places[0], across*down)
	d.counts, ok2 = readArray(data, order, places[1], across*down)
	if !ok1 || !ok2 {
		return fmt.Errorf("%w: the places of %d strips or tiles are not in the file", ErrBadPicture, across*down)
	}
	return nil
}

// blockTags are the entries that place strips and tiles, by their index
// in readTIFFDir's blockEntries.
var blockTags = map[uint16]int{tagStripOffsets: 0, tagStripCounts: 1, tagTileOffsets: 2, tagTileCounts: 3}

// readArray reads in place the first n values of the BYTE, SHORT or LONG
// entry at, as the decoder reads them; false when the entry is missing,
// of another type, holds fewer or they are outside the file.
func readArray(data []byte, order binary.ByteOrder, at, n int64) (tiffArray, bool) {
	if at == 0 {
		return tiffArray{}, false
	}
	e := data[at : at+12]
	typ, count := order.Uint16(e[2:]), int64(order.Uint32(e[4:]))
	a := tiffArray{data: data, order: order, size: tiffTypeSize[typ], at: at + 8, n: n}
	if typ == 2 || a.size == 0 || a.size > 4 || count < n {
		return tiffArray{}, false
	}
	if a.size*count > 4 {
		a.at = int64(order.Uint32(e[8:]))
	}
	return a, a.at+a.size*n <= int64(len(data))
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
