package stamp

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"image"

	"github.com/pdfcpu/pdfcpu/pkg/filter"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// pageImage adds img to pc as an image XObject, deflated, its pixels kept
// at the least depth that holds them: one bit when all are black or white
// (a fax), 8-bit grey when all are grey, else 8-bit RGB; transparent
// pixels are painted on white, as a page shows them. Each row is
// deflated as it is made: no copy of the pixels is held.
func pageImage(pc *model.Context, img image.Image) (*types.IndirectRef, error) {
	src, ok := img.(image.RGBA64Image)
	if !ok {
		return nil, fmt.Errorf("%w: %T pixels", ErrBadPicture, img)
	}
	b := img.Bounds()
	gray, bilevel := inkOf(src, b)
	bpc, cs, rowBytes := 8, "DeviceRGB", 3*b.Dx()
	switch {
	case bilevel:
		bpc, cs, rowBytes = 1, "DeviceGray", (b.Dx()+7)/8
	case gray:
		cs, rowBytes = "DeviceGray", b.Dx()
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	row := make([]byte, rowBytes)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		clear(row)
		for i, x := 0, b.Min.X; x < b.Max.X; i, x = i+1, x+1 {
			r, g, bl := onWhite(src, x, y)
			switch {
			case bilevel && r != 0:
				row[i/8] |= 0x80 >> (i % 8) // 1 is white
			case gray && !bilevel:
				row[i] = r
			case !gray:
				row[3*i], row[3*i+1], row[3*i+2] = r, g, bl
			}
		}
		if _, err := zw.Write(row); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	n := int64(z.Len())
	sd := types.StreamDict{
		Dict: types.Dict(map[string]types.Object{
			"Type": types.Name("XObject"), "Subtype": types.Name("Image"),
			"Width": types.Integer(b.Dx()), "Height": types.Integer(b.Dy()),
			"BitsPerComponent": types.Integer(bpc), "ColorSpace": types.Name(cs),
			"Filter": types.Name(filter.Flate), "Length": types.Integer(n),
		}),
		Raw:            z.Bytes(),
		StreamLength:   &n,
		FilterPipeline: []types.PDFFilter{{Name: filter.Flate}},
	}
	ref, err := pc.XRefTable.IndRefForNewObject(sd)
	if err != nil {
		return nil, fmt.Errorf("page image: %w", err)
	}
	return ref, nil
}

// inkOf reports whether all pixels of src within b are grey, and whether
// all are black or white, as painted on white.
func inkOf(src image.RGBA64Image, b image.Rectangle) (gray, bilevel bool) {
	gray, bilevel = true, true
	for y := b.Min.Y; y < b.Max.Y && gray; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl := onWhite(src, x, y)
			if r != g || g != bl {
				return false, false
			}
			bilevel = bilevel && (r == 0 || r == 0xFF)
		}
	}
	return gray, bilevel
}

// onWhite is the colour of src's pixel at (x, y) painted on white, 8 bits
// a channel.
func onWhite(src image.RGBA64Image, x, y int) (r, g, b uint8) {
	c := src.RGBA64At(x, y)
	clearPart := 0xFFFF - uint32(c.A) // colours are premultiplied
	return uint8((uint32(c.R) + clearPart) >> 8), uint8((uint32(c.G) + clearPart) >> 8), uint8((uint32(c.B) + clearPart) >> 8)
}
