package mailparse

import (
	"strings"
	"unicode/utf16"
)

// Outlook's RTF bodies come in three kinds (MS-OXRTFEX): HTML wrapped in
// RTF (\fromhtml1: the HTML's tags in {\*\htmltag} groups, its text outside
// them, and RTF-only rendering between \htmlrtf and \htmlrtf0), plain text
// wrapped in RTF (\fromtext), and rich text written in Outlook's editor.
// rtfText reads all three in one pass, the way a reader of RTF must: groups
// scope state, and destinations that hold no text (the font and colour
// tables, pictures, \* groups it does not know) are skipped. It is no
// layout engine: it keeps the words and the line breaks.

// rtfMaxDepth bounds the groups whose state is kept; deeper ones (no writer
// nests this far) are read past as holding no text.
const rtfMaxDepth = 200

// rtfState is what a group scopes.
type rtfState struct {
	skip    bool // a destination that holds no text
	htmlrtf bool // RTF-only rendering of encapsulated HTML or text
	htmltag bool // {\*\htmltag}: the encapsulated HTML's markup
	star    bool // \* just read: the destination after it is optional
	uc      int  // bytes after a \uN standing for the same character
	fonttbl bool // inside the font table
	font    int  // \fN: its charset may differ from the document's
}

// rtfConverter turns RTF into text or, for \fromhtml1, into the HTML it
// encapsulates.
type rtfConverter struct {
	src      []byte
	pos      int
	max      int
	html     bool           // \fromhtml1
	charset  string         // of 8-bit text and \'hh bytes (\ansicpg)
	fonts    map[int]string // charsets of the fonts that have their own
	defining int            // the font the font table is describing
	state    rtfState
	stack    []rtfState
	deep     int    // groups opened past rtfMaxDepth
	skipLeft int    // bytes still to skip after a \uN
	high     rune   // a \uN high surrogate waiting for its low half
	run      []byte // 8-bit text not yet decoded
	runCS    string // its charset
	out      strings.Builder
}

// rtfText returns the text of an RTF document, at most max bytes of it.
func rtfText(src []byte, max int) string {
	c := rtfConverter{src: src, max: max, charset: "windows-1252", state: rtfState{uc: 1}}
	for c.pos < len(c.src) && c.out.Len()+len(c.run) < c.max {
		b := c.src[c.pos]
		c.pos++
		switch b {
		case '{':
			c.open()
		case '}':
			c.close()
		case '\\':
			c.control()
		case '\r', '\n': // line breaks of the RTF file, not of its text
		default:
			c.state.star = false
			if c.skipLeft > 0 {
				c.skipLeft--
				continue
			}
			c.addByte(b)
		}
	}
	c.flush()
	text := c.out.String()
	if c.html {
		// What mailparse does with any text/html body, bounded the same.
		text = HTMLToText(mimeCutUTF8(text, max))
	}
	return mimeCutUTF8(text, max)
}

func (c *rtfConverter) open() {
	c.skipLeft = 0
	if c.deep > 0 || len(c.stack) == rtfMaxDepth {
		c.deep++
		return
	}
	c.stack = append(c.stack, c.state)
	c.state.star = false
}

func (c *rtfConverter) close() {
	c.skipLeft = 0
	switch {
	case c.deep > 0:
		c.deep--
	case len(c.stack) > 0: // an unmatched "}" closes nothing
		c.state = c.stack[len(c.stack)-1]
		c.stack = c.stack[:len(c.stack)-1]
	}
}

// visible reports whether text read now is part of the output.
func (c *rtfConverter) visible() bool {
	s := &c.state
	switch {
	case c.deep > 0 || s.skip:
		return false
	case s.htmltag:
		// The HTML's own markup, whatever RTF-only state surrounds it.
		return true
	}
	return !s.htmlrtf
}

// control reads what follows a backslash: a control word (letters, an
// optional signed number, an optional space ending it) or a symbol.
func (c *rtfConverter) control() {
	if c.pos >= len(c.src) {
		return
	}
	b := c.src[c.pos]
	if !rtfIsLetter(b) {
		c.pos++
		c.symbol(b)
		return
	}
	start := c.pos
	for c.pos < len(c.src) && rtfIsLetter(c.src[c.pos]) {
		c.pos++
	}
	name := string(c.src[start:min(c.pos, start+32)]) // RTF's longest word
	neg := c.pos+1 < len(c.src) && c.src[c.pos] == '-' && rtfIsDigit(c.src[c.pos+1])
	if neg {
		c.pos++
	}
	param, has := 0, false
	for c.pos < len(c.src) && rtfIsDigit(c.src[c.pos]) {
		if param < 1<<31 {
			param = param*10 + int(c.src[c.pos]-'0')
		}
		has = true
		c.pos++
	}
	if neg {
		param = -param
	}
	if c.pos < len(c.src) && c.src[c.pos] == ' ' {
		c.pos++
	}
	c.word(name, param, has)
}

// symbol handles a backslash followed by something other than a letter.
func (c *rtfConverter) symbol(b byte) {
	if b == '*' {
		c.state.star = true
		return
	}
	c.state.star = false
	var hex byte
	ok := b == '\'' && c.pos+1 < len(c.src) && mimeIsHex(c.src[c.pos]) && mimeIsHex(c.src[c.pos+1])
	if ok {
		hex = mimeUnhex(c.src[c.pos])<<4 | mimeUnhex(c.src[c.pos+1])
		c.pos += 2
	}
	if c.skipLeft > 0 {
		c.skipLeft--
		return
	}
	switch b {
	case '\'':
		if ok {
			c.addByte(hex)
		}
	case '{', '}', '\\':
		c.addByte(b)
	case '~':
		c.emit("\u00A0")
	case '_': // a non-breaking hyphen: a plain one, so numbers match
		c.emit("-")
	case '\r', '\n':
		c.emit("\n")
	case '\t':
		c.emit("\t")
	}
}

// rtfWordText is the text of control words that stand for characters.
var rtfWordText = map[string]string{
	"par": "\n", "line": "\n", "sect": "\n", "page": "\n", "row": "\n",
	"tab": "\t", "cell": "\t",
	"emdash": "\u2014", "endash": "\u2013", "bullet": "\u2022",
	"lquote": "\u2018", "rquote": "\u2019", "ldblquote": "\u201C", "rdblquote": "\u201D",
	"emspace": " ", "enspace": " ", "qmspace": " ",
}

// rtfNoText lists the destinations that hold no text for a reader: tables,
// document properties, pictures and objects' data, field instructions
// (their results are shown), headers and footers.
var rtfNoText = map[string]bool{
	"fonttbl": true, "colortbl": true, "stylesheet": true, "info": true, "pict": true,
	"objdata": true, "themedata": true, "colorschememapping": true, "datastore": true,
	"latentstyles": true, "listtable": true, "listoverridetable": true, "rsidtbl": true,
	"generator": true, "xmlnstbl": true, "fldinst": true, "filetbl": true, "revtbl": true,
	"pgdsctbl": true, "header": true, "headerl": true, "headerr": true, "headerf": true,
	"footer": true, "footerl": true, "footerr": true, "footerf": true, "ftnsep": true,
	"ftnsepc": true, "aftnsep": true, "aftnsepc": true, "xe": true, "tc": true, "txe": true,
}

// rtfCharsetWords are the character sets an RTF header may name instead of
// an \ansicpg code page.
var rtfCharsetWords = map[string]string{"mac": "macintosh", "pc": "ibm437", "pca": "ibm850"}

// word acts on a control word.
func (c *rtfConverter) word(name string, param int, has bool) {
	s := &c.state
	star := s.star
	s.star = false
	if name == "bin" {
		// Binary data: its bytes are no RTF, and may hold braces.
		c.pos += min(max(param, 0), len(c.src)-c.pos)
		return
	}
	if c.skipLeft > 0 {
		c.skipLeft--
		return
	}
	if c.deep > 0 {
		return
	}
	switch {
	case name == "u":
		c.unicode(param)
		c.skipLeft = s.uc
	case name == "uc":
		s.uc = max(param, 0)
	case name == "htmlrtf":
		s.htmlrtf = !has || param != 0
	case name == "fromhtml":
		c.html = !has || param != 0
	case name == "fonttbl":
		s.skip, s.fonttbl = true, true
	case name == "f" && s.fonttbl:
		c.defining = param
	case name == "fcharset" && s.fonttbl:
		c.fontCharset(c.defining, param)
	case name == "f" || name == "deff":
		s.font = param
	case name == "ansicpg":
		cs, ok := windowsCodepageCharset(uint32(max(param, 0)))
		if !ok {
			cs = "windows-1252" // RTF's \ansi
		}
		c.charset = cs
	case rtfCharsetWords[name] != "":
		c.charset = rtfCharsetWords[name]
	case name == "htmltag" && star && c.html:
		s.htmltag = true
	case star || rtfNoText[name]:
		s.skip = true
	default:
		if t, ok := rtfWordText[name]; ok {
			c.emit(t)
		}
	}
}

// unicode writes the character of \uN. RTF numbers are signed 16-bit, so
// characters past U+7FFF come negative, and those past U+FFFF as two
// surrogates.
func (c *rtfConverter) unicode(n int) {
	r := rune(n)
	if r < 0 {
		r += 0x10000
	}
	switch {
	case r >= 0xD800 && r < 0xDC00:
		c.high = r
		return
	case r >= 0xDC00 && r < 0xE000:
		r = utf16.DecodeRune(c.high, r) // U+FFFD without its high half
	}
	if r != 0 {
		c.emit(string(r))
	}
}

// rtfFontCharsets names the charsets of RTF's \fcharset numbers; those not
// listed (ANSI, default, Symbol) are the document's code page.
var rtfFontCharsets = map[int]string{
	77: "macintosh", 128: "shift_jis", 129: "euc-kr", 134: "gbk", 136: "big5",
	161: "windows-1253", 162: "windows-1254", 163: "windows-1258", 177: "windows-1255",
	178: "windows-1256", 186: "windows-1257", 204: "windows-1251", 222: "windows-874",
	238: "windows-1250", 254: "ibm437", 255: "ibm850",
}

// rtfMaxFonts bounds the font table kept; documents use a handful.
const rtfMaxFonts = 256

// fontCharset records the charset of a font of the font table.
func (c *rtfConverter) fontCharset(font, fcharset int) {
	cs, ok := rtfFontCharsets[fcharset]
	if !ok || len(c.fonts) == rtfMaxFonts {
		return
	}
	if c.fonts == nil {
		c.fonts = map[int]string{}
	}
	c.fonts[font] = cs
}

// addByte keeps a byte of 8-bit text for decoding with its neighbours: in
// double-byte code pages a character is two \'hh escapes. The charset is
// the current font's, but encapsulated HTML's markup is in the document's.
func (c *rtfConverter) addByte(b byte) {
	if !c.visible() {
		return
	}
	cs, ok := c.fonts[c.state.font]
	if !ok || c.state.htmltag {
		cs = c.charset
	}
	if cs != c.runCS {
		c.flush()
		c.runCS = cs
	}
	c.high = 0
	c.run = append(c.run, b)
}

func (c *rtfConverter) emit(s string) {
	if c.visible() {
		c.high = 0
		c.flush()
		c.out.WriteString(s)
	}
}

// flush decodes the 8-bit text kept so far into the output.
func (c *rtfConverter) flush() {
	if len(c.run) == 0 {
		return
	}
	if rtfIsPlainASCII(c.run) {
		c.out.Write(c.run)
	} else {
		text, _ := mimeDecodeBody(c.runCS, "text/plain", c.run)
		c.out.WriteString(text)
	}
	c.run = c.run[:0]
}

// rtfIsPlainASCII reports whether b reads the same in every code page and
// holds no NUL, which mail text never keeps.
func rtfIsPlainASCII(b []byte) bool {
	for _, c := range b {
		if c == 0 || c >= 0x80 {
			return false
		}
	}
	return true
}

func rtfIsLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

func rtfIsDigit(b byte) bool { return b >= '0' && b <= '9' }
