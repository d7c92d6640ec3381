// Package hostile is the hostile mail set: messages built to break a mail
// pipeline (scripts, path traversal, absurd sizes and depths, broken
// encodings). The small ones are checked in as testdata/hostile/*.eml;
// the large ones are generated here, the same bytes on every run, so no
// blob of hundreds of megabytes sits in the repository.
package hostile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Message is one message of the set.
type Message struct {
	// Name is the message's file name, e.g. "parts-10000.eml"; it names the
	// message in test expectations.
	Name string
	// Size is the message's length in bytes.
	Size int64
	// Open returns a fresh reader of the whole message.
	Open func() io.Reader
}

// Set returns the checked-in messages of dir (testdata/hostile) followed by
// the generated ones, each group in name order.
func Set(dir string) ([]Message, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []Message
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, fromBytes(filepath.Base(f), raw))
	}
	return append(out, Generated()...), nil
}

// Generated returns the messages too large to check in.
func Generated() []Message {
	return []Message{
		fromBytes("parts-10000.eml", manyParts(10_000)),
		fromBytes("nested-rfc822-1000.eml", nestedMessages(1_000)),
		bigAttachment("attachment-100mb.eml", 100<<20),
		fromBytes("pdf-100000-pages.eml", pdfMessage("pdf-many-pages", "estimate.pdf", manyPagesPDF(100_000))),
		fromBytes("pdf-deep-nesting.eml", pdfMessage("pdf-deep-nesting", "sketch.pdf", deepArrayPDF(10_000), deepTreePDF(10_000))),
		fromBytes("header-1mb.eml", longHeaderLine(1<<20)),
	}
}

func fromBytes(name string, raw []byte) Message {
	return Message{Name: name, Size: int64(len(raw)), Open: func() io.Reader { return strings.NewReader(string(raw)) }}
}

// header is the top of every generated message: from the adjuster of the
// set's claim (testdata/hostile/claims.csv), so that a message that parses
// is filed to it.
func header(id, subject string) string {
	return "From: Marcus Bell <mbell@prairiemutual.example>\r\n" +
		"To: claims@office.example\r\n" +
		"Date: Tue, 03 Nov 2026 10:00:00 -0600\r\n" +
		"Message-ID: <" + id + "@prairiemutual.example>\r\n" +
		"Subject: " + subject + "\r\n" +
		"MIME-Version: 1.0\r\n"
}

// manyParts is a multipart/mixed message of n small attachments.
func manyParts(n int) []byte {
	var b strings.Builder
	b.WriteString(header("parts-10000", "Claim 0683449786 - moisture map points"))
	b.WriteString("Content-Type: multipart/mixed; boundary=\"p\"\r\n\r\n")
	b.WriteString("--p\r\nContent-Type: text/plain\r\n\r\nMoisture map points for claim 0683449786, one per file.\r\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "--p\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename=\"point-%05d.csv\"\r\n\r\n%d,12%%\r\n", i, i)
	}
	b.WriteString("--p--\r\n")
	return []byte(b.String())
}

// nestedMessages is a message forwarding a message forwarding a message...
// depth levels deep, the innermost one carrying a PDF.
func nestedMessages(depth int) []byte {
	var b strings.Builder
	b.WriteString(header("nested-rfc822", "Fwd: Claim 0683449786 - scope"))
	b.WriteString("Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n")
	b.WriteString("--outer\r\nContent-Type: text/plain\r\n\r\nForwarding the scope for claim 0683449786.\r\n")
	b.WriteString("--outer\r\nContent-Type: message/rfc822\r\n\r\n")
	for i := range depth {
		fmt.Fprintf(&b, "From: Level %d <level%d@forward.example>\r\nSubject: Fwd: level %d\r\nMessage-ID: <level%d@forward.example>\r\n", i, i, i, i)
		b.WriteString("Content-Type: message/rfc822\r\n\r\n")
	}
	b.WriteString("From: Estimator <est@office.example>\r\nSubject: scope\r\nContent-Type: multipart/mixed; boundary=\"inner\"\r\n\r\n")
	b.WriteString("--inner\r\nContent-Type: text/plain\r\n\r\nScope attached.\r\n")
	b.WriteString("--inner\r\nContent-Type: application/pdf; name=\"scope.pdf\"\r\nContent-Disposition: attachment; filename=\"scope.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	b.WriteString(base64Lines(manyPagesPDF(1)))
	b.WriteString("--inner--\r\n")
	b.WriteString("\r\n--outer--\r\n")
	return []byte(b.String())
}

// longHeaderLine is a message whose Subject is one physical line of n
// bytes, followed by an unknown header line of n bytes.
func longHeaderLine(n int) []byte {
	subject := "Claim 0683449786 - " + strings.Repeat("water ", n/6)
	var b strings.Builder
	b.WriteString(header("header-1mb", subject))
	b.WriteString("X-Padding: " + strings.Repeat("x", n) + "\r\n")
	b.WriteString("Content-Type: text/plain\r\n\r\nReadings for claim 0683449786 follow.\r\n")
	return []byte(b.String())
}

// pdfMessage is a message carrying each pdf as an attachment; the first is
// called name, the others name with a number.
func pdfMessage(id, name string, pdfs ...[]byte) []byte {
	var b strings.Builder
	b.WriteString(header(id, "Claim 0683449786 - "+name))
	b.WriteString("Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n")
	b.WriteString("--b\r\nContent-Type: text/plain\r\n\r\nAttached for claim 0683449786.\r\n")
	for i, pdf := range pdfs {
		n := name
		if i > 0 {
			n = fmt.Sprintf("%s-%d.pdf", strings.TrimSuffix(name, ".pdf"), i+1)
		}
		fmt.Fprintf(&b, "--b\r\nContent-Type: application/pdf; name=%q\r\nContent-Disposition: attachment; filename=%q\r\nContent-Transfer-Encoding: base64\r\n\r\n", n, n)
		b.WriteString(base64Lines(pdf))
	}
	b.WriteString("--b--\r\n")
	return []byte(b.String())
}
