package corpusgen

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"strings"
	"time"
)

// File is one attachment, with its label.
type File struct {
	Name, CType string
	Data        []byte
	CID         string // set for a body image (a signature logo)
	DocType     string
	Inner       *Msg // a forwarded message attached whole (message/rfc822)
}

// Msg is one mail with its labels.
type Msg struct {
	From, To, Cc, Subject string
	Date                  time.Time
	ID                    string   // Message-ID without brackets; made up when empty
	ReplyTo               string   // Message-ID it answers
	Headers               []string // extra "Name: value" lines
	Text, HTML            string
	Latin1                bool // text sent as ISO-8859-1, as older clients do
	Files                 []File

	Kind     string
	Claim    string // expected carrier claim number; "" = must not be filed
	Optional bool
	NeedsAck bool
}

// BoundaryTag names the mailbox in its MIME boundaries, so that one
// mailbox's messages never share another's.
var BoundaryTag = "corpus"

var boundaries int

// Bytes is the message as its sender's program writes it.
func (m Msg) Bytes() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\n", addr(m.From))
	fmt.Fprintf(&b, "To: %s\r\n", m.To)
	if m.Cc != "" {
		fmt.Fprintf(&b, "Cc: %s\r\n", m.Cc)
	}
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", m.Subject))
	fmt.Fprintf(&b, "Date: %s\r\n", m.Date.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s>\r\n", m.ID)
	if m.ReplyTo != "" {
		fmt.Fprintf(&b, "In-Reply-To: <%s>\r\nReferences: <%s>\r\n", m.ReplyTo, m.ReplyTo)
	}
	for _, h := range m.Headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("MIME-Version: 1.0\r\n")
	m.body(&b)
	return b.Bytes()
}

// body writes the MIME tree: the text (and HTML) first, body images
// related to the HTML, then the attachments.
func (m Msg) body(b *bytes.Buffer) {
	var inline, attached []File
	for _, f := range m.Files {
		if f.CID != "" {
			inline = append(inline, f)
		} else {
			attached = append(attached, f)
		}
	}
	content := func(b *bytes.Buffer) { m.alternatives(b, inline) }
	if len(attached) == 0 {
		content(b)
		return
	}
	multipart(b, "mixed", append([]func(*bytes.Buffer){content}, leaves(attached)...)...)
}

func (m Msg) alternatives(b *bytes.Buffer, inline []File) {
	textPart := func(b *bytes.Buffer) {
		if m.Latin1 {
			leaf(b, `text/plain; charset="iso-8859-1"`, "quoted-printable", "", "", latin1(m.Text))
			return
		}
		leaf(b, `text/plain; charset="utf-8"`, "quoted-printable", "", "", []byte(m.Text))
	}
	htmlPart := func(b *bytes.Buffer) {
		if len(inline) == 0 {
			leaf(b, `text/html; charset="utf-8"`, "quoted-printable", "", "", []byte(m.HTML))
			return
		}
		related := []func(*bytes.Buffer){func(b *bytes.Buffer) {
			leaf(b, `text/html; charset="utf-8"`, "quoted-printable", "", "", []byte(m.HTML))
		}}
		multipart(b, "related", append(related, leaves(inline)...)...)
	}
	switch {
	case m.HTML == "":
		textPart(b)
	case m.Text == "":
		htmlPart(b)
	default:
		multipart(b, "alternative", textPart, htmlPart)
	}
}

func leaves(fs []File) []func(*bytes.Buffer) {
	var out []func(*bytes.Buffer)
	for _, f := range fs {
		out = append(out, func(b *bytes.Buffer) {
			if f.Inner != nil {
				leaf(b, "message/rfc822", "8bit", f.Name, "", f.Inner.Bytes())
				return
			}
			leaf(b, f.CType, "base64", f.Name, f.CID, f.Data)
		})
	}
	return out
}

func multipart(b *bytes.Buffer, sub string, parts ...func(*bytes.Buffer)) {
	boundaries++
	bd := fmt.Sprintf("_%03d_%s_%x", boundaries, BoundaryTag, boundaries*7919)
	fmt.Fprintf(b, "Content-Type: multipart/%s; boundary=\"%s\"\r\n\r\n", sub, bd)
	for _, p := range parts {
		fmt.Fprintf(b, "--%s\r\n", bd)
		p(b)
	}
	fmt.Fprintf(b, "--%s--\r\n", bd)
}

func leaf(b *bytes.Buffer, ctype, cte, name, cid string, data []byte) {
	if name != "" {
		ctype += fmt.Sprintf("; name=\"%s\"", name)
	}
	fmt.Fprintf(b, "Content-Type: %s\r\nContent-Transfer-Encoding: %s\r\n", ctype, cte)
	switch {
	case cid != "":
		fmt.Fprintf(b, "Content-ID: <%s>\r\nContent-Disposition: inline; filename=\"%s\"\r\n", cid, name)
	case name != "":
		fmt.Fprintf(b, "Content-Disposition: attachment; filename=\"%s\"\r\n", name)
	}
	b.WriteString("\r\n")
	switch cte {
	case "base64":
		s := base64.StdEncoding.EncodeToString(data)
		for len(s) > 76 {
			b.WriteString(s[:76] + "\r\n")
			s = s[76:]
		}
		b.WriteString(s + "\r\n")
	case "quoted-printable":
		w := quotedprintable.NewWriter(b)
		w.Write(crlf(data))
		w.Close()
		b.WriteString("\r\n")
	default:
		b.Write(crlf(data))
		b.WriteString("\r\n")
	}
}

func crlf(data []byte) []byte {
	return bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
}

func latin1(s string) []byte {
	var out []byte
	for _, r := range s {
		if r > 0xff {
			r = '?'
		}
		out = append(out, byte(r))
	}
	return out
}

// addr encodes the display name of "Name <addr>" when it needs it.
func addr(s string) string {
	i := strings.LastIndex(s, "<")
	if i <= 0 {
		return s
	}
	name := strings.TrimSpace(s[:i])
	if strings.ContainsFunc(name, func(r rune) bool { return r > 127 }) {
		return mime.QEncoding.Encode("utf-8", name) + " " + s[i:]
	}
	if strings.ContainsAny(name, ",.()&") {
		return `"` + name + `" ` + s[i:]
	}
	return s
}
