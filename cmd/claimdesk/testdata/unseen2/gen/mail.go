package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"strings"
	"time"
)

// file is one attachment, with its label.
type file struct {
	name, ctype string
	data        []byte
	cid         string // set for a body image (a signature logo)
	docType     string
	inner       *msg // a forwarded message attached whole (message/rfc822)
}

// msg is one mail with its labels.
type msg struct {
	from, to, cc, subject string
	date                  time.Time
	id                    string   // Message-ID without brackets; made up when empty
	replyTo               string   // Message-ID it answers
	headers               []string // extra "Name: value" lines
	text, html            string
	latin1                bool // text sent as ISO-8859-1, as older clients do
	files                 []file

	kind     string
	claim    string // expected carrier claim number; "" = must not be filed
	optional bool
	needsAck bool
}

var boundaries int

func (m msg) bytes() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\n", addr(m.from))
	fmt.Fprintf(&b, "To: %s\r\n", m.to)
	if m.cc != "" {
		fmt.Fprintf(&b, "Cc: %s\r\n", m.cc)
	}
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", m.subject))
	fmt.Fprintf(&b, "Date: %s\r\n", m.date.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s>\r\n", m.id)
	if m.replyTo != "" {
		fmt.Fprintf(&b, "In-Reply-To: <%s>\r\nReferences: <%s>\r\n", m.replyTo, m.replyTo)
	}
	for _, h := range m.headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("MIME-Version: 1.0\r\n")
	m.body(&b)
	return b.Bytes()
}

// body writes the MIME tree: the text (and HTML) first, body images
// related to the HTML, then the attachments.
func (m msg) body(b *bytes.Buffer) {
	var inline, attached []file
	for _, f := range m.files {
		if f.cid != "" {
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

func (m msg) alternatives(b *bytes.Buffer, inline []file) {
	textPart := func(b *bytes.Buffer) {
		if m.latin1 {
			leaf(b, `text/plain; charset="iso-8859-1"`, "quoted-printable", "", "", latin1(m.text))
			return
		}
		leaf(b, `text/plain; charset="utf-8"`, "quoted-printable", "", "", []byte(m.text))
	}
	htmlPart := func(b *bytes.Buffer) {
		if len(inline) == 0 {
			leaf(b, `text/html; charset="utf-8"`, "quoted-printable", "", "", []byte(m.html))
			return
		}
		related := []func(*bytes.Buffer){func(b *bytes.Buffer) {
			leaf(b, `text/html; charset="utf-8"`, "quoted-printable", "", "", []byte(m.html))
		}}
		multipart(b, "related", append(related, leaves(inline)...)...)
	}
	switch {
	case m.html == "":
		textPart(b)
	case m.text == "":
		htmlPart(b)
	default:
		multipart(b, "alternative", textPart, htmlPart)
	}
}

func leaves(fs []file) []func(*bytes.Buffer) {
	var out []func(*bytes.Buffer)
	for _, f := range fs {
		out = append(out, func(b *bytes.Buffer) {
			if f.inner != nil {
				leaf(b, "message/rfc822", "8bit", f.name, "", f.inner.bytes())
				return
			}
			leaf(b, f.ctype, "base64", f.name, f.cid, f.data)
		})
	}
	return out
}

func multipart(b *bytes.Buffer, sub string, parts ...func(*bytes.Buffer)) {
	boundaries++
	bd := fmt.Sprintf("_%03d_peach_%x", boundaries, boundaries*7919)
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
