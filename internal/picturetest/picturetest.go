// Package picturetest builds pictures for tests that are small files but
// costly to decode (hostile pictures within every size and pixel limit),
// and measures the heap a piece of work takes at its peak.
package picturetest

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"runtime"
	"runtime/metrics"
	"slices"
	"sync"
	"time"
)

// ProgressiveJPEG writes a valid progressive JPEG of w×h pixels and n
// components (1: grey, 3: YCbCr, 4: CMYK), none of them subsampled,
// holding a single DC scan of zeros: a grey picture a few hundred kB long
// at 50 megapixels. A progressive JPEG is what many phones' editors and
// web tools write.
func ProgressiveJPEG(w, h, n int) []byte {
	var b bytes.Buffer
	seg := func(marker byte, body []byte) {
		b.Write([]byte{0xFF, marker})
		_ = binary.Write(&b, binary.BigEndian, uint16(len(body)+2))
		b.Write(body)
	}
	b.Write([]byte{0xFF, 0xD8})
	if n == 4 {
		seg(0xEE, []byte("Adobe\x00\x64\x00\x00\x00\x00\x00")) // APP14: CMYK, no transform
	}
	seg(0xDB, append([]byte{0}, bytes.Repeat([]byte{1}, 64)...)) // DQT
	sof := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), byte(n)}
	for c := range n {
		sof = append(sof, byte(c+1), 0x11, 0)
	}
	seg(0xC2, sof)                                                     // SOF2: progressive
	seg(0xC4, append([]byte{0x00, 1}, append(make([]byte, 15), 0)...)) // DHT: DC table 0, one code "0" for category 0
	sos := []byte{byte(n)}
	for c := range n {
		sos = append(sos, byte(c+1), 0x00)
	}
	seg(0xDA, append(sos, 0, 0, 0)) // DC first scan of every component
	blocks := ((w + 7) / 8) * ((h + 7) / 8) * n
	b.Write(make([]byte, (blocks+7)/8)) // one bit per block: DC difference 0
	b.Write([]byte{0xFF, 0xD9})
	return b.Bytes()
}

// FlatPNG writes a PNG of w×h black, fully transparent pixels, RGBA at 16
// bits a sample (as a phone's or an editor's "16-bit" export), deflated
// to almost nothing.
func FlatPNG(w, h int) []byte {
	var b bytes.Buffer
	chunk := func(typ string, body []byte) {
		_ = binary.Write(&b, binary.BigEndian, uint32(len(body)))
		b.WriteString(typ)
		b.Write(body)
		_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), body...)))
	}
	b.Write([]byte("\x89PNG\r\n\x1a\n"))
	ihdr := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, uint32(w)), uint32(h))
	chunk("IHDR", append(ihdr, 16, 6, 0, 0, 0))
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	row := make([]byte, 1+8*w)
	for range h {
		_, _ = zw.Write(row)
	}
	_ = zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return b.Bytes()
}

// FlatWebP writes a lossless WebP of w×h pixels of one colour (opaque, or
// transparent black): every prefix code has a single symbol, so the pixels
// take no bits at all and the file is a few dozen bytes at any size.
func FlatWebP(w, h int, opaque bool) []byte {
	var bits bitWriter
	bits.vp8lHeader(w, h)
	bits.write(0, 1) // no meta prefix codes
	alpha := uint64(0)
	if opaque {
		alpha = 0xFF
	}
	for _, symbol := range []uint64{0x80, 0x80, 0x80, alpha, 0} { // green, red, blue, alpha, distance
		bits.write(1, 1) // simple code
		bits.write(0, 1) // one symbol
		bits.write(1, 1) // of 8 bits
		bits.write(symbol, 8)
	}
	return riffWebP(chunk("VP8L", bits.bytes()))
}

// vp8lHeader writes the start of a lossless WebP bitstream of w×h pixels
// with alpha, no transform and no colour cache.
func (b *bitWriter) vp8lHeader(w, h int) {
	b.write(0x2f, 8) // VP8L signature
	b.write(uint64(w-1), 14)
	b.write(uint64(h-1), 14)
	b.write(1, 1) // alpha used
	b.write(0, 3) // version
	b.write(0, 1) // no transform
	b.write(0, 1) // no colour cache
}

// riffWebP wraps WebP chunks in a WebP file.
func riffWebP(chunks []byte) []byte {
	var b bytes.Buffer
	b.WriteString("RIFF")
	_ = binary.Write(&b, binary.LittleEndian, uint32(4+len(chunks)))
	b.WriteString("WEBP")
	b.Write(chunks)
	return b.Bytes()
}

// chunk is a WebP chunk of the four-character code fourCC holding data,
// padded to an even length.
func chunk(fourCC string, data []byte) []byte {
	c := binary.LittleEndian.AppendUint32([]byte(fourCC), uint32(len(data)))
	c = append(c, data...)
	if len(data)%2 == 1 {
		c = append(c, 0)
	}
	return c
}

// ManyGroupsWebP writes a WebP of w×h pixels in lossless compression
// whose meta prefix codes (an image of a pixel per 4×4 tile) name Huffman
// group 65535, the most there can be, and which then holds none of the
// groups' codes. With alphaPlane, it is the alpha plane of a lossy WebP
// (its ALPH chunk), whose lossy picture does not follow.
func ManyGroupsWebP(w, h int, alphaPlane bool) []byte {
	var bits bitWriter
	bits.vp8lHeader(w, h)
	bits.write(1, 1) // meta prefix codes
	bits.write(0, 3) // of 4×4 tiles
	bits.write(0, 1) // their image: no colour cache
	// Every pixel of the meta image names group 0xFF<<8 | 0xFF (its red and green).
	for _, symbol := range []uint64{0xFF, 0xFF, 0, 0, 0} { // green, red, blue, alpha, distance
		bits.write(1, 1) // simple code
		bits.write(0, 1) // one symbol
		bits.write(1, 1) // of 8 bits
		bits.write(symbol, 8)
	}
	if !alphaPlane {
		return riffWebP(chunk("VP8L", bits.bytes()))
	}
	const alphaFlag = 0x10
	vp8x := []byte{alphaFlag, 0, 0, 0, byte(w - 1), byte((w - 1) >> 8), byte((w - 1) >> 16), byte(h - 1), byte((h - 1) >> 8), byte((h - 1) >> 16)}
	const vp8lCompression = 1
	alph := append([]byte{vp8lCompression}, bits.bytes()[5:]...) // the decoder makes the VP8L header of 5 bytes
	return riffWebP(append(chunk("VP8X", vp8x), chunk("ALPH", alph)...))
}

// ManyCodesWebP writes a valid lossless WebP of one pixel whose meta
// image names `groups` groups of prefix codes (1 to 65536), each of its
// five codes with as many symbols as a few bits can give: 2048 of 2328
// for green with the largest colour cache, all 256 for red, blue and
// alpha, 32 of 40 for distances. Go's decoder holds them all, some 45 kB
// a group, for 29 bytes of file.
func ManyCodesWebP(groups int) []byte {
	var bits bitWriter
	bits.write(0x2f, 8) // VP8L signature
	bits.write(0, 14)   // 1 pixel wide
	bits.write(0, 14)   // and tall
	bits.write(0, 1)    // no alpha
	bits.write(0, 3)    // version
	bits.write(0, 1)    // no transform
	bits.write(1, 1)    // colour cache
	bits.write(11, 4)   // of 2048 colours
	bits.write(1, 1)    // meta prefix codes
	bits.write(0, 3)    // of 4×4 tiles
	bits.write(0, 1)    // their image: no colour cache
	last := uint64(groups - 1)
	for _, symbol := range []uint64{last & 0xFF, last >> 8, 0, 0, 0} { // green, red, blue, alpha, distance
		bits.write(1, 1) // simple code
		bits.write(0, 1) // one symbol
		bits.write(1, 1) // of 8 bits
		bits.write(symbol, 8)
	}
	for range groups {
		equalLengths(&bits, 11, 2048) // green
		for range 3 {
			equalLengths(&bits, 8, 256) // red, blue, alpha
		}
		equalLengths(&bits, 5, 32) // distance
	}
	bits.write(0, 11+8+8+8) // the pixel: symbol 0 of each
	return riffWebP(chunk("VP8L", bits.bytes()))
}

// equalLengths writes a prefix code of its first n symbols, all of the
// given code length (n is 1<<length): its code lengths are coded with a
// code of that one length, which takes no bits, and stop after n.
func equalLengths(bits *bitWriter, length, n uint64) {
	order := []uint64{17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
	at := uint64(slices.Index(order, length))
	bits.write(0, 1)    // code lengths
	bits.write(at-3, 4) // of the code-length code, in order up to this length
	for i := range at + 1 {
		bits.write(min(1, i/at), 3) // this length's code length: 1, the others none
	}
	bits.write(1, 1) // the last symbol is given
	bits.write(5, 3) // in 2+2*5 bits
	bits.write(n-2, 12)
}

// bitWriter writes bits least significant first, as VP8L reads them.
type bitWriter struct {
	buf []byte
	acc uint64
	n   uint
}

func (w *bitWriter) write(v uint64, n uint) {
	w.acc |= v << w.n
	w.n += n
	for w.n >= 8 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc >>= 8
		w.n -= 8
	}
}

func (w *bitWriter) bytes() []byte {
	if w.n > 0 {
		return append(w.buf, byte(w.acc))
	}
	return w.buf
}

// PeakHeap runs f and returns the most heap its objects took meanwhile,
// garbage not yet collected included, as the process's memory holds it.
// Tests that measure it must not run in parallel with others.
func PeakHeap(f func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	f()
	close(done)
	wg.Wait()
	return peak - min(peak, base)
}

// Allocated runs f and returns the bytes of heap it allocated, garbage
// included, however soon it was collected: unlike PeakHeap, it misses no
// allocation, however brief. Tests that measure it must not run in
// parallel with others.
func Allocated(f func()) uint64 {
	sample := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	f()
	metrics.Read(sample)
	return sample[0].Value.Uint64() - base
}

// ManyScansJPEG writes a progressive grey JPEG of w×h pixels holding its
// DC scan and then scans more scans of its AC coefficients, each all
// zeros in a few bytes (runs of empty blocks): every scan takes Go's
// decoder a pass over every block, 23 ms at 50 megapixels.
func ManyScansJPEG(w, h, scans int) []byte {
	b := bytes.NewBuffer(ProgressiveJPEG(w, h, 1))
	b.Truncate(b.Len() - 2) // its EOI, written below
	// An AC table of one code, "0", for the symbol 0xE0: a run of 2^14
	// empty blocks and 14 more bits of them.
	b.Write(append([]byte{0xFF, 0xC4, 0, 2 + 1 + 16 + 1, 0x10, 1}, make([]byte, 15)...))
	b.WriteByte(0xE0)
	var data []byte
	var acc uint64
	var n uint
	put := func(v uint64, bits uint) { // most significant bit first, as JPEG reads
		acc, n = acc<<bits|v, n+bits
		for ; n >= 8; n -= 8 {
			if data = append(data, byte(acc>>(n-8))); data[len(data)-1] == 0xFF {
				data = append(data, 0) // stuffed
			}
		}
	}
	for range (((w+7)/8)*((h+7)/8) + 32766) / 32767 {
		put(0x3FFF, 15) // "0" and 14 ones: 32767 empty blocks
	}
	put(0xFF>>(n%8), (8-n%8)%8) // padded with ones
	for range scans {
		b.Write([]byte{0xFF, 0xDA, 0, 8, 1, 1, 0x00, 1, 63, 0}) // one component, AC 1 to 63
		b.Write(data)
	}
	b.Write([]byte{0xFF, 0xD9})
	return b.Bytes()
}
