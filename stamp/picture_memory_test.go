package stamp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/picturetest"
)

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
		{"progressive YCbCr 4:4:4 JPEG", picturetest.ProgressiveJPEG(side, side, 3)},
		{"progressive CMYK JPEG", picturetest.ProgressiveJPEG(side, side, 4)},
		{"16-bit RGBA PNG", picturetest.FlatPNG(side, side)},
		{"lossless WebP", picturetest.FlatWebP(side, side, false)},
	} {
		var err error
		peak := picturetest.PeakHeap(func() {
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

// TestWebPCostCoversPrefixCodes stamps WebPs in lossless compression
// whose prefix codes Go's decoder holds before it decodes a pixel: a
// meta image naming 65536 groups of codes the WebP then lacks (a few
// dozen bytes, as a picture and as a lossy picture's alpha plane, 167
// MiB), and a valid WebP of one pixel and 3000 groups of codes of every
// symbol (105 kB, 211 MiB). The cost their header gives covers every
// byte the stamp allocated.
func TestWebPCostCoversPrefixCodes(t *testing.T) {
	for _, c := range []struct {
		name string
		pic  []byte
		want error
	}{
		{"missing codes", picturetest.ManyGroupsWebP(64, 48, false), ErrBadPicture},
		{"missing codes of an alpha plane", picturetest.ManyGroupsWebP(64, 48, true), ErrBadPicture},
		{"3000 groups of codes", picturetest.ManyCodesWebP(3000), nil},
	} {
		p, err := checkPicture(c.pic, Options{MaxPixels: DefaultMaxPixels, MaxPictureMemory: DefaultMaxPictureMemory})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		allocated := picturetest.Allocated(func() {
			err = ApplyPicture(context.Background(), bytes.NewReader(c.pic), io.Discard, received("26-1031-WTR"), Options{})
		})
		t.Logf("%s: %d bytes, %d MiB allocated, estimated %d MiB (%v)", c.name, len(c.pic), allocated>>20, p.cost>>20, err)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		if int64(allocated) > p.cost {
			t.Errorf("%s: its stamp allocated %d MiB, more than the %d MiB estimated", c.name, allocated>>20, p.cost>>20)
		}
	}
}

// TestApplyPictureRefusesManyPrefixCodes stamps valid WebPs of one pixel
// in lossless compression, of 141 kB and 705 kB, whose prefix codes Go's
// decoder would hold in 282 MiB and 1.4 GiB: some 2 kB of heap for each
// byte of them. Their header tells, and they are refused, saying why,
// before a code is kept.
func TestApplyPictureRefusesManyPrefixCodes(t *testing.T) {
	for _, groups := range []int{4000, 20000} {
		pic := picturetest.ManyCodesWebP(groups)
		var err error
		allocated := picturetest.Allocated(func() {
			err = ApplyPicture(context.Background(), bytes.NewReader(pic), io.Discard, received("26-1031-WTR"), Options{})
		})
		t.Logf("%d groups: %d kB, %d kB allocated (%v)", groups, len(pic)>>10, allocated>>10, err)
		if !errors.Is(err, ErrTooLarge) || !strings.Contains(fmt.Sprint(err), "prefix codes") {
			t.Errorf("%d groups: %v, want ErrTooLarge for its prefix codes", groups, err)
		}
		if bound := uint64(4 << 20); allocated > bound {
			t.Errorf("%d groups: refusing a %d kB picture allocated %d MiB, over %d MiB", groups, len(pic)>>10, allocated>>20, bound>>20)
		}
	}
}

// TestApplyPictureStampsLosslessScreenshot stamps a phone's screenshot
// of 1440×3200 pixels in lossless WebP, as libwebp writes it (transforms,
// a colour cache, a meta image of a few groups of codes): its codes take
// a few hundred kB, and it is stamped within the cost its header gives.
func TestApplyPictureStampsLosslessScreenshot(t *testing.T) {
	pic, err := os.ReadFile("testdata/screenshot-lossless.webp")
	if err != nil {
		t.Fatal(err)
	}
	p, err := checkPicture(pic, Options{MaxPixels: DefaultMaxPixels, MaxPictureMemory: DefaultMaxPictureMemory})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	peak := picturetest.PeakHeap(func() {
		err = ApplyPicture(context.Background(), bytes.NewReader(pic), &out, received("26-1031-WTR"), Options{})
	})
	t.Logf("%d kB, heap at its peak %.1f MiB, estimated %.1f MiB", len(pic)>>10, float64(peak)/(1<<20), float64(p.cost)/(1<<20))
	if err != nil {
		t.Fatal(err)
	}
	if int64(peak) > p.cost {
		t.Errorf("its stamp took %.1f MiB of heap, more than the %.1f MiB estimated", float64(peak)/(1<<20), float64(p.cost)/(1<<20))
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
		"progressive YCbCr 4:4:4 JPEG": picturetest.ProgressiveJPEG(w, h, 3),
		"progressive CMYK JPEG":        picturetest.ProgressiveJPEG(w, h, 4),
		"8-bit RGB PNG":                pngOf(tb, rgb),
		"8-bit RGBA PNG":               pngOf(tb, noise(w, h, 128)),
		"16-bit RGBA PNG":              pngOf(tb, rgba64),
		"8-bit grey PNG":               pngOf(tb, gray),
		"16-bit grey PNG":              pngOf(tb, gray16),
		"paletted PNG":                 pngOf(tb, paletted),
		"lossless WebP":                picturetest.FlatWebP(w, h, false),
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
		peak := picturetest.PeakHeap(func() {
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

// TestDecodeCostCoversHeap decodes a picture of each kind as Go does and
// checks that the decoding cost its header gives is at least the heap the
// decoding took at its peak, garbage included: callers that decode
// pictures (thumbnails) hold that much of their budget.
func TestDecodeCostCoversHeap(t *testing.T) {
	pics := costlyPictures(t)
	var g bytes.Buffer
	if err := gif.Encode(&g, noise(1200, 1000, 0xFF), nil); err != nil {
		t.Fatal(err)
	}
	pics["GIF"] = g.Bytes()
	for name, pic := range pics {
		h, err := ReadPictureHeader(pic)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		peak := picturetest.PeakHeap(func() { _, _, err = image.Decode(bytes.NewReader(pic)) })
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t.Logf("%s: heap at its peak %.1f MiB, estimated %.1f MiB", name, float64(peak)/(1<<20), float64(h.DecodeCost)/(1<<20))
		if int64(peak) > h.DecodeCost {
			t.Errorf("%s: decoding it took %.1f MiB of heap, more than the %.1f MiB estimated", name, float64(peak)/(1<<20), float64(h.DecodeCost)/(1<<20))
		}
	}
}

// TestApplyPictureWaitsForBudget stamps a picture while other stamps hold
// a shared budget: it waits for its share (here until its context ends)
// rather than add its memory to theirs, and goes ahead once they are
// done. A picture that costs more than the whole budget is refused
// instead of waiting for ever.
func TestApplyPictureWaitsForBudget(t *testing.T) {
	pic := picturetest.ProgressiveJPEG(1000, 1000, 3)
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
