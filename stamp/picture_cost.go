package stamp

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"

	"github.com/hhrutter/tiff"
	"golang.org/x/sync/semaphore"
)

// A picture's stamp costs far more memory than its file: Go's decoders
// hold every pixel, a progressive JPEG's coefficients besides (4 bytes a
// sample), and pdfcpu copies a PNG's or WebP's pixels into buffers of its
// own, boxing each pixel it reads. A file of a few hundred kB within every
// limit can take a gigabyte. ReadPictureHeader and pictureCost tell from
// the header alone, so that such a picture is refused before it is
// decoded. The factors are bytes of heap at the peak, garbage included,
// as measured on Go 1.26 and pdfcpu v0.15 (TestDecodeCostCoversHeap and
// TestPictureCostCoversHeap keep them honest).
const (
	// decodeOverhead is what any decoding takes besides the pixels: its
	// tables, readers and row buffers.
	decodeOverhead = 1 << 20
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
	// gifPixel is a pixel of the one frame Go decodes of a GIF
	// (image.Paletted), as large as the picture at most.
	gifPixel = 1
)

// pngDecoded is a PNG pixel as Go decodes it, by the kind of image it
// makes: 1 to 8 bytes, as measured.
var pngDecoded = map[string]int64{"gray": 1, "gray16": 2, "paletted": 1, "color": 4, "color16": 8}

// pngCopied is what stamping a PNG pixel takes besides its decoding:
// pdfcpu's copy of it (with a soft mask for the alpha), the pixels it
// boxes while reading them, and the deflated stream. With the decoded
// pixel, each is the most measured on pictures of noise, which deflate
// cannot shrink (noted beside it), and a quarter to a half more: when
// garbage is collected varies.
var pngCopied = map[string]int64{
	"gray":     6,  // image.Gray: 4.9 measured
	"gray16":   14, // image.Gray16: 12.4
	"paletted": 9,  // image.Paletted: 7.8
	"color":    12, // RGBA, NRGBA: 12.6
	"color16":  36, // RGBA64, NRGBA64: 36.4
}

// A WebP pixel is decoded as NRGBA (lossless: 4 bytes, 8 with a colour
// index, which is decoded apart first) or YCbCr (lossy: 1.5 bytes, and
// with an alpha plane 1 byte more, decoded as a lossless picture of its
// own). Its stamp then costs webpPixel in all, as pdfcpu converts lossy
// pixels to RGBA and copies them as a PNG's colour (15.8 measured).
const (
	webpDecoded = 11
	webpPixel   = 20
)

// PictureHeader is what a picture's header tells before it is decoded.
type PictureHeader struct {
	// Format is the format's name as package image registers it: "jpeg",
	// "png", "webp", "gif", "bmp" or "tiff".
	Format string
	// Width and Height are the picture's pixels as stored (before any
	// EXIF turn).
	Width, Height int
	// ColorModel is the model of the image decoding makes (for instance
	// color.CMYKModel, whose image.CMYK code written for the common
	// images reads one boxed colour at a time).
	ColorModel color.Model
	// DecodeCost is the most heap, in bytes, that Go's decoder
	// (image.Decode) takes to decode the picture, garbage included, its
	// file not: a multiple of its pixels that depends on how they are
	// encoded (a progressive JPEG's coefficients, a 16-bit PNG's
	// samples), and for a lossless WebP its PrefixCodes besides. A
	// TIFF's is its first page's as ApplyPicture decodes it, which first
	// refuses strips that inflate beyond their pixels.
	DecodeCost int64
	// PrefixCodes is, for a lossless WebP (or a lossy one's alpha plane
	// compressed so), what the decoder takes for the prefix codes the
	// pixels are coded with, read from the picture before its pixels:
	// up to thousands of bytes for each byte of them.
	PrefixCodes int64
}

// ReadPictureHeader reads the header of the picture data, decoding none
// of its pixels: its format, its size and what decoding it costs. A
// caller that decodes pictures refuses, or waits for memory to decode,
// on DecodeCost, which may be far more than the file and its pixels
// suggest. Its errors match ErrBadPicture (no picture header, or no
// pixels), ErrPictureFormat (a format whose cost it does not know) or
// ErrTooLarge (a picture whose decoding takes time without bound: a JPEG
// of more than maxJPEGScans scans, a TIFF of too many pages or strips).
func ReadPictureHeader(data []byte) (PictureHeader, error) {
	cfg, format, err := decodeConfig(data)
	if err != nil {
		return PictureHeader{}, decoderError(err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return PictureHeader{}, fmt.Errorf("%w: %dx%d pixels", ErrBadPicture, cfg.Width, cfg.Height)
	}
	h := PictureHeader{Format: format, Width: cfg.Width, Height: cfg.Height, ColorModel: cfg.ColorModel}
	px := h.pixels()
	switch format {
	case "jpeg":
		l, err := readJPEGLayout(data, len(data))
		if err != nil {
			return h, err
		}
		if err := checkJPEGScans(data, l); err != nil {
			return h, err
		}
		h.DecodeCost = l.cost(cfg.Width, cfg.Height)
	case "png":
		l, err := readPNGLayout(data)
		if err != nil {
			return h, err
		}
		h.DecodeCost = l.decoded() * px
	case "webp":
		codes, err := webpLosslessCost(data, cfg.Width, cfg.Height)
		if err != nil {
			return h, err
		}
		h.PrefixCodes = codes
		h.DecodeCost = webpDecoded*px + codes
	case "gif":
		h.DecodeCost = gifPixel * px
	case "bmp":
		h.DecodeCost = decodedPixel(cfg.ColorModel) * px
	case "tiff":
		pages, err := readTIFFPages(data)
		if err != nil {
			return h, err
		}
		h.DecodeCost = pages[0].decodeCost - decodeOverhead // its first page, as image.Decode decodes
	default:
		return h, fmt.Errorf("%w: %s", ErrPictureFormat, format)
	}
	h.DecodeCost += decodeOverhead
	return h, nil
}

// decodeConfig reads the header of the picture data as image.DecodeConfig
// does, but a TIFF's from data itself: handed a stream, the TIFF decoder
// buffers the stream up to the farthest offset the header names, gigabytes
// for a file of a few bytes.
func decodeConfig(data []byte) (image.Config, string, error) {
	if bytes.HasPrefix(data, []byte("II*\x00")) || bytes.HasPrefix(data, []byte("MM\x00*")) {
		cfg, err := tiff.DecodeConfig(bytes.NewReader(data))
		return cfg, "tiff", err
	}
	return image.DecodeConfig(bytes.NewReader(data))
}

// PrefixCodesNote tells, for the refusal of a picture that costs too
// much, what of its cost its lossless WebP compression's prefix codes
// take (", N MiB of them for the prefix codes of its lossless WebP
// compression"), when that is why it costs so much, and "" otherwise: a
// WebP of a few hundred kB and any size can hold a gigabyte of them.
func (h PictureHeader) PrefixCodesNote() string {
	if h.PrefixCodes < h.DecodeCost/2 {
		return ""
	}
	return fmt.Sprintf(", %d MiB of them for the prefix codes of its lossless WebP compression", h.PrefixCodes>>20)
}

// pixels is the picture's count of pixels.
func (h PictureHeader) pixels() int64 { return int64(h.Width) * int64(h.Height) }

// pictureCost estimates the most heap that stamping the picture data of
// header h takes, file included: its decoding, and what pdfcpu adds.
func pictureCost(data []byte, h PictureHeader) (int64, error) {
	cost := pictureOverhead + fileCopies*int64(len(data)) + h.DecodeCost
	switch h.Format {
	case "jpeg":
		return cost, nil // pdfcpu embeds its bytes, which stamp decodes once
	case "png":
		l, err := readPNGLayout(data)
		if err != nil {
			return 0, err
		}
		return cost + pngCopied[l.kind]*h.pixels(), nil
	case "webp":
		return cost + (webpPixel-webpDecoded)*h.pixels(), nil
	}
	return 0, fmt.Errorf("%w: %s", ErrPictureFormat, h.Format)
}

// jpegLayout is what a JPEG's header says of the memory its decoding
// takes.
type jpegLayout struct {
	width, height int // as its frame says
	progressive   bool
	// sampling holds each component's sampling factors, h and v.
	sampling [][2]int
	// rgb: the three components are R, G and B, not Y, Cb and Cr, which
	// Go converts to RGBA (as image/jpeg's isRGB decides).
	rgb bool
	// sos is where the first scan's header is.
	sos int
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
// image/jpeg does: extraneous bytes between segments are skipped. It
// takes at most maxSteps steps, a segment or a byte skipped each.
func readJPEGLayout(data []byte, maxSteps int) (jpegLayout, error) {
	var l jpegLayout
	var jfif, adobe bool
	var ids []byte
	for i, steps := 2, 0; i+4 <= len(data) && steps < maxSteps; steps++ {
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
			if len(seg) >= 5 {
				l.height, l.width = int(binary.BigEndian.Uint16(seg[1:])), int(binary.BigEndian.Uint16(seg[3:]))
			}
		case marker == 0xE0:
			jfif = bytes.HasPrefix(seg, []byte("JFIF\x00"))
		case marker == 0xEE && len(seg) >= 12 && bytes.HasPrefix(seg, []byte("Adobe")):
			adobe = seg[11] == 0 // transform 0: unknown, in practice RGB
		case marker == 0xDA && len(l.sampling) > 0:
			l.rgb = !jfif && (adobe || bytes.Equal(ids, []byte("RGB")))
			l.sos = i - n - 2
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

// maxJPEGScans is the most scans a JPEG may have to be decoded: every
// scan takes Go's decoder a pass over all the picture's blocks (23 ms at
// 50 megapixels), and a scan of nothing but empty blocks takes a few
// bytes. Encoders write one, or about ten when progressive.
const maxJPEGScans = 64

// checkJPEGScans counts the scans of the JPEG data of layout l, whose
// first scan is at l.sos, and refuses more than maxJPEGScans
// (ErrTooLarge). Scans are told apart by their markers, which the coded
// data between them never holds.
func checkJPEGScans(data []byte, l jpegLayout) error {
	scans := 0
	for i := l.sos; i+1 < len(data); {
		marker := data[i+1]
		switch {
		case data[i] != 0xFF || marker == 0x00 || marker == 0xFF || marker >= 0xD0 && marker <= 0xD7:
			i++ // coded data, a stuffed byte, fill, or a restart
			continue
		case marker == 0xD9:
			return nil
		case marker == 0xDA:
			if scans++; scans > maxJPEGScans {
				return fmt.Errorf("%w: a jpeg of more than %d scans", ErrTooLarge, maxJPEGScans)
			}
		}
		if i+4 > len(data) {
			break
		}
		i += 2 + int(binary.BigEndian.Uint16(data[i+2:])) // the segment; the coded data after a scan's
	}
	return nil
}

// pngLayout is what a PNG's header (IHDR, and a tRNS chunk before the
// pixels) says of the image Go decodes it to.
type pngLayout struct {
	kind string // a key of pngDecoded
	// interlaced: the passes are decoded apart first, then merged.
	interlaced bool
}

// decoded is the cost of decoding a pixel of the PNG.
func (l pngLayout) decoded() int64 {
	if l.interlaced {
		return 2 * pngDecoded[l.kind]
	}
	return pngDecoded[l.kind]
}

// readPNGLayout reads the layout of the PNG data from its header.
func readPNGLayout(data []byte) (pngLayout, error) {
	const sig = 8
	if len(data) < sig+8+13 || string(data[sig+4:sig+8]) != "IHDR" {
		return pngLayout{}, fmt.Errorf("%w: no png header", ErrBadPicture)
	}
	ihdr := data[sig+8:]
	depth, colour := ihdr[8], ihdr[9]
	transparent := pngHasTransparency(data[sig:])
	l := pngLayout{kind: "color", interlaced: ihdr[12] != 0}
	switch {
	case colour == 3:
		l.kind = "paletted"
	case colour == 0 && !transparent && depth == 16:
		l.kind = "gray16"
	case colour == 0 && !transparent:
		l.kind = "gray"
	case depth == 16:
		l.kind = "color16"
	}
	return l, nil
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

// MemoryBudget is memory shared by the pictures a process decodes:
// ApplyPicture, given one in Options.Budget, holds its picture's estimated
// cost of it from before decoding to the end of writing, and waits while
// the stamps under way hold too much of it; other decoders of pictures
// (thumbnails) hold theirs with Acquire. One budget per process and use
// bounds what all its workers take together.
type MemoryBudget struct {
	size int64
	sem  *semaphore.Weighted
}

// NewMemoryBudget returns a budget of size bytes.
func NewMemoryBudget(size int64) *MemoryBudget {
	return &MemoryBudget{size: size, sem: semaphore.NewWeighted(size)}
}

// Size is the budget's size in bytes: no one share of it can be larger.
func (b *MemoryBudget) Size() int64 { return b.size }

// Acquire waits for n bytes of b, or for ctx to be done; nil b has no
// bound. release gives them back. A share larger than the whole budget
// fails at once (ErrTooLarge) rather than wait for ever.
func (b *MemoryBudget) Acquire(ctx context.Context, n int64) (release func(), err error) {
	if b == nil {
		return func() {}, nil
	}
	if n > b.size {
		return nil, fmt.Errorf("%w: %d MiB of memory wanted, the budget is %d MiB", ErrTooLarge, n>>20, b.size>>20)
	}
	if err := b.sem.Acquire(ctx, n); err != nil {
		return nil, fmt.Errorf("wait for %d MiB of the pictures' memory: %w", n>>20, err)
	}
	return func() { b.sem.Release(n) }, nil
}
