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
	labelWidth = 42.0
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

// field writes a label and its value on one line (wrapped when long).
func (d *doc) field(label, value string) {
	d.pdf.SetFont("Helvetica", "B", 9)
	d.pdf.CellFormat(labelWidth, lineHeight, d.tr(label), "", 0, "L", false, 0, "")
	d.pdf.SetFont("Helvetica", "", 9)
	d.pdf.MultiCell(0, lineHeight, d.tr(value), "", "L", false)
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
