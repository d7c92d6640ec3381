package stamp

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"

	"golang.org/x/image/tiff/lzw"
)

// checkBlocks refuses a page of d whose strips or tiles would take
// decoding more than its cost counts: compressed by LZW, Deflate or
// PackBits, they inflate to more than their pixels' bytes (the decoder
// reads each up to 8 bytes a pixel of it whatever the page's depth: 64
// times a black and white page's bytes; a bilevel page of 372 kB took 942
// MiB, estimated 135); JPEG-compressed, one has more than maxJPEGScans
// scans. Each is read here first, inflated bytes counted and dropped, no
// further than its pixels' bytes: this is called once the page is within
// the picture's limits, so that it costs no more time than decoding.
func (d tiffDir) checkBlocks(data []byte) error {
	var inflated func(block []byte, limit int64) int64
	switch d.compression {
	case 5:
		inflated = func(b []byte, limit int64) int64 {
			return countInflated(lzw.NewReader(bytes.NewReader(b), lzw.MSB, 8), limit)
		}
	case 8, 32946:
		inflated = func(b []byte, limit int64) int64 {
			r, err := zlib.NewReader(bytes.NewReader(b))
			if err != nil {
				return 0 // the decoder fails on it too
			}
			return countInflated(r, limit)
		}
	case 32773:
		inflated = unpackedBits
	case 6, 7:
		return d.checkJPEGBlocks(data)
	default:
		return nil
	}
	// Rows are whole bytes; a little more is allowed, as encoders pad.
	want := int64((d.blockW*d.samples*d.bits+7)/8) * int64(d.blockH)
	limit := want + want/16 + 1024
	end := int64(len(data))
	for i := range d.offsets.n {
		off := min(d.offsets.get(i), end)
		if n := inflated(data[off:min(off+d.counts.get(i), end)], limit); n > limit {
			return fmt.Errorf("%w: strip %d inflates to more than the %d bytes of its pixels", ErrBadPicture, i+1, want)
		}
	}
	return nil
}

// checkJPEGBlocks refuses a page of d whose JPEG-compressed strips or
// tiles hold more than maxJPEGScans scans; jpegBlockCost has read their
// headers and bounded their length by their pixels.
func (d tiffDir) checkJPEGBlocks(data []byte) error {
	end := int64(len(data))
	for i := range d.offsets.n {
		off := min(d.offsets.get(i), end)
		strip := data[off:min(off+d.counts.get(i), end)]
		l, err := readJPEGLayout(strip[:min(len(strip), maxStripHeader)], maxStripSegments)
		if err == nil {
			err = checkJPEGScans(strip, l)
		}
		if err != nil {
			return fmt.Errorf("strip %d: %w", i+1, err)
		}
	}
	return nil
}

// countInflated is the bytes r gives, counted up to limit+1 and dropped.
func countInflated(r io.Reader, limit int64) int64 {
	n, _ := io.Copy(io.Discard, io.LimitReader(r, limit+1))
	return n
}

// unpackedBits is the bytes the PackBits data b unpacks to, counted up to
// past limit.
func unpackedBits(b []byte, limit int64) int64 {
	var n int64
	for i := 0; i < len(b) && n <= limit; {
		code := int(int8(b[i]))
		i++
		switch {
		case code >= 0: // a literal run of code+1 bytes
			n += int64(code + 1)
			i += code + 1
		case code != -128: // one byte, 1-code times
			n += int64(1 - code)
			i++
		}
	}
	return n
}
