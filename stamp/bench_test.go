package stamp

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The two benchmarks below run on the same inputs so that one
// `go test -bench . ./stamp/` gives the ratio of stamping with pdfcpu to
// overlaying a one-page stamp with qpdf, the command-line alternative.

type benchInput struct {
	name string
	pdf  []byte
}

func benchInputs(b *testing.B) []benchInput {
	return []benchInput{
		{"1 page", makePDF(b, 1)},
		{"50 pages", makePDF(b, 50)},
		{"20 MB", makeHeavyPDF(b, 20, 1<<20)},
	}
}

// benchOptions lifts the byte cap for the heavy input.
var benchOptions = Options{MaxBytes: 200 << 20}

func BenchmarkStamp(b *testing.B) {
	r := received("26-1031-WTR")
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in.pdf)))
			for b.Loop() {
				err := Apply(context.Background(), bytes.NewReader(in.pdf), io.Discard, r, benchOptions)
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkQpdfOverlay(b *testing.B) {
	qpdf := requireTool(b, "qpdf")
	dir := b.TempDir()
	// The overlay is the stamp alone on a blank page, made by this package.
	stampPDF := filepath.Join(dir, "stamp.pdf")
	writeFile(b, stampPDF, stampBytes(b, makeBlankPDF(b), received("26-1031-WTR")))
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			inPDF := filepath.Join(dir, "in.pdf")
			outPDF := filepath.Join(dir, "out.pdf")
			writeFile(b, inPDF, in.pdf)
			b.SetBytes(int64(len(in.pdf)))
			for b.Loop() {
				out, err := exec.Command(qpdf, "--overlay", stampPDF, "--", inPDF, outPDF).CombinedOutput()
				if err != nil {
					b.Fatalf("qpdf --overlay: %v: %s", err, out)
				}
			}
		})
	}
}

func writeFile(b *testing.B, path string, data []byte) {
	b.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		b.Fatal(err)
	}
}

// phoneJPEG returns a 12 MP (4032×3024) JPEG of about 3 MB, the size of a
// phone's photo of a form: a page-coloured gradient with sensor-like noise,
// which keeps JPEG from compressing it to nothing, and the EXIF orientation
// a phone held upright writes.
func phoneJPEG(b *testing.B) []byte {
	b.Helper()
	const w, h = 4032, 3024
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	rng := rand.New(rand.NewPCG(1, 2))
	for y := range h {
		for x := range w {
			img.Y[y*img.YStride+x] = uint8(170 + 40*x/w + rng.IntN(24))
		}
	}
	for i := range img.Cb {
		img.Cb[i], img.Cr[i] = 124, 132
	}
	var out bytes.Buffer
	if err := jpeg.Encode(&out, img, &jpeg.Options{Quality: 88}); err != nil {
		b.Fatal(err)
	}
	return withOrientation(out.Bytes(), 6)
}

// BenchmarkStampPicture stamps a phone's photo of a form into a one-page
// PDF, beside the stamping of a one-page PDF, on the same clock.
func BenchmarkStampPicture(b *testing.B) {
	r := received("26-1031-WTR")
	photo, pdf := phoneJPEG(b), makePDF(b, 1)
	b.Run(fmt.Sprintf("phone JPEG %.1f MB", float64(len(photo))/(1<<20)), func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(photo)))
		for b.Loop() {
			if err := ApplyPicture(context.Background(), bytes.NewReader(photo), io.Discard, r, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("1-page PDF", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(pdf)))
		for b.Loop() {
			if err := Apply(context.Background(), bytes.NewReader(pdf), io.Discard, r, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
