package stamp

import (
	"bytes"
	"context"
	"io"
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
