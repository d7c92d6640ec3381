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

// entity is one MIME part, written by hand rather than with a MIME library so
// that every quirk real mailers produce (folded parameters, RFC 2231
// continuations, Outlook and Gmail layouts) can be reproduced exactly.
type entity struct {
	hdr      [][2]string
	body     []byte // leaf content, already transfer-encoded, CRLF lines
	parts    []*entity
	boundary string
}

func (e *entity) add(k, v string) *entity {
	e.hdr = append(e.hdr, [2]string{k, v})
	return e
}

func (e *entity) write(b *bytes.Buffer) {
	for _, h := range e.hdr {
		b.WriteString(foldHeader(h[0], h[1]))
	}
	b.WriteString("\r\n")
	if e.parts == nil {
		b.Write(e.body)
		return
	}
	b.Write(e.body) // preamble, if any
	for _, p := range e.parts {
		b.WriteString("--" + e.boundary + "\r\n")
		p.write(b)
		if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
			b.WriteString("\r\n")
		}
	}
	b.WriteString("--" + e.boundary + "--\r\n")
}

// foldHeader folds at spaces before 78 columns, as RFC 5322 asks; values with
// their own CRLF-whitespace folding are written as given.
func foldHeader(k, v string) string {
	line := k + ": " + v
	if strings.Contains(v, "\r\n") || len(line) <= 78 {
		return line + "\r\n"
	}
	var out strings.Builder
	for len(line) > 78 {
		cut := strings.LastIndexByte(line[:78], ' ')
		if cut <= len(k)+1 {
			next := strings.IndexByte(line[78:], ' ')
			if next < 0 {
				break
			}
			cut = 78 + next
		}
		out.WriteString(line[:cut] + "\r\n")
		line = line[cut:] // keeps the space, which becomes the fold's whitespace
	}
	out.WriteString(line + "\r\n")
	return out.String()
}

func crlf(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func qp(data []byte) []byte {
	var b bytes.Buffer
	w := quotedprintable.NewWriter(&b)
	w.Write(data)
	w.Close()
	return []byte(crlf(b.String()))
}

func b64(data []byte) []byte {
	s := base64.StdEncoding.EncodeToString(data)
	var b bytes.Buffer
	for len(s) > 76 {
		b.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	b.WriteString(s + "\r\n")
	return b.Bytes()
}

// textPart is a text part in UTF-8: 7bit when it can be, quoted-printable
// otherwise, which is what most mailers send.
func textPart(subtype, s string) *entity {
	s = crlf(s)
	e := &entity{}
	e.add("Content-Type", "text/"+subtype+"; charset=\"utf-8\"")
	if isASCII(s) && maxLineLen(s) <= 998 {
		e.add("Content-Transfer-Encoding", "7bit")
		e.body = []byte(s)
	} else {
		e.add("Content-Transfer-Encoding", "quoted-printable")
		e.body = qp([]byte(s))
	}
	return e
}

// latin1Part is a text part in ISO-8859-1, as older webmail still sends
// Spanish mail.
func latin1Part(subtype, s string) *entity {
	e := &entity{}
	e.add("Content-Type", "text/"+subtype+"; charset=\"iso-8859-1\"")
	e.add("Content-Transfer-Encoding", "quoted-printable")
	e.body = qp(latin1(crlf(s)))
	return e
}

func latin1(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			r = '?'
		}
		out = append(out, byte(r))
	}
	return out
}

func maxLineLen(s string) int {
	m := 0
	for _, l := range strings.Split(s, "\r\n") {
		m = max(m, len(l))
	}
	return m
}

// attachment is a base64 attachment with the filename in both the
// Content-Type name and the Content-Disposition filename, as Outlook and
// Gmail write them. Non-ASCII names use RFC 2047 in name and RFC 2231 in
// filename.
func attachment(ctype, filename string, data []byte) *entity {
	e := &entity{}
	if isASCII(filename) {
		e.add("Content-Type", fmt.Sprintf("%s; name=\"%s\"", ctype, filename))
		e.add("Content-Disposition", fmt.Sprintf("attachment; filename=\"%s\"", filename))
	} else {
		e.add("Content-Type", fmt.Sprintf("%s; name=\"%s\"", ctype, mime.QEncoding.Encode("utf-8", filename)))
		e.add("Content-Disposition", "attachment; filename*=utf-8''"+rfc2231Escape(filename))
	}
	e.add("Content-Transfer-Encoding", "base64")
	e.body = b64(data)
	return e
}

// attachment2231Split writes a long non-ASCII filename with RFC 2231
// continuations (filename*0*=, filename*1*=, ...), as Thunderbird does.
func attachment2231Split(ctype, filename string, data []byte) *entity {
	esc := rfc2231Escape(filename)
	var params []string
	for i := 0; len(esc) > 0; i++ {
		n := min(len(esc), 40)
		// Never split a %XX escape.
		if j := strings.LastIndexByte(esc[:n], '%'); j >= 0 && j > n-3 {
			n = j
		}
		chunk := esc[:n]
		esc = esc[n:]
		if i == 0 {
			chunk = "utf-8''" + chunk
		}
		params = append(params, fmt.Sprintf("filename*%d*=%s", i, chunk))
	}
	e := &entity{}
	e.add("Content-Type", fmt.Sprintf("%s;\r\n name=\"%s\"", ctype, mime.BEncoding.Encode("utf-8", filename)))
	e.add("Content-Disposition", "attachment;\r\n "+strings.Join(params, ";\r\n "))
	e.add("Content-Transfer-Encoding", "base64")
	e.body = b64(data)
	return e
}

func rfc2231Escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// inlineImage is a body image referenced from HTML by cid:, like the logos
// in e-mail signatures.
func inlineImage(ctype, filename, cid string, data []byte) *entity {
	e := &entity{}
	e.add("Content-Type", fmt.Sprintf("%s; name=\"%s\"", ctype, filename))
	e.add("Content-Disposition", fmt.Sprintf("inline; filename=\"%s\"", filename))
	e.add("Content-ID", "<"+cid+">")
	e.add("Content-Transfer-Encoding", "base64")
	e.body = b64(data)
	return e
}

// rfc822Part attaches a whole message, as Outlook's "forward as attachment".
func rfc822Part(filename string, raw []byte) *entity {
	e := &entity{}
	e.add("Content-Type", fmt.Sprintf("message/rfc822; name=\"%s\"", filename))
	e.add("Content-Disposition", fmt.Sprintf("attachment; filename=\"%s\"", filename))
	e.add("Content-Transfer-Encoding", "7bit")
	e.body = raw
	return e
}

func (g *gen) multipart(subtype string, parts ...*entity) *entity {
	e := &entity{parts: parts, boundary: g.boundary()}
	e.add("Content-Type", fmt.Sprintf("multipart/%s; boundary=\"%s\"", subtype, e.boundary))
	return e
}

// message is one e-mail as its sender's mailer would have written it.
type message struct {
	from, to, cc string
	subject      string
	date         time.Time
	id           string // Message-ID without the angle brackets
	inReplyTo    string // Message-ID replied to, without brackets
	references   []string
	extra        [][2]string // headers that mark the kind of sender
	body         *entity
}

func (m *message) bytes() []byte {
	top := &entity{}
	top.add("From", m.from)
	top.add("To", m.to)
	if m.cc != "" {
		top.add("Cc", m.cc)
	}
	top.add("Subject", encodeHeader(m.subject))
	top.add("Date", m.date.Format(time.RFC1123Z))
	top.add("Message-ID", "<"+m.id+">")
	if m.inReplyTo != "" {
		top.add("In-Reply-To", "<"+m.inReplyTo+">")
	}
	if len(m.references) > 0 {
		refs := make([]string, len(m.references))
		for i, r := range m.references {
			refs[i] = "<" + r + ">"
		}
		top.add("References", strings.Join(refs, " "))
	}
	top.hdr = append(top.hdr, m.extra...)
	top.add("MIME-Version", "1.0")
	top.hdr = append(top.hdr, m.body.hdr...)
	top.body, top.parts, top.boundary = m.body.body, m.body.parts, m.body.boundary
	var b bytes.Buffer
	top.write(&b)
	return b.Bytes()
}

func encodeHeader(s string) string {
	if isASCII(s) {
		return s
	}
	return mime.QEncoding.Encode("utf-8", s)
}

// latin1Header encodes a header value in ISO-8859-1, as the Spanish-language
// webmail in the demo does.
func latin1Header(s string) string {
	return mime.QEncoding.Encode("iso-8859-1", string(latin1(s)))
}

// addr formats a display name and address, encoding the name when needed.
func addr(name, email string) string {
	if name == "" {
		return email
	}
	if !isASCII(name) {
		return mime.QEncoding.Encode("utf-8", name) + " <" + email + ">"
	}
	if strings.ContainsAny(name, ",.\"'&") {
		return fmt.Sprintf("%q <%s>", name, email)
	}
	return name + " <" + email + ">"
}

// latin1Addr encodes the display name in ISO-8859-1, as the Spanish-language
// webmail in the demo does.
func latin1Addr(name, email string) string {
	return latin1Header(name) + " <" + email + ">"
}
