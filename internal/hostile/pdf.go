package hostile

import (
	"bytes"
	"fmt"
	"strings"
)

// pdfWriter writes numbered objects and the cross-reference table that
// finds them: the PDFs are valid, only their shape is hostile.
type pdfWriter struct {
	buf     bytes.Buffer
	offsets []int // offsets[i] is object i+1's
}

func newPDFWriter() *pdfWriter {
	w := &pdfWriter{}
	w.buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	return w
}

// object writes object number len(offsets)+1 and returns its number.
func (w *pdfWriter) object(body string) int {
	w.offsets = append(w.offsets, w.buf.Len())
	n := len(w.offsets)
	fmt.Fprintf(&w.buf, "%d 0 obj\n%s\nendobj\n", n, body)
	return n
}

// finish writes the xref table and the trailer naming root.
func (w *pdfWriter) finish(root int) []byte {
	xref := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 %d\n0000000000 65535 f \n", len(w.offsets)+1)
	for _, off := range w.offsets {
		fmt.Fprintf(&w.buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&w.buf, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(w.offsets)+1, root, xref)
	return w.buf.Bytes()
}

// pageText is the content of a first page: the claim number, for the
// classifier that reads it.
const pageText = "BT /F1 12 Tf 72 720 Td (Claim 0683449786) Tj ET"

func contentStream(w *pdfWriter) int {
	return w.object(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(pageText), pageText))
}

const fontDict = "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"

// manyPagesPDF is a PDF of n letter pages in one flat page tree.
// Objects: 1 catalog, 2 page tree, 3 content, 4.. pages.
func manyPagesPDF(n int) []byte {
	w := newPDFWriter()
	w.object("<< /Type /Catalog /Pages 2 0 R >>")
	kids := make([]string, n)
	for i := range kids {
		kids[i] = fmt.Sprintf("%d 0 R", i+4)
	}
	w.object(fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", n, strings.Join(kids, " ")))
	contentStream(w)
	for i := range n {
		contents := ""
		if i == 0 {
			contents = " /Contents 3 0 R " + fontDict
		}
		w.object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]" + contents + " >>")
	}
	return w.finish(1)
}

// deepArrayPDF is a one-page PDF whose page carries an array nested depth
// levels deep: parsers that recurse per level run out of stack or time.
func deepArrayPDF(depth int) []byte {
	w := newPDFWriter()
	w.object("<< /Type /Catalog /Pages 2 0 R >>")
	w.object("<< /Type /Pages /Count 1 /Kids [4 0 R] >>")
	contentStream(w)
	deep := strings.Repeat("[", depth) + strings.Repeat("]", depth)
	w.object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R " + fontDict + " /Deep " + deep + " >>")
	return w.finish(1)
}

// deepTreePDF is a one-page PDF whose page tree is depth nodes deep, each
// node an indirect object: a chain, not one nested value.
// Objects: 1 catalog, 2 content, 3..depth+2 tree nodes, depth+3 the page.
func deepTreePDF(depth int) []byte {
	w := newPDFWriter()
	w.object("<< /Type /Catalog /Pages 3 0 R >>")
	contentStream(w)
	for i := range depth {
		n := i + 3
		parent := ""
		if i > 0 {
			parent = fmt.Sprintf(" /Parent %d 0 R", n-1)
		}
		w.object(fmt.Sprintf("<< /Type /Pages /Count 1 /Kids [%d 0 R]%s >>", n+1, parent))
	}
	w.object(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents 2 0 R %s >>", depth+2, fontDict))
	return w.finish(1)
}
