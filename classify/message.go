package classify

import (
	"fmt"
	"strings"
	"time"
)

// Address is one mailbox of a From, To or Cc header.
type Address struct {
	Name  string // display name, decoded
	Email string // addr-spec, as written
}

// Message is a parsed email as the pipeline hands it to the classifier.
type Message struct {
	MessageID  string
	InReplyTo  string
	References []string
	// Returned is the Message-ID of the message a delivery report (a
	// bounce) returns: the report belongs where that message is filed.
	Returned string

	From        Address
	To, Cc      []Address
	DeliveredTo []string // Delivered-To and X-Original-To addresses

	Subject string
	Date    time.Time

	// Text is the text body, or the HTML body converted to text. HTML given
	// here by mistake is converted again, so either is accepted.
	Text string

	// Headers holds the remaining headers the classifier looks at, by
	// canonical key (Auto-Submitted, Precedence, List-Unsubscribe, List-Id,
	// X-Autoreply, X-Autorespond, X-Auto-Response-Suppress, Return-Path,
	// Content-Type, ...). Lookups ignore case.
	Headers map[string]string

	// Forwards are inline forwards and attached message/rfc822 parts,
	// unwrapped by the parser, outermost first.
	Forwards []Forward

	Attachments []Attachment
}

// Forward is a message quoted or attached inside another one.
type Forward struct {
	From    Address
	Date    time.Time
	Subject string
	Body    string
}

// Attachment is one attached part. It holds no slices so that values compare
// with ==, which DocType relies on to find an attachment among its siblings.
type Attachment struct {
	Filename    string
	ContentType string // media type, lower case, without parameters
	Size        int64
	// Inline is true when the part is shown in the body rather than attached:
	// Content-Disposition inline, or referenced by cid: from the HTML body.
	Inline    bool
	ContentID string
	// Text is the text of the first pages of a PDF (or other document),
	// extracted by the pipeline; empty when unavailable (encrypted, damaged).
	// Pages end with a form feed.
	Text string
	// OCR is true when Text was read from the pictures of a scan or a photo
	// rather than from a text layer: evidence then names the page it was
	// read from, since a person checks it against the picture.
	OCR bool
}

// header returns the value of the named header, ignoring the key's case.
func (m *Message) header(name string) (string, bool) {
	if v, ok := m.Headers[name]; ok {
		return v, true
	}
	for k, v := range m.Headers {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

// source is one piece of text of a message, named the way evidence reports it.
type source struct {
	where string
	text  string
}

// bodyText returns the message body as text.
func (m *Message) bodyText() string {
	return plainText(m.Text)
}

// sources lists every text of the message in which identifiers and weak
// signals are looked for, most prominent first.
func (m *Message) sources() []source {
	out := []source{{"subject", m.Subject}, {"body", m.bodyText()}}
	for i, f := range m.Forwards {
		out = append(out,
			source{fmt.Sprintf("forward[%d].subject", i), f.Subject},
			source{fmt.Sprintf("forward[%d].body", i), plainText(f.Body)})
	}
	for _, a := range m.Attachments {
		if a.Filename != "" {
			out = append(out, source{"attachment:" + a.Filename, a.Filename})
		}
		switch {
		case a.Text == "":
		case a.OCR:
			for i, page := range strings.Split(a.Text, "\f") {
				if strings.TrimSpace(page) != "" {
					out = append(out, source{fmt.Sprintf("attachment_ocr:%s, page %d", a.Filename, i+1), page})
				}
			}
		default:
			out = append(out, source{"attachment_text:" + a.Filename, a.Text})
		}
	}
	return out
}

// plainText converts s to text when it is HTML and returns it unchanged
// otherwise.
func plainText(s string) string {
	if looksLikeHTML(s) {
		return TextFromHTML(s)
	}
	return s
}

// emailDomain returns the lower-case domain of an address, or "".
func emailDomain(addr string) string {
	addr = strings.TrimSpace(strings.Trim(strings.TrimSpace(addr), "<>"))
	i := strings.LastIndexByte(addr, '@')
	if i < 0 {
		return ""
	}
	return strings.ToLower(addr[i+1:])
}

// emailLocal returns the lower-case local part of an address, or "".
func emailLocal(addr string) string {
	addr = strings.TrimSpace(strings.Trim(strings.TrimSpace(addr), "<>"))
	i := strings.LastIndexByte(addr, '@')
	if i < 0 {
		return ""
	}
	return strings.ToLower(addr[:i])
}

// inDomain reports whether addr belongs to domain or one of its subdomains.
func inDomain(addr, domain string) bool {
	domain = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(domain, "@")))
	if domain == "" {
		return false
	}
	d := emailDomain(addr)
	return d == domain || strings.HasSuffix(d, "."+domain)
}

// sameEmail compares two addresses the way mail systems do in practice:
// ignoring case and surrounding brackets.
func sameEmail(a, b string) bool {
	a = strings.TrimSpace(strings.Trim(strings.TrimSpace(a), "<>"))
	b = strings.TrimSpace(strings.Trim(strings.TrimSpace(b), "<>"))
	return a != "" && strings.EqualFold(a, b)
}
