package mailparse

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"time"
)

// An adjuster who forwards a mail "as attachment" from Outlook, in rich
// text, sends it inside winmail.dat as an attached Outlook item: an
// attachment whose PR_ATTACH_DATA_OBJ is an object of the message
// interface, its value that interface's id and then the item's own TNEF
// stream (MS-OXTNEF 2.1.3.4), with its header, text and files. It is read
// as a forwarded message/rfc822 is: a message nested in the one that holds
// winmail.dat, its files parts of both.
//
// Nothing is copied: a nested stream is a slice of the one holding it, so
// all the streams of one winmail.dat hold no more bytes than it does, and
// it is no longer than MaxAttachmentBytes. Nesting is bounded by MaxDepth,
// the items and files of every stream together by MaxParts, their text by
// the body budget nested messages share. An item that cannot be read
// costs only itself: a warning says why, and winmail.dat is kept as it
// came, with the item inside it, next to everything else taken out of it.

// mapiIIDMessage is IID_IMessage, {00020307-0000-0000-C000-000000000046},
// as it is laid out in a stream (MS-OXCDATA GUID: the first three fields
// little-endian).
var mapiIIDMessage = []byte{0x07, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}

// tnefEmbeddedMessage returns the TNEF stream of an object property's value
// when the object is a message; nil for any other object (an OLE
// document), which is not opened.
func tnefEmbeddedMessage(v []byte) []byte {
	if len(v) < len(mapiIIDMessage) || !bytes.Equal(v[:len(mapiIIDMessage)], mapiIIDMessage) {
		return nil
	}
	return v[len(mapiIIDMessage):]
}

// tnefMaxHeaderBytes bounds each header string read from a stream.
const tnefMaxHeaderBytes = 4 * MaxFilenameBytes

// MAPI properties of a message's header (MS-OXPROPS, MS-OXOMSG).
const (
	mapiSubject            = 0x0037 // PR_SUBJECT
	mapiClientSubmitTime   = 0x0039 // PR_CLIENT_SUBMIT_TIME: when it was sent
	mapiSentRepName        = 0x0042 // PR_SENT_REPRESENTING_NAME: the From name
	mapiSentRepEmail       = 0x0065 // PR_SENT_REPRESENTING_EMAIL_ADDRESS
	mapiSenderName         = 0x0C1A // PR_SENDER_NAME
	mapiSenderEmail        = 0x0C1F // PR_SENDER_EMAIL_ADDRESS
	mapiDeliveryTime       = 0x0E06 // PR_MESSAGE_DELIVERY_TIME
	mapiNormalizedSubject  = 0x0E1D // PR_NORMALIZED_SUBJECT: without "RE:"
	mapiInternetMessageID  = 0x1035 // PR_INTERNET_MESSAGE_ID
	mapiSenderSMTPAddress  = 0x5D01 // PR_SENDER_SMTP_ADDRESS
	mapiSentRepSMTPAddress = 0x5D02 // PR_SENT_REPRESENTING_SMTP_ADDRESS
	mapiTypeSysTime        = 0x0040 // PT_SYSTIME: a FILETIME
)

// A FILETIME counts 100-nanosecond ticks since 1601-01-01 UTC.
const (
	mapiFiletimeUnixEpoch    = 116444736000000000 // 1970-01-01
	mapiFiletimeTicksPerSec  = 10_000_000
	mapiFiletimeNanosPerTick = 100
)

// tnefHead is what a TNEF stream says of its message's header, decoded:
// the message properties Outlook writes, and attSubject.
type tnefHead struct {
	subject, attSubject, normalizedSubject string
	messageID                              string
	from, sender                           tnefSender
	sent, delivered                        time.Time
}

// tnefSender is one of the two addresses Outlook keeps of a sender: the
// one the message shows (sent representing) and the one that sent it.
type tnefSender struct {
	name, email, smtp string
}

// prop takes one message property, in the stream's code page when 8-bit.
func (h *tnefHead) prop(id, typ uint16, v []byte, codepage uint32) {
	if typ == mapiTypeSysTime {
		switch id {
		case mapiClientSubmitTime:
			h.sent = mapiTime(v)
		case mapiDeliveryTime:
			h.delivered = mapiTime(v)
		}
		return
	}
	if dst := h.field(id); dst != nil {
		*dst = strings.TrimSpace(mapiString(typ, v, codepage))
	}
}

// field returns where the string property id goes; nil when not kept.
func (h *tnefHead) field(id uint16) *string {
	switch id {
	case mapiSubject:
		return &h.subject
	case mapiNormalizedSubject:
		return &h.normalizedSubject
	case mapiInternetMessageID:
		return &h.messageID
	case mapiSentRepName:
		return &h.from.name
	case mapiSentRepEmail:
		return &h.from.email
	case mapiSentRepSMTPAddress:
		return &h.from.smtp
	case mapiSenderName:
		return &h.sender.name
	case mapiSenderEmail:
		return &h.sender.email
	case mapiSenderSMTPAddress:
		return &h.sender.smtp
	}
	return nil
}

// fill gives msg the header the stream describes.
func (h *tnefHead) fill(msg *Message) {
	msg.Subject = tnefFirstName(h.subject, h.attSubject, h.normalizedSubject)
	msg.MessageID = firstMsgID(h.messageID)
	msg.From = h.from.address()
	if msg.From == (Address{}) {
		msg.From = h.sender.address()
	}
	msg.Date = h.sent
	if msg.Date.IsZero() {
		msg.Date = h.delivered
	}
}

// address returns the sender's address: the SMTP one, else the e-mail
// address when it is one (an Exchange sender's is a directory name).
func (s tnefSender) address() Address {
	a := Address{Name: s.name}
	for _, e := range []string{s.smtp, s.email} {
		if list := parseAddressList(e); len(list) == 1 && strings.Contains(list[0].Email, "@") {
			a.Email = list[0].Email
			break
		}
	}
	return a
}

// mapiTime reads a PT_SYSTIME value. Zero for none, and for a time before
// 1970 or after 9999 (a "never" some writers use): no mail was sent then.
func mapiTime(v []byte) time.Time {
	if len(v) < 8 {
		return time.Time{}
	}
	ft := binary.LittleEndian.Uint64(v)
	if ft <= mapiFiletimeUnixEpoch {
		return time.Time{}
	}
	ft -= mapiFiletimeUnixEpoch
	t := time.Unix(int64(ft/mapiFiletimeTicksPerSec), int64(ft%mapiFiletimeTicksPerSec)*mapiFiletimeNanosPerTick).UTC()
	if t.Year() > 9999 {
		return time.Time{}
	}
	return t
}

// openTNEFMessage reads the Outlook item attached at path, named item in a
// warning, whose TNEF stream is stream, into a message nested in msg, and
// returns its parts, marked as that message's. What cannot be taken out is
// returned named for a warning: the whole item when it is nested too deep,
// past the part limit or unreadable, else the items inside it that are.
func (p *mimeParser) openTNEFMessage(msg *Message, path, item string, stream []byte) ([]Part, []string, error) {
	if err := p.fatal(); err != nil {
		return nil, nil, err
	}
	if p.stopped {
		return nil, []string{item}, nil
	}
	if msg.Depth+1 > p.opts.MaxDepth {
		p.stop(msg, path, fmt.Sprintf("forwarded Outlook item nested deeper than %d levels; kept inside winmail.dat", p.opts.MaxDepth), false)
		return nil, []string{item}, nil
	}
	p.entities++
	if p.entities > p.opts.MaxParts {
		p.stop(msg, path, fmt.Sprintf("more than %d MIME parts; the rest of the message was not parsed", p.opts.MaxParts), true)
		return nil, []string{item}, nil
	}
	bodyLimit := int(max(min(p.opts.MaxBodyBytes, p.bodyBudget), 0))
	t, err := readTNEF(stream, bodyLimit, int(p.opts.MaxAttachmentBytes))
	if err != nil {
		p.warn(msg, path, "forwarded Outlook item "+item+" not opened: "+err.Error())
		return nil, []string{item}, nil
	}
	nested := &Message{Depth: msg.Depth + 1, Headers: map[string]string{}}
	t.head.fill(nested)
	p.keepTNEFText(nested, path, "forwarded Outlook item "+item, t)
	parts, left, err := p.tnefParts(nested, path, t.files)
	if err != nil {
		return nil, nil, err
	}
	nested.Parts = parts
	p.finish(nested)
	return p.adoptNested(msg, nested), left, nil
}

// adoptNested makes nested, parsed and finished, the next message nested
// in msg and returns its parts, marked as its, for msg.Parts.
func (p *mimeParser) adoptNested(msg, nested *Message) []Part {
	idx := len(msg.Nested)
	parts := make([]Part, len(nested.Parts))
	for i, np := range nested.Parts {
		np.Nested = idx
		parts[i] = np
	}
	// Paths in nested warnings are already absolute.
	for _, w := range nested.Warnings {
		p.warn(msg, "", w)
	}
	msg.Nested = append(msg.Nested, *nested)
	return parts
}
