package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// pdfTextPages is how many first pages of a PDF the classifier reads: titles
// and claim numbers are on the first page or two.
const pdfTextPages = 2

// pdfTextLimit bounds the text the classifier reads per PDF.
const pdfTextLimit = 64 << 10

// Search keeps more of a PDF than the classifier reads, within bounds: a
// scanned report of hundreds of pages costs no more than these.
const (
	searchTextPages = 200
	searchTextLimit = storage.MaxFileTextBytes
)

// pdfTextTimeout bounds one pdftotext run.
const pdfTextTimeout = 20 * time.Second

var (
	pdftotextOnce sync.Once
	pdftotextPath string
)

// PDFText returns the text of the first pages of the PDF read from r, using
// poppler's pdftotext in a child process with a time limit, so a hostile
// PDF costs at most that. An encrypted or broken PDF gives "" and an error;
// a missing pdftotext gives "" and no error (classification then goes by
// file names and the message).
func PDFText(ctx context.Context, r io.Reader, tempDir string) (string, error) {
	text, err := pdfText(ctx, r, tempDir, pdfTextPages, pdfTextLimit)
	if err != nil {
		return "", err
	}
	return text, nil
}

// pdfText returns the text of at most pages first pages of the PDF read
// from r, at most limit bytes of it: pdftotext stops once it has written
// that much. Pages end with a form feed. A run that times out gives the
// text it wrote so far, with its error.
func pdfText(ctx context.Context, r io.Reader, tempDir string, pages, limit int) (string, error) {
	pdftotextOnce.Do(func() { pdftotextPath, _ = exec.LookPath("pdftotext") })
	if pdftotextPath == "" {
		return "", nil
	}
	f, err := os.CreateTemp(tempDir, "claimdesk-pdf-*.pdf")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name())
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, pdfTextTimeout)
	defer cancel()
	var out, stderr bytes.Buffer
	stdout := &limitedBuffer{buf: &out, max: limit}
	cmd := exec.CommandContext(ctx, pdftotextPath, "-q", "-l", fmt.Sprint(pages), "-enc", "UTF-8", f.Name(), "-")
	cmd.Stdout = stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil && !stdout.full {
		if ctx.Err() != nil {
			return out.String(), errPDFTextTimeout
		}
		return "", fmt.Errorf("pdf text: %w", err)
	}
	return out.String(), nil
}

// errPDFTextTimeout is pdfText's error when pdftotext ran out of time.
var errPDFTextTimeout = errors.New("pdf text: timed out")

// firstPages returns the text of the first n pages of pdftotext's output,
// at most limit bytes of it: what the classifier reads of a text extracted
// for search.
func firstPages(text string, n, limit int) string {
	end := 0
	for range n {
		i := strings.IndexByte(text[end:], '\f')
		if i < 0 {
			end = len(text)
			break
		}
		end += i + 1
	}
	return text[:min(end, limit)]
}

// errBufferFull stops pdftotext once the text wanted is read.
var errBufferFull = errors.New("text limit reached")

// limitedBuffer keeps the first max bytes written, then refuses more so
// that the writer stops.
type limitedBuffer struct {
	buf  *bytes.Buffer
	max  int
	full bool
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	room := l.max - l.buf.Len()
	if len(p) <= room {
		return l.buf.Write(p)
	}
	l.buf.Write(p[:max(room, 0)])
	l.full = true
	return max(room, 0), errBufferFull
}
