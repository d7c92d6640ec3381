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

// part is one MIME entity: a leaf with data, or a multipart with children.
type part struct {
	ctype    string // full Content-Type value without boundary/filename params
	cte      string // 7bit, 8bit, base64, quoted-printable; "" for multipart
	filename string
	inline   bool
	cid      string
	desc     string
	data     []byte
	children []part
}

func text(body string) part {
	return part{ctype: `text/plain; charset="utf-8"`, cte: "8bit", data: []byte(body)}
}

func qpText(body string) part {
	return part{ctype: `text/plain; charset="utf-8"`, cte: "quoted-printable", data: []byte(body)}
}

func b64Text(body string) part {
	return part{ctype: `text/plain; charset="utf-8"`, cte: "base64", data: []byte(body)}
}

func html(body string) part {
	return part{ctype: `text/html; charset="utf-8"`, cte: "quoted-printable", data: []byte(body)}
}

func file(ctype, name string, data []byte) part {
	return part{ctype: ctype, cte: "base64", filename: name, data: data}
}

func multi(sub string, children ...part) part {
	return part{ctype: "multipart/" + sub, children: children}
}

var boundarySeq int

func (p part) write(b *bytes.Buffer) {
	if len(p.children) > 0 || strings.HasPrefix(p.ctype, "multipart/") {
		boundarySeq++
		bd := fmt.Sprintf("----=_NextPart_%03d_01DB4A7C.5E3F2%03d", boundarySeq, boundarySeq)
		fmt.Fprintf(b, "Content-Type: %s;\r\n\tboundary=\"%s\"\r\n\r\n", p.ctype, bd)
		b.WriteString("This is a multi-part message in MIME format.\r\n")
		for _, c := range p.children {
			fmt.Fprintf(b, "\r\n--%s\r\n", bd)
			c.write(b)
		}
		fmt.Fprintf(b, "\r\n--%s--\r\n", bd)
		return
	}
	ct := p.ctype
	if p.filename != "" {
		ct += fmt.Sprintf(";\r\n\tname=\"%s\"", mime.QEncoding.Encode("utf-8", p.filename))
	}
	fmt.Fprintf(b, "Content-Type: %s\r\n", ct)
	if p.desc != "" {
		fmt.Fprintf(b, "Content-Description: %s\r\n", p.desc)
	}
	if p.filename != "" {
		disp := "attachment"
		if p.inline {
			disp = "inline"
		}
		fmt.Fprintf(b, "Content-Disposition: %s;\r\n\tfilename=\"%s\"\r\n", disp, mime.QEncoding.Encode("utf-8", p.filename))
	}
	if p.cid != "" {
		fmt.Fprintf(b, "Content-ID: <%s>\r\n", p.cid)
	}
	switch p.cte {
	case "qp-raw": // already encoded, soft breaks where the sender's client put them
		b.WriteString("Content-Transfer-Encoding: quoted-printable\r\n")
	case "":
	default:
		fmt.Fprintf(b, "Content-Transfer-Encoding: %s\r\n", p.cte)
	}
	b.WriteString("\r\n")
	switch p.cte {
	case "base64":
		s := base64.StdEncoding.EncodeToString(p.data)
		for len(s) > 76 {
			b.WriteString(s[:76] + "\r\n")
			s = s[76:]
		}
		b.WriteString(s + "\r\n")
	case "quoted-printable":
		w := quotedprintable.NewWriter(b)
		w.Write(bytes.ReplaceAll(p.data, []byte("\n"), []byte("\r\n")))
		w.Close()
		b.WriteString("\r\n")
	default:
		b.Write(bytes.ReplaceAll(p.data, []byte("\n"), []byte("\r\n")))
		b.WriteString("\r\n")
	}
}

// message is one mail with its labels.
type message struct {
	from, to, subject string
	date              time.Time
	id                string
	headers           []string // extra "Name: value" lines
	body              part

	// labels
	kind     string
	claim    string // expected carrier claim number; "" = must not be filed
	optional bool
	needsAck bool
	docs     [][2]string // filename, doc type
	ocr      bool
	sent     bool
}

func encodeHeader(s string) string {
	for _, r := range s {
		if r > 127 {
			return mime.QEncoding.Encode("utf-8", s)
		}
	}
	return s
}

func encodeAddr(s string) string {
	// "Name <addr>": encode the name part only.
	if i := strings.LastIndex(s, "<"); i > 0 {
		name := strings.TrimSpace(s[:i])
		if strings.ContainsFunc(name, func(r rune) bool { return r > 127 }) {
			return mime.QEncoding.Encode("utf-8", name) + " " + s[i:]
		}
		if strings.ContainsAny(name, ",.()") {
			return `"` + name + `" ` + s[i:]
		}
	}
	return s
}

func (m message) bytes() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\n", encodeAddr(m.from))
	fmt.Fprintf(&b, "To: %s\r\n", m.to)
	fmt.Fprintf(&b, "Subject: %s\r\n", encodeHeader(m.subject))
	fmt.Fprintf(&b, "Date: %s\r\n", m.date.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s>\r\n", m.id)
	for _, h := range m.headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("MIME-Version: 1.0\r\n")
	m.body.write(&b)
	return b.Bytes()
}
