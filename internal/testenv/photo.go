package testenv

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// JPEG is a photo as a phone takes it: w×h pixels, left half red, right
// half blue, so a thumbnail that crops or mirrors it shows.
func JPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{0, 0, 200, 255}
			if x < w/2 {
				c = color.RGBA{220, 0, 0, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
