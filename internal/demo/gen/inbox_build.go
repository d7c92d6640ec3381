package main

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
)

// mailBuilder writes the messages of inbox.txt and sent.txt, drawing on
// g in the order they and their parts come.
type mailBuilder struct {
	g       *gen
	refs    map[string]string   // Message-IDs by "inbox:NAME" and "sent:NAME"
	built   map[string]*message // the messages built so far, by the same names
	sources map[string]func(*rand.Rand) []byte
	kept    map[string]*message // by Keep name
}

// folder is one folder's messages as its file describes them, with the
// Message-IDs drawn for them.
type folder struct {
	name  string // "inbox" or "sent": how references name its messages
	specs []mailSpec
	from  string // the sender of messages without a From header
	ids   []string
}

// mailboxes builds the messages of inbox.txt and sent.txt. Every
// Message-ID is drawn first, so that the mail of either folder may answer
// the other's; the office's mail is built first, as a bounce returns some
// of it.
func (g *gen) mailboxes() (inbox, sent []*message, err error) {
	in, err := parseSpecs("inbox.txt", inboxData)
	if err != nil {
		return nil, nil, err
	}
	out, err := parseSpecs("sent.txt", sentData)
	if err != nil {
		return nil, nil, err
	}
	b := &mailBuilder{g: g, refs: map[string]string{}, built: map[string]*message{}, sources: sources(), kept: map[string]*message{}}
	inboxF := &folder{name: "inbox", specs: in}
	sentF := &folder{name: "sent", specs: out, from: claimsFrom}
	for _, f := range []*folder{inboxF, sentF} {
		if err := b.drawIDs(f); err != nil {
			return nil, nil, err
		}
	}
	if sent, err = b.build(sentF); err != nil {
		return nil, nil, err
	}
	inbox, err = b.build(inboxF)
	return inbox, sent, err
}

// drawIDs draws the Message-IDs of f's messages, in order, and names those
// with a Name header for the references of others.
func (b *mailBuilder) drawIDs(f *folder) error {
	for _, s := range f.specs {
		style := s.header("Message-ID")
		if style == "" && f.name == "sent" {
			style = "random " + office
		}
		id, err := b.messageID(style)
		if err != nil {
			return fmt.Errorf("%s.txt: %s: %w", f.name, s.what, err)
		}
		f.ids = append(f.ids, id)
		if name := s.header("Name"); name != "" {
			if b.refs[f.name+":"+name] != "" {
				return fmt.Errorf("%s.txt: %s: a second message named %q", f.name, s.what, name)
			}
			b.refs[f.name+":"+name] = id
		}
	}
	return nil
}

// build builds f's messages; kept ones are left out, for later ones to
// attach.
func (b *mailBuilder) build(f *folder) ([]*message, error) {
	var out []*message
	for i, s := range f.specs {
		m, err := b.message(s, f.ids[i], f.from)
		if err != nil {
			return nil, fmt.Errorf("%s.txt: %s: %w", f.name, s.what, err)
		}
		if name := s.header("Name"); name != "" {
			b.built[f.name+":"+name] = m
		}
		if name := s.header("Keep"); name != "" {
			b.kept[name] = m
			continue
		}
		out = append(out, m)
	}
	return out, nil
}

// headers inbox.txt gives a meaning of its own; others are written as
// they are.
var specHeaders = map[string]bool{"From": true, "To": true, "Cc": true, "Subject": true, "Date": true, "Message-ID": true,
	"In-Reply-To": true, "References": true, "Client": true, "Charset": true, "Body": true, "Keep": true, "Name": true}

// message builds the message s describes, with Message-ID id, from from
// when s names no sender.
func (b *mailBuilder) message(s mailSpec, id, from string) (*message, error) {
	latin := s.header("Charset") == "iso-8859-1"
	if f := s.header("From"); f != "" {
		from = address(f, latin)
	}
	m := &message{from: from, to: address(s.header("To"), latin), cc: address(s.header("Cc"), latin),
		subject: s.header("Subject"), id: id}
	if latin {
		m.subject = latin1Header(m.subject)
	}
	var d, h, min, sec int
	if _, err := fmt.Sscanf(s.header("Date"), "%d %d:%d:%d", &d, &h, &min, &sec); err != nil {
		return nil, fmt.Errorf("date %q: %w", s.header("Date"), err)
	}
	m.date = at(d, h, min, sec)
	if err := b.threading(m, s); err != nil {
		return nil, err
	}
	var err error
	m.body, err = b.body(s, latin)
	return m, err
}

// threading sets m's In-Reply-To, References and the headers its
// sender's mailer writes, from s.
func (b *mailBuilder) threading(m *message, s mailSpec) error {
	for _, ref := range strings.Fields(s.header("References")) {
		id, ok := b.refs[ref]
		if !ok {
			return fmt.Errorf("no message %q to refer to", ref)
		}
		m.references = append(m.references, id)
	}
	if ref := s.header("In-Reply-To"); ref != "" {
		if m.inReplyTo = b.refs[ref]; m.inReplyTo == "" {
			return fmt.Errorf("no message %q to answer", ref)
		}
	}
	if c := s.header("Client"); c != "" {
		hdrs, ok := clientHeaders(c, m.subject)
		if !ok {
			return fmt.Errorf("unknown client %q", c)
		}
		m.extra = append(m.extra, hdrs...)
	}
	for _, h := range s.headers {
		if !specHeaders[h[0]] {
			m.extra = append(m.extra, h)
		}
	}
	return nil
}

// clientHeaders are the headers the mailer client writes on a message
// about subject.
func clientHeaders(client, subject string) ([][2]string, bool) {
	switch client {
	case "outlook":
		topic := strings.TrimPrefix(strings.TrimPrefix(subject, "RE: "), "FW: ")
		return outlookHdrs(topic), true
	case "iphone":
		return iphone, true
	case "galaxy":
		return galaxy, true
	case "thunderbird":
		return thunderbird, true
	case "automated":
		return autoGen, true
	}
	return nil, false
}

// address formats "Name <address>" (or an address alone) as its sender's
// mailer would, the name in Latin-1 when latin.
func address(v string, latin bool) string {
	name, email, ok := strings.Cut(v, " <")
	if !ok {
		return v
	}
	email = strings.TrimSuffix(email, ">")
	if latin {
		return latin1Addr(name, email)
	}
	return addr(name, email)
}

// messageID draws a Message-ID in the style v names.
func (b *mailBuilder) messageID(v string) (string, error) {
	g := b.g
	style, arg, _ := strings.Cut(v, " ")
	switch style {
	case "outlook":
		return g.outlookID(arg), nil
	case "apple":
		return g.appleID(arg), nil
	case "gmail":
		return g.gmailID(), nil
	case "random":
		return g.id(arg), nil
	case "xactanalysis":
		return fmt.Sprintf("xa.%s.%d@xactanalysis.example", arg, g.r.IntN(100000)), nil
	}
	return "", fmt.Errorf("unknown Message-ID %q", v)
}

// body builds s's parts into its body: one part, or the multipart its
// Body header names (related: the texts as alternatives, then the inline
// images).
func (b *mailBuilder) body(s mailSpec, latin bool) (*entity, error) {
	kind := s.header("Body")
	var parts []*entity
	for i, p := range s.parts {
		if kind == "related" && i > 0 && !isText(p) && isText(s.parts[i-1]) {
			parts = []*entity{b.g.multipart("alternative", parts...)}
		}
		e, err := b.part(p, latin)
		if err != nil {
			return nil, err
		}
		parts = append(parts, e)
	}
	switch {
	case kind == "" && len(parts) == 1:
		return parts[0], nil
	case kind == "mixed" || kind == "alternative" || kind == "related":
		return b.g.multipart(kind, parts...), nil
	case kind == "report":
		report := b.g.multipart("report", parts...)
		report.hdr[0][1] = strings.Replace(report.hdr[0][1], "multipart/report;", "multipart/report; report-type=delivery-status;", 1)
		return report, nil
	}
	return nil, fmt.Errorf("body %q of %d parts", kind, len(parts))
}

func isText(p partSpec) bool {
	return strings.HasPrefix(p.spec, "text/plain") || strings.HasPrefix(p.spec, "text/html")
}

// part builds the part p describes.
func (b *mailBuilder) part(p partSpec, latin bool) (*entity, error) {
	kind, arg, _ := strings.Cut(p.spec, " ")
	switch kind {
	case "attachment", "attachment-2231":
		f := strings.SplitN(arg, " ", 3)
		if len(f) < 3 {
			return nil, fmt.Errorf("attachment %q: want TYPE SOURCE FILENAME", arg)
		}
		data, err := b.source(f[1], f[2])
		if kind == "attachment" {
			return attachment(f[0], f[2], data), err
		}
		return attachment2231Split(f[0], f[2], data), err
	case "inline":
		f := strings.SplitN(arg, " ", 4)
		if len(f) < 4 {
			return nil, fmt.Errorf("inline %q: want TYPE SOURCE CONTENT-ID FILENAME", arg)
		}
		data, err := b.source(f[1], f[3])
		return inlineImage(f[0], f[3], f[2], data), err
	case "message":
		name, filename, _ := strings.Cut(arg, " ")
		kept := b.kept[name]
		if kept == nil {
			return nil, fmt.Errorf("no kept message %q", name)
		}
		return rfc822Part(filename, kept.bytes()), nil
	}
	return b.reportPart(p, latin)
}

// reportPart builds a text part, or a part of a bounce's report.
func (b *mailBuilder) reportPart(p partSpec, latin bool) (*entity, error) {
	switch kind, arg, _ := strings.Cut(p.spec, " "); kind {
	case "message/delivery-status":
		e := &entity{body: []byte(crlf(p.text))}
		return e.add("Content-Description", "Delivery report").add("Content-Type", "message/delivery-status"), nil
	case "text/rfc822-headers":
		m := b.built[arg]
		if m == nil {
			return nil, fmt.Errorf("no message %q built to return", arg)
		}
		raw := m.bytes()
		e := &entity{body: raw[:bytes.Index(raw, []byte("\r\n\r\n"))+2]}
		return e.add("Content-Description", "Undelivered Message Headers").add("Content-Type", "text/rfc822-headers"), nil
	}
	ctype, params, _ := strings.Cut(p.spec, ";")
	subtype, ok := strings.CutPrefix(ctype, "text/")
	if !ok {
		return nil, fmt.Errorf("unknown part %q", p.spec)
	}
	text, err := fill(p.text)
	if err != nil {
		return nil, err
	}
	if latin {
		return latin1Part(subtype, text), nil
	}
	e := textPart(subtype, text)
	if params != "" {
		e.hdr[0][1] = ctype + "; charset=\"utf-8\";" + params
	}
	return e, nil
}

// source draws the document or photo named name, attached as filename.
// Each draws on a source of randomness of its own, seeded by both names:
// the same file attached again (the office forwarding a technician's
// photos) is the same bytes, and adding a message changes no other's
// files.
func (b *mailBuilder) source(name, filename string) ([]byte, error) {
	h := fnv.New64a()
	h.Write([]byte(name))
	seed := h.Sum64()
	h.Write([]byte("\x00" + filename))
	r := rand.New(rand.NewPCG(seed, h.Sum64()))
	if scene, ok := strings.CutPrefix(name, "photo:"); ok {
		s, found := photoScenes[scene]
		if !found {
			return nil, fmt.Errorf("no photo scene %q", scene)
		}
		return photo(r, s), nil
	}
	draw := b.sources[name]
	if draw == nil {
		return nil, fmt.Errorf("no source %q", name)
	}
	return draw(r), nil
}
