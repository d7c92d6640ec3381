package ocr

import (
	"bytes"
	"image/jpeg"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/claimdesk/claimdesk/ocr/ocrtest"
)

// scanPagePDF is the page both benchmarks read: a scanned form, one
// image-only PDF page at 150 dpi.
func scanPagePDF(b *testing.B) []byte {
	b.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, ocrtest.RenderPage(b, formLines, 255), nil); err != nil {
		b.Fatal(err)
	}
	return ocrtest.ImagePDF([][]byte{buf.Bytes()}, 1275, 1650)
}

// BenchmarkReadScanPage measures OCR throughput on one image-only PDF page
// at 150 dpi, rasterised at 300 dpi as the pipeline does; it reports pages
// per second of one worker, with the text layer the OCR worker makes.
func BenchmarkReadScanPage(b *testing.B) {
	needOCR(b, PDF)
	pdf := scanPagePDF(b)
	r := &Reader{TempDir: b.TempDir(), TextLayers: true}
	for b.Loop() {
		if _, err := r.Read(b.Context(), PDF, bytes.NewReader(pdf)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkReadScanPageWorkers reads the page of BenchmarkReadScanPage
// with several workers side by side, as the OCR queue runs them: as many
// as CLAIMDESK_OCR_WORKERS says (serve's setting, 1 by default), else one
// per core, the most a machine gains from (each tesseract runs on one
// core). One op is one page per worker; it reports pages per second in
// all and per worker, which falls below BenchmarkReadScanPage's figure
// when the workers outnumber the free cores.
func BenchmarkReadScanPageWorkers(b *testing.B) {
	needOCR(b, PDF)
	workers := runtime.NumCPU()
	if v := os.Getenv("CLAIMDESK_OCR_WORKERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("CLAIMDESK_OCR_WORKERS=%q: want a positive number", v)
		}
		workers = n
	}
	pdf := scanPagePDF(b)
	readers := make([]*Reader, workers)
	for k := range readers {
		readers[k] = &Reader{TempDir: b.TempDir(), TextLayers: true}
	}
	for b.Loop() {
		var wg sync.WaitGroup
		for _, r := range readers {
			wg.Go(func() {
				if _, err := r.Read(b.Context(), PDF, bytes.NewReader(pdf)); err != nil {
					b.Error(err)
				}
			})
		}
		wg.Wait()
	}
	pages := float64(b.N * workers)
	b.ReportMetric(float64(workers), "workers")
	b.ReportMetric(pages/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(pages/b.Elapsed().Seconds()/float64(workers), "pages/s/worker")
}
