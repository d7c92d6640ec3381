package mailparse

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
	"time"
)

// item writes an attached Outlook item as Outlook does: rendering data,
// then its properties, PR_ATTACH_DATA_OBJ holding the message interface's
// id and the item's own TNEF stream (MS-OXTNEF 2.1.3.4).
func (s *tnefStream) item(title string, stream []byte) {
	rend := make([]byte, 14)
	binary.LittleEndian.PutUint16(rend[0:], 1)
	binary.LittleEndian.PutUint32(rend[2:], 0xFFFFFFFF)
	s.attr(tnefLevelAttachment, tnefAttAttachRend, rend)
	var props mapiProps
	props.long(0x3705, 5) // PR_ATTACH_METHOD: ATTACH_EMBEDDED_MSG
	props.unicode(mapiDisplayName, title)
	props.variable(mapiTypeObject, mapiAttachDataObj, append(bytes.Clone(mapiIIDMessage), stream...))
	s.attr(tnefLevelAttachment, tnefAttAttachment, props.bytes())
}

// systime adds a PT_SYSTIME property.
func (m *mapiProps) systime(id uint16, t time.Time) {
	m.tag(mapiTypeSysTime, id)
	ticks := uint64(t.UnixNano()/100) + mapiFiletimeUnixEpoch
	binary.Write(&m.b, binary.LittleEndian, ticks)
}

// tnefForwardSent is when the forwarded mail of the tests was sent.
var tnefForwardSent = time.Date(2026, 3, 9, 14, 5, 0, 0, time.UTC)

// tnefForwardPDF is the assignment the forwarded mail carries.
var tnefForwardPDF = []byte("%PDF-1.4\n% XactAnalysis assignment, claim 0683449786\n%%EOF\n")

// tnefForwardStream is the stream of a mail as Outlook attaches it to
// another: its header as MAPI properties (the sender's Exchange address
// beside the SMTP one), its text only as compressed RTF, and the files
// the build function writes.
func tnefForwardStream(subject string, rtf []byte, build func(s *tnefStream)) []byte {
	var props mapiProps
	props.unicode(mapiSubject, subject)
	props.unicode(mapiSentRepName, "Heidi Larsen")
	props.unicode(mapiSentRepEmail, "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=HLARSEN")
	props.unicode(mapiSentRepSMTPAddress, "HLarsen@CascadeMutual.example")
	props.systime(mapiClientSubmitTime, tnefForwardSent)
	props.unicode(mapiInternetMessageID, "<assign-0683449786@cascademutual.example>")
	if rtf != nil {
		props.variable(mapiTypeBinary, mapiRTFCompressed, rtf)
	}
	s := newTNEFStream()
	s.message(props.bytes())
	if build != nil {
		build(s)
	}
	return s.Bytes()
}

// tnefAssignment is the forwarded assignment: text in RTF, the PDF.
func tnefAssignment() []byte {
	return tnefForwardStream("Assignment – claim 0683449786", lzfuCompress([]byte(rtfFromText)), func(s *tnefStream) {
		s.file("ASSIGN~1.PDF", tnefForwardPDF, nil)
	})
}

// TestParseMessageTNEFForwardedItem: a mail Outlook forwarded as an
// attachment inside winmail.dat is read like a forwarded message/rfc822:
// a nested message with its subject, sender, date, Message-ID and the
// text of its RTF, and its PDF a document of both messages, next to the
// files of winmail.dat itself.
func TestParseMessageTNEFForwardedItem(t *testing.T) {
	t.Parallel()
	s := newTNEFStream()
	s.message(nil)
	s.file("kitchen.jpg", newTNEFFixture(t).jpg, nil)
	s.item("Assignment – claim 0683449786", tnefAssignment())
	raw := tnefMessage(s.Bytes(), "See the assignment below.")
	msg, sink := parseTNEFMessage(t, raw)
	if len(msg.Warnings) != 0 || msg.Incomplete != "" {
		t.Errorf("warnings %q, incomplete %q", msg.Warnings, msg.Incomplete)
	}
	if len(msg.Nested) != 1 {
		t.Fatalf("%d nested messages, want the forwarded one", len(msg.Nested))
	}
	fw := msg.Nested[0]
	if fw.Subject != "Assignment – claim 0683449786" || fw.From != (Address{Name: "Heidi Larsen", Email: "hlarsen@cascademutual.example"}) ||
		!fw.Date.Equal(tnefForwardSent) || fw.MessageID != "<assign-0683449786@cascademutual.example>" || fw.Depth != 1 {
		t.Errorf("forwarded header: subject %q from %+v date %v id %q depth %d", fw.Subject, fw.From, fw.Date, fw.MessageID, fw.Depth)
	}
	if want := "Claim 0683449786 – water loss at the Okonkwo home"; !strings.HasPrefix(fw.TextBody, want) {
		t.Errorf("forwarded text %q, want it to start %q", fw.TextBody, want)
	}
	if msg.TextBody != "See the assignment below." {
		t.Errorf("text body %q: the forwarded text is the nested message's", msg.TextBody)
	}

	files := msg.Attachments()
	if len(files) != 2 {
		t.Fatalf("%d attachments %+v, want the photo and the forwarded PDF", len(files), files)
	}
	photo, pdf := files[0], files[1]
	if photo.Path != "2.1" || photo.Nested != -1 || photo.Filename != "kitchen.jpg" {
		t.Errorf("photo: %s nested %d %q", photo.Path, photo.Nested, photo.Filename)
	}
	if pdf.Path != "2.2.1" || pdf.Nested != 0 || pdf.Depth != 1 || pdf.Filename != "ASSIGN~1.PDF" || pdf.ContentType != "application/pdf" ||
		!bytes.Equal(sink.blobs[pdf.SHA256], tnefForwardPDF) {
		t.Errorf("forwarded PDF: %s nested %d depth %d %q %s, %d bytes stored", pdf.Path, pdf.Nested, pdf.Depth, pdf.Filename,
			pdf.ContentType, len(sink.blobs[pdf.SHA256]))
	}
	if own := fw.Attachments(); len(own) != 1 || own[0].SHA256 != pdf.SHA256 || own[0].Nested != -1 {
		t.Errorf("the forwarded message's own attachments: %+v", own)
	}
	for _, p := range msg.Parts {
		if p.Filename == "winmail.dat" {
			t.Errorf("winmail.dat is still a part once opened: %+v", p)
		}
	}

	again, _ := parseTNEFMessage(t, raw)
	if a := again.Attachments(); len(a) != 2 || a[1].Path != pdf.Path || a[1].SHA256 != pdf.SHA256 {
		t.Errorf("re-parse: %+v", a)
	}
}

// TestParseMessageTNEFNestedItems: a forwarded item inside a forwarded
// item is a message nested in the nested one, its files documents of all
// three, until MaxDepth: a deeper item stays inside winmail.dat, which is
// kept as it came, and the message says it is incomplete. However deep
// the items go, the parse ends.
func TestParseMessageTNEFNestedItems(t *testing.T) {
	t.Parallel()
	// outer is a message whose winmail.dat holds the assignment inside n
	// forwards, "FW: level 1" the outermost.
	outer := func(n int) []byte {
		stream := tnefAssignment()
		for i := range n {
			stream = tnefForwardStream(fmt.Sprintf("FW: level %d", n-i), nil, func(s *tnefStream) {
				s.item("forwarded", stream)
			})
		}
		s := newTNEFStream()
		s.message(nil)
		s.item("forwarded", stream)
		return tnefMessage(s.Bytes(), "")
	}

	msg, sink := parseTNEFMessage(t, outer(1))
	files := msg.Attachments()
	if len(msg.Warnings) != 0 || len(files) != 1 || files[0].Path != "1.1.1.1" || files[0].Depth != 2 ||
		!bytes.Equal(sink.blobs[files[0].SHA256], tnefForwardPDF) {
		t.Fatalf("two levels: attachments %+v, warnings %q", files, msg.Warnings)
	}
	inner := msg.Nested[0].Nested
	if msg.Nested[0].Subject != "FW: level 1" || len(inner) != 1 || inner[0].Subject != "Assignment – claim 0683449786" ||
		len(inner[0].Attachments()) != 1 || msg.Nested[0].Attachments()[0].Nested != 0 {
		t.Errorf("two levels: nested %+v", msg.Nested)
	}

	raw := outer(2)
	sink = &mimeRecordingSink{}
	msg, err := ParseMessage(context.Background(), bytes.NewReader(raw), sink, ParseOptions{MaxDepth: 2})
	if err != nil {
		t.Fatal(err)
	}
	wantWarnings(t, msg, "part 1.1.1.1: forwarded Outlook item nested deeper than 2 levels; kept inside winmail.dat",
		`part 1: Outlook attachment wrapper winmail.dat kept as it is: "forwarded" could not be taken out of it`)
	files = msg.Attachments()
	if len(files) != 1 || files[0].Filename != "winmail.dat" || msg.Incomplete == "" || len(msg.Nested[0].Nested) != 1 {
		t.Errorf("past MaxDepth: attachments %+v, incomplete %q", files, msg.Incomplete)
	}

	msg, _ = parseTNEFMessage(t, outer(200))
	if got := len(msg.Attachments()); got != 1 || msg.Incomplete == "" {
		t.Errorf("200 levels: %d attachments, incomplete %q; want winmail.dat kept", got, msg.Incomplete)
	}
}

// TestParseMessageTNEFDamagedItem: a forwarded item that cannot be read
// costs only itself: a warning says why, winmail.dat is kept as it came
// (the item is inside it), and its other files and items are taken out.
// Damaged rich text in an item costs only its text.
func TestParseMessageTNEFDamagedItem(t *testing.T) {
	t.Parallel()
	good := tnefAssignment()
	corrupt := bytes.Clone(good)
	corrupt[bytes.Index(corrupt, tnefForwardPDF)+5] ^= 0x55
	for _, c := range []struct {
		name, warning string
		stream        []byte
	}{
		{"truncated", "it ends in the middle of a record (cut short?)", good[:len(good)-40]},
		{"corrupted", "the checksum of attachment 1's data does not match (damaged)", corrupt},
		{"not TNEF", "it does not start with the TNEF signature", []byte("MSG compound file")},
		{"empty", "it does not start with the TNEF signature", []byte{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newTNEFStream()
			s.message(nil)
			s.item("Broken forward", c.stream)
			s.file("ATROKO~1.PDF", tnefRTFPDF, nil)
			s.item("Assignment", good)
			stream := s.Bytes()
			msg, sink := parseTNEFMessage(t, tnefMessage(stream, "Two forwards."))
			wantWarnings(t, msg, `part 2.1: forwarded Outlook item "Broken forward" not opened: `+c.warning,
				`part 2: Outlook attachment wrapper winmail.dat kept as it is: "Broken forward" could not be taken out of it`)
			files := msg.Attachments()
			if len(files) != 3 {
				t.Fatalf("%d attachments %+v, want winmail.dat, its PDF and the good forward's", len(files), files)
			}
			if w := files[0]; w.Path != "2" || !bytes.Equal(sink.blobs[w.SHA256], stream) {
				t.Errorf("winmail.dat kept as %s with %d bytes, want its %d", w.Path, len(sink.blobs[w.SHA256]), len(stream))
			}
			if files[1].Path != "2.2" || files[2].Path != "2.3.1" || !bytes.Equal(sink.blobs[files[2].SHA256], tnefForwardPDF) {
				t.Errorf("the readable files: %+v", files[1:])
			}
			if len(msg.Nested) != 1 || msg.Nested[0].Subject != "Assignment – claim 0683449786" || files[2].Nested != 0 {
				t.Errorf("nested %+v, want the good forward alone", msg.Nested)
			}
		})
	}

	badRTF := tnefForwardStream("Assignment", []byte{1, 2, 3, 4, 5}, func(s *tnefStream) { s.file("A.PDF", tnefForwardPDF, nil) })
	s := newTNEFStream()
	s.message(nil)
	s.item("Assignment", badRTF)
	msg, _ := parseTNEFMessage(t, tnefMessage(s.Bytes(), "See below."))
	wantWarnings(t, msg, `part 2.1: forwarded Outlook item "Assignment": its rich text (compressed RTF) was not read: it is shorter than its 16-byte header`)
	if files := msg.Attachments(); len(files) != 1 || files[0].Path != "2.1.1" || len(msg.Nested) != 1 || msg.Nested[0].TextBody != "" {
		t.Errorf("damaged RTF: attachments %+v, nested %+v", files, msg.Nested)
	}
}

// TestParseMessageTNEFItemLimits: the files of forwarded items count
// against MaxParts with the message's other parts, and their text against
// the body budget nested messages share.
func TestParseMessageTNEFItemLimits(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Claim 0683449786, moisture readings. ", 100)
	var props mapiProps
	props.unicode(mapiBody, long)
	item := newTNEFStream()
	item.message(props.bytes())
	item.file("A.PDF", tnefForwardPDF, nil)
	item.file("B.PDF", tnefForwardPDF, nil)
	s := newTNEFStream()
	s.message(nil)
	for i := range 20 {
		s.item(fmt.Sprintf("Forward %d", i), item.Bytes())
	}
	opts := ParseOptions{MaxParts: 25, MaxBodyBytes: 1000}
	msg, err := ParseMessage(context.Background(), bytes.NewReader(tnefMessage(s.Bytes(), "")), nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	wantWarnings(t, msg, "more than 25 MIME parts; the rest of the message was not parsed")
	if msg.Incomplete == "" || len(msg.Parts) > opts.MaxParts {
		t.Errorf("%d parts, incomplete %q", len(msg.Parts), msg.Incomplete)
	}
	text := 0
	for _, n := range msg.Nested {
		text += len(n.TextBody)
		if len(n.TextBody) > int(opts.MaxBodyBytes) {
			t.Errorf("a forward's text is %d bytes, over %d", len(n.TextBody), opts.MaxBodyBytes)
		}
	}
	if text > 4*int(opts.MaxBodyBytes) || len(msg.Nested) < 2 {
		t.Errorf("%d bytes of text in %d forwards, want at most the shared %d", text, len(msg.Nested), 4*opts.MaxBodyBytes)
	}

	// Items without files count too: each is a message held in memory.
	empty := newTNEFStream()
	empty.message(nil)
	s = newTNEFStream()
	s.message(nil)
	for i := range 100 {
		s.item(fmt.Sprintf("Forward %d", i), empty.Bytes())
	}
	msg, err = ParseMessage(context.Background(), bytes.NewReader(tnefMessage(s.Bytes(), "")), nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(msg.Nested) >= opts.MaxParts || msg.Incomplete == "" {
		t.Errorf("100 empty forwards: %d nested messages, incomplete %q; want fewer than %d", len(msg.Nested), msg.Incomplete, opts.MaxParts)
	}
}

// TestParseMessageTNEFItemsLeftInside: forwarded items may hold hundreds of
// files each that cannot be taken out (none of their own bytes), none of
// them a part; winmail.dat is kept, and the warning that says so names a
// few and counts the rest, as long whatever their number.
func TestParseMessageTNEFItemsLeftInside(t *testing.T) {
	t.Parallel()
	item := newTNEFStream()
	item.message(nil)
	for range tnefMaxAttachments {
		item.attr(tnefLevelAttachment, tnefAttAttachRend, nil) // a file without bytes
	}
	s := newTNEFStream()
	s.message(nil)
	for i := range 50 {
		s.item(fmt.Sprintf("Forward %d", i), item.Bytes())
	}
	msg, sink := parseTNEFMessage(t, tnefMessage(s.Bytes(), "Fifty forwards."))
	wantWarnings(t, msg, "part 2: Outlook attachment wrapper winmail.dat kept as it is: item 1, item 2,",
		fmt.Sprintf("and %d more could not be taken out of it", 50*tnefMaxAttachments-tnefMaxLeftNames))
	for _, w := range msg.Warnings {
		if len(w) > 4<<10 {
			t.Errorf("a warning of %d bytes: %.200s...", len(w), w)
		}
	}
	if files := msg.Attachments(); len(files) != 1 || !bytes.Equal(sink.blobs[files[0].SHA256], s.Bytes()) || len(msg.Nested) != 50 {
		t.Errorf("attachments %+v, %d nested; want winmail.dat kept and the 50 forwards read", files, len(msg.Nested))
	}
}

// TestMapiTime: a PT_SYSTIME is read as UTC; none, and times no mail was
// sent at, are no date.
func TestMapiTime(t *testing.T) {
	t.Parallel()
	ticks := func(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }
	sent := uint64(tnefForwardSent.UnixNano()/100) + mapiFiletimeUnixEpoch
	for _, c := range []struct {
		v    []byte
		want time.Time
	}{
		{ticks(sent), tnefForwardSent},
		{ticks(0), time.Time{}},
		{ticks(mapiFiletimeUnixEpoch - 1), time.Time{}},
		{ticks(^uint64(0)), time.Time{}},
		{[]byte{1, 2, 3}, time.Time{}},
	} {
		if got := mapiTime(c.v); !got.Equal(c.want) || got.Location() != time.UTC {
			t.Errorf("mapiTime(% x) = %v, want %v", c.v, got, c.want)
		}
	}
}
