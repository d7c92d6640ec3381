package mailparse

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLToText renders an HTML mail body as plain text for matching and
// forward detection: tags stripped, entities decoded, block elements and
// <br> as line breaks, blockquotes as "> " quoted lines (as plain-text
// replies quote), script/style/title content dropped. It is not a layout
// engine: tables become one line per row.
func HTMLToText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var h mimeHTMLText
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return h.w.String()
		case html.TextToken:
			if h.skip == 0 {
				h.w.text(string(z.Text()), h.pre > 0)
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			h.tag(atom.Lookup(name), tt != html.EndTagToken, tt == html.SelfClosingTagToken)
		}
	}
}

// mimeHTMLText is HTMLToText's state: the text so far and the elements it
// is in.
type mimeHTMLText struct {
	w    mimeTextWriter
	skip int // depth in elements whose content is no text (script, style, ...)
	pre  int // depth in <pre>, whose white space is kept
}

// tag applies a start (or self-closing) or end tag of element a.
func (h *mimeHTMLText) tag(a atom.Atom, start, selfClosing bool) {
	w := &h.w
	switch a {
	case atom.Script, atom.Style, atom.Title, atom.Template, atom.Noscript:
		if !selfClosing {
			mimeNest(&h.skip, start)
		}
	case atom.Br:
		w.lineBreak()
	case atom.Pre:
		w.block()
		if !selfClosing {
			mimeNest(&h.pre, start)
		}
	case atom.Blockquote:
		w.block()
		if !selfClosing {
			mimeNest(&w.quote, start)
		}
	case atom.Li:
		w.block()
		if start {
			w.text("- ", true)
		}
	case atom.Td, atom.Th:
		if start {
			w.space = true
		}
	case atom.P, atom.Div, atom.Tr, atom.Table, atom.Ul, atom.Ol, atom.Dl, atom.Dt, atom.Dd,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Hr,
		atom.Section, atom.Article, atom.Header, atom.Footer, atom.Nav, atom.Aside,
		atom.Address, atom.Center, atom.Form, atom.Fieldset, atom.Figure, atom.Figcaption,
		atom.Body, atom.Html, atom.Main:
		w.block()
	}
}

// mimeNest counts an element's depth up at its start tag and down at its
// end tag, never below zero: mail's HTML closes tags it never opened.
func mimeNest(depth *int, start bool) {
	if start {
		*depth++
	} else if *depth > 0 {
		*depth--
	}
}

// mimeTextWriter accumulates text with collapsed whitespace, at most one blank
// line in a row and a "> " prefix per blockquote level.
type mimeTextWriter struct {
	b           strings.Builder
	newlines    int  // line breaks owed before the next text
	space       bool // a space owed before the next text
	atLineStart bool
	quote       int
}

func (w *mimeTextWriter) lineBreak() {
	if w.b.Len() > 0 {
		w.newlines++
	}
}

func (w *mimeTextWriter) block() {
	if w.b.Len() > 0 && w.newlines == 0 {
		w.newlines = 1
	}
}

func (w *mimeTextWriter) text(s string, pre bool) {
	for _, r := range s {
		if r == '\u00A0' || r == '\u202F' {
			r = ' '
		}
		if pre && r == '\n' {
			w.lineBreak()
			continue
		}
		if !pre && (r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f') {
			w.space = true
			continue
		}
		w.flush()
		w.b.WriteRune(r)
	}
}

// flush writes the line breaks or space owed before a visible character.
func (w *mimeTextWriter) flush() {
	if w.newlines > 0 {
		w.b.WriteString("\n\n"[:min(w.newlines, 2)])
		w.newlines = 0
		w.atLineStart = true
		w.space = false
	}
	if w.b.Len() == 0 {
		w.atLineStart = true
	}
	if w.atLineStart {
		for range w.quote {
			w.b.WriteString("> ")
		}
		w.atLineStart = false
		w.space = false
		return
	}
	if w.space {
		w.b.WriteByte(' ')
		w.space = false
	}
}

// String returns the text written so far, trimmed.
func (w *mimeTextWriter) String() string {
	return strings.TrimSpace(w.b.String())
}
