package mailparse

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Outlook sends a message written in its rich text format, or passed on by
// Exchange, with the attachments wrapped in one TNEF part: winmail.dat,
// application/ms-tnef (MS-OXTNEF). Mail programs other than Outlook show it
// as one opaque file, so a signed form inside it would never be seen. This
// file reads the stream: its attributes, and the MAPI properties of its
// attachments and message.
//
// The stream is untrusted: every length and count is checked against what
// remains before it is used, attachments are capped, only properties of one
// value are kept (slices of the stream, never copies), and a stream that
// does not read cleanly from end to end is an error (the caller then keeps
// winmail.dat whole, as it came).

// tnefSignature starts every TNEF stream (little-endian on the wire).
const tnefSignature = 0x223E9F78

// tnefMaxAttachments caps the attachments one stream may hold; Outlook
// limits a message to far fewer.
const tnefMaxAttachments = 500

// TNEF attribute levels and the attributes read (MS-OXTNEF 2.1.3.2: the
// high word is the attribute's type, the low word its identifier).
const (
	tnefLevelMessage    = 0x01
	tnefLevelAttachment = 0x02

	tnefAttSubject     = 0x00018004 // the subject, in the OEM code page
	tnefAttBody        = 0x0002800C // message text, in the OEM code page
	tnefAttAttachData  = 0x0006800F // an attachment's bytes
	tnefAttAttachTitle = 0x00018010 // an attachment's (short) file name
	tnefAttAttachRend  = 0x00069002 // starts each attachment
	tnefAttMsgProps    = 0x00069003 // the message's MAPI properties
	tnefAttAttachment  = 0x00069005 // an attachment's MAPI properties
	tnefAttOemCodepage = 0x00069007 // code page of 8-bit strings
)

// MAPI properties read (MS-OXPROPS).
const (
	mapiBody              = 0x1000 // PR_BODY
	mapiRTFCompressed     = 0x1009 // PR_RTF_COMPRESSED
	mapiHTML              = 0x1013 // PR_HTML
	mapiInternetCodepage  = 0x3FDE // PR_INTERNET_CPID: PR_HTML's code page
	mapiAttachDataObj     = 0x3701 // PR_ATTACH_DATA_BIN / _OBJ
	mapiAttachFilename    = 0x3704 // PR_ATTACH_FILENAME (8.3)
	mapiAttachLongName    = 0x3707 // PR_ATTACH_LONG_FILENAME
	mapiDisplayName       = 0x3001 // PR_DISPLAY_NAME: an attached item's title
	mapiAttachContentID   = 0x3712 // PR_ATTACH_CONTENT_ID
	mapiAttachmentHidden  = 0x7FFE // PR_ATTACHMENT_HIDDEN
	mapiMultiValuedFlag   = 0x1000
	mapiTypeLong          = 0x0003
	mapiTypeBoolean       = 0x000B
	mapiTypeObject        = 0x000D
	mapiTypeString8       = 0x001E
	mapiTypeUnicode       = 0x001F
	mapiTypeBinary        = 0x0102
	mapiTypeUnspecified   = 0x0000
	mapiNamedPropertyBase = 0x8000
)

// mapiFixedSize gives the size of each fixed-length MAPI property type;
// each value is padded to 4 bytes in the stream.
var mapiFixedSize = map[uint16]int{
	0x0002: 2,  // PT_SHORT
	0x0003: 4,  // PT_LONG
	0x0004: 4,  // PT_FLOAT
	0x0005: 8,  // PT_DOUBLE
	0x0006: 8,  // PT_CURRENCY
	0x0007: 8,  // PT_APPTIME
	0x000A: 4,  // PT_ERROR
	0x000B: 2,  // PT_BOOLEAN
	0x0014: 8,  // PT_I8
	0x0040: 8,  // PT_SYSTIME
	0x0048: 16, // PT_CLSID
}

// tnefContents is what a TNEF stream holds.
type tnefContents struct {
	files []tnefFile
	// body is the message text (PR_BODY, else the text of the compressed
	// RTF, else attBody) as UTF-8, cut at the caller's limit; "" when the
	// stream has none.
	body string
	// bodyWarning says why the compressed RTF gave no text; "" when it
	// did, or was not needed.
	bodyWarning string
	// head is what the stream says of its message's header: all an
	// attached Outlook item has of one.
	head tnefHead
}

// tnefFile is one attachment of a TNEF stream.
type tnefFile struct {
	// name is PR_ATTACH_LONG_FILENAME, else attAttachTitle, else
	// PR_ATTACH_FILENAME; as the sender wrote it, possibly hostile.
	name string
	// data aliases the stream's bytes; nil when the attachment carries
	// none of its own (an Outlook item attached to the message).
	data []byte
	// embedded is the TNEF stream of an Outlook item attached to the
	// message (a mail forwarded "as attachment"), aliasing the stream's
	// bytes; nil for a file.
	embedded  []byte
	contentID string
	hidden    bool
}

// errTNEFTruncated reports a stream that ends inside a record.
var errTNEFTruncated = errors.New("it ends in the middle of a record (cut short?)")

// readTNEF reads a TNEF stream. The message text kept is at most maxBody
// bytes; compressed RTF holding it is refused past maxRTF bytes. Any damage
// is an error: the stream must read cleanly to its end. Damaged RTF is not:
// the message's files do not depend on it, and a warning says why its text
// is missing.
func readTNEF(b []byte, maxBody, maxRTF int) (tnefContents, error) {
	var t tnefContents
	r := tnefReader{b: b}
	sig, ok := r.u32()
	if !ok || sig != tnefSignature {
		return t, errors.New("it does not start with the TNEF signature")
	}
	if _, ok := r.u16(); !ok { // the legacy key, unused
		return t, errTNEFTruncated
	}
	var (
		text tnefText
		cur  *tnefFile
	)
	for r.left() > 0 {
		level, id, data, err := r.attribute(len(t.files))
		if err != nil {
			return t, err
		}
		switch level {
		case tnefLevelMessage:
			if err := text.read(id, data); err != nil {
				return t, err
			}
		case tnefLevelAttachment:
			// Each attachment starts with its rendering data; a stream
			// that leaves it out still gets one attachment.
			if id == tnefAttAttachRend || cur == nil {
				if len(t.files) == tnefMaxAttachments {
					return t, fmt.Errorf("it holds more than %d attachments", tnefMaxAttachments)
				}
				t.files = append(t.files, tnefFile{})
				cur = &t.files[len(t.files)-1]
			}
			if err := cur.read(id, data, text.codepage); err != nil {
				return t, fmt.Errorf("attachment %d: %w", len(t.files), err)
			}
		default:
			return t, fmt.Errorf("a record has the unknown level %d (damaged)", level)
		}
	}
	t.body, t.bodyWarning = text.body(maxBody, maxRTF)
	t.head = text.head
	return t, nil
}

// attribute reads one attribute record (level, id, length, data, checksum
// of the data); files is the number of attachments read before it, to name
// it in an error.
func (r *tnefReader) attribute(files int) (level byte, id uint32, data []byte, err error) {
	level, ok1 := r.u8()
	id, ok2 := r.u32()
	n, ok3 := r.u32()
	if !ok1 || !ok2 || !ok3 {
		return 0, 0, nil, errTNEFTruncated
	}
	data, ok := r.bytes(uint64(n))
	if !ok {
		return 0, 0, nil, errTNEFTruncated
	}
	sum, ok := r.u16()
	if !ok {
		return 0, 0, nil, errTNEFTruncated
	}
	if tnefChecksum(data) != sum {
		return 0, 0, nil, fmt.Errorf("the checksum of %s does not match (damaged)", tnefAttributeName(id, files))
	}
	return level, id, data, nil
}

// tnefText gathers the message-level attributes the message text may come
// from; they alias the stream.
type tnefText struct {
	codepage      uint32
	attBody       []byte
	prBody        []byte
	prBodyUnicode bool   // PR_BODY is UTF-16
	rtfCompressed []byte // PR_RTF_COMPRESSED
	html          []byte // PR_HTML
	htmlCodepage  uint32 // PR_INTERNET_CPID
	head          tnefHead
}

// read takes one message-level attribute.
func (m *tnefText) read(id uint32, data []byte) error {
	switch id {
	case tnefAttOemCodepage:
		if len(data) >= 4 {
			m.codepage = binary.LittleEndian.Uint32(data)
		}
	case tnefAttBody:
		m.attBody = data
	case tnefAttSubject:
		m.head.attSubject = tnefString8(data, m.codepage, tnefMaxHeaderBytes)
	case tnefAttMsgProps:
		err := mapiReadProps(data, func(id, typ uint16, v []byte) {
			switch {
			case id == mapiBody && (typ == mapiTypeString8 || typ == mapiTypeUnicode):
				m.prBody, m.prBodyUnicode = v, typ == mapiTypeUnicode
			case id == mapiRTFCompressed && typ == mapiTypeBinary:
				m.rtfCompressed = v
			case id == mapiHTML && (typ == mapiTypeBinary || typ == mapiTypeString8):
				m.html = v
			case id == mapiInternetCodepage && typ == mapiTypeLong && len(v) >= 4:
				m.htmlCodepage = binary.LittleEndian.Uint32(v)
			default:
				m.head.prop(id, typ, v, m.codepage)
			}
		})
		if err != nil {
			return fmt.Errorf("the message's properties: %w", err)
		}
	}
	return nil
}

// body returns the message text: PR_BODY, else the text of
// PR_RTF_COMPRESSED (Outlook often sends nothing else), else that of
// PR_HTML, else the 8-bit attBody; each only when the one before holds
// none. The RTF is unpacked
// only when it is needed; warning says why it gave no text.
func (m *tnefText) body(maxBody, maxRTF int) (body, warning string) {
	switch {
	case m.prBody != nil && m.prBodyUnicode:
		body = tnefUTF16(m.prBody, maxBody)
	case m.prBody != nil:
		body = tnefString8(m.prBody, m.codepage, maxBody)
	}
	if strings.TrimSpace(body) == "" && m.rtfCompressed != nil {
		rtf, err := decompressRTF(m.rtfCompressed, maxRTF)
		if err != nil {
			warning = "its rich text (compressed RTF) was not read: " + err.Error()
		} else {
			body = rtfText(rtf, maxBody)
		}
	}
	if strings.TrimSpace(body) == "" && m.html != nil {
		// The HTML is in the code page PR_INTERNET_CPID gives (the
		// stream's own one otherwise), cut as a text/html body is.
		html := m.html[:min(len(m.html), maxBody)]
		decoded, _ := mimeDecodeBody(tnefCharset(cmp.Or(m.htmlCodepage, m.codepage), html), "text/html", html)
		body = mimeCutUTF8(HTMLToText(decoded), maxBody)
	}
	if strings.TrimSpace(body) == "" && m.attBody != nil {
		body = tnefString8(m.attBody, m.codepage, maxBody)
	}
	return strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n")), warning
}

// read takes one attachment-level attribute into f. Outlook writes the
// short title first and the long file name later, in the attachment's
// MAPI properties; the long one wins.
func (f *tnefFile) read(id uint32, data []byte, codepage uint32) error {
	switch id {
	case tnefAttAttachTitle:
		if f.name == "" {
			f.name = tnefString8(data, codepage, MaxFilenameBytes*4)
		}
	case tnefAttAttachData:
		f.data = data
	case tnefAttAttachment:
		var long, short, title string
		err := mapiReadProps(data, func(id, typ uint16, v []byte) {
			switch {
			case id == mapiAttachLongName:
				long = mapiString(typ, v, codepage)
			case id == mapiAttachFilename:
				short = mapiString(typ, v, codepage)
			case id == mapiAttachContentID:
				f.contentID = mapiString(typ, v, codepage)
			case id == mapiAttachmentHidden && typ == mapiTypeBoolean:
				f.hidden = len(v) >= 1 && v[0] != 0
			case id == mapiDisplayName:
				title = mapiString(typ, v, codepage)
			case id == mapiAttachDataObj && typ == mapiTypeBinary && f.data == nil:
				// PR_ATTACH_DATA_BIN, when attAttachData is missing.
				f.data = v
			case id == mapiAttachDataObj && typ == mapiTypeObject:
				f.embedded = tnefEmbeddedMessage(v)
			}
		})
		if err != nil {
			return fmt.Errorf("its properties: %w", err)
		}
		f.name = tnefFirstName(long, f.name, short, title)
	}
	return nil
}

// tnefFirstName returns the first of the names given for one thing (a
// file, a subject) that is not blank.
func tnefFirstName(names ...string) string {
	for _, n := range names {
		if strings.TrimSpace(n) != "" {
			return n
		}
	}
	return ""
}

// mapiReadProps reads an encoded MAPI property list (MS-OXTNEF 2.1.3.4:
// attMsgProps, attAttachment) and hands each property of one value to use.
// Named properties, and the values of multi-valued ones, are read past:
// nothing wanted has them, and keeping them would let a stream of small
// values cost many times its size.
func mapiReadProps(b []byte, use func(id, typ uint16, v []byte)) error {
	r := tnefReader{b: b}
	count, ok := r.u32()
	if !ok {
		return errTNEFTruncated
	}
	// Every property takes at least 8 bytes (its tag and one value), so
	// the count cannot exceed what the bytes could hold.
	if uint64(count) > uint64(r.left()/8) {
		return fmt.Errorf("it claims %d properties in %d bytes", count, r.left())
	}
	for range count {
		typ, ok1 := r.u16()
		id, ok2 := r.u16()
		if !ok1 || !ok2 {
			return errTNEFTruncated
		}
		named := id >= mapiNamedPropertyBase
		if named {
			if err := r.skipPropertyName(); err != nil {
				return err
			}
		}
		first, nvals, err := r.propertyValues(typ)
		if err != nil {
			return err
		}
		if !named && nvals == 1 {
			use(id, typ&^mapiMultiValuedFlag, first)
		}
	}
	if r.left() != 0 {
		return fmt.Errorf("%d bytes follow the last property", r.left())
	}
	return nil
}

// skipPropertyName reads past the name of a named property: its property
// set's GUID, then a number or a UTF-16 string.
func (r *tnefReader) skipPropertyName() error {
	if !r.skip(16) {
		return errTNEFTruncated
	}
	kind, ok := r.u32()
	if !ok {
		return errTNEFTruncated
	}
	switch kind {
	case 0: // a numeric name
		if !r.skip(4) {
			return errTNEFTruncated
		}
	case 1: // a UTF-16 name
		n, ok := r.u32()
		if !ok || !r.skip(tnefPadded(n)) {
			return errTNEFTruncated
		}
	default:
		return fmt.Errorf("a named property of unknown kind %d", kind)
	}
	return nil
}

// propertyValues reads the values of a property of type typ and returns
// the first, and how many there were.
func (r *tnefReader) propertyValues(typ uint16) (first []byte, nvals uint32, err error) {
	base := typ &^ mapiMultiValuedFlag
	size, fixed := mapiFixedSize[base]
	variable := base == mapiTypeString8 || base == mapiTypeUnicode || base == mapiTypeBinary ||
		base == mapiTypeObject || base == mapiTypeUnspecified
	if !fixed && !variable {
		return nil, 0, fmt.Errorf("a property of unknown type 0x%04X", typ)
	}
	nvals = 1
	if variable || typ&mapiMultiValuedFlag != 0 {
		var ok bool
		if nvals, ok = r.u32(); !ok {
			return nil, 0, errTNEFTruncated
		}
		// Each value takes at least 4 bytes.
		if uint64(nvals) > uint64(r.left()/4) {
			return nil, 0, fmt.Errorf("a property claims %d values in %d bytes", nvals, r.left())
		}
	}
	for i := range nvals {
		n := uint32(size)
		if !fixed {
			var ok bool
			if n, ok = r.u32(); !ok {
				return nil, 0, errTNEFTruncated
			}
		}
		v, ok := r.bytes(uint64(n))
		if !ok || !r.skip(tnefPadded(n)-uint64(n)) {
			return nil, 0, errTNEFTruncated
		}
		if i == 0 {
			first = v
		}
	}
	return first, nvals, nil
}

// mapiString decodes a string property; "" for any other type.
func mapiString(typ uint16, v []byte, codepage uint32) string {
	switch typ {
	case mapiTypeUnicode:
		return tnefUTF16(v, MaxFilenameBytes*4)
	case mapiTypeString8:
		return tnefString8(v, codepage, MaxFilenameBytes*4)
	}
	return ""
}

// tnefUTF16 decodes UTF-16LE up to its NUL, at most max bytes of it.
func tnefUTF16(b []byte, max int) string {
	b = b[:min(len(b), max)&^1]
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		c := binary.LittleEndian.Uint16(b[i:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return mimeCutUTF8(mimeCleanText(string(utf16.Decode(u))), max)
}

// tnefString8 decodes an 8-bit string in the stream's code page up to its
// NUL, at most max bytes of it.
func tnefString8(b []byte, codepage uint32, max int) string {
	b = b[:min(len(b), max)]
	if i := strings.IndexByte(string(b), 0); i >= 0 {
		b = b[:i]
	}
	text, _ := mimeDecodeBody(tnefCharset(codepage, b), "text/plain", b)
	return mimeCutUTF8(text, max)
}

// tnefCharset names the charset of a string in a Windows code page.
// Outlook writes the sender's ANSI code page; UTF-8 bytes are taken as they
// are, and a code page not listed as Windows-1252, the most common.
func tnefCharset(codepage uint32, b []byte) string {
	if cs, ok := windowsCodepageCharset(codepage); ok {
		return cs
	}
	if utf8.Valid(b) {
		return "utf-8"
	}
	return "windows-1252"
}

// windowsCodepageCharset names the charset of a Windows code page; false
// when it is not one senders use.
func windowsCodepageCharset(codepage uint32) (string, bool) {
	if codepage >= 28591 && codepage <= 28599 {
		return fmt.Sprintf("iso-8859-%d", codepage-28590), true
	}
	cs, ok := windowsCodepages[codepage]
	return cs, ok
}

// windowsCodepages names the charsets of the code pages senders use.
var windowsCodepages = map[uint32]string{
	65001: "utf-8", 874: "windows-874", 1250: "windows-1250", 1251: "windows-1251",
	1252: "windows-1252", 1253: "windows-1253", 1254: "windows-1254", 1255: "windows-1255",
	1256: "windows-1256", 1257: "windows-1257", 1258: "windows-1258",
	932: "shift_jis", 936: "gbk", 949: "euc-kr", 950: "big5",
	437: "ibm437", 850: "ibm850", 866: "ibm866", 10000: "macintosh", 20866: "koi8-r",
}

// tnefChecksum is the attribute checksum: the sum of its data bytes,
// modulo 65536.
func tnefChecksum(b []byte) uint16 {
	var s uint16
	for _, c := range b {
		s += uint16(c)
	}
	return s
}

// tnefPadded rounds n up to a multiple of 4, without overflow.
func tnefPadded(n uint32) uint64 {
	return (uint64(n) + 3) &^ 3
}

// tnefAttributeNames name the attributes a warning may speak of; %d is the
// attachment's number.
var tnefAttributeNames = map[uint32]string{
	tnefAttBody: "the message text", tnefAttMsgProps: "the message's properties",
	tnefAttAttachData: "attachment %d's data", tnefAttAttachTitle: "attachment %d's name",
	tnefAttAttachment: "attachment %d's properties", tnefAttAttachRend: "attachment %d's header",
}

// tnefAttributeName names an attribute for a warning; files is the number
// of attachments read before it.
func tnefAttributeName(id uint32, files int) string {
	name, ok := tnefAttributeNames[id]
	switch {
	case !ok:
		return fmt.Sprintf("attribute 0x%08X", id)
	case strings.Contains(name, "%d"):
		if id == tnefAttAttachRend {
			files++ // it starts the next one
		}
		return fmt.Sprintf(name, max(files, 1))
	}
	return name
}

// tnefReader reads little-endian values, never past the end.
type tnefReader struct {
	b   []byte
	off int
}

func (r *tnefReader) left() int { return len(r.b) - r.off }

func (r *tnefReader) bytes(n uint64) ([]byte, bool) {
	if n > uint64(r.left()) {
		return nil, false
	}
	v := r.b[r.off : r.off+int(n) : r.off+int(n)]
	r.off += int(n)
	return v, true
}

func (r *tnefReader) skip(n uint64) bool {
	_, ok := r.bytes(n)
	return ok
}

func (r *tnefReader) u8() (byte, bool) {
	v, ok := r.bytes(1)
	if !ok {
		return 0, false
	}
	return v[0], true
}

func (r *tnefReader) u16() (uint16, bool) {
	v, ok := r.bytes(2)
	if !ok {
		return 0, false
	}
	return binary.LittleEndian.Uint16(v), true
}

func (r *tnefReader) u32() (uint32, bool) {
	v, ok := r.bytes(4)
	if !ok {
		return 0, false
	}
	return binary.LittleEndian.Uint32(v), true
}

// mimeIsTNEF reports whether a part is Outlook's TNEF wrapper: by its
// type, or by the name Outlook always gives it (some servers relabel it
// application/octet-stream).
func mimeIsTNEF(mediaType, filename string) bool {
	switch mediaType {
	case "application/ms-tnef", "application/vnd.ms-tnef":
		return true
	}
	return strings.EqualFold(filename, "winmail.dat")
}

// mimeTypeForExtension guesses the media type of a file inside a TNEF
// stream, which records none, from its name. A fixed table, as for
// mimeExtensionForType, so the guess does not depend on the host.
var mimeTypeForExtension = map[string]string{
	".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".jpe": "image/jpeg",
	".png": "image/png", ".gif": "image/gif", ".bmp": "image/bmp", ".tif": "image/tiff", ".tiff": "image/tiff",
	".heic": "image/heic", ".heif": "image/heif", ".webp": "image/webp",
	".doc": "application/msword", ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xls": "application/vnd.ms-excel", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".zip": "application/zip", ".txt": "text/plain", ".csv": "text/csv", ".htm": "text/html", ".html": "text/html",
	".xml": "application/xml", ".eml": "message/rfc822", ".msg": "application/vnd.ms-outlook",
	".ics": "text/calendar", ".vcf": "text/vcard", ".mp4": "video/mp4", ".mov": "video/quicktime",
}

// mimeTypeOfName guesses a media type from a file name.
func mimeTypeOfName(name string) string {
	if t, ok := mimeTypeForExtension[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}

// openTNEF files the attachments inside a winmail.dat part as parts of msg,
// numbered under it ("2.1", "2.2": the order of the stream, so a re-parse
// gives the same paths), and keeps its text as the body of a message that
// has none. Like a forwarded message/rfc822, the wrapper itself is then no
// part: its contents are (the raw message keeps it anyway). When it cannot
// be read, or holds something that cannot be taken out, winmail.dat is kept
// as it came, as a file, and a warning says why.
func (p *mimeParser) openTNEF(msg *Message, part Part, dec io.Reader, check func() string) error {
	raw, err := io.ReadAll(io.LimitReader(dec, p.opts.MaxAttachmentBytes+1))
	var why string
	var t tnefContents
	switch {
	case err != nil:
		if f := p.fatal(); f != nil {
			return f
		}
		why = "it could not be read: " + err.Error()
	case int64(len(raw)) > p.opts.MaxAttachmentBytes:
		why = fmt.Sprintf("it is longer than %d bytes", p.opts.MaxAttachmentBytes)
	default:
		bodyLimit := int(max(min(p.opts.MaxBodyBytes, p.bodyBudget), 0))
		if t, err = readTNEF(raw, bodyLimit, int(p.opts.MaxAttachmentBytes)); err != nil {
			why = err.Error()
		}
	}
	keep := func() error {
		if err := p.stream(msg, &part, io.MultiReader(bytes.NewReader(raw), dec), false); err != nil {
			return err
		}
		if w := check(); w != "" {
			p.warn(msg, part.Path, w)
		}
		msg.Parts = append(msg.Parts, part)
		return nil
	}
	if why != "" {
		p.warn(msg, part.Path, "Outlook attachment wrapper "+part.Filename+" not opened, kept as it is: "+why)
		return keep()
	}

	p.keepTNEFText(msg, part.Path, "Outlook attachment wrapper "+part.Filename, t)
	inner, left, err := p.tnefParts(msg, part.Path, t.files)
	if err != nil {
		return err
	}
	if len(left) > 0 {
		p.warn(msg, part.Path, fmt.Sprintf("Outlook attachment wrapper %s kept as it is: %s could not be taken out of it",
			part.Filename, tnefLeftWords(left)))
		if err := keep(); err != nil {
			return err
		}
	} else if w := check(); w != "" {
		p.warn(msg, part.Path, w)
	}
	msg.Parts = append(msg.Parts, inner...)
	return nil
}

// tnefMaxLeftNames bounds the names a warning gives of what stays inside
// winmail.dat: its forwarded items may hold hundreds of files each.
const tnefMaxLeftNames = 10

// tnefLeftWords names what stays inside winmail.dat for a warning: the
// first tnefMaxLeftNames, then how many more.
func tnefLeftWords(left []string) string {
	if len(left) <= tnefMaxLeftNames {
		return strings.Join(left, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(left[:tnefMaxLeftNames], ", "), len(left)-tnefMaxLeftNames)
}

// keepTNEFText keeps the text of the TNEF stream at path (what names it in
// a warning), for a message that has none of its own, with why its rich
// text could not be read, which finish tells only then.
func (p *mimeParser) keepTNEFText(msg *Message, path, what string, t tnefContents) {
	acc := p.bodiesOf(msg)
	if acc.tnef != "" || acc.tnefWarning != "" {
		return // the first winmail.dat's
	}
	if t.bodyWarning != "" {
		acc.tnefPath, acc.tnefWarning = path, what+": "+t.bodyWarning
	}
	acc.tnef = t.body
	p.bodyBudget -= int64(len(t.body))
}

// tnefParts streams the files of the TNEF stream at path base as parts of
// msg, numbered under it, opens the Outlook items attached to it as
// messages nested in msg, and returns their parts with what stays inside
// (an item that cannot be opened, or files past the message's part
// limit), named for a warning.
func (p *mimeParser) tnefParts(msg *Message, base string, files []tnefFile) (inner []Part, left []string, err error) {
	for i, f := range files {
		name := mimeSanitizeFilename(f.name)
		path := mimeJoinPath(base, i+1)
		var parts []Part
		switch {
		case f.embedded != nil:
			var kept []string
			parts, kept, err = p.openTNEFMessage(msg, path, tnefItemName(name, fmt.Sprintf("item %d", i+1)), f.embedded)
			left = append(left, kept...)
		case f.data == nil:
			left = append(left, tnefItemName(name, fmt.Sprintf("item %d", i+1)))
		default:
			var ok bool
			parts, ok, err = p.tnefFilePart(msg, path, name, f)
			if !ok {
				left = append(left, tnefItemName(name, fmt.Sprintf("file %d", i+1)))
			}
		}
		if err != nil {
			return nil, nil, err
		}
		inner = append(inner, parts...)
	}
	return inner, left, nil
}

// tnefFilePart streams file f of a TNEF stream to the sink as the part of
// msg at path; false when the message's part limit leaves it inside.
func (p *mimeParser) tnefFilePart(msg *Message, path, name string, f tnefFile) ([]Part, bool, error) {
	if p.stopped {
		return nil, false, nil
	}
	p.entities++
	if p.entities > p.opts.MaxParts {
		p.stop(msg, path, fmt.Sprintf("more than %d MIME parts; the rest of the message was not parsed", p.opts.MaxParts), true)
		return nil, false, nil
	}
	p.files++
	ip := Part{
		Path:        path,
		ContentType: mimeTypeOfName(name),
		Disposition: "attachment",
		Filename:    name,
		RawFilename: f.name,
		ContentID:   strings.Trim(strings.TrimSpace(f.contentID), "<>"),
		Depth:       msg.Depth,
		Nested:      -1,
	}
	if f.hidden || ip.ContentID != "" {
		// Pictures of the rich-text body (a signature logo) are
		// hidden or referenced by Content-ID: the inline rule decides.
		ip.Disposition = "inline"
	}
	if ip.Filename == "" {
		ip.Filename = mimeFallbackFilename(p.files, ip.ContentType)
	}
	if err := p.stream(msg, &ip, bytes.NewReader(f.data), false); err != nil {
		return nil, false, err
	}
	return []Part{ip}, true, nil
}

// tnefItemName names a file of a TNEF stream in a warning: its name
// quoted, or what it is when it has none.
func tnefItemName(name, what string) string {
	if name == "" {
		return what
	}
	return strconv.Quote(name)
}
