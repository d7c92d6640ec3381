package ingest

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/internal/pdftest"
)

// BenchmarkPDFText measures what keeping PDF text for search costs over
// what classification read before: the whole of a 30-page estimate rather
// than its first two pages, in the one pdftotext run both share.
func BenchmarkPDFText(b *testing.B) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		b.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	pdf := textPDF(30, 45)
	dir := b.TempDir()
	for _, c := range []struct {
		name         string
		pages, limit int
	}{
		{"classify-2-pages", pdfTextPages, pdfTextLimit},
		{"search-all-30-pages", searchTextPages, searchTextLimit},
	} {
		b.Run(c.name, func(b *testing.B) {
			var n int
			for b.Loop() {
				text, err := pdfText(b.Context(), bytes.NewReader(pdf), dir, c.pages, c.limit)
				if err != nil {
					b.Fatal(err)
				}
				n = len(text)
			}
			b.ReportMetric(float64(n), "text-bytes")
		})
	}
}

// textPDF writes a PDF of pages pages of lines lines of estimate text each.
func textPDF(pages, lines int) []byte {
	var objs []string
	// 1: catalog, 2: pages, 3: font; then a page and its content per page.
	kids := make([]string, pages)
	for i := range pages {
		kids[i] = fmt.Sprintf("%d 0 R", 4+2*i)
	}
	objs = append(objs,
		"<< /Type /Catalog /Pages 2 0 R >>",
		fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), pages),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	for p := range pages {
		var content strings.Builder
		content.WriteString("BT /F1 10 Tf 54 740 Td 14 TL\n")
		for l := range lines {
			fmt.Fprintf(&content, "(Line %d.%d: remove wet drywall, apply antimicrobial, dehumidifier day %d) '\n", p+1, l+1, l)
		}
		content.WriteString("ET")
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", 5+2*p),
			pdftest.Stream(content.String()))
	}
	return pdftest.Objects(objs...)
}
