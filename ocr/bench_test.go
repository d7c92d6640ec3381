package ocr

import (
	"bytes"
	"image/jpeg"
	"testing"

	"github.com/claimdesk/claimdesk/ocr/ocrtest"
)

// BenchmarkReadScanPage measures OCR throughput on one image-only PDF page
// at 150 dpi, rasterised at 300 dpi as the pipeline does; it reports pages
// per second of one worker, with the text layer the OCR worker makes.
func BenchmarkReadScanPage(b *testing.B) {
	needOCR(b, PDF)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, ocrtest.RenderPage(b, formLines, 255), nil); err != nil {
		b.Fatal(err)
	}
	pdf := ocrtest.ImagePDF([][]byte{buf.Bytes()}, 1275, 1650)
	r := &Reader{TempDir: b.TempDir(), TextLayers: true}
	for b.Loop() {
		if _, err := r.Read(b.Context(), PDF, bytes.NewReader(pdf)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}
