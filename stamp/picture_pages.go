package stamp

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"io"

	"github.com/hhrutter/tiff"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"golang.org/x/image/bmp"
)

// Faxes and scanners send TIFF, which holds a page per image (a faxed ATP
// of three pages), often bilevel and CCITT-compressed; older scanners and
// phones send GIF and BMP. ApplyPicture decodes their pages itself, one at
// a time (a GIF's first frame), with pdfcpu's TIFF reader
// (github.com/hhrutter/tiff: CCITT, LZW, JPEG and multi-page TIFFs), and
// writes each as an image of its own (pageImage): every page of a TIFF
// becomes a page of the stamped PDF.

// MaxPicturePages is the most pages a picture (a TIFF) may have to be
// stamped: a faxed or scanned form has a few.
const MaxPicturePages = 100

// maxTIFFBlocks is the most strips and tiles a TIFF's pages may have in
// all: each takes the decoder tens of microseconds and of kB, however
// small (a page of 5 million one-row strips took 69 s). A fax has a strip
// a page, or one every few dozen rows.
const maxTIFFBlocks = 1 << 16

// pageFormats are the formats whose pages are decoded here.
var pageFormats = map[string]bool{"tiff": true, "gif": true, "bmp": true}

// What decoding and writing a page costs, besides its decoded image.
const (
	// tiffBlockCopies is the copies of a TIFF strip's or tile's
	// decompressed bytes that its decoding holds: its bytes, read whole
	// or into a buffer grown by doubling (5.6 measured).
	tiffBlockCopies = 8
	// tiffJPEGCopies is the copies of a JPEG-compressed strip's bytes,
	// with the JPEG tables, that its decoding holds: read whole, and the
	// tables put in by a buffer grown by doubling. The strip's JPEG is
	// decoded to an image of its own besides (jpegLayout.cost).
	tiffJPEGCopies = 4
	// tiffBlockMaxBytes is the most bytes a pixel of a strip may take in
	// the file, as the decoder allows: no JPEG comes near it.
	tiffBlockMaxBytes = 8
	// maxStripSegments and maxStripHeader bound what is read of a
	// JPEG-compressed strip before its first scan: its tables, frame and
	// scan header take a few segments of a few hundred bytes. Reading a
	// page of many hostile strips then costs little.
	maxStripSegments = 64
	maxStripHeader   = 8 << 10
	// tiffBlockEntry is the bytes the decoder takes to place a strip or
	// tile: its offset and length, read and kept.
	tiffBlockEntry = 32
	// tiffGarbageBlocks is the most strips or tiles whose decoding's
	// garbage (tiffBlockGarbage) is held at once: the collector, running
	// as often as the garbage is large, frees the rest (up to 1,900
	// measured).
	tiffGarbageBlocks = 2048
	// maxJPEGTables bounds the JPEG tables the strips of a page share,
	// which the decoder copies for each strip: a few hundred bytes.
	maxJPEGTables = 64 << 10
	// pageImageCopies is the copies of a page's deflated image held at
	// once: its stream, kept until the PDF is written, the PDF being
	// written, and the garbage of growing both.
	pageImageCopies = 4
	// pageDeflateCopies is the garbage of deflating a page's image into a
	// buffer grown by doubling.
	pageDeflateCopies = 2
)

// picturePage is what a page's header tells.
type picturePage struct {
	dir           tiffDir // a TIFF page's directory
	width, height int
	aspect        float64 // a pixel's height over its width
	decodeCost    int64   // heap, as ReadPictureHeader's DecodeCost
	imageBytes    int64   // the most its image takes in the PDF, deflated
	// twoD marks a TIFF page in two-dimensional Group 3 fax coding, which
	// is stamped once Options.ConvertFax has converted it; bilevel one of
	// one bit a pixel, which it can.
	twoD, bilevel bool
}

// checkPicturePages reads the pages of the picture data of header h, and
// refuses it when it has too many pages, a page of too many pixels, or
// would take more than opts.MaxPictureMemory to stamp.
func checkPicturePages(data []byte, h PictureHeader, opts Options) (picture, error) {
	pages := []picturePage{{width: h.Width, height: h.Height, aspect: 1,
		decodeCost: h.DecodeCost, imageBytes: pageImageBytes(h.ColorModel, false, h.Width, h.Height)}}
	if h.Format == "tiff" {
		var err error
		if pages, err = readTIFFPages(data); err != nil {
			return picture{}, err
		}
	}
	var most, kept int64
	for i, p := range pages {
		if px := int64(p.width) * int64(p.height); px > opts.MaxPixels {
			return picture{}, fmt.Errorf("%w: page %d has %dx%d pixels, limit %d", ErrTooLarge, i+1, p.width, p.height, opts.MaxPixels)
		}
		most = max(most, p.decodeCost+pageDeflateCopies*p.imageBytes)
		kept += pageImageCopies * p.imageBytes
	}
	cost := pictureOverhead + fileCopies*int64(len(data)) + most + kept
	if cost > opts.MaxPictureMemory {
		return picture{}, fmt.Errorf("%w: %d pages of up to %dx%d pixels take about %d MiB to stamp, limit %d MiB",
			ErrTooLarge, len(pages), pages[0].width, pages[0].height, cost>>20, opts.MaxPictureMemory>>20)
	}
	return picture{format: h.Format, orientation: 1, cost: cost, pages: pages}, nil
}

// readTIFFPages reads the header of every page of the TIFF data.
func readTIFFPages(data []byte) ([]picturePage, error) {
	dirs, err := readTIFFDirs(data, MaxPicturePages)
	if err != nil {
		return nil, err
	}
	var blocks int64
	for _, d := range dirs {
		blocks += d.offsets.n
	}
	if blocks > maxTIFFBlocks {
		return nil, fmt.Errorf("%w: %d strips or tiles, limit %d", ErrTooLarge, blocks, maxTIFFBlocks)
	}
	pages := make([]picturePage, len(dirs))
	for i, d := range dirs {
		if err := d.checkCompression(); err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		cfg, err := tiff.DecodeConfigAt(bytes.NewReader(data), d.offset)
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, decoderError(err))
		}
		if cfg.Width <= 0 || cfg.Height <= 0 {
			return nil, fmt.Errorf("%w: page %d has %dx%d pixels", ErrBadPicture, i+1, cfg.Width, cfg.Height)
		}
		cost, err := d.decodeCost(data, cfg)
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		pages[i] = picturePage{dir: d, width: cfg.Width, height: cfg.Height, aspect: d.aspect(),
			decodeCost: cost, imageBytes: pageImageBytes(cfg.ColorModel, d.bilevel(), cfg.Width, cfg.Height),
			twoD: d.compression == 3 && d.t4Options&1 != 0, bilevel: d.bilevel()}
	}
	return pages, nil
}

// tiffCompressions names the compressions the TIFF decoder reads.
var tiffCompressions = map[int]string{1: "none", 2: "CCITT modified Huffman", 3: "CCITT Group 3", 4: "CCITT Group 4",
	5: "LZW", 6: "old JPEG", 7: "JPEG", 8: "Deflate", 32773: "PackBits", 32946: "Deflate"}

// checkCompression refuses a page compressed, or laid out, in a way the
// decoder does not read, but for the two-dimensional Group 3 fax coding,
// which is decoded once converted (convertFax), at the cost of a Group 4
// page. It reads colour samples side by side: a scanner's page of
// separate planes of red, green and blue would be called damaged.
func (d tiffDir) checkCompression() error {
	switch {
	case d.planar == 2 && d.samples > 1:
		return fmt.Errorf("%w: tiff colour planes stored apart", ErrPictureFormat)
	case tiffCompressions[d.compression] == "":
		return fmt.Errorf("%w: tiff compression %d", ErrPictureFormat, d.compression)
	case d.compression == 3 && d.t4Options&2 != 0, d.compression == 4 && d.t6Options&2 != 0:
		return fmt.Errorf("%w: CCITT fax in uncompressed mode", ErrPictureFormat)
	}
	return nil
}

// bilevel reports whether the page is black and white, one bit a pixel:
// a fax.
func (d tiffDir) bilevel() bool { return d.samples == 1 && d.bits == 1 }

// upright is the EXIF orientation (1 to 8) that turns the page upright:
// its Orientation tag's, 1 when it has none or one out of range.
func (d tiffDir) upright() int {
	if d.orientation < 1 || d.orientation > 8 {
		return 1
	}
	return d.orientation
}

// aspect is a pixel's height over its width: about 2 for a fax sent at
// normal resolution (204×98 dots an inch), 1 when the page does not say.
func (d tiffDir) aspect() float64 {
	if d.xres <= 0 || d.yres <= 0 {
		return 1
	}
	return min(max(d.xres/d.yres, 0.25), 4)
}

// tiffBlockGarbage is the garbage that decoding a strip or tile leaves
// besides its pixels, by compression: its decompressor (deflate's 44 kB
// measured, LZW's 20 kB and a buffer), or a buffer. A JPEG-compressed
// one leaves its decoder's tables (jpegStripGarbage) and its bytes.
var tiffBlockGarbage = map[int]int64{8: 48 << 10, 32946: 48 << 10, 5: 24 << 10}

const jpegStripGarbage = 16 << 10

// decodeCost is the heap decoding the page takes: its image, its largest
// strip or tile decompressed, or decoded from JPEG, and what placing and
// decoding each strip or tile leaves.
func (d tiffDir) decodeCost(data []byte, cfg image.Config) (int64, error) {
	cost := decodedPixel(cfg.ColorModel)*int64(cfg.Width)*int64(cfg.Height) + decodeOverhead + tiffBlockEntry*d.offsets.n
	block := min(float64((d.blockW*d.samples*d.bits+7)/8)*float64(d.blockH)*tiffBlockCopies, 1<<50)
	garbage := cmp.Or(tiffBlockGarbage[d.compression], 8<<10)
	if d.compression == 6 || d.compression == 7 {
		if d.jpegTables > maxJPEGTables {
			return 0, fmt.Errorf("%w: %d bytes of JPEG tables", ErrBadPicture, d.jpegTables)
		}
		jpegBlock, copies, err := d.jpegBlockCost(data)
		if err != nil {
			return 0, err
		}
		block, garbage = float64(jpegBlock), jpegStripGarbage+copies
		cost += d.jpegTables
	}
	return cost + int64(block) + min(d.offsets.n, tiffGarbageBlocks)*(garbage+2*int64(d.blockW)), nil
}

// jpegBlockCost checks the JPEG-compressed strips or tiles of the page of
// d, and returns the most heap decoding one takes, and the most of its
// bytes and the tables that its decoding copies. The decoder decodes a
// strip in whatever format it holds (a TIFF whose strip is itself decodes
// itself until the stack overflows, which ends the process) at whatever
// size it says: each must be a JPEG no larger than its strip, its header
// read as the decoder reads it, the tables put in before its scan.
func (d tiffDir) jpegBlockCost(data []byte) (most, copies int64, err error) {
	for i := range d.offsets.n {
		end := int64(len(data))
		off := min(d.offsets.get(i), end)
		strip := data[off:min(off+d.counts.get(i), end)]
		l, err := readJPEGLayout(strip[:min(len(strip), maxStripHeader)], maxStripSegments)
		switch {
		case !bytes.HasPrefix(strip, []byte{0xFF, 0xD8}):
			return 0, 0, fmt.Errorf("%w: strip %d is not a JPEG", ErrBadPicture, i+1)
		case err != nil:
			return 0, 0, fmt.Errorf("strip %d: %w", i+1, err)
		case d.jpegTables > 0 && bytes.Index(strip[:l.sos+2], []byte{0xFF, 0xDA}) != l.sos:
			return 0, 0, fmt.Errorf("%w: strip %d's header holds its scan's marker", ErrBadPicture, i+1)
		case int64(len(strip)) > tiffBlockMaxBytes*int64(d.blockW)*int64(d.blockH):
			return 0, 0, fmt.Errorf("%w: strip %d holds more bytes than its pixels' JPEG could", ErrBadPicture, i+1)
		case l.width > d.blockW || l.height > d.blockH:
			return 0, 0, fmt.Errorf("%w: strip %d is a JPEG of %dx%d pixels, its strip %dx%d",
				ErrBadPicture, i+1, l.width, l.height, d.blockW, d.blockH)
		}
		// The decoder marks a strip with extra samples as RGB or CMYK,
		// and tables may hold a mark of their own.
		l.rgb = l.rgb || d.jpegTables > 0 || d.samples == 4 && d.extraSamples > 0
		c := tiffJPEGCopies * (int64(len(strip)) + d.jpegTables)
		copies, most = max(copies, c), max(most, l.cost(l.width, l.height)+c)
	}
	return most, copies, nil
}

// decodedPixel is the bytes of a pixel of an image of colour model m.
func decodedPixel(m color.Model) int64 {
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	switch m {
	case color.GrayModel:
		return 1
	case color.Gray16Model:
		return 2
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel:
		return 4
	}
	return 8
}

// pageImageBytes is the most a w×h page's image takes deflated in the
// PDF: its pixels at one bit (bilevel), 8 (grey) or 24 (colour), and what
// deflate adds to what it cannot shrink.
func pageImageBytes(m color.Model, bilevel bool, w, h int) int64 {
	raw := 3 * int64(w) * int64(h)
	switch {
	case bilevel:
		raw = int64((w+7)/8) * int64(h)
	case m == color.GrayModel || m == color.Gray16Model:
		raw = int64(w) * int64(h)
	}
	return raw + raw/1000 + 1024
}

// applyPages writes the PDF of the pages of pic, read from data, with
// text stamped on its first page, as Apply stamps a PDF.
func applyPages(ctx context.Context, data []byte, out io.Writer, text string, opts Options, pic picture) error {
	conf := newConfiguration(opts)
	conf.Cmd = model.IMPORTIMAGES
	pc, err := pdfcpu.CreateContextWithXRefTable(conf, types.PaperSize["Letter"])
	if err != nil {
		return fmt.Errorf("create pdf: %w", err)
	}
	for i, p := range pic.pages {
		if err := ctx.Err(); err != nil {
			return err
		}
		img, err := decodePage(data, pic.format, p)
		if err != nil {
			return fmt.Errorf("page %d: %w", i+1, err)
		}
		ref, err := pageImage(pc, img)
		if err != nil {
			return fmt.Errorf("page %d: %w", i+1, err)
		}
		// Turned as the JPEG of a phone is, by where the page draws it: the
		// pixels stay as stored, and so does what they cost.
		pg := picture{width: p.width, height: p.height, orientation: p.dir.upright(), aspect: p.aspect}
		if err := addPicturePage(pc, ref, pg); err != nil {
			return err
		}
	}
	conf.Cmd = model.ADDWATERMARKS
	return stampAndWrite(ctx, pc, out, text)
}

// decodePage decodes the page p of the picture data.
func decodePage(data []byte, format string, p picturePage) (image.Image, error) {
	var img image.Image
	var err error
	switch format {
	case "tiff":
		if err := p.dir.checkBlocks(data); err != nil {
			return nil, err
		}
		img, err = tiff.DecodeAt(bytes.NewReader(data), p.dir.offset)
	case "gif":
		img, err = gif.Decode(bytes.NewReader(data))
		if frame, ok := img.(*image.Paletted); ok {
			img = onScreen{frame: frame, size: image.Pt(p.width, p.height)}
		}
	case "bmp":
		img, err = bmp.Decode(bytes.NewReader(data))
	default:
		return nil, fmt.Errorf("%w: %s", ErrPictureFormat, format)
	}
	if err != nil {
		return nil, decoderError(err)
	}
	if sz := img.Bounds().Size(); sz.X != p.width || sz.Y != p.height {
		return nil, fmt.Errorf("%w: %dx%d pixels decoded, the header says %dx%d", ErrBadPicture, sz.X, sz.Y, p.width, p.height)
	}
	return img, nil
}

// onScreen is a GIF's first frame on the GIF's screen, which the header
// sizes and the frame may cover only part of: transparent (a page's
// white) where the frame is not.
type onScreen struct {
	frame *image.Paletted
	size  image.Point
}

func (s onScreen) ColorModel() color.Model { return s.frame.ColorModel() }
func (s onScreen) Bounds() image.Rectangle { return image.Rectangle{Max: s.size} }
func (s onScreen) At(x, y int) color.Color { return s.RGBA64At(x, y) }

func (s onScreen) RGBA64At(x, y int) color.RGBA64 {
	if !image.Pt(x, y).In(s.frame.Rect) {
		return color.RGBA64{}
	}
	return s.frame.RGBA64At(x, y)
}

// decoderError says whether err, from a decoder, is about a feature it
// does not read (ErrPictureFormat) or a damaged picture (ErrBadPicture).
func decoderError(err error) error {
	var unsupported tiff.UnsupportedError
	if errors.As(err, &unsupported) || errors.Is(err, bmp.ErrUnsupported) {
		return fmt.Errorf("%w: %w", ErrPictureFormat, err)
	}
	return fmt.Errorf("%w: %w", ErrBadPicture, err)
}
