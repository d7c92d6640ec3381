package stamp

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
)

// notAPDF is what a mail client sends as a PDF that is not one: random
// bytes without a PDF header.
func notAPDF(size int) []byte {
	data := make([]byte, size)
	rand.NewChaCha8([32]byte{7}).Read(data)
	return data
}

// seekCounter counts the seeks made on an input.
type seekCounter struct {
	io.ReadSeeker
	seeks int
}

func (s *seekCounter) Seek(offset int64, whence int) (int64, error) {
	s.seeks++
	return s.ReadSeeker.Seek(offset, whence)
}

// TestStampRefusesInputWithoutHeader checks that bytes without a PDF header
// are refused as malformed, and that a PDF after junk, its header at any
// place a piece of the search may end, is still stamped.
func TestStampRefusesInputWithoutHeader(t *testing.T) {
	t.Parallel()
	in := &seekCounter{ReadSeeker: bytes.NewReader(notAPDF(300 << 10))}
	err := Apply(context.Background(), in, io.Discard, received("26-1031-WTR"), Options{})
	if !errors.Is(err, ErrMalformed) {
		t.Fatalf("random bytes: err %v, want ErrMalformed", err)
	}
	// Two to learn the size; pdfcpu's backward search seeks once a piece.
	if in.seeks > 2 {
		t.Errorf("random bytes: refused after %d seeks, want one forward read", in.seeks)
	}
	pdf := makePDF(t, 2)
	for _, junk := range []int{0, 100, 32<<10 - 4, 32<<10 - 2, 32 << 10, 64<<10 - 3} {
		in := append(bytes.Repeat([]byte{' '}, junk), pdf...)
		var out bytes.Buffer
		if err := Apply(context.Background(), bytes.NewReader(in), &out, received("26-1031-WTR"), Options{}); err != nil {
			t.Errorf("PDF after %d bytes of junk: %v", junk, err)
			continue
		}
		if n, err := PageCount(bytes.NewReader(out.Bytes())); err != nil || n != 2 {
			t.Errorf("PDF after %d bytes of junk: stamped copy has %d pages (%v), want 2", junk, n, err)
		}
	}
}

// BenchmarkStampNotAPDF stamps an attachment named .pdf that is random
// bytes, as some of a mailbox's are.
func BenchmarkStampNotAPDF(b *testing.B) {
	in := notAPDF(500 << 10)
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		err := Apply(context.Background(), bytes.NewReader(in), io.Discard, received("26-1031-WTR"), Options{})
		if !errors.Is(err, ErrMalformed) {
			b.Fatal(err)
		}
	}
}
