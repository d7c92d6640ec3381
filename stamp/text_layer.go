package stamp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// TextLayer is invisible text to lay over one page of a scanned PDF, so that
// viewers find and copy the words of its picture: a one-page PDF holding
// only text in an invisible render mode, placed where the words are in the
// picture, such as tesseract writes with textonly_pdf=1 from the page
// rendered at its own size. This is what OCRmyPDF grafts onto scans.
type TextLayer struct {
	// Page is the page of the stamped PDF it covers, from 1.
	Page int
	// PDF is the one-page PDF of the text; its page is scaled to the
	// page it covers.
	PDF []byte
}

// maxLayerBytes bounds one layer: a page of text and its font take tens of
// kB, and anything much larger is not what tesseract writes.
const maxLayerBytes = 4 << 20

// ApplyWithText is Apply, and first lays each text layer over its page.
// The page's own content is untouched: the layer's invisible text is drawn
// on top of it and changes no pixel. A layer that is not a readable
// one-page PDF, or names a page the PDF does not have, is left out; the
// stamped copy is still made. Errors follow Apply's rules.
func ApplyWithText(ctx context.Context, in io.ReadSeeker, out io.Writer, r Received, layers []TextLayer, opts Options) error {
	if in == nil || out == nil {
		return errors.New("stamp: nil input or output")
	}
	if err := r.validate(); err != nil {
		return fmt.Errorf("stamp: %w", err)
	}
	opts, err := opts.withDefaults()
	if err != nil {
		return fmt.Errorf("stamp: %w", err)
	}
	src := &sourceReader{rs: readWhole(in, opts.MaxBytes)}
	dst := &sinkWriter{w: out}
	err = guard(func() error { return apply(ctx, src, dst, r.Text(), layers, opts) })
	return classify(ctx, "stamp", err, src, dst)
}

// layText lays each usable layer over its page of pc.
func layText(ctx context.Context, pc *model.Context, layers []TextLayer) error {
	for _, l := range layers {
		if err := ctx.Err(); err != nil {
			return err
		}
		if l.Page < 1 || l.Page > pc.PageCount || !usableLayer(l.PDF) {
			continue
		}
		// Scaled relative to the page (1 rel), centred: the layer's page,
		// rendered from the page at its own size, covers it exactly even
		// when tesseract's page is a fraction of a point off.
		wm, err := api.PDFWatermarkForReadSeeker(bytes.NewReader(l.PDF), 1,
			"scalefactor:1 rel, position:c, rotation:0, opacity:1", true, false, types.POINTS)
		if err != nil {
			return fmt.Errorf("configure text layer of page %d: %w", l.Page, err)
		}
		if err := api.WatermarkContext(pc, types.IntSet{l.Page: true}, wm); err != nil {
			return fmt.Errorf("text layer of page %d: %w", l.Page, err)
		}
	}
	return nil
}

// usableLayer reports whether pdf is a PDF of one page that pdfcpu reads,
// checked on its own so that a broken layer is left out rather than
// failing the stamp of a sound document.
func usableLayer(pdf []byte) (ok bool) {
	if len(pdf) == 0 || len(pdf) > maxLayerBytes {
		return false
	}
	err := guard(func() error {
		pc, err := read(context.Background(), &sourceReader{rs: bytes.NewReader(pdf)}, Options{MaxBytes: maxLayerBytes, MaxPages: 1})
		if err != nil {
			return err
		}
		if pc.PageCount != 1 {
			return errors.New("not one page")
		}
		return nil
	})
	return err == nil
}
