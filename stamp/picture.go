package stamp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/jpeg"
	"io"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Errors about a picture given to ApplyPicture. Every such error matches
// one of them, or ErrTooLarge, with errors.Is.
var (
	// ErrPictureFormat means the picture is in a format the stamped copy
	// does not hold: only JPEG, PNG, WebP, TIFF, GIF and BMP do (a HEIC
	// photo is converted to JPEG by the caller first), and of TIFF not the
	// two-dimensional Group 3 fax coding unless Options.ConvertFax
	// converts it.
	ErrPictureFormat = errors.New("picture format not supported")

	// ErrTwoDimensionalFax means the picture is a TIFF fax with pages in
	// two-dimensional Group 3 coding (fax servers' and e-fax services'
	// usual coding), which ApplyPicture stamps only through
	// Options.ConvertFax; within every limit otherwise. It matches
	// ErrPictureFormat too.
	ErrTwoDimensionalFax = fmt.Errorf("%w: two-dimensional CCITT Group 3 fax", ErrPictureFormat)

	// ErrBadPicture means the picture cannot be decoded: truncated, damaged,
	// or not a picture at all. Panics inside pdfcpu match it too.
	ErrBadPicture = errors.New("unreadable picture")
)

// PictureReaders numbers what ApplyPicture reads. It goes up whenever
// ApplyPicture learns to read a picture it refused with ErrPictureFormat
// before, so that a caller that recorded such a refusal with the number
// tries the picture again: 1 read JPEG, PNG and WebP; 2 TIFF, GIF and BMP
// besides; 3 two-dimensional Group 3 faxes, through Options.ConvertFax.
const PictureReaders = 3

// pictureFormats are the formats pdfcpu puts in a picture's stamped copy:
// a JPEG's own bytes, a PNG's or WebP's pixels losslessly. The others are
// pageFormats.
var pictureFormats = map[string]bool{"jpeg": true, "png": true, "webp": true}

// A picture's page is US Letter, turned to the picture's shape, with a band
// above the picture for the stamp so that it covers none of the form.
const (
	letterShort   = 612.0 // points
	letterLong    = 792.0
	pictureMargin = 18.0 // left, right and bottom
	pictureTop    = 30.0 // above the picture: the stamp's line
)

// ApplyPicture writes to out a one-page PDF of the picture read from in
// (a phone photo of a signed form), with r stamped top right as Apply
// stamps a PDF. The page is US Letter, portrait or landscape as the
// picture is; the picture is drawn upright as its EXIF orientation says,
// fitted within the page's margins and never enlarged beyond one pixel a
// point. Its pixels are kept: a JPEG's bytes are embedded as they are, a
// PNG's or WebP's pixels compressed losslessly. A TIFF (a fax, a scan)
// gives a page for each of its pages, each laid out so (upright as its
// Orientation tag says, which is an EXIF orientation), its pixels as
// wide and tall as its resolution says, with the stamp on the first as
// Apply stamps a PDF's first page; it has at most MaxPicturePages.
// A GIF (its first frame) or a BMP gives one page. A page of these is
// kept losslessly too: at one bit a pixel when it is black and white.
// A TIFF fax in two-dimensional Group 3 coding is stamped as
// opts.ConvertFax converts it, once within the limits below.
//
// At most opts.MaxBytes are read. Pictures of more than opts.MaxPixels
// (a page of more, for a TIFF),
// or whose header says their stamp would take more than
// opts.MaxPictureMemory of memory (a progressive, CMYK or 16-bit picture
// takes several times an ordinary photo's), are refused (ErrTooLarge)
// before they are decoded; with opts.Budget, the stamp then waits for its
// share of that budget, or for ctx to be done. Errors about the
// picture match ErrPictureFormat, ErrBadPicture or ErrTooLarge; errors
// from in or out are returned wrapped, matching none of them. When
// ApplyPicture fails, out may hold a partial PDF and must be discarded.
func ApplyPicture(ctx context.Context, in io.Reader, out io.Writer, r Received, opts Options) error {
	if in == nil || out == nil {
		return errors.New("stamp picture: nil input or output")
	}
	if err := r.validate(); err != nil {
		return fmt.Errorf("stamp picture: %w", err)
	}
	opts, err := opts.withDefaults()
	if err != nil {
		return fmt.Errorf("stamp picture: %w", err)
	}
	data, err := io.ReadAll(io.LimitReader(in, opts.MaxBytes+1))
	if err != nil {
		return fmt.Errorf("stamp picture: read input: %w", err)
	}
	if int64(len(data)) > opts.MaxBytes {
		return fmt.Errorf("stamp picture: %w: more than %d bytes", ErrTooLarge, opts.MaxBytes)
	}
	dst := &sinkWriter{w: out}
	err = guard(func() error { return applyPicture(ctx, data, dst, r.Text(), opts) })
	var panicErr *PanicError
	switch {
	case err == nil:
		return nil
	case dst.err != nil:
		return fmt.Errorf("stamp picture: write output: %w", dst.err)
	case errors.As(err, &panicErr):
		return fmt.Errorf("stamp picture: %w: %w", ErrBadPicture, err)
	}
	return fmt.Errorf("stamp picture: %w", err)
}

func applyPicture(ctx context.Context, data []byte, out io.Writer, text string, opts Options) error {
	pic, err := checkPicture(data, opts)
	if err != nil {
		return err
	}
	if pic.twoDimensionalFax() {
		if data, pic, err = convertFax(ctx, data, pic, opts); err != nil {
			return err
		}
	}
	release, err := opts.Budget.Acquire(ctx, pic.cost)
	if err != nil {
		return err
	}
	defer release()
	if pic.pages != nil {
		return applyPages(ctx, data, out, text, opts, pic)
	}
	if err := validatePicture(data, pic); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	conf := newConfiguration(opts)
	conf.Cmd = model.IMPORTIMAGES
	conf.Limits.MaxImagePixels = opts.MaxPixels
	pc, err := pdfcpu.CreateContextWithXRefTable(conf, types.PaperSize["Letter"])
	if err != nil {
		return fmt.Errorf("create pdf: %w", err)
	}
	res, err := model.CreateImageResources(pc.XRefTable, bytes.NewReader(data), false, false)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadPicture, err)
	}
	if len(res) != 1 || res[0].Res.IndRef == nil {
		return fmt.Errorf("%w: %d images in one picture", ErrBadPicture, len(res))
	}
	if err := addPicturePage(pc, res[0].Res.IndRef, pic); err != nil {
		return err
	}
	conf.Cmd = model.ADDWATERMARKS
	return stampAndWrite(ctx, pc, out, text)
}

// picture is what the page of a picture needs to know of it, and what
// stamping it costs.
type picture struct {
	format        string
	width, height int     // as stored, in pixels
	aspect        float64 // a pixel's height over its width; 0 is 1
	orientation   int     // EXIF orientation, 1 to 8
	cost          int64   // bytes of memory, as pictureCost estimates
	// pages are the pages of a picture of pageFormats, nil for others.
	pages []picturePage
}

// upright returns the picture's width and height as it is shown, in its
// pixels' widths.
func (p picture) upright() (w, h float64) {
	w, h = float64(p.width), float64(p.height)
	if p.aspect > 0 {
		h *= p.aspect
	}
	if p.orientation >= 5 {
		return h, w
	}
	return w, h
}

// checkPicture reads the picture's format, size and cost from its header,
// and refuses what the stamped copy cannot hold or is over the limits.
func checkPicture(data []byte, opts Options) (picture, error) {
	h, err := ReadPictureHeader(data)
	if err != nil {
		return picture{}, err
	}
	if pageFormats[h.Format] {
		return checkPicturePages(data, h, opts)
	}
	if !pictureFormats[h.Format] {
		return picture{}, fmt.Errorf("%w: %s", ErrPictureFormat, h.Format)
	}
	if h.pixels() > opts.MaxPixels {
		return picture{}, fmt.Errorf("%w: %dx%d pixels, limit %d", ErrTooLarge, h.Width, h.Height, opts.MaxPixels)
	}
	cost, err := pictureCost(data, h)
	if err != nil {
		return picture{}, err
	}
	if cost > opts.MaxPictureMemory {
		return picture{}, fmt.Errorf("%w: %dx%d pixels take about %d MiB to stamp%s, limit %d MiB",
			ErrTooLarge, h.Width, h.Height, cost>>20, h.PrefixCodesNote(), opts.MaxPictureMemory>>20)
	}
	pic := picture{format: h.Format, width: h.Width, height: h.Height, orientation: 1, cost: cost}
	if h.Format == "jpeg" && !opts.Upright {
		pic.orientation = ExifOrientation(data)
	}
	return pic, nil
}

// validatePicture decodes a JPEG once in full: pdfcpu embeds its bytes
// without decoding them, and a damaged photo would otherwise be stamped as
// received whole. pdfcpu decodes the other formats itself.
func validatePicture(data []byte, pic picture) error {
	if pic.format != "jpeg" {
		return nil
	}
	if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
		return fmt.Errorf("%w: %w", ErrBadPicture, err)
	}
	return nil
}

// addPicturePage adds to pc the page that shows the image XObject img, the
// picture pic, upright.
func addPicturePage(pc *model.Context, img *types.IndirectRef, pic picture) error {
	w, h := pic.upright()
	pw, ph := letterShort, letterLong
	if w > h {
		pw, ph = letterLong, letterShort
	}
	scale := min((pw-2*pictureMargin)/w, (ph-pictureTop-pictureMargin)/h, 1)
	dw, dh := w*scale, h*scale
	x, y := (pw-dw)/2, ph-pictureTop-dh
	m := pictureMatrix(pic.orientation, x, y, dw, dh)
	content := fmt.Sprintf("q %.4f %.4f %.4f %.4f %.4f %.4f cm /Im0 Do Q", m[0], m[1], m[2], m[3], m[4], m[5])
	sd, err := pc.XRefTable.NewStreamDictForBuf([]byte(content))
	if err != nil {
		return fmt.Errorf("page content: %w", err)
	}
	if err := sd.Encode(); err != nil {
		return fmt.Errorf("page content: %w", err)
	}
	contents, err := pc.XRefTable.IndRefForNewObject(*sd)
	if err != nil {
		return fmt.Errorf("page content: %w", err)
	}
	pagesRef, err := pc.Pages()
	if err != nil {
		return fmt.Errorf("page tree: %w", err)
	}
	pages, err := pc.DereferenceDict(*pagesRef)
	if err != nil || pages == nil {
		return fmt.Errorf("page tree: %w", errors.Join(err, errors.New("no page tree")))
	}
	page, err := pc.XRefTable.IndRefForNewObject(types.Dict(map[string]types.Object{
		"Type":      types.Name("Page"),
		"Parent":    *pagesRef,
		"MediaBox":  types.RectForDim(pw, ph).Array(),
		"Resources": types.Dict(map[string]types.Object{"XObject": types.Dict(map[string]types.Object{"Im0": *img})}),
		"Contents":  *contents,
	}))
	if err != nil {
		return fmt.Errorf("page: %w", err)
	}
	if err := model.AppendPageTree(page, 1, pages); err != nil {
		return fmt.Errorf("page tree: %w", err)
	}
	pc.PageCount++
	return nil
}

// orientationMaps gives, for each EXIF orientation, where a point (u, v) of
// the image as stored (u rightwards, v upwards, each 0 to 1, as PDF draws
// an image in the unit square) is shown in the upright picture:
// p = pu*u + pv*v + p0 across, q = qu*u + qv*v + q0 up.
var orientationMaps = map[int][6]float64{
	1: {1, 0, 0, 0, 1, 0},   // as stored
	2: {-1, 0, 1, 0, 1, 0},  // mirrored left to right
	3: {-1, 0, 1, 0, -1, 1}, // upside down
	4: {1, 0, 0, 0, -1, 1},  // mirrored top to bottom
	5: {0, -1, 1, -1, 0, 1}, // mirrored along the diagonal from top left
	6: {0, 1, 0, -1, 0, 1},  // to be turned clockwise
	7: {0, 1, 0, 1, 0, 0},   // mirrored along the diagonal from top right
	8: {0, -1, 1, 1, 0, 0},  // to be turned counter-clockwise
}

// pictureMatrix is the transformation (a b c d e f) that draws the image
// as stored upright into the box at (x, y) of width w and height h.
func pictureMatrix(orientation int, x, y, w, h float64) [6]float64 {
	o, ok := orientationMaps[orientation]
	if !ok {
		o = orientationMaps[1]
	}
	pu, pv, p0, qu, qv, q0 := o[0], o[1], o[2], o[3], o[4], o[5]
	return [6]float64{w * pu, h * qu, w * pv, h * qv, x + w*p0, y + h*q0}
}
