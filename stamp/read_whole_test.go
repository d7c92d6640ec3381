package stamp

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// countingFile is a PDF file that counts how it is read.
type countingFile struct {
	*os.File
	reads, readAts int
}

func (c *countingFile) Read(p []byte) (int, error) {
	c.reads++
	return c.File.Read(p)
}

func (c *countingFile) ReadAt(p []byte, off int64) (int, error) {
	c.readAts++
	return c.File.ReadAt(p, off)
}

func (c *countingFile) Stat() (fs.FileInfo, error) { return c.File.Stat() }

// TestStampReadsAFileInOnePiece checks that a PDF file within the limits is
// read once, whole, rather than in the many small reads pdfcpu makes, and
// that one over the limit is still refused without being read whole.
func TestStampReadsAFileInOnePiece(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "in.pdf")
	pdf := makePDF(t, 3)
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	open := func() *countingFile {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return &countingFile{File: f}
	}
	in := open()
	var out bytes.Buffer
	if err := Apply(context.Background(), in, &out, received("26-1031-WTR"), Options{}); err != nil {
		t.Fatal(err)
	}
	if in.readAts != 1 || in.reads != 0 {
		t.Errorf("stamping read the file in %d reads and %d whole reads, want one whole read", in.reads, in.readAts)
	}
	if !bytes.HasPrefix(out.Bytes(), []byte("%PDF-")) {
		t.Error("no stamped PDF written")
	}
	small := open()
	err := Apply(context.Background(), small, io.Discard, received("26-1031-WTR"), Options{MaxBytes: int64(len(pdf) - 1)})
	if err == nil || small.readAts != 0 {
		t.Errorf("a file over the limit: err %v, %d whole reads; want it refused unread", err, small.readAts)
	}
}
