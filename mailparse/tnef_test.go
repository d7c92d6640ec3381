package mailparse

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"runtime"
	"strings"
	"testing"
	"unicode/utf16"
)

// tnefStream writes a TNEF stream as MS-OXTNEF lays it out: the signature,
// a legacy key, then attribute records (level, attribute id, length, data,
// checksum of the data).
type tnefStream struct {
	bytes.Buffer
}

func newTNEFStream() *tnefStream {
	s := &tnefStream{}
	s.u32(tnefSignature)
	s.u16(0x0101)
	return s
}

func (s *tnefStream) u16(v uint16) { binary.Write(&s.Buffer, binary.LittleEndian, v) }
func (s *tnefStream) u32(v uint32) { binary.Write(&s.Buffer, binary.LittleEndian, v) }

// attr appends one attribute record.
func (s *tnefStream) attr(level byte, id uint32, data []byte) {
	s.WriteByte(level)
	s.u32(id)
	s.u32(uint32(len(data)))
	s.Write(data)
	s.u16(tnefChecksum(data))
}

// message writes the message attributes Outlook starts a stream with.
func (s *tnefStream) message(props []byte) {
	s.attr(tnefLevelMessage, 0x00089006, []byte{0, 0, 1, 0}) // attTnefVersion
	s.attr(tnefLevelMessage, tnefAttOemCodepage, []byte{0xE4, 0x04, 0, 0, 0, 0, 0, 0})
	s.attr(tnefLevelMessage, 0x00078008, []byte("IPM.Microsoft Mail.Note\x00")) // attMessageClass
	if props != nil {
		s.attr(tnefLevelMessage, tnefAttMsgProps, props)
	}
}

// file writes one attachment: rendering data, 8.3 title, data, and its
// MAPI properties when given.
func (s *tnefStream) file(title string, data, props []byte) {
	rend := make([]byte, 14)
	binary.LittleEndian.PutUint16(rend[0:], 1) // attachment type: file
	binary.LittleEndian.PutUint32(rend[2:], 0xFFFFFFFF)
	s.attr(tnefLevelAttachment, tnefAttAttachRend, rend)
	s.attr(tnefLevelAttachment, tnefAttAttachTitle, append([]byte(title), 0))
	s.attr(tnefLevelAttachment, 0x00038013, make([]byte, 14)) // attAttachModifyDate
	if data != nil {
		s.attr(tnefLevelAttachment, tnefAttAttachData, data)
	}
	if props != nil {
		s.attr(tnefLevelAttachment, tnefAttAttachment, props)
	}
}

// mapiProps encodes a MAPI property list (MS-OXTNEF 2.1.3.4).
type mapiProps struct {
	n int
	b bytes.Buffer
}

func (m *mapiProps) tag(typ, id uint16) {
	m.n++
	binary.Write(&m.b, binary.LittleEndian, typ)
	binary.Write(&m.b, binary.LittleEndian, id)
}

func (m *mapiProps) pad() {
	for m.b.Len()%4 != 0 {
		m.b.WriteByte(0)
	}
}

func (m *mapiProps) u32(v uint32) { binary.Write(&m.b, binary.LittleEndian, v) }

// variable adds a one-valued string, binary or object property.
func (m *mapiProps) variable(typ, id uint16, v []byte) {
	m.tag(typ, id)
	m.u32(1)
	m.u32(uint32(len(v)))
	m.b.Write(v)
	m.pad()
}

func (m *mapiProps) unicode(id uint16, s string) {
	var b bytes.Buffer
	for _, u := range utf16.Encode([]rune(s + "\x00")) {
		binary.Write(&b, binary.LittleEndian, u)
	}
	m.variable(mapiTypeUnicode, id, b.Bytes())
}

func (m *mapiProps) long(id uint16, v uint32) {
	m.tag(0x0003, id)
	m.u32(v)
}

func (m *mapiProps) boolean(id uint16, v bool) {
	m.tag(mapiTypeBoolean, id)
	if v {
		m.u32(1)
	} else {
		m.u32(0)
	}
}

// named adds a named property with a string name, which readers must
// step over (GUID, kind, name length, padded UTF-16 name, then the value).
func (m *mapiProps) named(name string) {
	m.tag(0x0003, 0x8001)
	m.b.Write(bytes.Repeat([]byte{0xAB}, 16))
	m.u32(1)
	var b bytes.Buffer
	for _, u := range utf16.Encode([]rune(name + "\x00")) {
		binary.Write(&b, binary.LittleEndian, u)
	}
	m.u32(uint32(b.Len()))
	m.b.Write(b.Bytes())
	m.pad()
	m.u32(7)
}

func (m *mapiProps) bytes() []byte {
	var out bytes.Buffer
	binary.Write(&out, binary.LittleEndian, uint32(m.n))
	out.Write(m.b.Bytes())
	return out.Bytes()
}

// tnefFixture is an Outlook winmail.dat: a message text and two files, a
// PDF whose long name only the MAPI properties hold, and a JPEG photo.
type tnefFixture struct {
	stream, pdf, jpg []byte
}

func newTNEFFixture(t testing.TB) tnefFixture {
	pdf := []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% AUTHORIZATION TO REPAIR, signed\n%%EOF\n")
	img := image.NewRGBA(image.Rect(0, 0, 320, 240))
	for y := range 240 {
		for x := range 320 {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}

	var msgProps mapiProps
	msgProps.named("x-claimdesk-test")
	msgProps.unicode(mapiBody, "Claim 0683449786: the signed repair authorization and a photo of the kitchen.\r\n")
	msgProps.variable(mapiTypeBinary, 0x1009, []byte{1, 2, 3, 4, 5}) // PR_RTF_COMPRESSED

	var pdfProps mapiProps
	pdfProps.unicode(mapiAttachLongName, "ATR Okonkwo – signed.pdf")
	pdfProps.long(0x3705, 1) // PR_ATTACH_METHOD: by value
	pdfProps.variable(mapiTypeString8, mapiAttachFilename, []byte("ATROKO~1.PDF\x00"))
	pdfProps.variable(mapiTypeBinary, mapiAttachDataObj, pdf)

	s := newTNEFStream()
	s.message(msgProps.bytes())
	// attBody in Windows-1252: "é" is 0xE9.
	s.attr(tnefLevelMessage, tnefAttBody, []byte("Claim 0683449786 (8-bit text, caf\xe9)\x00"))
	s.file("ATROKO~1.PDF", pdf, pdfProps.bytes())
	s.file("kitchen.jpg", jpg.Bytes(), nil)
	return tnefFixture{stream: s.Bytes(), pdf: pdf, jpg: jpg.Bytes()}
}

// tnefMessage wraps a TNEF stream in a mail message: after a text body
// when text is not empty, else as the message's only part.
func tnefMessage(stream []byte, text string) []byte {
	enc := base64.StdEncoding.EncodeToString(stream)
	var lines []string
	for len(enc) > 76 {
		lines, enc = append(lines, enc[:76]), enc[76:]
	}
	b64 := strings.Join(append(lines, enc), "\r\n")
	head := "From: Heidi Larsen <hlarsen@cascademutual.example>\r\nTo: claims@office.example\r\n" +
		"Subject: signed ATR\r\nMessage-ID: <tnef@test>\r\nMIME-Version: 1.0\r\n"
	if text == "" {
		return []byte(head + "Content-Type: application/ms-tnef; name=\"winmail.dat\"\r\n" +
			"Content-Transfer-Encoding: base64\r\n\r\n" + b64 + "\r\n")
	}
	return []byte(head + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n" +
		"--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + text + "\r\n" +
		"--b1\r\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\r\n" +
		"Content-Disposition: attachment; filename=\"winmail.dat\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		b64 + "\r\n--b1--\r\n")
}

func parseTNEFMessage(t *testing.T, raw []byte) (*Message, *mimeRecordingSink) {
	t.Helper()
	sink := &mimeRecordingSink{}
	msg, err := ParseMessage(context.Background(), bytes.NewReader(raw), sink, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return msg, sink
}

// TestParseMessageOpensTNEF: the files inside Outlook's winmail.dat are the
// message's attachments, with their long names and their exact bytes;
// winmail.dat itself is no longer one.
func TestParseMessageOpensTNEF(t *testing.T) {
	t.Parallel()
	fx := newTNEFFixture(t)
	raw := tnefMessage(fx.stream, "Please see attached.")
	msg, sink := parseTNEFMessage(t, raw)

	files := msg.Attachments()
	if len(files) != 2 {
		t.Fatalf("%d attachments %+v, want the PDF and the JPEG (warnings %q)", len(files), files, msg.Warnings)
	}
	want := []struct {
		path, name, raw, ctype string
		data                   []byte
	}{
		{"2.1", "ATR Okonkwo – signed.pdf", "ATR Okonkwo – signed.pdf", "application/pdf", fx.pdf},
		{"2.2", "kitchen.jpg", "kitchen.jpg", "image/jpeg", fx.jpg},
	}
	for i, w := range want {
		p := files[i]
		if p.Path != w.path || p.Filename != w.name || p.RawFilename != w.raw || p.ContentType != w.ctype || p.Nested != -1 {
			t.Errorf("attachment %d: path %q name %q raw %q type %q nested %d; want %q %q %q %q -1",
				i, p.Path, p.Filename, p.RawFilename, p.ContentType, p.Nested, w.path, w.name, w.raw, w.ctype)
		}
		if got := sink.blobs[p.SHA256]; !bytes.Equal(got, w.data) || p.Size != int64(len(w.data)) {
			t.Errorf("attachment %d: %d bytes stored (size %d), want the %d bytes inside winmail.dat", i, len(got), p.Size, len(w.data))
		}
	}
	for _, p := range msg.Parts {
		if p.Filename == "winmail.dat" {
			t.Errorf("winmail.dat is still a part once opened: %+v", p)
		}
	}
	if msg.TextBody != "Please see attached." {
		t.Errorf("text body %q: the message's own text comes first", msg.TextBody)
	}
	if len(msg.Warnings) != 0 {
		t.Errorf("warnings %q", msg.Warnings)
	}

	// A re-parse names the same parts the same way.
	again, _ := parseTNEFMessage(t, raw)
	for i, p := range again.Attachments() {
		if p.Path != files[i].Path || p.SHA256 != files[i].SHA256 || p.Filename != files[i].Filename {
			t.Errorf("re-parse: %s %s %q, first parse %s %s %q", p.Path, p.SHA256, p.Filename, files[i].Path, files[i].SHA256, files[i].Filename)
		}
	}
}

// TestParseMessageTNEFBody: a message whose only part is winmail.dat reads
// its text from it (PR_BODY, in preference to the 8-bit attBody).
func TestParseMessageTNEFBody(t *testing.T) {
	t.Parallel()
	fx := newTNEFFixture(t)
	msg, _ := parseTNEFMessage(t, tnefMessage(fx.stream, ""))
	if want := "Claim 0683449786: the signed repair authorization and a photo of the kitchen."; msg.TextBody != want {
		t.Errorf("text body %q, want %q", msg.TextBody, want)
	}
	if n := len(msg.Attachments()); n != 2 || msg.Attachments()[0].Path != "1.1" {
		t.Errorf("%d attachments %+v, want 2 from path 1.1", n, msg.Attachments())
	}

	// Without PR_BODY, attBody in the stream's code page.
	s := newTNEFStream()
	s.message(nil)
	s.attr(tnefLevelMessage, tnefAttBody, []byte("Claim 0683449786, caf\xe9\r\nsecond line\x00"))
	msg, _ = parseTNEFMessage(t, tnefMessage(s.Bytes(), ""))
	if want := "Claim 0683449786, café\nsecond line"; msg.TextBody != want {
		t.Errorf("attBody read as %q, want %q", msg.TextBody, want)
	}
}

// tnefRTFPDF is the file attached to tnefRTFStream's messages.
var tnefRTFPDF = []byte("%PDF-1.4\n% AUTHORIZATION TO REPAIR, signed\n%%EOF\n")

// tnefRTFStream is a winmail.dat as Outlook often sends it: its only text
// the compressed RTF value given (and attBody, when not empty), and a PDF.
func tnefRTFStream(rtf []byte, attBody string) []byte {
	var props mapiProps
	props.variable(mapiTypeBinary, mapiRTFCompressed, rtf)
	props.boolean(0x0E1F, true) // PR_RTF_IN_SYNC
	s := newTNEFStream()
	s.message(props.bytes())
	if attBody != "" {
		s.attr(tnefLevelMessage, tnefAttBody, []byte(attBody+"\x00"))
	}
	s.file("ATROKO~1.PDF", tnefRTFPDF, nil)
	return s.Bytes()
}

// TestParseMessageTNEFCompressedRTF: a winmail.dat whose only text is
// compressed RTF gives the message its text, from HTML or plain text
// wrapped in RTF, packed or stored; PR_BODY still comes first, and the
// RTF before the 8-bit attBody.
func TestParseMessageTNEFCompressedRTF(t *testing.T) {
	t.Parallel()
	fromText := []byte(rtfFromText)
	stored := rtfHeader(uint32(12+len(fromText)), uint32(len(fromText)), rtfUncompressed, 0, fromText)
	var withBody mapiProps
	withBody.unicode(mapiBody, "PR_BODY: claim 0683449786")
	withBody.variable(mapiTypeBinary, mapiRTFCompressed, lzfuCompress(fromText))
	both := newTNEFStream()
	both.message(withBody.bytes())
	for _, c := range []struct {
		name, want string
		stream     []byte
	}{
		{"encapsulated HTML", "Good morning,\nClaim 0683449786 – the insured, Renée Okonkwo, signed the ATR—attached.",
			tnefRTFStream(lzfuCompress([]byte(rtfFromHTML)), "")},
		{"encapsulated text", "Claim 0683449786 – water loss at the Okonkwo home\nInsured:\tRenée Okonkwo\n\nThanks,\nHeidi",
			tnefRTFStream(lzfuCompress(fromText), "")},
		{"stored uncompressed", "Claim 0683449786 – water loss", tnefRTFStream(stored, "")},
		{"before attBody", "Claim 0683449786 – water loss", tnefRTFStream(lzfuCompress(fromText), "attBody text")},
		{"after PR_BODY", "PR_BODY: claim 0683449786", both.Bytes()},
	} {
		t.Run(c.name, func(t *testing.T) {
			msg, _ := parseTNEFMessage(t, tnefMessage(c.stream, ""))
			if !strings.HasPrefix(msg.TextBody, c.want) {
				t.Errorf("text body %q, want it to start %q", msg.TextBody, c.want)
			}
			if len(msg.Warnings) != 0 {
				t.Errorf("warnings %q", msg.Warnings)
			}
		})
	}
}

// TestParseMessageTNEFDamagedRTF: compressed RTF that cannot be read costs
// the message only that text: its files are taken out as usual, attBody is
// its text when there is one, and a warning says what was wrong.
func TestParseMessageTNEFDamagedRTF(t *testing.T) {
	t.Parallel()
	packed := lzfuCompress([]byte(rtfFromText))
	damaged := bytes.Clone(packed)
	damaged[40] ^= 0x20
	contents := []byte("\x00{\\rtf1 x}")
	huge := rtfHeader(uint32(12+len(contents)), 0xFFFFFFFF, rtfCompressed, rtfCRC(contents), contents)
	for _, c := range []struct {
		name, attBody, warning, body string
		rtf                          []byte
	}{
		{"damaged", "Claim 0683449786 (8-bit)", "its checksum does not match (damaged)", "Claim 0683449786 (8-bit)", damaged},
		{"cut short", "", fmt.Sprintf("it holds %d of its %d bytes (cut short?)", len(packed)/2-16, len(packed)-16), "", packed[:len(packed)/2]},
		{"gigabytes", "", "it claims 4294967295 bytes of rich text, more than the 104857600 allowed", "", huge},
		{"not RTF", "", "it is shorter than its 16-byte header", "", []byte{1, 2, 3, 4, 5}},
	} {
		t.Run(c.name, func(t *testing.T) {
			msg, sink := parseTNEFMessage(t, tnefMessage(tnefRTFStream(c.rtf, c.attBody), ""))
			wantWarnings(t, msg, "part 1: Outlook attachment wrapper winmail.dat: its rich text (compressed RTF) was not read: "+c.warning)
			if msg.TextBody != c.body {
				t.Errorf("text body %q, want %q", msg.TextBody, c.body)
			}
			files := msg.Attachments()
			if len(files) != 1 || files[0].Path != "1.1" || !bytes.Equal(sink.blobs[files[0].SHA256], tnefRTFPDF) {
				t.Errorf("attachments %+v, want the PDF from inside winmail.dat", files)
			}
		})
	}
	// A message with text of its own needs none of winmail.dat's: what
	// could not be read of it is no news.
	msg, _ := parseTNEFMessage(t, tnefMessage(tnefRTFStream(damaged, ""), "Claim 0683449786: the ATR is attached."))
	if len(msg.Warnings) != 0 || msg.TextBody != "Claim 0683449786: the ATR is attached." {
		t.Errorf("with its own text: warnings %q, text %q", msg.Warnings, msg.TextBody)
	}
}

// TestParseMessageKeepsBrokenTNEF: a winmail.dat cut short or damaged is
// kept as it came, a document nothing was taken from, and a warning says
// why; so is one holding an item that cannot be taken out.
func TestParseMessageKeepsBrokenTNEF(t *testing.T) {
	t.Parallel()
	fx := newTNEFFixture(t)
	corrupt := bytes.Clone(fx.stream)
	i := bytes.Index(corrupt, fx.pdf)
	corrupt[i+10] ^= 0x55 // the PDF's bytes no longer match their checksum
	huge := bytes.Clone(fx.stream)
	// The first attribute's length: 4 GiB - 1.
	binary.LittleEndian.PutUint32(huge[6+1+4:], 0xFFFFFFFF)

	var embedded mapiProps
	embedded.unicode(mapiAttachLongName, "Inspection notes.msg")
	embedded.variable(mapiTypeObject, mapiAttachDataObj, append(bytes.Repeat([]byte{7}, 16), "embedded TNEF"...))
	withItem := newTNEFStream()
	withItem.message(nil)
	withItem.file("ATROKO~1.PDF", fx.pdf, nil)
	withItem.file("INSPEC~1.MSG", nil, embedded.bytes())

	for _, c := range []struct {
		name, warning string
		stream        []byte
		inner         int
	}{
		{"truncated", "it ends in the middle of a record (cut short?)", fx.stream[:len(fx.stream)-100], 0},
		{"corrupted", "the checksum of attachment 1's data does not match (damaged)", corrupt, 0},
		{"huge length", "it ends in the middle of a record (cut short?)", huge, 0},
		{"not TNEF", "it does not start with the TNEF signature", []byte("PK\x03\x04 a zip file named winmail.dat"), 0},
		{"embedded item", `"Inspection notes.msg" could not be taken out of it`, withItem.Bytes(), 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			msg, sink := parseTNEFMessage(t, tnefMessage(c.stream, "Please see attached."))
			wantWarnings(t, msg, "part 2: Outlook attachment wrapper winmail.dat", c.warning)
			files := msg.Attachments()
			if len(files) != 1+c.inner {
				t.Fatalf("%d attachments %+v, want winmail.dat and %d from inside it", len(files), files, c.inner)
			}
			w := files[0]
			if w.Path != "2" || w.Filename != "winmail.dat" || w.ContentType != "application/ms-tnef" || !bytes.Equal(sink.blobs[w.SHA256], c.stream) {
				t.Errorf("kept %s %q %s, %d bytes; want winmail.dat at 2 with its %d bytes", w.Path, w.Filename, w.ContentType, len(sink.blobs[w.SHA256]), len(c.stream))
			}
			if c.inner > 0 && (files[1].Path != "2.1" || !bytes.Equal(sink.blobs[files[1].SHA256], fx.pdf)) {
				t.Errorf("the readable file: %+v", files[1])
			}
		})
	}
}

// TestReadTNEFBounds: counts and lengths larger than the stream are refused
// before anything is allocated for them.
func TestReadTNEFBounds(t *testing.T) {
	t.Parallel()
	var many mapiProps
	many.n = 1 << 30
	s := newTNEFStream()
	s.attr(tnefLevelMessage, tnefAttMsgProps, many.bytes())
	if _, err := readTNEF(s.Bytes(), 1<<10, 1<<20); err == nil || !strings.Contains(err.Error(), "claims 1073741824 properties") {
		t.Errorf("a property count past the data: %v", err)
	}

	var values mapiProps
	values.tag(mapiTypeBinary, 0x3701)
	values.u32(1 << 31)
	s = newTNEFStream()
	s.file("A.PDF", []byte("x"), values.bytes())
	if _, err := readTNEF(s.Bytes(), 1<<10, 1<<20); err == nil || !strings.Contains(err.Error(), "claims 2147483648 values") {
		t.Errorf("a value count past the data: %v", err)
	}

	s = newTNEFStream()
	for i := range tnefMaxAttachments + 1 {
		s.file(fmt.Sprintf("F%d.PDF", i), []byte("x"), nil)
	}
	if _, err := readTNEF(s.Bytes(), 1<<10, 1<<20); err == nil || !strings.Contains(err.Error(), "more than 500 attachments") {
		t.Errorf("too many attachments: %v", err)
	}
}

func FuzzTNEF(f *testing.F) {
	// Small seeds of every record kind: the fuzzer minimizes each new
	// input it finds, and a stream holding a whole photo takes it minutes.
	var msgProps mapiProps
	msgProps.named("n")
	msgProps.unicode(mapiBody, "Claim 0683449786")
	var fileProps mapiProps
	fileProps.unicode(mapiAttachLongName, "ATR signed.pdf")
	fileProps.boolean(mapiAttachmentHidden, false)
	fileProps.variable(mapiTypeObject, mapiAttachDataObj, make([]byte, 20))
	s := newTNEFStream()
	s.message(msgProps.bytes())
	s.attr(tnefLevelMessage, tnefAttBody, []byte("caf\xe9\x00"))
	s.file("ATR.PDF", []byte("%PDF-1.4 %%EOF"), fileProps.bytes())
	s.file("K.JPG", []byte("\xff\xd8\xff\xe0"), nil)
	f.Add(s.Bytes())
	f.Add(s.Bytes()[:s.Len()/2])
	small := []byte(`{\rtf1\ansi\ansicpg1252\fromhtml1 {\*\htmltag148 <p>}\htmlrtf {\htmlrtf0 Claim 0683449786\htmlrtf \par}\htmlrtf0 }`)
	f.Add(tnefRTFStream(lzfuCompress(small), ""))
	f.Add(tnefRTFStream(lzfuCompress([]byte(`{\rtf1\fromtext \f0 Ren\'e9e\u8212?\par}`)), "caf\xe9"))
	// Forwarded Outlook items: one with its RTF and a file, inside another.
	forward := tnefForwardStream("Claim 0683449786", lzfuCompress(small), func(s *tnefStream) {
		s.file("A.PDF", []byte("%PDF-1.4 %%EOF"), nil)
	})
	outer := tnefForwardStream("FW: claim", nil, func(s *tnefStream) { s.item("forward", forward) })
	s = newTNEFStream()
	s.message(nil)
	s.item("FW", outer)
	s.file("K.JPG", []byte("\xff\xd8\xff\xe0"), nil)
	f.Add(s.Bytes())
	opts := ParseOptions{MaxParts: 50, MaxDepth: 3, MaxBodyBytes: 64 << 10, MaxAttachmentBytes: 256 << 10}
	f.Fuzz(func(t *testing.T, stream []byte) {
		c, err := readTNEF(stream, 1<<10, 1<<20)
		if err == nil {
			if len(c.files) > tnefMaxAttachments || len(c.body) > 1<<10 {
				t.Fatalf("%d files, %d bytes of body", len(c.files), len(c.body))
			}
			total := 0
			for _, f := range c.files {
				total += len(f.data) + len(f.embedded)
			}
			if total > len(stream) {
				t.Fatalf("%d bytes of files and items from a %d-byte stream", total, len(stream))
			}
		}
		// The same bytes as winmail.dat, and as the stream of an Outlook
		// item forwarded in a sound winmail.dat.
		item := newTNEFStream()
		item.message(nil)
		item.item("forward", stream)
		for _, wrapper := range [][]byte{stream, item.Bytes()} {
			msg, err := ParseMessage(context.Background(), bytes.NewReader(tnefMessage(wrapper, "")), nil, opts)
			if err != nil {
				t.Fatalf("a broken winmail.dat must not fail the parse: %v", err)
			}
			mimeCheckInvariants(t, msg, opts, 0)
			// What is stored is winmail.dat at most, and what was taken
			// out of it, each byte once, however deep the items nest.
			var stored int64
			for _, p := range msg.Parts {
				stored += p.Size
			}
			if stored > 2*int64(len(wrapper)) {
				t.Fatalf("%d bytes stored from a %d-byte winmail.dat", stored, len(wrapper))
			}
		}
	})
}

// A property of very many small values costs no more than the bytes that
// hold it: nothing wanted has several values, and keeping them cost about
// thirty times the stream. Not parallel, so that what the heap counts is
// this read's alone.
func TestReadTNEFManyValuesCostTheirBytes(t *testing.T) {
	var props mapiProps
	props.tag(mapiMultiValuedFlag|0x0002, 0x6001) // multi-valued PT_SHORT
	const n = 1 << 20
	props.u32(n)
	props.b.Write(make([]byte, 4*n)) // each value 2 bytes, padded to 4
	s := newTNEFStream()
	s.file("A.PDF", []byte("%PDF"), props.bytes())
	stream := s.Bytes()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := readTNEF(stream, 1<<10, 1<<20); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > uint64(len(stream)) {
		t.Errorf("reading a %d-byte stream allocated %d bytes", len(stream), grew)
	}
}

// TestParseMessageTNEFHTMLBody: a winmail.dat whose only text is PR_HTML
// gives the message the HTML's text, read in the code page PR_INTERNET_CPID
// names; the RTF, when there is some, still comes first.
func TestParseMessageTNEFHTMLBody(t *testing.T) {
	t.Parallel()
	html := []byte("<html><body><p>Claim 0683449786 &ndash; the insured, Ren\xe9e Okonkwo, signed the ATR.</p></body></html>")
	stream := func(rtf bool) []byte {
		var props mapiProps
		props.variable(mapiTypeBinary, mapiHTML, html)
		props.long(mapiInternetCodepage, 1252)
		if rtf {
			props.variable(mapiTypeBinary, mapiRTFCompressed, lzfuCompress([]byte(rtfFromText)))
		}
		s := newTNEFStream()
		s.message(props.bytes())
		s.file("ATROKO~1.PDF", tnefRTFPDF, nil)
		return s.Bytes()
	}
	for _, c := range []struct {
		name, want string
		stream     []byte
	}{
		{"HTML alone", "Claim 0683449786 – the insured, Renée Okonkwo, signed the ATR.", stream(false)},
		{"after the RTF", "Claim 0683449786 – water loss", stream(true)},
	} {
		t.Run(c.name, func(t *testing.T) {
			msg, _ := parseTNEFMessage(t, tnefMessage(c.stream, ""))
			if !strings.HasPrefix(msg.TextBody, c.want) {
				t.Errorf("text body %q, want it to start %q", msg.TextBody, c.want)
			}
			if len(msg.Warnings) != 0 {
				t.Errorf("warnings %q", msg.Warnings)
			}
		})
	}
}
