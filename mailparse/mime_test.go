package mailparse

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// mimeRecordingSink keeps every attachment so tests can check the bytes
// that reached the blob store.
type mimeRecordingSink struct {
	mu    sync.Mutex
	blobs map[string][]byte
}

func (s *mimeRecordingSink) PutAttachment(_ context.Context, r io.Reader) (string, int64, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return "", 0, err
	}
	sum := sha256.Sum256(data)
	key := hex.EncodeToString(sum[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.blobs == nil {
		s.blobs = map[string][]byte{}
	}
	s.blobs[key] = data
	return key, int64(len(data)), nil
}

func mimeParseFile(t *testing.T, name string, opts ParseOptions) (*Message, *mimeRecordingSink) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "mime", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sink := &mimeRecordingSink{}
	msg, err := ParseMessage(t.Context(), f, sink, opts)
	if err != nil {
		t.Fatalf("ParseMessage(%s): %v", name, err)
	}
	return msg, sink
}

func mimeFilenames(msg *Message, inline bool) []string {
	var out []string
	for _, p := range msg.Parts {
		if (inline && p.IsInline) || (!inline && p.IsAttachment) {
			out = append(out, p.Filename)
		}
	}
	return out
}

// mimeWant is what one testdata message must parse to; zero fields are
// not checked.
type mimeWant struct {
	subject     string
	from        string // address
	messageID   string
	noDate      bool
	attachments []string
	inline      []string
	text        []string // substrings of TextBody
	html        []string // substrings of HTMLBody
	warnings    []string // substrings, each found in some warning
	noWarnings  bool
	forward     *Forward // the first Forward: Kind, From.Email, Subject, Date (non-zero if set), Body substring
}

func TestParseMessageTestdata(t *testing.T) {
	tests := []struct {
		file string
		want mimeWant
	}{
		{"outlook-forward-plain.eml", mimeWant{
			subject:    "FW: Supplement request - 781286570-704",
			from:       "pgrant@smrestore.example",
			messageID:  "<BN8PR01MB5555.namprd01.prod.outlook.example>",
			text:       []string{"FYI - see below."},
			noWarnings: true,
			forward: &Forward{Kind: ForwardOutlook, From: Address{Name: "Brian Ortiz", Email: "bortiz@usaa.example"},
				Subject: "Supplement request - 781286570-704", Date: time.Date(2026, 11, 4, 5, 17, 0, 0, time.UTC),
				Body: "Please submit the supplement for claim 781286570-704"},
		}},
		{"outlook-forward-html.eml", mimeWant{
			subject:     "FW: Moisture readings 26-1017-WTR",
			from:        "hvilla@smrestore.example",
			attachments: []string{"Drying Log 26-1017-WTR.pdf"},
			inline:      []string{"image001.png"},
			html:        []string{`src="cid:image001.png@01DB2D7A.5C1E5A60"`},
			noWarnings:  true,
			forward: &Forward{Kind: ForwardOutlook, From: Address{Name: "Brian Ortiz", Email: "bortiz@usaa.example"},
				Subject: "Moisture readings 26-1017-WTR", Date: time.Date(2026, 11, 2, 7, 45, 0, 0, time.UTC),
				Body: "Please send the drying log for the Lopez loss & the moisture map."},
		}},
		{"apple-forward.eml", mimeWant{
			subject: "Fwd: Lopez kitchen photos",
			// Apple Mail sends photos inline with a filename: a document.
			attachments: []string{"IMG_0042.jpeg"},
			text:        []string{"Photos from the site visit", "Sent from my iPhone"},
			noWarnings:  true,
			forward: &Forward{Kind: ForwardApple, From: Address{Name: "Maria Lopez", Email: "maria.lopez@gmail.example"},
				Subject: "Kitchen leak 26-1017-WTR", Date: time.Date(2026, 11, 3, 13, 58, 12, 0, time.UTC),
				Body: "The floor by the dishwasher is still soft."},
		}},
		{"gmail-forward.eml", mimeWant{
			subject:    "Fwd: Reinspection Thursday",
			messageID:  "<CAKx7=Q9v3mN2bLr@mail.gmail.example>",
			html:       []string{"gmail_quote"},
			noWarnings: true,
			forward: &Forward{Kind: ForwardGmail, From: Address{Name: "Thomas Smith", Email: "tsmith@libertymutual.example"},
				Subject: "Reinspection Thursday", Date: time.Date(2026, 11, 4, 8, 47, 0, 0, time.UTC),
				Body: "Reinspection scheduled for claim LA034-176848-78 on Thursday at 10."},
		}},
		{"reply-quote.eml", mimeWant{
			// format=flowed joins the soft-broken line.
			text:       []string{"Please proceed with the drying plan as written."},
			noWarnings: true,
			forward: &Forward{Kind: ForwardReply, From: Address{Name: "Claims Desk", Email: "claims@smrestore.example"},
				Date: time.Date(2026, 11, 4, 16, 5, 0, 0, time.UTC), Body: "Attached is the mitigation estimate for claim 781286570-704.\n\nAlexis Moreno"},
		}},
		{"windows-1252.eml", mimeWant{
			text:       []string{"it’s “almost dry” – the invoice says €450. Café floor?"},
			noWarnings: true,
		}},
		{"iso-8859-1-subject.eml", mimeWant{
			subject:    "Reparación de daños – cocina",
			text:       []string{"¿Cuándo vienen a revisar el piso? Señor Peña"},
			noWarnings: true,
		}},
		{"rfc2231-filename.eml", mimeWant{
			attachments: []string{
				"Certificado de satisfacción – firmado.pdf", // filename*0*= continuation, UTF-8
				"Informe de daños.pdf",                      // filename*= ISO-8859-1, wins over filename=
				"Ángel Recibo.pdf",                          // Content-Type name=, RFC 2047
				"Scope of work - 26-1017-WTR.pdf",           // name*0= plain continuation
			},
			noWarnings: true,
		}},
		{"hostile-filenames.eml", mimeWant{
			attachments: []string{"passwd", "evil.pdf", strings.Repeat("A", 196) + ".pdf", "_CON.txt", "cmd.exe",
				"invoicefdp.exe", "attachment-7.pdf", "hidden name .png"},
		}},
		{"broken-base64.eml", mimeWant{
			attachments: []string{"scan0001.pdf"},
			text:        []string{"Scan attached."},
			warnings:    []string{"part 2: invalid base64"},
		}},
		{"missing-boundary-end.eml", mimeWant{
			attachments: []string{"ATP signed.pdf"},
			text:        []string{"Signed ATP attached."},
			html:        []string{"<p>Signed ATP attached.</p>"},
			warnings:    []string{"multipart/alternative without its closing boundary", "truncated?"},
		}},
		{"truncated.eml", mimeWant{
			attachments: []string{"IMG_0001.jpeg"},
			warnings:    []string{"truncated?"},
		}},
		{"bad-boundary.eml", mimeWant{
			text:     []string{"Claim 60-8H77-8H5 estimate follows."},
			warnings: []string{"boundary not found"},
		}},
		{"no-message-id-date.eml", mimeWant{
			subject:    "Scan from MFP",
			from:       "printer@smrestore.example",
			noDate:     true,
			noWarnings: true,
		}},
		{"mbox-no-blank-line.eml", mimeWant{
			messageID: "<legacy-id@example.example>",
			text:      []string{"This body starts without a blank line."},
			warnings:  []string{"header ended without a blank line"},
		}},
		{"auto-reply.eml", mimeWant{
			text:     []string{"I am out of the office until Monday."},
			warnings: []string{`unknown charset "x-unknown-charset"`},
		}},
		{"deep-nesting.eml", mimeWant{
			attachments: []string{"attachment-1.eml"},
			warnings:    []string{"nested deeper than 5 levels"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			msg, _ := mimeParseFile(t, tt.file, ParseOptions{})
			w := tt.want
			if w.subject != "" && msg.Subject != w.subject {
				t.Errorf("Subject = %q, want %q", msg.Subject, w.subject)
			}
			if w.from != "" && msg.From.Email != w.from {
				t.Errorf("From = %+v, want %s", msg.From, w.from)
			}
			if w.messageID != "" && msg.MessageID != w.messageID {
				t.Errorf("MessageID = %q, want %q", msg.MessageID, w.messageID)
			}
			if w.noDate != msg.Date.IsZero() {
				t.Errorf("Date = %v, want zero: %v", msg.Date, w.noDate)
			}
			if got := mimeFilenames(msg, false); !slices.Equal(got, w.attachments) {
				t.Errorf("attachments = %q, want %q", got, w.attachments)
			}
			if got := mimeFilenames(msg, true); !slices.Equal(got, w.inline) {
				t.Errorf("inline = %q, want %q", got, w.inline)
			}
			for _, s := range w.text {
				if !strings.Contains(msg.TextBody, s) {
					t.Errorf("TextBody %q does not contain %q", msg.TextBody, s)
				}
			}
			for _, s := range w.html {
				if !strings.Contains(msg.HTMLBody, s) {
					t.Errorf("HTMLBody %q does not contain %q", msg.HTMLBody, s)
				}
			}
			if w.noWarnings && len(msg.Warnings) > 0 {
				t.Errorf("unexpected warnings %q", msg.Warnings)
			}
			for _, s := range w.warnings {
				if !slices.ContainsFunc(msg.Warnings, func(x string) bool { return strings.Contains(x, s) }) {
					t.Errorf("warnings %q lack %q", msg.Warnings, s)
				}
			}
			if w.forward != nil {
				mimeCheckForward(t, msg.Forwards, *w.forward)
			}
		})
	}
}

func mimeCheckForward(t *testing.T, got []Forward, want Forward) {
	t.Helper()
	if len(got) == 0 {
		t.Errorf("no forwards, want %+v", want)
		return
	}
	f := got[0]
	if f.Kind != want.Kind || f.From != want.From || f.Subject != want.Subject {
		t.Errorf("forward = %s %+v %q, want %s %+v %q", f.Kind, f.From, f.Subject, want.Kind, want.From, want.Subject)
	}
	if !want.Date.IsZero() && !f.Date.Equal(want.Date) {
		t.Errorf("forward date = %v (%q), want %v", f.Date, f.DateText, want.Date)
	}
	if !strings.Contains(f.Body, want.Body) {
		t.Errorf("forward body = %q, want it to contain %q", f.Body, want.Body)
	}
}

func TestParseMessageSinkGetsDecodedBytes(t *testing.T) {
	msg, sink := mimeParseFile(t, "outlook-forward-html.eml", ParseOptions{})
	for _, p := range msg.Parts {
		if p.IsBody {
			if p.SHA256 == "" || p.Size == 0 {
				t.Errorf("body part %s has no hash/size", p.Path)
			}
			continue
		}
		data, ok := sink.blobs[p.SHA256]
		if !ok {
			t.Fatalf("part %s (%s) not in sink", p.Path, p.Filename)
		}
		if int64(len(data)) != p.Size {
			t.Errorf("part %s size %d, sink has %d", p.Path, p.Size, len(data))
		}
	}
	pdf := msg.Attachments()[0]
	if !bytes.HasPrefix(sink.blobs[pdf.SHA256], []byte("%PDF-1.4")) {
		t.Errorf("attachment bytes not decoded: %q", sink.blobs[pdf.SHA256][:10])
	}
	logo := msg.Parts[1]
	if logo.ContentID != "image001.png@01DB2D7A.5C1E5A60" || logo.Path != "1.2" || !logo.IsInline {
		t.Errorf("logo part = %+v", logo)
	}
}

func TestParseMessageBrokenBase64KeepsDecodedPrefix(t *testing.T) {
	msg, sink := mimeParseFile(t, "broken-base64.eml", ParseOptions{})
	pdf := msg.Attachments()[0]
	if got := sink.blobs[pdf.SHA256]; !bytes.HasPrefix(got, []byte("%PDF-1.4\n%")) {
		t.Errorf("kept bytes = %q, want the decodable prefix", got)
	}
}

func TestParseMessageNestedRFC822(t *testing.T) {
	msg, _ := mimeParseFile(t, "deep-nesting.eml", ParseOptions{})
	depth, m := 0, msg
	for len(m.Nested) > 0 {
		m = &m.Nested[0]
		depth++
		if m.Depth != depth || m.Subject != "level "+itoaTest(depth) {
			t.Errorf("nested level %d: Depth %d Subject %q", depth, m.Depth, m.Subject)
		}
	}
	if depth != DefaultMaxDepth {
		t.Errorf("expanded %d levels, want %d", depth, DefaultMaxDepth)
	}
	last := msg.Parts[len(msg.Parts)-1]
	if last.ContentType != "message/rfc822" || last.Nested != 0 || last.Depth != DefaultMaxDepth || last.Path != "2.2.2.2.2.2" {
		t.Errorf("capped part = %+v", last)
	}

	// A higher cap reaches the innermost attachment.
	msg, _ = mimeParseFile(t, "deep-nesting.eml", ParseOptions{MaxDepth: 10})
	if got := mimeFilenames(msg, false); !slices.Equal(got, []string{"innermost.pdf"}) {
		t.Errorf("attachments with MaxDepth 10 = %q", got)
	}
	if len(msg.Warnings) > 0 {
		t.Errorf("warnings %q", msg.Warnings)
	}
}

func itoaTest(n int) string { return string(rune('0' + n)) }

func TestParseMessageManyParts(t *testing.T) {
	msg, _ := mimeParseFile(t, "many-parts.eml", ParseOptions{})
	// The root multipart counts as one of the 1000 entities.
	if len(msg.Parts) != DefaultMaxParts-1 {
		t.Errorf("%d parts, want %d", len(msg.Parts), DefaultMaxParts-1)
	}
	if !slices.ContainsFunc(msg.Warnings, func(w string) bool { return strings.Contains(w, "more than 1000 MIME parts") }) {
		t.Errorf("warnings %q", msg.Warnings)
	}
	msg, _ = mimeParseFile(t, "many-parts.eml", ParseOptions{MaxParts: 10})
	if len(msg.Parts) != 9 {
		t.Errorf("%d parts with MaxParts 10", len(msg.Parts))
	}
}

func TestParseMessageHeaders(t *testing.T) {
	msg, _ := mimeParseFile(t, "auto-reply.eml", ParseOptions{})
	want := map[string]string{
		"Auto-Submitted":           "auto-replied",
		"X-Auto-Response-Suppress": "All",
		"X-Autoreply":              "yes",
		"Precedence":               "auto_reply",
		"Return-Path":              "<>",
	}
	for k, v := range want {
		if msg.Headers[k] != v {
			t.Errorf("Headers[%s] = %q, want %q", k, msg.Headers[k], v)
		}
	}
	if !slices.Equal(msg.DeliveredTo, []string{"claims@smrestore.example"}) || !slices.Equal(msg.OriginalTo, []string{"claims+26-1017@smrestore.example"}) {
		t.Errorf("DeliveredTo %q OriginalTo %q", msg.DeliveredTo, msg.OriginalTo)
	}
	msg, _ = mimeParseFile(t, "reply-quote.eml", ParseOptions{})
	if msg.InReplyTo != "<ack.5555@smrestore.example>" || !slices.Equal(msg.References, []string{"<orig.4444@usaa.example>", "<ack.5555@smrestore.example>"}) {
		t.Errorf("InReplyTo %q References %q", msg.InReplyTo, msg.References)
	}
	if len(msg.To) != 1 || msg.To[0] != (Address{Name: "Claims Desk", Email: "claims@smrestore.example"}) {
		t.Errorf("To = %+v", msg.To)
	}
	msg, _ = mimeParseFile(t, "mbox-no-blank-line.eml", ParseOptions{})
	if want := time.Date(2026, 11, 9, 14, 0, 0, 0, time.UTC); !msg.Date.Equal(want) {
		t.Errorf("Date with CST = %v, want %v", msg.Date, want)
	}
}

func TestParseMessageInline(t *testing.T) {
	const head = "From: a@example.example\r\nSubject: t\r\nMIME-Version: 1.0\r\n"
	logo, photo := mimeTestImage(t, "logo"), mimeTestImage(t, "photo")
	tests := []struct {
		name   string
		body   string
		inline []string
		attach []string
	}{
		{"cid-referenced logo", mimeMultipart("related",
			mimeHTMLPart(`<img src="cid:logo1@x">`),
			mimeImagePart("image/png", `inline; filename="image001.png"`, "<logo1@x>", logo)),
			[]string{"image001.png"}, nil},
		{"cid-referenced but declared attachment", mimeMultipart("related",
			mimeHTMLPart(`<img src="CID:logo1@x">`),
			mimeImagePart("image/png", `attachment; filename="sig.png"`, "<logo1@x>", logo)),
			[]string{"sig.png"}, nil},
		{"unreferenced related resource", mimeMultipart("related",
			mimeHTMLPart(`<p>hi</p>`),
			mimeImagePart("image/png", "", "<x@y>", logo)),
			[]string{"attachment-1.png"}, nil},
		{"inline logo without HTML", mimeMultipart("mixed",
			mimeTextPart("hi"),
			mimeImagePart("image/png", `inline; filename="logo.png"`, "", logo)),
			[]string{"logo.png"}, nil},
		{"Apple photo inline with filename", mimeMultipart("mixed",
			mimeTextPart("hi"),
			mimeImagePart("image/jpeg", `inline; filename="IMG_0042.jpeg"`, "", photo)),
			nil, []string{"IMG_0042.jpeg"}},
		{"photo pasted in the HTML body", mimeMultipart("related",
			mimeHTMLPart(`<img src="cid:ii_abc">`),
			mimeImagePart("image/jpeg", `inline; filename="damage.jpg"`, "<ii_abc>", photo)),
			nil, []string{"damage.jpg"}},
		{"small image declared attachment", mimeMultipart("mixed",
			mimeTextPart("hi"),
			mimeImagePart("image/png", `attachment; filename="chart.png"`, "", logo)),
			nil, []string{"chart.png"}},
		{"image without disposition in mixed", mimeMultipart("mixed",
			mimeTextPart("hi"),
			mimeImagePart("image/png", "", "", logo)),
			nil, []string{"attachment-1.png"}},
		{"inline PDF is a document", mimeMultipart("mixed",
			mimeTextPart("hi"),
			"Content-Type: application/pdf\r\nContent-Disposition: inline; filename=\"ATP.pdf\"\r\n\r\n%PDF-1.4\r\n"),
			nil, []string{"ATP.pdf"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			msg, err := ParseMessage(t.Context(), strings.NewReader(head+tt.body), nil, ParseOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got := mimeFilenames(msg, true); !slices.Equal(got, tt.inline) {
				t.Errorf("inline = %q, want %q", got, tt.inline)
			}
			if got := mimeFilenames(msg, false); !slices.Equal(got, tt.attach) {
				t.Errorf("attachments = %q, want %q", got, tt.attach)
			}
		})
	}
}

// mimeTestImage returns the base64 of the logo or photo image used in the
// testdata messages.
func mimeTestImage(t *testing.T, which string) string {
	t.Helper()
	file := map[string]string{"logo": "outlook-forward-html.eml", "photo": "apple-forward.eml"}[which]
	data, err := os.ReadFile(filepath.Join("testdata", "mime", file))
	if err != nil {
		t.Fatal(err)
	}
	marker := map[string]string{"logo": "iVBORw0KGgo", "photo": "/9j/"}[which]
	s := string(data)
	i := strings.Index(s, marker)
	j := strings.Index(s[i:], "\r\n\r\n")
	if i < 0 || j < 0 {
		t.Fatalf("no %s image in %s", which, file)
	}
	return s[i : i+j]
}

func mimeMultipart(sub string, parts ...string) string {
	var b strings.Builder
	b.WriteString("Content-Type: multipart/" + sub + "; boundary=\"b\"\r\n\r\n")
	for _, p := range parts {
		b.WriteString("--b\r\n" + p + "\r\n")
	}
	b.WriteString("--b--\r\n")
	return b.String()
}

func mimeTextPart(s string) string {
	return "Content-Type: text/plain; charset=utf-8\r\n\r\n" + s + "\r\n"
}

func mimeHTMLPart(s string) string {
	return "Content-Type: text/html; charset=utf-8\r\n\r\n<html><body>" + s + "</body></html>\r\n"
}

func mimeImagePart(ct, disposition, cid, b64 string) string {
	h := "Content-Type: " + ct + "\r\nContent-Transfer-Encoding: base64\r\n"
	if disposition != "" {
		h += "Content-Disposition: " + disposition + "\r\n"
	}
	if cid != "" {
		h += "Content-ID: " + cid + "\r\n"
	}
	return h + "\r\n" + b64 + "\r\n"
}

func TestParseMessageErrors(t *testing.T) {
	t.Run("no header", func(t *testing.T) {
		for _, in := range []string{"", "\r\n\r\nbody", "just some text\r\n", " leading space: x\r\n\r\n"} {
			if _, err := ParseMessage(t.Context(), strings.NewReader(in), nil, ParseOptions{}); !errors.Is(err, ErrNoHeader) {
				t.Errorf("ParseMessage(%q) error = %v, want ErrNoHeader", in, err)
			}
		}
	})
	t.Run("read error", func(t *testing.T) {
		boom := errors.New("disk gone")
		r := io.MultiReader(strings.NewReader("Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nabc"), mimeErrReader{boom})
		if _, err := ParseMessage(t.Context(), r, nil, ParseOptions{}); !errors.Is(err, boom) {
			t.Errorf("error = %v, want %v", err, boom)
		}
	})
	t.Run("sink error", func(t *testing.T) {
		f, err := os.Open(filepath.Join("testdata", "mime", "rfc2231-filename.eml"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		boom := errors.New("blob store down")
		if _, err := ParseMessage(t.Context(), f, mimeFailingSink{boom}, ParseOptions{}); !errors.Is(err, boom) {
			t.Errorf("error = %v, want %v", err, boom)
		}
	})
	t.Run("canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		f, err := os.Open(filepath.Join("testdata", "mime", "rfc2231-filename.eml"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := ParseMessage(ctx, f, nil, ParseOptions{}); !errors.Is(err, context.Canceled) {
			t.Errorf("error = %v, want context.Canceled", err)
		}
	})
}

type mimeErrReader struct{ err error }

func (r mimeErrReader) Read([]byte) (int, error) { return 0, r.err }

type mimeFailingSink struct{ err error }

func (s mimeFailingSink) PutAttachment(context.Context, io.Reader) (string, int64, error) {
	return "", 0, s.err
}

func TestParseMessageLimits(t *testing.T) {
	body := strings.Repeat("é", 1000) // 2000 bytes
	in := "Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body +
		"\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n\r\n" + strings.Repeat("x", 5000) + "\r\n--b--\r\n"
	sink := &mimeRecordingSink{}
	msg, err := ParseMessage(t.Context(), strings.NewReader(in), sink, ParseOptions{MaxBodyBytes: 101, MaxAttachmentBytes: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if !msg.TextTruncated || len(msg.TextBody) != 100 || !utf8.ValidString(msg.TextBody) {
		t.Errorf("TextBody %d bytes, truncated %v, valid %v", len(msg.TextBody), msg.TextTruncated, utf8.ValidString(msg.TextBody))
	}
	if msg.Parts[0].Size != 2000 {
		t.Errorf("body part size %d, want the whole part hashed", msg.Parts[0].Size)
	}
	att := msg.Attachments()[0]
	if !att.Truncated || att.Size != 1000 || len(sink.blobs[att.SHA256]) != 1000 {
		t.Errorf("attachment %+v", att)
	}
	if len(msg.Warnings) != 2 {
		t.Errorf("warnings %q", msg.Warnings)
	}
}

func TestParseMessageStructures(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		text   string
		html   string
		attach []string
		paths  []string
	}{
		{"single part", "Subject: x\r\n\r\nhello\r\n", "hello\n", "", nil, []string{"1"}},
		{"LF line endings", "Subject: x\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\nplain\n--b\nContent-Type: text/html\n\n<b>html</b>\n--b--\n",
			"plain", "<b>html</b>", nil, []string{"1", "2"}},
		{"missing boundary parameter", "Subject: x\r\nContent-Type: multipart/mixed\r\n\r\npreamble\r\n--sniffed\r\nContent-Type: text/plain\r\n\r\nfound\r\n--sniffed--\r\n",
			"found", "", nil, []string{"1"}},
		{"digest defaults to message/rfc822", "Subject: x\r\nContent-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\nSubject: inner\r\nContent-Type: text/plain\r\n\r\ninner body\r\n--d--\r\n",
			"", "", nil, []string{"1.1"}},
		{"base64 message/rfc822", "Subject: x\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\nU3ViamVjdDogaW5uZXINCg0KaW5uZXIgYm9keQ0K\r\n",
			"", "", nil, []string{"1.1"}},
		{"quoted-printable soft breaks and bad escapes", "Subject: x\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nsoft=\r\nbreak =ZZ 100%=3D=\r\n",
			"softbreak =ZZ 100%=", "", nil, []string{"1"}},
		{"text attachment with filename", "Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nbody\r\n--b\r\nContent-Type: text/plain; name=notes.txt\r\n\r\nnotes\r\n--b--\r\n",
			"body", "", []string{"notes.txt"}, []string{"1", "2"}},
		{"unknown transfer encoding kept raw", "Subject: x\r\nContent-Type: application/pdf; name=a.pdf\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin 644 a.pdf\r\n",
			"", "", []string{"a.pdf"}, []string{"1"}},
		{"garbage between parts", "Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n--b\r\nthis part has no header\r\n--b--\r\n",
			"one\nthis part has no header", "", nil, []string{"1", "2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			msg, err := ParseMessage(t.Context(), strings.NewReader(tt.in), nil, ParseOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(msg.TextBody, tt.text) || (tt.text == "" && msg.TextBody != "" && len(msg.Nested) == 0) {
				t.Errorf("TextBody = %q, want %q", msg.TextBody, tt.text)
			}
			if msg.HTMLBody != tt.html && !strings.Contains(msg.HTMLBody, tt.html) {
				t.Errorf("HTMLBody = %q, want %q", msg.HTMLBody, tt.html)
			}
			if got := mimeFilenames(msg, false); !slices.Equal(got, tt.attach) {
				t.Errorf("attachments = %q, want %q", got, tt.attach)
			}
			var paths []string
			for _, p := range msg.Parts {
				paths = append(paths, p.Path)
			}
			if !slices.Equal(paths, tt.paths) {
				t.Errorf("paths = %q, want %q", paths, tt.paths)
			}
			if strings.HasPrefix(tt.name, "digest") || strings.HasPrefix(tt.name, "base64 message") {
				if len(msg.Nested) != 1 || msg.Nested[0].Subject != "inner" || !strings.Contains(msg.Nested[0].TextBody, "inner body") {
					t.Errorf("nested = %+v", msg.Nested)
				}
			}
		})
	}
}
