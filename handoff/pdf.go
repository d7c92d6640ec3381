package handoff

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
)

// Page layout, in millimetres on US Letter.
const (
	pageMargin = 15.0
	lineHeight = 5.0
	labelWidth = 55.0
)

// doc is a PDF being written, with its text translated to the font's
// encoding.
type doc struct {
	pdf *fpdf.Fpdf
	tr  func(string) string
}

// newDoc starts a PDF titled title whose pages say footer at the bottom.
func newDoc(title, footer string) *doc {
	pdf := fpdf.New("P", "mm", "Letter", "")
	pdf.SetMargins(pageMargin, pageMargin, pageMargin)
	pdf.SetAutoPageBreak(true, pageMargin)
	d := &doc{pdf: pdf}
	tr := pdf.UnicodeTranslatorFromDescriptor("cp1252")
	d.tr = func(s string) string { return tr(latin(s)) }
	pdf.SetTitle(title, true)
	pdf.SetCreator("claimdesk", true)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "", 8)
		pdf.CellFormat(0, 4, d.tr(fmt.Sprintf("%s - page %d", footer, pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	return d
}

// latin replaces what Windows-1252 cannot print: invalid UTF-8, control
// characters other than line breaks and tabs, and characters beyond the
// code page, which become "?".
func latin(s string) string {
	s = strings.ToValidUTF8(s, "?")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return -1
		case r < 0x20 || r == 0x7f:
			return ' '
		case r <= 0xff || cp1252Extra[r]:
			return r
		case r == utf8.RuneError:
			return '?'
		}
		if rep, ok := lookalikes[r]; ok {
			return rep
		}
		return '?'
	}, s)
}

// cp1252Extra are the characters Windows-1252 has beyond Latin-1, in
// 0x80-0x9f: smart quotes, dashes, the euro sign and a few letters.
var cp1252Extra = map[rune]bool{
	'€': true, '‚': true, 'ƒ': true, '„': true, '…': true, '†': true, '‡': true, 'ˆ': true, '‰': true,
	'Š': true, '‹': true, 'Œ': true, 'Ž': true, '‘': true, '’': true, '“': true, '”': true, '•': true,
	'–': true, '—': true, '˜': true, '™': true, 'š': true, '›': true, 'œ': true, 'ž': true, 'Ÿ': true,
}

// lookalikes stand in for common characters the code page lacks.
var lookalikes = map[rune]rune{
	'\u00a0': ' ', '\u2009': ' ', '\u202f': ' ', '\u2010': '-', '\u2011': '-', '\u2212': '-',
	'\u2032': '\'', '\u2033': '"', '№': '#', '✓': '*', '✔': '*',
}

// heading writes a section heading.
func (d *doc) heading(s string) {
	d.pdf.Ln(2)
	d.pdf.SetFont("Helvetica", "B", 12)
	d.pdf.MultiCell(0, 7, d.tr(s), "B", "L", false)
	d.pdf.Ln(1)
}

// title writes the document's title.
func (d *doc) title(s string) {
	d.pdf.SetFont("Helvetica", "B", 16)
	d.pdf.MultiCell(0, 8, d.tr(s), "", "L", false)
	d.pdf.Ln(2)
}

// cell is one cell of a row: its width, text and whether it is bold.
type cell struct {
	width float64
	text  string
	bold  bool
}

// field writes a label and its value side by side, each wrapped within
// its own column, so that a long label never runs into its value.
func (d *doc) field(label, value string) {
	d.row(9, nil, cell{labelWidth, label, true}, cell{d.contentWidth() - labelWidth, value, false})
}

// row writes cells side by side in a font of size points, each wrapped
// within its width, and moves below the tallest. A row that does not fit
// on what is left of the page starts on the next one, where head (when
// not nil) writes the table's heading again first. A row taller than a
// whole page is written one cell below the other instead.
func (d *doc) row(size float64, head func(), cells ...cell) {
	lines := make([][]string, len(cells))
	n := 1
	for i, c := range cells {
		d.font(c.bold, size)
		lines[i] = d.wrap(c.text, c.width)
		n = max(n, len(lines[i]))
	}
	h := float64(n) * lineHeight
	_, pageH := d.pdf.GetPageSize()
	bottom := pageH - pageMargin
	if d.pdf.GetY()+h > bottom {
		if h > bottom-2*pageMargin {
			for _, c := range cells {
				d.font(c.bold, size)
				d.pdf.MultiCell(0, lineHeight, d.tr(c.text), "", "L", false)
			}
			return
		}
		d.pdf.AddPage()
		if head != nil {
			head()
		}
	}
	x, y := pageMargin, d.pdf.GetY()
	for i, c := range cells {
		d.font(c.bold, size)
		for j, l := range lines[i] {
			d.pdf.SetXY(x, y+float64(j)*lineHeight)
			d.pdf.CellFormat(c.width, lineHeight, d.tr(l), "", 0, "L", false, 0, "")
		}
		x += c.width
	}
	d.pdf.SetXY(pageMargin, y+h)
}

// wrap splits s into the lines that fit width in the current font,
// keeping its own line breaks.
func (d *doc) wrap(s string, width float64) []string {
	var lines []string
	// SplitText measures runes: it is given the text before translation to
	// the code page, and its line breaks one paragraph at a time.
	for _, p := range strings.Split(latin(s), "\n") {
		if p = strings.TrimRight(p, " \t"); p == "" {
			lines = append(lines, "")
			continue
		}
		lines = append(lines, d.pdf.SplitText(p, width)...)
	}
	return lines
}

// font sets Helvetica, bold when strong, at size points.
func (d *doc) font(strong bool, size float64) {
	style := ""
	if strong {
		style = "B"
	}
	d.pdf.SetFont("Helvetica", style, size)
}

// contentWidth is the width between the page's margins.
func (d *doc) contentWidth() float64 {
	w, _ := d.pdf.GetPageSize()
	return w - 2*pageMargin
}

// text writes a paragraph.
func (d *doc) text(s string) {
	d.pdf.SetFont("Helvetica", "", 9)
	d.pdf.MultiCell(0, lineHeight, d.tr(s), "", "L", false)
}

// line writes one line of small print, bold when strong.
func (d *doc) line(s string, strong bool) {
	style := ""
	if strong {
		style = "B"
	}
	d.pdf.SetFont("Helvetica", style, 9)
	d.pdf.MultiCell(0, lineHeight, d.tr(s), "", "L", false)
}

// finish writes the PDF to w.
func (d *doc) finish(w io.Writer) error {
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}

// dateTime formats t in loc for a reader; empty for the zero time.
func dateTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("01/02/2006 3:04 PM MST")
}

// shortDateTime formats t in loc without its zone, for a table whose
// heading names the zone; empty for the zero time.
func shortDateTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("01/02/2006 3:04 PM")
}

// officeDay formats t's day in loc.
func officeDay(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("01/02/2006")
}
