package mailparse

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/textproto"
)

// mimePartBufferSize is the line buffer of each MIME nesting level. Boundary
// lines are at most ~80 bytes; longer lines simply pass through in chunks.
const mimePartBufferSize = 16 << 10

const (
	// mimeMaxMessageHeaderBytes bounds the header block of a message (the
	// top-level one and each nested message/rfc822), as go-message does.
	mimeMaxMessageHeaderBytes = 1 << 20
	// mimeMaxPartHeaderBytes bounds the header block of one body part; real
	// part headers are a few hundred bytes.
	mimeMaxPartHeaderBytes = 256 << 10
	// mimeMaxHeaderLineBytes bounds one physical header line.
	mimeMaxHeaderLineBytes = 64 << 10
)

// Line readers and base64 buffers are pooled: every part of every message
// needs one, and a backfill parses thousands of messages.
var (
	mimeLinePool   = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, mimePartBufferSize) }}
	mimeBase64Pool = sync.Pool{New: func() any { return new(mimeBase64Reader) }}
)

// mimeGetLineReader returns a pooled line reader over r; give it back with
// mimePutLineReader once nothing reads from it any more.
func mimeGetLineReader(r io.Reader) *bufio.Reader {
	b := mimeLinePool.Get().(*bufio.Reader)
	b.Reset(r)
	return b
}

func mimePutLineReader(b *bufio.Reader) {
	b.Reset(nil)
	mimeLinePool.Put(b)
}

var (
	mimeCrlf = []byte("\r\n")
	mimeLf   = []byte("\n")
)

var (
	// mimeErrNoBoundary reports a multipart body in which no delimiter line was
	// found: a wrong or missing boundary parameter.
	mimeErrNoBoundary = errors.New("no multipart boundary line found")
	// mimeErrUnterminated reports a multipart body that ends before its
	// closing delimiter: a truncated message.
	mimeErrUnterminated = errors.New("multipart body ends without its closing boundary")
)

// mimeMultipartReader splits a multipart body into parts. It replaces
// go-message's textproto.MultipartReader for two reasons: that reader reads
// part headers without any size bound, and it gives up on the whole
// multipart at the first malformed part header or missing delimiter, where
// we must keep every part that did arrive.
//
// Parts are read through mimePartReader, which stops at the next delimiter line.
// Nested multiparts read from their parent's mimePartReader, so a child missing
// its closing delimiter still ends at its parent's next delimiter.
type mimeMultipartReader struct {
	br   *bufio.Reader
	dash []byte // "--" + boundary; nil until sniffed when the header had none

	pendingNL   []byte // line ending withheld: it belongs to a delimiter if one follows
	atLineStart bool
	part        *mimePartReader

	started  bool // first delimiter seen
	finished bool // closing delimiter seen
	eof      bool // input exhausted
	err      error
	sniffed  bool // boundary taken from the body, not the header

	preamble      []byte
	preambleLimit int
}

// mimeNewMultipartReader reads the parts of a multipart body from br. boundary
// may be empty: the first line that looks like a delimiter is then taken.
// Up to preambleLimit bytes of text before the first delimiter are kept so
// a body whose boundary never appears can still be shown as text.
func mimeNewMultipartReader(br *bufio.Reader, boundary string, preambleLimit int) *mimeMultipartReader {
	m := &mimeMultipartReader{br: br, atLineStart: true, preambleLimit: preambleLimit}
	if boundary != "" {
		m.dash = []byte("--" + boundary)
	}
	return m
}

// nextPart returns a reader for the next part (its header and body, raw).
// It returns io.EOF after the closing delimiter, mimeErrNoBoundary when the body
// holds no delimiter at all, mimeErrUnterminated when the input ends first, and
// any error of the underlying reader.
func (m *mimeMultipartReader) nextPart() (io.Reader, error) {
	if m.part != nil {
		if _, err := io.Copy(io.Discard, m.part); err != nil {
			return nil, err
		}
		m.part = nil
	}
	switch {
	case m.err != nil:
		return nil, m.err
	case m.finished:
		return nil, io.EOF
	case m.eof:
		return nil, mimeErrUnterminated
	}
	if !m.started {
		if err := m.skipPreamble(); err != nil {
			return nil, err
		}
	}
	m.part = &mimePartReader{m: m}
	return m.part, nil
}

// skipPreamble reads up to and including the first delimiter line.
func (m *mimeMultipartReader) skipPreamble() error {
	for {
		line, err := m.br.ReadSlice('\n')
		if m.atLineStart && err != bufio.ErrBufferFull && len(line) > 0 {
			if m.dash == nil {
				m.sniffBoundary(line)
			}
			switch m.boundaryKind(line) {
			case mimeDelimiterLine:
				m.started = true
				m.atLineStart = true
				m.pendingNL = nil
				return nil
			case mimeClosingLine:
				m.finished = true
				return io.EOF
			}
		}
		if room := m.preambleLimit - len(m.preamble); room > 0 {
			m.preamble = append(m.preamble, line[:min(room, len(line))]...)
		}
		m.atLineStart = err == nil
		switch {
		case err == nil, err == bufio.ErrBufferFull:
		case err == io.EOF:
			m.eof = true
			return mimeErrNoBoundary
		default:
			m.err = err
			return err
		}
	}
}

// sniffBoundary adopts the first "--token" line as the boundary when the
// Content-Type header named none.
func (m *mimeMultipartReader) sniffBoundary(line []byte) {
	t := bytes.TrimRight(line, " \t\r\n")
	if len(t) < 3 || len(t) > 72 || !bytes.HasPrefix(t, []byte("--")) {
		return
	}
	if bytes.ContainsAny(t, " \t") {
		return
	}
	m.dash = bytes.Clone(t)
	m.sniffed = true
}

type mimeLineKind int

const (
	mimeDataLine mimeLineKind = iota
	mimeDelimiterLine
	mimeClosingLine
)

// boundaryKind classifies a complete line: "--boundary" followed only by
// whitespace is a delimiter; with "--" before the whitespace, the closing
// delimiter. "--boundaryX" is data, so a boundary that prefixes a nested
// one is not confused with it.
func (m *mimeMultipartReader) boundaryKind(line []byte) mimeLineKind {
	if m.dash == nil || !bytes.HasPrefix(line, m.dash) {
		return mimeDataLine
	}
	rest := line[len(m.dash):]
	kind := mimeDelimiterLine
	if bytes.HasPrefix(rest, []byte("--")) {
		kind = mimeClosingLine
		rest = rest[2:]
	}
	if len(bytes.TrimLeft(rest, " \t\r\n")) != 0 {
		return mimeDataLine
	}
	return kind
}

// mimePartReader reads one part's raw bytes up to the next delimiter line.
type mimePartReader struct {
	m    *mimeMultipartReader
	nl   []byte // withheld line ending of the previous line, emitted first
	data []byte // rest of the current line (aliases the bufio buffer)
	done bool
}

// Read returns the part's raw bytes; io.EOF at the next delimiter.
func (p *mimePartReader) Read(b []byte) (int, error) {
	n := 0
	for n < len(b) {
		switch {
		case len(p.nl) > 0:
			c := copy(b[n:], p.nl)
			p.nl = p.nl[c:]
			n += c
		case len(p.data) > 0:
			c := copy(b[n:], p.data)
			p.data = p.data[c:]
			n += c
		case p.done:
			if n > 0 {
				return n, nil
			}
			if p.m.err != nil {
				return 0, p.m.err
			}
			return 0, io.EOF
		default:
			// Stop before the next read so the caller gets data
			// without waiting on the source.
			if n > 0 && p.m.br.Buffered() == 0 {
				return n, nil
			}
			p.fill()
		}
	}
	return n, nil
}

// fill reads the next line, ending the part at a delimiter. It must only be
// called when the previous line has been fully copied out, since the line
// aliases the bufio buffer.
func (p *mimePartReader) fill() {
	m := p.m
	line, err := m.br.ReadSlice('\n')
	if m.atLineStart && err != bufio.ErrBufferFull && len(line) > 0 {
		switch m.boundaryKind(line) {
		case mimeDelimiterLine:
			m.pendingNL = nil
			m.atLineStart = true
			p.done = true
			return
		case mimeClosingLine:
			m.pendingNL = nil
			m.finished = true
			p.done = true
			return
		}
	}
	p.nl = m.pendingNL
	m.pendingNL = nil
	switch {
	case err == nil:
		if bytes.HasSuffix(line, mimeCrlf) {
			m.pendingNL = mimeCrlf
			line = line[:len(line)-2]
		} else {
			m.pendingNL = mimeLf
			line = line[:len(line)-1]
		}
		m.atLineStart = true
	case err == bufio.ErrBufferFull:
		m.atLineStart = false
	default:
		// End of input inside a part: hand over what arrived; nextPart
		// reports the missing delimiter.
		m.atLineStart = false
		m.eof = true
		p.done = true
		if err != io.EOF {
			m.err = err
		}
	}
	p.data = line
}

// mimeHeaderBlock is a header read leniently from the start of an entity.
type mimeHeaderBlock struct {
	header   message.Header
	fields   int
	body     *bufio.Reader // the entity's body, right after the header
	warnings []string
	// noHeader is set when the first line was not a header field at all;
	// the entity then has an empty header and that line starts its body.
	noHeader bool
}

// mimeReadHeaderBlock reads header lines up to the blank line, bounded by limit
// bytes. Unlike textproto.ReadHeader it survives what real mail does: an
// mbox "From " line on top, a body that starts without the blank line, a
// header too long for memory. Only I/O errors of br are returned.
func mimeReadHeaderBlock(br *bufio.Reader, limit int) (mimeHeaderBlock, error) {
	sc := mimeHeaderScanner{limit: limit, first: true}
	for {
		line, cut, err := mimeReadHeaderLine(br)
		if err != nil && err != io.EOF {
			return sc.hb, err
		}
		if sc.take(br, line, cut, err == io.EOF) {
			break
		}
	}
	return sc.finish(), nil
}

// mimeHeaderScanner keeps mimeReadHeaderBlock's state from line to line.
type mimeHeaderScanner struct {
	hb    mimeHeaderBlock
	block bytes.Buffer // the fields kept, to be parsed by textproto
	limit int
	first bool // no line read yet: an mbox "From " line may come
	// accepted says the last field was kept, so that its continuation
	// lines are too; overflow that the header went over limit.
	accepted, overflow bool
	lineCut            bool // a line was cut already: one warning is enough
}

// take reads one physical line of br, read up to its end of input when eof;
// it reports whether the header has ended, with hb.body set.
func (sc *mimeHeaderScanner) take(br *bufio.Reader, line []byte, cut, eof bool) bool {
	if cut && !sc.lineCut {
		sc.lineCut = true
		sc.hb.warnings = append(sc.hb.warnings, fmt.Sprintf("header line longer than %d bytes; the rest of the line was skipped", mimeMaxHeaderLineBytes))
	}
	content := bytes.TrimRight(line, "\r\n")
	if len(content) == 0 {
		// The blank line, or the end of input: a header without a body.
		sc.hb.body = br
		return true
	}
	isFirst := sc.first
	sc.first = false
	if content[0] == ' ' || content[0] == '\t' {
		if sc.accepted && !sc.overflow {
			sc.block.Write(content)
			sc.block.WriteString("\r\n")
		}
		return false
	}
	if isFirst && bytes.HasPrefix(content, []byte("From ")) {
		// mbox separator line left in by some exporters.
		return false
	}
	if !mimeValidHeaderField(content) {
		if sc.hb.fields == 0 {
			sc.hb.noHeader = true
		} else {
			sc.hb.warnings = append(sc.hb.warnings, "header ended without a blank line")
		}
		sc.hb.body = bufio.NewReaderSize(io.MultiReader(bytes.NewReader(line), br), mimePartBufferSize)
		return true
	}
	if !sc.add(content) {
		return false
	}
	if eof {
		sc.hb.body = br
		return true
	}
	return false
}

// add keeps the first line of a header field, unless the header would go
// over its limit; it reports whether it kept it.
func (sc *mimeHeaderScanner) add(content []byte) bool {
	if sc.block.Len()+len(content) > sc.limit {
		if !sc.overflow {
			sc.hb.warnings = append(sc.hb.warnings, fmt.Sprintf("header longer than %d bytes; the rest was skipped", sc.limit))
		}
		sc.overflow, sc.accepted = true, false
		return false
	}
	sc.block.Write(content)
	sc.block.WriteString("\r\n")
	sc.accepted = true
	sc.hb.fields++
	return true
}

// finish parses the fields kept into hb's header.
func (sc *mimeHeaderScanner) finish() mimeHeaderBlock {
	sc.block.WriteString("\r\n")
	h, err := textproto.ReadHeader(bufio.NewReaderSize(&sc.block, sc.block.Len()))
	if err != nil {
		// mimeValidHeaderField mirrors ReadHeader's checks; keep what it read.
		sc.hb.warnings = append(sc.hb.warnings, "malformed header: "+err.Error())
	}
	sc.hb.header = message.Header{Header: h}
	return sc.hb
}

// mimeReadHeaderLine reads one physical line including its ending; a line
// longer than mimeMaxHeaderLineBytes is cut there and the rest discarded.
func mimeReadHeaderLine(br *bufio.Reader) (line []byte, cut bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line)+len(chunk) <= mimeMaxHeaderLineBytes {
			line = append(line, chunk...)
		} else {
			cut = true
		}
		if err != bufio.ErrBufferFull {
			return line, cut, err
		}
	}
}

// mimeValidHeaderField reports whether a line is "Key: value" with a key that
// go-message's textproto.ReadHeader accepts.
func mimeValidHeaderField(line []byte) bool {
	i := bytes.IndexByte(line, ':')
	if i < 0 {
		return false
	}
	key := bytes.TrimRight(line[:i], " \t")
	for _, c := range key {
		if c < 33 || c > 126 {
			return false
		}
	}
	return true
}

// base64 alphabet lookup: value, or one of the markers below.
const (
	mimeB64Invalid = 0xFF
	mimeB64Pad     = 0xFE
	mimeB64Space   = 0xFD
)

var mimeB64Table = func() [256]byte {
	var t [256]byte
	for i := range t {
		t[i] = mimeB64Invalid
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = byte(i)
	}
	// URL-safe letters appear in the output of some broken encoders.
	t['-'], t['_'] = 62, 63
	t['='] = mimeB64Pad
	for _, c := range []byte(" \t\r\n\f\v") {
		t[c] = mimeB64Space
	}
	return t
}()

// mimeB64Std marks the standard alphabet, which encoding/base64 decodes
// fast; URL-safe letters and padding take the slow path.
var mimeB64Std = func() (t [256]bool) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") {
		t[c] = true
	}
	return t
}()

// mimeBase64Reader decodes base64 leniently. encoding/base64 stops at the first
// bad byte; mail clients show what they can, and so do we: bytes outside the
// alphabet are skipped and counted, padding in the middle (concatenated
// encodings) restarts decoding, and a short final group is decoded as far
// as it goes.
type mimeBase64Reader struct {
	r       io.Reader
	in      [8 << 10]byte
	out     [8<<10 + 8]byte // room for what encoding/base64 may write, and a carried-over group
	outPos  int
	outLen  int
	quantum [4]byte
	qn      int
	err     error
	// invalid counts skipped bytes, for the part's warning.
	invalid int64
}

// mimeGetBase64Reader returns a pooled decoder over r; give it back with
// mimePutBase64Reader.
func mimeGetBase64Reader(r io.Reader) *mimeBase64Reader {
	d := mimeBase64Pool.Get().(*mimeBase64Reader)
	d.r, d.outPos, d.outLen, d.qn, d.err, d.invalid = r, 0, 0, 0, nil, 0
	return d
}

func mimePutBase64Reader(d *mimeBase64Reader) {
	d.r, d.err = nil, nil
	mimeBase64Pool.Put(d)
}

// Read returns decoded bytes.
func (d *mimeBase64Reader) Read(p []byte) (int, error) {
	for d.outPos == d.outLen {
		if d.err != nil {
			return 0, d.err
		}
		n, err := d.r.Read(d.in[:])
		d.decode(d.in[:n])
		if err != nil {
			if err == io.EOF {
				d.flush()
			}
			d.err = err
		}
	}
	n := copy(p, d.out[d.outPos:d.outLen])
	d.outPos += n
	return n, nil
}

// decode fills the output buffer, which the caller has emptied, with the
// bytes decoded from in. Clean base64 in whole lines, nearly all of it, is
// decoded in one call to encoding/base64, which skips line breaks; the
// rest (a group carried over a read, a line cut by the read, anything
// unusual) goes through decodeLenient. 8 KiB of input (plus a carried
// group) never yields more than 6 KiB + 2.
func (d *mimeBase64Reader) decode(in []byte) {
	d.outPos, d.outLen = 0, 0
	if d.qn != 0 {
		head := len(in)
		if i := bytes.IndexByte(in, '\n'); i >= 0 {
			head = i + 1
		}
		d.decodeLenient(in[:head])
		in = in[head:]
	}
	if end := bytes.LastIndexByte(in, '\n') + 1; d.qn == 0 && end > 0 {
		// On an error the output is written over by decodeLenient.
		if n, err := base64.StdEncoding.Decode(d.out[d.outLen:], in[:end]); err == nil {
			d.outLen += n
			in = in[end:]
		}
	}
	d.decodeLenient(in)
}

// decodeLenient appends the bytes decoded from in to the output buffer.
func (d *mimeBase64Reader) decodeLenient(in []byte) {
	for i := 0; i < len(in); {
		if d.qn == 0 {
			// Fast path: hand whole groups of clean alphabet, a line at a
			// time, to encoding/base64.
			j := i
			for j < len(in) && mimeB64Std[in[j]] {
				j++
			}
			if run := (j - i) &^ 3; run > 0 {
				n, _ := base64.StdEncoding.Decode(d.out[d.outLen:], in[i:i+run])
				d.outLen += n
				i += run
				continue
			}
		}
		c := in[i]
		i++
		v := mimeB64Table[c]
		switch {
		case v < 64:
			d.quantum[d.qn] = v
			d.qn++
			if d.qn == 4 {
				q := d.quantum
				d.out[d.outLen] = q[0]<<2 | q[1]>>4
				d.out[d.outLen+1] = q[1]<<4 | q[2]>>2
				d.out[d.outLen+2] = q[2]<<6 | q[3]
				d.outLen += 3
				d.qn = 0
			}
		case v == mimeB64Pad:
			d.flush()
		case v == mimeB64Space:
		default:
			d.invalid++
		}
	}
}

// flush decodes a partial group at padding or end of input.
func (d *mimeBase64Reader) flush() {
	q := d.quantum
	switch d.qn {
	case 1:
		d.invalid++
	case 2:
		d.out[d.outLen] = q[0]<<2 | q[1]>>4
		d.outLen++
	case 3:
		d.out[d.outLen] = q[0]<<2 | q[1]>>4
		d.out[d.outLen+1] = q[1]<<4 | q[2]>>2
		d.outLen += 2
	}
	d.qn = 0
}

// mimeQPReader decodes quoted-printable leniently. mime/quotedprintable fails
// on lines longer than its 4 KiB buffer, on control bytes and on "= "
// sequences, all of which occur in real mail; here a malformed escape is
// kept as a literal '='.
type mimeQPReader struct {
	br *bufio.Reader
}

func mimeNewQPReader(r io.Reader) *mimeQPReader {
	return &mimeQPReader{br: bufio.NewReaderSize(r, 4<<10)}
}

// Read returns decoded bytes.
func (q *mimeQPReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if n > 0 && q.br.Buffered() == 0 {
			return n, nil
		}
		c, err := q.br.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		if c != '=' {
			p[n] = c
			n++
			continue
		}
		peek, _ := q.br.Peek(2)
		if len(peek) == 2 && mimeIsHex(peek[0]) && mimeIsHex(peek[1]) {
			p[n] = mimeUnhex(peek[0])<<4 | mimeUnhex(peek[1])
			n++
			_, _ = q.br.Discard(2)
			continue
		}
		if k := q.softBreak(); k > 0 {
			_, _ = q.br.Discard(k)
			continue
		}
		if len(peek) == 0 {
			// A lone '=' at the very end: a soft break with nothing after.
			continue
		}
		p[n] = '='
		n++
	}
	return n, nil
}

// softBreak returns the length of "<spaces>\r\n" or "<spaces>\n" after an
// '=', or 0 when the '=' is not a soft line break.
func (q *mimeQPReader) softBreak() int {
	peek, _ := q.br.Peek(80)
	for i, c := range peek {
		switch c {
		case ' ', '\t':
			continue
		case '\n':
			return i + 1
		case '\r':
			if i+1 < len(peek) && peek[i+1] == '\n' {
				return i + 2
			}
			return 0
		default:
			return 0
		}
	}
	if len(peek) < 80 && len(peek) > 0 {
		// Only spaces up to the end of input.
		return len(peek)
	}
	return 0
}
