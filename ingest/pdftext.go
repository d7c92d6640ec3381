package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

// pdfTextPages is how many first pages of a PDF the classifier reads: titles
// and claim numbers are on the first page or two.
const pdfTextPages = 2

// pdfTextLimit bounds the text kept per PDF.
const pdfTextLimit = 64 << 10

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
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	var out, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, pdftotextPath, "-q", "-l", fmt.Sprint(pdfTextPages), "-enc", "UTF-8", f.Name(), "-")
	cmd.Stdout = &limitedBuffer{buf: &out, max: pdfTextLimit}
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", errors.New("pdf text: timed out")
		}
		return "", fmt.Errorf("pdf text: %w", err)
	}
	return out.String(), nil
}

// limitedBuffer keeps the first max bytes written and drops the rest.
type limitedBuffer struct {
	buf *bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.buf.Len(); room > 0 {
		l.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
