package stamp

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"

	"golang.org/x/sync/semaphore"
)

// A picture's stamp costs far more memory than its file: Go's decoders
// hold every pixel, a progressive JPEG's coefficients besides (4 bytes a
// sample), and pdfcpu copies a PNG's or WebP's pixels into buffers of its
// own, boxing each pixel it reads. A file of a few hundred kB within every
// limit can take a gigabyte. pictureCost tells from the header alone, so
// that such a picture is refused before it is decoded. The factors are
// bytes of heap at the peak, garbage included, as measured on Go 1.26 and
// pdfcpu v0.15 (TestPictureCostCoversHeap keeps them honest).
const (
	// pictureOverhead is what any picture's stamp takes: pdfcpu's
	// document, font and writer.
	pictureOverhead = 4 << 20
	// fileCopies is the copies of the file held while stamping: the input
	// (and the garbage of reading it whole), pdfcpu's copy, and the stamped
	// PDF, which embeds a JPEG whole and a PNG's pixels deflated again.
	fileCopies = 4
	// jpegCoefficients is what a progressive JPEG keeps of each sample
	// until its last scan: a 64-entry block of int32s per 64 samples.
	jpegCoefficients = 4
	// jpegConverted is a pixel of the RGBA or CMYK image Go makes of an
	// RGB or four-component JPEG, besides the samples it decoded.
	jpegConverted = 4
)

// pngPixel is a PNG pixel's cost, by the image Go decodes it to: the
// decoded pixel, pdfcpu's copy of it (with a soft mask for the alpha),
// the pixels it boxes while reading them, and the deflated stream. Each
// is the most measured on pictures of noise, which deflate cannot shrink,
// and a quarter to a half more: when garbage is collected varies.
var pngPixel = map[string]int64{
	"gray":     7,  // image.Gray: 4.9 measured
	"gray16":   16, // image.Gray16: 12.4
	"paletted": 10, // image.Paletted: 7.8
	"color":    16, // RGBA, NRGBA: 12.6
	"color16":  44, // RGBA64, NRGBA64: 36.4
}

// webpPixel is a WebP pixel's cost: decoded as NRGBA (lossless, 15.8
// measured) or YCbCr (lossy, which pdfcpu converts to RGBA first), then
// copied as a PNG's colour is.
const webpPixel = 20

// pictureCost estimates the most heap that stamping the picture data of
// the given format and size takes, file included.
func pictureCost(data []byte, format string, cfg image.Config) (int64, error) {
	px := int64(cfg.Width) * int64(cfg.Height)
	file := pictureOverhead + fileCopies*int64(len(data))
	switch format {
	case "jpeg":
		l, err := readJPEGLayout(data)
		if err != nil {
			return 0, err
		}
		return file + l.cost(cfg.Width, cfg.Height), nil
	case "png":
		perPixel, err := pngPixelCost(data)
		if err != nil {
			return 0, err
		}
		return file + perPixel*px, nil
	case "webp":
		return file + webpPixel*px, nil
	}
	return 0, fmt.Errorf("%w: %s", ErrPictureFormat, format)
}

// jpegLayout is what a JPEG's header says of the memory its decoding
// takes.
type jpegLayout struct {
	progressive bool
	// sampling holds each component's sampling factors, h and v.
	sampling [][2]int
	// rgb: the three components are R, G and B, not Y, Cb and Cr, which
	// Go converts to RGBA (as image/jpeg's isRGB decides).
	rgb bool
}

// cost is the heap Go's decoder takes for a w×h picture of layout l: the
// planes of samples, padded to whole blocks (MCUs), the progressive
// coefficients, and the RGBA or CMYK image made of them.
func (l jpegLayout) cost(w, h int) int64 {
	hmax, vmax := 1, 1
	if len(l.sampling) > 1 {
		hmax, vmax = l.sampling[0][0], l.sampling[0][1]
	}
	mxx, myy := int64((w+8*hmax-1)/(8*hmax)), int64((h+8*vmax-1)/(8*vmax))
	var samples int64
	for _, s := range l.sampling {
		hi, vi := s[0], s[1]
		if len(l.sampling) == 1 {
			hi, vi = 1, 1
		}
		samples += 64 * int64(hi*vi) * mxx * myy
	}
	cost := samples
	if l.progressive {
		cost += jpegCoefficients * samples
	}
	if len(l.sampling) == 4 || len(l.sampling) == 3 && l.rgb {
		cost += jpegConverted * int64(w) * int64(h)
	}
	return cost
}

// readJPEGLayout reads the segments of a JPEG up to its first scan, as
// image/jpeg does: extraneous bytes between segments are skipped.
func readJPEGLayout(data []byte) (jpegLayout, error) {
	var l jpegLayout
	var jfif, adobe bool
	var ids []byte
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF || data[i+1] == 0xFF {
			i++
			continue
		}
		marker := data[i+1]
		i += 2
		if marker == 0x00 || marker == 0x01 || marker >= 0xD0 && marker <= 0xD9 {
			continue // no length
		}
		n := int(binary.BigEndian.Uint16(data[i:]))
		if n < 2 || i+n > len(data) {
			break
		}
		seg := data[i+2 : i+n]
		i += n
		switch {
		case marker == 0xC0 || marker == 0xC1 || marker == 0xC2:
			l.progressive = marker == 0xC2
			l.sampling, ids = jpegComponents(seg)
		case marker == 0xE0:
			jfif = bytes.HasPrefix(seg, []byte("JFIF\x00"))
		case marker == 0xEE && len(seg) >= 12 && bytes.HasPrefix(seg, []byte("Adobe")):
			adobe = seg[11] == 0 // transform 0: unknown, in practice RGB
		case marker == 0xDA && len(l.sampling) > 0:
			l.rgb = !jfif && (adobe || bytes.Equal(ids, []byte("RGB")))
			return l, nil
		}
	}
	return l, fmt.Errorf("%w: no frame and scan in the jpeg header", ErrBadPicture)
}

// jpegComponents reads the components of a frame header (SOFn): their
// sampling factors and their ids.
func jpegComponents(sof []byte) (sampling [][2]int, ids []byte) {
	if len(sof) < 6 {
		return nil, nil
	}
	n := int(sof[5])
	for c := range n {
		at := 6 + 3*c
		if at+3 > len(sof) {
			return nil, nil
		}
		ids = append(ids, sof[at])
		sampling = append(sampling, [2]int{max(int(sof[at+1]>>4), 1), max(int(sof[at+1]&0x0F), 1)})
	}
	return sampling, ids
}

// pngPixelCost is the cost of a pixel of the PNG data, by the image its
// header (IHDR, and a tRNS chunk before the pixels) says Go decodes it
// to; an interlaced PNG's passes are decoded apart first and then merged.
func pngPixelCost(data []byte) (int64, error) {
	const sig = 8
	if len(data) < sig+8+13 || string(data[sig+4:sig+8]) != "IHDR" {
		return 0, fmt.Errorf("%w: no png header", ErrBadPicture)
	}
	ihdr := data[sig+8:]
	depth, colour, interlaced := ihdr[8], ihdr[9], ihdr[12] != 0
	transparent := pngHasTransparency(data[sig:])
	kind, decoded := "color", int64(4)
	switch {
	case colour == 3:
		kind, decoded = "paletted", 1
	case colour == 0 && !transparent && depth == 16:
		kind, decoded = "gray16", 2
	case colour == 0 && !transparent:
		kind, decoded = "gray", 1
	case depth == 16:
		kind, decoded = "color16", 8
	}
	cost := pngPixel[kind]
	if interlaced {
		cost += decoded
	}
	return cost, nil
}

// pngHasTransparency reports whether the chunks before the first IDAT
// hold a tRNS, with which Go decodes grey and truecolour PNGs to NRGBA.
func pngHasTransparency(chunks []byte) bool {
	for len(chunks) >= 12 {
		n := int64(binary.BigEndian.Uint32(chunks))
		switch string(chunks[4:8]) {
		case "tRNS":
			return true
		case "IDAT":
			return false
		}
		if n > int64(len(chunks))-12 {
			return false
		}
		chunks = chunks[12+n:]
	}
	return false
}

// MemoryBudget is memory shared by the picture stamps of a process:
// ApplyPicture, given one in Options.Budget, holds its picture's estimated
// cost of it from before decoding to the end of writing, and waits while
// the stamps under way hold too much of it. One budget per process bounds
// what all stamp workers take together.
type MemoryBudget struct {
	size int64
	sem  *semaphore.Weighted
}

// NewMemoryBudget returns a budget of size bytes.
func NewMemoryBudget(size int64) *MemoryBudget {
	return &MemoryBudget{size: size, sem: semaphore.NewWeighted(size)}
}

// acquire waits for n bytes of b, or for ctx to be done; nil b has no
// bound. release gives them back.
func (b *MemoryBudget) acquire(ctx context.Context, n int64) (release func(), err error) {
	if b == nil {
		return func() {}, nil
	}
	if err := b.sem.Acquire(ctx, n); err != nil {
		return nil, fmt.Errorf("wait for %d MiB of the pictures' memory: %w", n>>20, err)
	}
	return func() { b.sem.Release(n) }, nil
}
