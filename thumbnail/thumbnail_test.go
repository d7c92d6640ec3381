package thumbnail

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/claimdesk/claimdesk/internal/picturetest"
	"github.com/claimdesk/claimdesk/internal/testenv"
)

// withOrientation puts an EXIF segment saying orientation o into a JPEG.
func withOrientation(plain []byte, o byte) []byte {
	exif := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00")
	exif[len(exif)-7] = o
	app1 := append([]byte{0xFF, 0xE1, byte((len(exif) + 2) >> 8), byte(len(exif) + 2)}, exif...)
	return append(append(append([]byte{}, plain[:2]...), app1...), plain[2:]...)
}

func decodeJPEG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func isRed(img image.Image, x, y int) bool {
	r, _, b, _ := img.At(x, y).RGBA()
	return r > 0x9000 && b < 0x6000
}

func TestEXIFOrientation(t *testing.T) {
	t.Parallel()
	// A JPEG whose EXIF says "rotate 90° clockwise" (orientation 6), as
	// phones held upright write.
	plain := testenv.JPEG(t, 40, 20)
	rotated := withOrientation(plain, 6)
	out, err := imageThumbnail(t.Context(), nil, rotated)
	if err != nil {
		t.Fatal(err)
	}
	img := decodeJPEG(t, out)
	if sz := img.Bounds().Size(); sz.X != 20 || sz.Y != 40 {
		t.Errorf("rotated thumbnail %v, want 20×40", sz)
	}
	// The red left half is on top once turned clockwise.
	if !isRed(img, 10, 5) {
		t.Error("the photo was not turned clockwise")
	}
}

// TestEveryOrientation turns a photo whose left half is red by each of the
// eight EXIF orientations and checks where the red half ends up.
func TestEveryOrientation(t *testing.T) {
	t.Parallel()
	plain := testenv.JPEG(t, 40, 20)
	tests := []struct {
		o    byte
		w, h int
		x, y int // a point that must be red
	}{
		{1, 40, 20, 5, 10}, {2, 40, 20, 35, 10}, {3, 40, 20, 35, 10}, {4, 40, 20, 5, 10},
		{5, 20, 40, 10, 5}, {6, 20, 40, 10, 5}, {7, 20, 40, 10, 35}, {8, 20, 40, 10, 35},
	}
	for _, tt := range tests {
		out, err := imageThumbnail(t.Context(), nil, withOrientation(plain, tt.o))
		if err != nil {
			t.Fatal(err)
		}
		img := decodeJPEG(t, out)
		if sz := img.Bounds().Size(); sz.X != tt.w || sz.Y != tt.h {
			t.Errorf("orientation %d: %v, want %d×%d", tt.o, sz, tt.w, tt.h)
		}
		if !isRed(img, tt.x, tt.y) {
			t.Errorf("orientation %d: (%d,%d) is not red", tt.o, tt.x, tt.y)
		}
	}
}

func TestImageThumbnail(t *testing.T) {
	t.Parallel()
	// A large photo is scaled to MaxSide on its longer side.
	img := decodeJPEG(t, must(t)(imageThumbnail(t.Context(), nil, testenv.JPEG(t, 1200, 900))))
	if sz := img.Bounds().Size(); sz.X != MaxSide || sz.Y != 240 {
		t.Errorf("thumbnail %v, want 320×240", sz)
	}
	// Transparent pixels come out white, as a page shows them.
	clear := image.NewNRGBA(image.Rect(0, 0, 8, 8))
	var buf bytes.Buffer
	if err := png.Encode(&buf, clear); err != nil {
		t.Fatal(err)
	}
	img = decodeJPEG(t, must(t)(imageThumbnail(t.Context(), nil, buf.Bytes())))
	if r, g, b, _ := img.At(4, 4).RGBA(); r < 0xF000 || g < 0xF000 || b < 0xF000 {
		t.Errorf("transparent PNG thumbnail is %v, want white", img.At(4, 4))
	}
	// A fax sent as a photo is not decoded as one.
	tiff := picturetest.TIFF(200, 200, image.NewGray(image.Rect(0, 0, 64, 48)))
	for _, bad := range [][]byte{nil, []byte("\xff\xd8 not a jpeg"), tiff} {
		if _, err := imageThumbnail(t.Context(), nil, bad); !errors.Is(err, ErrNone) {
			t.Errorf("imageThumbnail(%q) = %v, want ErrNone", bad, err)
		}
	}
}

func must(t *testing.T) func([]byte, error) []byte {
	return func(b []byte, err error) []byte {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
}

func TestKind(t *testing.T) {
	t.Parallel()
	tests := []struct{ ct, name, want string }{
		{"image/jpeg", "x.bin", "image"},
		{"application/octet-stream", "IMG_0001.JPG", "image"},
		{"image/webp; q=1", "", "image"},
		{"application/pdf", "", "pdf"},
		{"application/octet-stream", "scope.PDF", "pdf"},
		{"application/octet-stream", "Ripley.esx", ""},
		{"image/heic", "IMG.heic", ""},
	}
	for _, tt := range tests {
		if got := Kind(tt.ct, tt.name); got != tt.want {
			t.Errorf("Kind(%q, %q) = %q, want %q", tt.ct, tt.name, got, tt.want)
		}
	}
}
