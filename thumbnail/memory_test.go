package thumbnail

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/picturetest"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/stamp"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// TestThumbnailRefusesCostlyPictures asks for the thumbnails of pictures
// of a few hundred kB within the size and pixel limits whose decoding
// takes far more memory than a phone photo's (0.4 to 1.2 GB): a
// progressive JPEG of 50 megapixels keeps its coefficients as int32s, a
// CMYK one is converted besides, a 16-bit PNG takes 8 bytes a pixel.
// Their headers tell, and they get no thumbnail, as a broken picture
// gets none, in a few MB of heap.
func TestThumbnailRefusesCostlyPictures(t *testing.T) {
	const side = 7071 // 49.99 megapixels
	store, err := blob.NewLocalStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cache := NewCache()
	for _, c := range []struct {
		name, file string
		pic        []byte
	}{
		{"progressive JPEG", "scan.jpg", picturetest.ProgressiveJPEG(side, side, 3)},
		{"progressive CMYK JPEG", "print.jpg", picturetest.ProgressiveJPEG(side, side, 4)},
		{"16-bit PNG", "export.png", picturetest.FlatPNG(side, side)},
	} {
		doc := put(t, store, c.file, c.pic)
		var thumb []byte
		peak := picturetest.PeakHeap(func() { thumb, err = cache.Get(t.Context(), store, doc) })
		t.Logf("%s: %d kB file, %d MiB heap at its peak (%v)", c.name, len(c.pic)>>10, peak>>20, err)
		if !errors.Is(err, ErrNone) || thumb != nil {
			t.Errorf("%s: thumbnail of %d bytes, error %v; want ErrNone", c.name, len(thumb), err)
		}
		if bound := uint64(16 << 20); peak > bound {
			t.Errorf("%s: a %d kB picture took %d MiB of heap, over %d MiB", c.name, len(c.pic)>>10, peak>>20, bound>>20)
		}
	}
}

// put stores pic in store under its content key, as filing does, and
// returns it as a File named name.
func put(t *testing.T, store blob.Store, name string, pic []byte) File {
	t.Helper()
	sum := sha256.Sum256(pic)
	sha := hex.EncodeToString(sum[:])
	if err := store.Put(t.Context(), blob.ContentKey(sha), bytes.NewReader(pic), int64(len(pic))); err != nil {
		t.Fatal(err)
	}
	return File{SHA256: sha, Size: int64(len(pic)), Filename: name}
}

// TestThumbnailCostCoversHeap makes the thumbnails of ordinary pictures, a
// 12-megapixel phone photo held upright (EXIF says turn it), a phone's
// screenshot, a tall scan and a CMYK print (whose pixels imaging reads
// boxed), and checks each is made, upright, within the memory its header
// promised and the bound: the budget thumbnails share is then the memory
// they take.
func TestThumbnailCostCoversHeap(t *testing.T) {
	tall := image.NewGray(image.Rect(0, 0, 400, 20000))
	for i := range tall.Pix {
		tall.Pix[i] = uint8(i * 7)
	}
	for _, c := range []struct {
		name string
		pic  []byte
		w, h int // the thumbnail's size
	}{
		{"phone photo", withOrientation(testenv.JPEG(t, 4032, 3024), 6), 240, 320},
		{"screenshot", pngOf(t, screenshot(1170, 2532)), 147, 320},
		{"tall scan", pngOf(t, tall), 6, 320},
		{"CMYK print", picturetest.ProgressiveJPEG(1500, 1000, 4), 320, 213},
	} {
		h, err := stamp.ReadPictureHeader(c.pic)
		if err != nil {
			t.Fatal(err)
		}
		cost := h.DecodeCost + scaleCost(h)
		var thumb []byte
		peak := picturetest.PeakHeap(func() { thumb, err = imageThumbnail(t.Context(), nil, c.pic) })
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		t.Logf("%s: heap at its peak %.1f MiB, estimated %.1f MiB", c.name, float64(peak)/(1<<20), float64(cost)/(1<<20))
		if int64(peak) > cost || cost > thumbMaxDecodeMemory {
			t.Errorf("%s: took %.1f MiB, estimated %.1f MiB, bound %d MiB", c.name, float64(peak)/(1<<20), float64(cost)/(1<<20), thumbMaxDecodeMemory>>20)
		}
		img := decodeJPEG(t, thumb)
		if sz := img.Bounds().Size(); sz.X != c.w || sz.Y != c.h {
			t.Errorf("%s: thumbnail %v, want %d×%d", c.name, sz, c.w, c.h)
		}
		if c.name == "phone photo" && !isRed(img, c.w/2, c.h/4) {
			t.Errorf("the phone photo's thumbnail is not upright: its red half is not on top")
		}
	}
}

// screenshot is a w×h phone screenshot: opaque colours, all different.
func screenshot(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x), uint8(y), uint8(x ^ y), 0xFF})
		}
	}
	return img
}

func pngOf(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestThumbnailWaitsForMemory asks for a thumbnail while others hold the
// memory thumbnails share: it waits (here until its time is up) rather
// than decode besides them, is not held as a failure for that, and is
// made once the memory is free.
func TestThumbnailWaitsForMemory(t *testing.T) {
	t.Parallel()
	store, err := blob.NewLocalStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cache := NewCache()
	release, err := cache.memory.Acquire(t.Context(), thumbMaxDecodeMemory-1<<20) // others under way
	if err != nil {
		t.Fatal(err)
	}
	doc := put(t, store, "IMG_0001.jpg", testenv.JPEG(t, 1200, 900))
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	call := &thumbCall{done: make(chan struct{})}
	cache.inflight[doc.SHA256] = call // as Get starts it
	cache.make(ctx, store, doc, Key(doc.SHA256), call)
	if !errors.Is(call.err, errNoMemory) || !errors.Is(call.err, context.DeadlineExceeded) {
		t.Errorf("thumbnail while the memory is held: %v, want it to wait until its time is up", call.err)
	}
	if _, failed := cache.failed[doc.SHA256]; failed {
		t.Error("a thumbnail that found no memory in time is held as a failure")
	}
	release()
	if _, err := cache.Get(t.Context(), store, doc); err != nil {
		t.Errorf("thumbnail once the memory is free: %v", err)
	}
}

// TestThumbnailRefusesManyScans gives no thumbnail, without decoding it,
// for a JPEG of 1,000 scans of a few bytes each: each scan takes the
// decoder a pass over every block (2 s for these 4 megapixels, an hour
// for a 50-megapixel JPEG of a few MB), past the thumbnail's time, which
// cannot stop it, holding a worker and its memory.
func TestThumbnailRefusesManyScans(t *testing.T) {
	t.Parallel()
	if _, err := imageThumbnail(t.Context(), nil, picturetest.ManyScansJPEG(2000, 2000, 1000)); !errors.Is(err, ErrNone) {
		t.Errorf("thumbnail of a JPEG of 1,000 scans: %v, want ErrNone", err)
	}
}

// TestThumbnailRefusalNamesPrefixCodes asks for the thumbnail of a valid
// WebP of one pixel in lossless compression, of 141 kB, whose 4000 groups
// of prefix codes Go's decoder would hold in 282 MiB: it gets none, and
// the refusal says the prefix codes are why, as its stamp's does. A
// picture costly for its pixels (a progressive JPEG of 50 megapixels)
// says nothing of prefix codes.
func TestThumbnailRefusalNamesPrefixCodes(t *testing.T) {
	t.Parallel()
	const why = "MiB of them for the prefix codes of its lossless WebP compression, limit 256 MiB"
	_, err := imageThumbnail(t.Context(), nil, picturetest.ManyCodesWebP(4000))
	if !errors.Is(err, ErrNone) || !strings.Contains(fmt.Sprint(err), why) {
		t.Errorf("thumbnail of a WebP of 4000 groups of prefix codes: %v, want ErrNone saying %q", err, why)
	}
	_, err = imageThumbnail(t.Context(), nil, picturetest.ProgressiveJPEG(7071, 7071, 3))
	if !errors.Is(err, ErrNone) || strings.Contains(fmt.Sprint(err), "prefix codes") {
		t.Errorf("thumbnail of a progressive JPEG of 50 megapixels: %v, want ErrNone saying nothing of prefix codes", err)
	}
}
