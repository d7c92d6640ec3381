package stamp

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// progressiveJPEG writes a valid progressive JPEG of w×h pixels and n
// components (3: YCbCr, 4: CMYK), none of them subsampled, holding a single
// DC scan of zeros: a grey picture a few hundred kB long at 50 megapixels.
// A progressive JPEG is what many phones' editors and web tools write.
func progressiveJPEG(w, h, n int) []byte {
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

// flatPNG writes a PNG of w×h black, fully transparent pixels, RGBA at 16
// bits a sample (as a phone's or an editor's "16-bit" export), deflated
// to almost nothing.
func flatPNG(w, h int) []byte {
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

// flatWebP writes a lossless WebP of w×h pixels of one colour (opaque, or
// transparent black): every prefix code has a single symbol, so the pixels
// take no bits at all and the file is a few dozen bytes at any size.
func flatWebP(w, h int, opaque bool) []byte {
	var bits bitWriter
	bits.write(0x2f, 8) // VP8L signature
	bits.write(uint64(w-1), 14)
	bits.write(uint64(h-1), 14)
	bits.write(1, 1) // alpha used
	bits.write(0, 3) // version
	bits.write(0, 1) // no transform
	bits.write(0, 1) // no colour cache
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
	vp8l := bits.bytes()
	if len(vp8l)%2 == 1 {
		vp8l = append(vp8l, 0)
	}
	var b bytes.Buffer
	b.WriteString("RIFF")
	_ = binary.Write(&b, binary.LittleEndian, uint32(4+8+len(vp8l)))
	b.WriteString("WEBPVP8L")
	_ = binary.Write(&b, binary.LittleEndian, uint32(len(vp8l)))
	b.Write(vp8l)
	return b.Bytes()
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

// peakHeap runs f and returns the most heap its objects took meanwhile,
// garbage not yet collected included, as the process's memory holds it.
func peakHeap(f func()) uint64 {
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

// TestApplyPictureRefusesCostlyPictures stamps pictures within the size
// and pixel limits (a few hundred kB at most, under 50 megapixels) whose
// decoding takes far more memory than a phone photo's: Go's decoder keeps
// a progressive JPEG's coefficients as int32s besides the picture (4
// bytes a sample: 12 for YCbCr and 16 for CMYK a pixel), and pdfcpu
// copies a PNG's or WebP's decoded pixels into buffers of its own. They
// took 0.7 to 1.4 GB each; their headers now tell, and they are refused
// before they are decoded, in a few MB of heap.
func TestApplyPictureRefusesCostlyPictures(t *testing.T) {
	const side = 7071 // 49.99 megapixels
	for _, c := range []struct {
		name string
		pic  []byte
	}{
		{"progressive YCbCr 4:4:4 JPEG", progressiveJPEG(side, side, 3)},
		{"progressive CMYK JPEG", progressiveJPEG(side, side, 4)},
		{"16-bit RGBA PNG", flatPNG(side, side)},
		{"lossless WebP", flatWebP(side, side, false)},
	} {
		var err error
		peak := peakHeap(func() {
			err = ApplyPicture(context.Background(), bytes.NewReader(c.pic), io.Discard, received("26-1031-WTR"), Options{})
		})
		t.Logf("%s: %d kB file, %d MiB heap at its peak (%v)", c.name, len(c.pic)>>10, peak>>20, err)
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: %v, want ErrTooLarge", c.name, err)
		}
		if bound := uint64(16 << 20); peak > bound {
			t.Errorf("%s: a %d kB picture took %d MiB of heap, over %d MiB", c.name, len(c.pic)>>10, peak>>20, bound>>20)
		}
	}
}

// noise is a w×h picture of random colours, which deflate cannot shrink
// (the most a PNG's stamp holds), all of the given alpha.
func noise(w, h int, alpha uint8) *image.NRGBA {
	rng := rand.New(rand.NewPCG(1, 2))
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(rng.Uint32())
		if i%4 == 3 {
			img.Pix[i] = alpha
		}
	}
	return img
}

// pngOf encodes img as a PNG.
func pngOf(tb testing.TB, img image.Image) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// costlyPictures are pictures of each kind whose stamp costs differ, at
// 1.2 megapixels: enough for the pixels to outweigh pdfcpu's own few MB.
func costlyPictures(tb testing.TB) map[string][]byte {
	const w, h = 1200, 1000
	rgb := noise(w, h, 0xFF)
	gray := image.NewGray(rgb.Bounds())
	gray16 := image.NewGray16(rgb.Bounds())
	rgba64 := image.NewNRGBA64(rgb.Bounds())
	paletted := image.NewPaletted(rgb.Bounds(), color.Palette{color.Black, color.White, color.NRGBA{200, 0, 0, 128}})
	for y := range h {
		for x := range w {
			c := rgb.NRGBAAt(x, y)
			gray.SetGray(x, y, color.Gray{c.R})
			gray16.SetGray16(x, y, color.Gray16{uint16(c.R)<<8 | uint16(c.G)})
			rgba64.SetNRGBA64(x, y, color.NRGBA64{uint16(c.R) << 8, uint16(c.G) << 8, uint16(c.B) << 8, uint16(c.R)<<8 | 0xFF})
			paletted.SetColorIndex(x, y, c.G%3)
		}
	}
	var ycc, grayJPEG bytes.Buffer
	if err := jpeg.Encode(&ycc, rgb, &jpeg.Options{Quality: 95}); err != nil {
		tb.Fatal(err)
	}
	if err := jpeg.Encode(&grayJPEG, gray, &jpeg.Options{Quality: 95}); err != nil {
		tb.Fatal(err)
	}
	return map[string][]byte{
		"baseline JPEG 4:2:0":          ycc.Bytes(),
		"baseline grey JPEG":           grayJPEG.Bytes(),
		"progressive YCbCr 4:4:4 JPEG": progressiveJPEG(w, h, 3),
		"progressive CMYK JPEG":        progressiveJPEG(w, h, 4),
		"8-bit RGB PNG":                pngOf(tb, rgb),
		"8-bit RGBA PNG":               pngOf(tb, noise(w, h, 128)),
		"16-bit RGBA PNG":              pngOf(tb, rgba64),
		"8-bit grey PNG":               pngOf(tb, gray),
		"16-bit grey PNG":              pngOf(tb, gray16),
		"paletted PNG":                 pngOf(tb, paletted),
		"lossless WebP":                flatWebP(w, h, false),
	}
}

// TestPictureCostCoversHeap stamps a picture of each kind and checks that
// the cost its header gives is at least the heap the stamp took at its
// peak, garbage included: the budget stamps are held to is then the
// memory they take.
func TestPictureCostCoversHeap(t *testing.T) {
	for name, pic := range costlyPictures(t) {
		p, err := checkPicture(pic, Options{MaxPixels: DefaultMaxPixels, MaxPictureMemory: DefaultMaxPictureMemory})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		peak := peakHeap(func() {
			err = ApplyPicture(context.Background(), bytes.NewReader(pic), io.Discard, received("26-1031-WTR"), Options{})
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

// TestApplyPictureWaitsForBudget stamps a picture while other stamps hold
// a shared budget: it waits for its share (here until its context ends)
// rather than add its memory to theirs, and goes ahead once they are
// done. A picture that costs more than the whole budget is refused
// instead of waiting for ever.
func TestApplyPictureWaitsForBudget(t *testing.T) {
	pic := progressiveJPEG(1000, 1000, 3)
	p, err := checkPicture(pic, Options{MaxPixels: DefaultMaxPixels, MaxPictureMemory: DefaultMaxPictureMemory})
	if err != nil {
		t.Fatal(err)
	}
	budget := NewMemoryBudget(p.cost + p.cost/2)
	opts := Options{Budget: budget}
	if err := budget.sem.Acquire(t.Context(), p.cost); err != nil { // another stamp under way
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	err = ApplyPicture(ctx, bytes.NewReader(pic), io.Discard, received("26-1031-WTR"), opts)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("stamp while the budget is held: %v, want it to wait until its context ends", err)
	}
	budget.sem.Release(p.cost)
	if err := ApplyPicture(t.Context(), bytes.NewReader(pic), io.Discard, received("26-1031-WTR"), opts); err != nil {
		t.Errorf("stamp once the budget is free: %v", err)
	}
	small := Options{Budget: NewMemoryBudget(p.cost - 1)}
	if err := ApplyPicture(t.Context(), bytes.NewReader(pic), io.Discard, received("26-1031-WTR"), small); !errors.Is(err, ErrTooLarge) {
		t.Errorf("stamp of a picture costing more than the whole budget: %v, want ErrTooLarge", err)
	}
}
