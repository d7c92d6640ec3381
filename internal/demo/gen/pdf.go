package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// pdfDoc is a small PDF 1.4 writer: Letter pages, the two standard Helvetica
// fonts, text and line art, uncompressed streams. It is enough for forms,
// estimates and reports whose text pdftotext can extract, and it writes a
// correct cross-reference table, so strict checkers (qpdf --check) accept
// the files.
type pdfDoc struct {
	title, creator string
	created        time.Time
	pages          []*pdfPage
}

type pdfPage struct {
	ops bytes.Buffer
}

const (
	pageW  = 612.0
	pageH  = 792.0
	margin = 54.0
)

func newPDF(title, creator string, created time.Time) *pdfDoc {
	return &pdfDoc{title: title, creator: creator, created: created}
}

func (d *pdfDoc) page() *pdfPage {
	p := &pdfPage{}
	d.pages = append(d.pages, p)
	return p
}

// text draws s with its baseline starting at (x, y); font is "F1" (regular)
// or "F2" (bold).
func (p *pdfPage) text(x, y float64, font string, size float64, s string) {
	fmt.Fprintf(&p.ops, "BT /%s %.1f Tf %.2f %.2f Td (%s) Tj ET\n", font, size, x, y, pdfString(s))
}

// field draws "label: value" as one run of text, the label in bold, so
// text extraction keeps each value next to its label.
func (p *pdfPage) field(x, y, size float64, label, value string) {
	fmt.Fprintf(&p.ops, "BT /F2 %.1f Tf %.2f %.2f Td (%s:) Tj /F1 %.1f Tf ( %s) Tj ET\n",
		size, x, y, pdfString(label), size, pdfString(value))
}

// para draws s wrapped to width and returns the baseline below it.
func (p *pdfPage) para(x, y float64, size, width float64, s string) float64 {
	// Helvetica averages about half an em per character.
	maxChars := int(width / (size * 0.5))
	for _, line := range wrap(s, maxChars) {
		p.text(x, y, "F1", size, line)
		y -= size * 1.35
	}
	return y
}

func wrap(s string, n int) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			lines = append(lines, "")
			continue
		}
		line := words[0]
		for _, w := range words[1:] {
			if len([]rune(line))+1+len([]rune(w)) > n {
				lines = append(lines, line)
				line = w
				continue
			}
			line += " " + w
		}
		lines = append(lines, line)
	}
	return lines
}

func (p *pdfPage) line(x1, y1, x2, y2, width float64) {
	fmt.Fprintf(&p.ops, "%.2f w %.2f %.2f m %.2f %.2f l S\n", width, x1, y1, x2, y2)
}

func (p *pdfPage) rect(x, y, w, h, width float64) {
	fmt.Fprintf(&p.ops, "%.2f w %.2f %.2f %.2f %.2f re S\n", width, x, y, w, h)
}

func (p *pdfPage) fillGray(x, y, w, h, gray float64) {
	fmt.Fprintf(&p.ops, "q %.2f g %.2f %.2f %.2f %.2f re f Q\n", gray, x, y, w, h)
}

// scribble draws a handwritten-looking signature: a few joined curves in
// dark blue ink.
func (p *pdfPage) scribble(r *rand.Rand, x, y, w float64) {
	fmt.Fprintf(&p.ops, "q 0.05 0.1 0.45 RG 1.1 w 1 J 1 j %.2f %.2f m\n", x, y)
	cx := x
	for cx < x+w {
		step := 12 + r.Float64()*18
		fmt.Fprintf(&p.ops, "%.2f %.2f %.2f %.2f %.2f %.2f c\n",
			cx+step*0.3, y+8+r.Float64()*14,
			cx+step*0.7, y-6-r.Float64()*8,
			cx+step, y+r.Float64()*6-3)
		cx += step
	}
	fmt.Fprintf(&p.ops, "S %.2f %.2f m %.2f %.2f l S Q\n", x+w*0.1, y-9, x+w*0.8, y-5)
}

// pdfString encodes s for a literal string in WinAnsiEncoding, the encoding
// the fonts are declared with.
func pdfString(s string) string {
	var b strings.Builder
	for _, r := range s {
		c, ok := winAnsi(r)
		if !ok {
			c = '?'
		}
		switch c {
		case '(', ')', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			if c < 0x20 || c >= 0x7f {
				fmt.Fprintf(&b, "\\%03o", c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}

func winAnsi(r rune) (byte, bool) {
	switch {
	case r < 0x80:
		return byte(r), true
	case r >= 0xa0 && r <= 0xff:
		return byte(r), true
	}
	switch r {
	case '–':
		return 0x96, true
	case '—':
		return 0x97, true
	case '‘':
		return 0x91, true
	case '’':
		return 0x92, true
	case '“':
		return 0x93, true
	case '”':
		return 0x94, true
	case '•':
		return 0x95, true
	case '€':
		return 0x80, true
	}
	return 0, false
}

func pdfDate(t time.Time) string {
	_, off := t.Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("D:%s%c%02d'%02d'", t.Format("20060102150405"), sign, off/3600, off%3600/60)
}

func (d *pdfDoc) bytes() []byte {
	var b bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	// The binary comment line tells transfer tools the file is binary.
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

	const firstPage = 6 // objects 1-5: catalog, pages, two fonts, info
	kids := make([]string, len(d.pages))
	for i := range d.pages {
		kids[i] = fmt.Sprintf("%d 0 R", firstPage+2*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(d.pages)))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
	obj(fmt.Sprintf("<< /Title (%s) /Creator (%s) /Producer (claimdesk demo) /CreationDate (%s) >>",
		pdfString(d.title), pdfString(d.creator), pdfDate(d.created)))
	for i, p := range d.pages {
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.0f %.0f] "+
			"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>", pageW, pageH, firstPage+2*i+1))
		content := p.ops.Bytes()
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content))
	}

	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n", len(offsets)+1)
	b.WriteString("0000000000 65535 f\r\n")
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n\r\n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

// form is the common layout of the office's paper forms: letterhead, title,
// the claim block, then the body the caller draws from the returned y.
func form(p *pdfPage, title string, fields [][2]string) float64 {
	p.text(margin, pageH-60, "F2", 15, "NORTHSTAR RESTORATION")
	p.text(margin, pageH-74, "F1", 8.5, "Water • Fire • Mold  |  2200 Broadway St NE, Minneapolis, MN 55413  |  (612) 555-0100  |  demo-restoration.example")
	p.line(margin, pageH-82, pageW-margin, pageH-82, 1.2)
	p.text(margin, pageH-112, "F2", 13, title)
	y := pageH - 138
	for _, f := range fields {
		p.field(margin, y, 9.5, f[0], f[1])
		y -= 14
	}
	return y - 8
}

// signatureBlock draws a signed (or, with r nil, blank) signature line.
func signatureBlock(p *pdfPage, r *rand.Rand, y float64, who, name, date string) float64 {
	p.line(margin, y, margin+250, y, 0.6)
	p.line(margin+300, y, margin+420, y, 0.6)
	if r != nil {
		p.scribble(r, margin+12, y+10, 150)
		p.text(margin+305, y+5, "F1", 10, date)
	}
	p.text(margin, y-12, "F1", 8.5, who+": "+name)
	p.text(margin+300, y-12, "F1", 8.5, "Date")
	return y - 40
}
