package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/claimdesk/claimdesk/internal/boundedexec"
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

// The bounds of one pdftotext run, so that a hostile PDF costs at most
// these: pdfTextTimeout of wall time (and as much CPU time), and
// pdfTextMemory of address space, which reads any real document (poppler
// and its libraries map about 100 MiB; a page's text takes little more)
// but stops a file made to allocate without end.
const (
	pdfTextTimeout = 20 * time.Second
	pdfTextMemory  = 1 << 30
)

var (
	pdftotextOnce sync.Once
	pdftotextPath string
)

// PDFText returns the text of the first pages of the PDF read from r, read
// by poppler outside this process within time and memory limits, so a
// hostile PDF costs at most those: by a long-lived poppler helper where
// Python's binding of poppler is installed, else by pdftotext in a child
// process per PDF. An encrypted or broken PDF gives "" and an error;
// neither reader installed gives "" and no error (classification then goes
// by file names and the message).
func PDFText(ctx context.Context, r io.Reader, tempDir string) (string, error) {
	text, err := pdfText(ctx, r, tempDir, pdfTextPages, pdfTextLimit)
	if err != nil {
		return "", err
	}
	return text, nil
}

// pdfText returns the text of at most pages first pages of the PDF read
// from r, at most limit bytes of it. Pages end with a form feed. A run that
// times out gives the text read so far (pdftotext's; none from a helper),
// with errPDFTextTimeout.
func pdfText(ctx context.Context, r io.Reader, tempDir string, pages, limit int) (string, error) {
	file, done, err := pdfOnDisk(r, tempDir)
	if err != nil {
		return "", err
	}
	defer done()
	if helperAvailable() {
		text, err := helperText(ctx, file, pages, limit)
		if !errors.Is(err, errNoHelper) {
			return text, err
		}
	}
	return pdftotextFile(ctx, file, pages, limit)
}

// pdfOnDisk returns the name of a file holding the PDF read from r, and what
// to call when done with it: the file r reads when it is one (a blob of
// the local store, which never changes), else a temporary copy.
func pdfOnDisk(r io.Reader, tempDir string) (string, func(), error) {
	if f, ok := r.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && filepath.IsAbs(f.Name()) {
			return f.Name(), func() {}, nil
		}
	}
	f, err := os.CreateTemp(tempDir, "claimdesk-pdf-*.pdf")
	if err != nil {
		return "", nil, err
	}
	done := func() { os.Remove(f.Name()) }
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		done()
		return "", nil, err
	}
	return f.Name(), done, nil
}

// pdftotextFile is pdfText read by pdftotext, a process per PDF.
func pdftotextFile(ctx context.Context, file string, pages, limit int) (string, error) {
	pdftotextOnce.Do(func() { pdftotextPath, _ = exec.LookPath("pdftotext") })
	if pdftotextPath == "" {
		return "", nil
	}
	text, err := pdfTextCmd(pdftotextPath, file, pages, limit).Run(ctx)
	switch {
	case err == nil, errors.Is(err, boundedexec.ErrOutputLimit):
		return string(text), nil // the text wanted is read
	case errors.Is(err, boundedexec.ErrTimeout), ctx.Err() != nil:
		return string(text), errPDFTextTimeout
	}
	return "", fmt.Errorf("pdf text: %w", err)
}

// pdfTextCmd is the pdftotext run that reads the text of at most pages
// first pages of file, at most limit bytes of it, within the bounds above.
func pdfTextCmd(pdftotext, file string, pages, limit int) boundedexec.Cmd {
	return boundedexec.Cmd{
		Path:   pdftotext,
		Args:   []string{"-q", "-l", fmt.Sprint(pages), "-enc", "UTF-8", file, "-"},
		Limits: boundedexec.Limits{Timeout: pdfTextTimeout, Memory: pdfTextMemory, Output: limit},
	}
}

// errPDFTextTimeout is pdfText's error when pdftotext ran out of time or
// was cancelled: another run may read more.
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
