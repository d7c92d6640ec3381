package stamp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// corpusPDF is one PDF attachment of the dev mailbox.
type corpusPDF struct {
	name string // message file and attachment filename, for failure messages
	data []byte
}

// corpusPDFs returns every PDF attached to the messages of the labelled dev
// mailbox, skipping the test when the mailbox is absent on a developer's
// machine and failing it in CI.
func corpusPDFs(t *testing.T) []corpusPDF {
	t.Helper()
	dir := os.Getenv("CLAIMDESK_DEV_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "corpus", "dev")
	}
	files, err := filepath.Glob(filepath.Join(dir, "inbox", "*.eml"))
	if err == nil && len(files) == 0 {
		err = errors.New("no inbox/*.eml")
	}
	if err != nil {
		msg := fmt.Sprintf("dev corpus not found at %s (set CLAIMDESK_DEV_CORPUS): %v", dir, err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	var pdfs []corpusPDF
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		msg, err := mail.ReadMessage(bufio.NewReader(f))
		if err != nil {
			f.Close()
			t.Fatalf("%s: %v", file, err)
		}
		err = walkPart(textproto.MIMEHeader(msg.Header), msg.Body, 0, func(filename string, data []byte) {
			pdfs = append(pdfs, corpusPDF{name: filepath.Base(file) + "/" + filename, data: data})
		})
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
	}
	if len(pdfs) == 0 {
		t.Fatalf("no PDF attachments in %s", dir)
	}
	return pdfs
}

// walkPart calls found for every PDF in a MIME entity, descending into
// multiparts and attached messages (forwards).
func walkPart(h textproto.MIMEHeader, body io.Reader, depth int, found func(filename string, data []byte)) error {
	if depth > 10 {
		return errors.New("MIME nesting deeper than 10")
	}
	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		mediaType = "text/plain"
	}
	switch {
	case strings.HasPrefix(mediaType, "multipart/"):
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := walkPart(p.Header, p, depth+1, found); err != nil {
				return err
			}
		}
	case mediaType == "message/rfc822":
		inner, err := mail.ReadMessage(bufio.NewReader(decoded(h, body)))
		if err != nil {
			return err
		}
		return walkPart(textproto.MIMEHeader(inner.Header), inner.Body, depth+1, found)
	}
	filename := params["name"]
	if _, dparams, err := mime.ParseMediaType(h.Get("Content-Disposition")); err == nil && dparams["filename"] != "" {
		filename = dparams["filename"]
	}
	if mediaType != "application/pdf" && !strings.HasSuffix(strings.ToLower(filename), ".pdf") {
		return nil
	}
	data, err := io.ReadAll(decoded(h, body))
	if err != nil {
		return fmt.Errorf("decode %s: %w", filename, err)
	}
	found(filename, data)
	return nil
}

func decoded(h textproto.MIMEHeader, body io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, body)
	case "quoted-printable":
		return quotedprintable.NewReader(body)
	}
	return body
}

var pdfinfoPages = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)

// TestApplyCorpus stamps every PDF of the dev mailbox. Expectations come
// from the bytes and from poppler and qpdf, not from pdfcpu: an encrypted
// file (an /Encrypt entry) must give ErrEncrypted, a truncated one (no
// %%EOF) ErrMalformed, and every other one a stamped copy with the same
// page count that qpdf finds clean and whose first page shows the stamp.
func TestApplyCorpus(t *testing.T) {
	t.Parallel()
	pdfs := corpusPDFs(t)
	requireTool(t, "pdfinfo")
	requireTool(t, "pdftotext")
	requireTool(t, "qpdf")

	var encrypted, truncated int
	for i, pdf := range pdfs {
		r := received(fmt.Sprintf("26-1%03d-WTR", i))
		var want error
		switch {
		case bytes.Contains(pdf.data, []byte("/Encrypt")):
			want, encrypted = ErrEncrypted, encrypted+1
		case !bytes.Contains(pdf.data[max(0, len(pdf.data)-64):], []byte("%%EOF")):
			want, truncated = ErrMalformed, truncated+1
		}
		t.Run(pdf.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			err := Apply(context.Background(), bytes.NewReader(pdf.data), &out, r, Options{})
			if want != nil {
				if !errors.Is(err, want) {
					t.Fatalf("got %v, want %v", err, want)
				}
				if _, err := PageCount(bytes.NewReader(pdf.data)); !errors.Is(err, want) {
					t.Errorf("PageCount: got %v, want %v", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			info, err := runTool(t, "pdfinfo", writeTemp(t, "original.pdf", pdf.data))
			if err != nil {
				t.Fatal(err)
			}
			m := pdfinfoPages.FindStringSubmatch(info)
			if m == nil {
				t.Fatalf("no page count in pdfinfo output %q", info)
			}
			wantPages, _ := strconv.Atoi(m[1])
			if n, err := PageCount(bytes.NewReader(out.Bytes())); err != nil || n != wantPages {
				t.Errorf("stamped copy has %d pages (%v), original %d", n, err, wantPages)
			}
			if text := pageText(t, out.Bytes(), 1); !strings.Contains(text, r.Text()) {
				t.Errorf("page 1 text lacks %q:\n%s", r.Text(), text)
			}
			qpdfCheck(t, out.Bytes())
		})
	}
	if encrypted == 0 || truncated == 0 {
		t.Errorf("corpus has %d encrypted and %d truncated PDFs; it should have both", encrypted, truncated)
	}
}
