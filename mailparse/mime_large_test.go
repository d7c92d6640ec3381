package mailparse

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"os"
	"runtime"
	"testing"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

// mimeHeapSink hashes what it reads, as the blob store does, and samples
// the heap in use while the attachment streams through.
type mimeHeapSink struct {
	peak  uint64
	every int64
}

func (s *mimeHeapSink) PutAttachment(_ context.Context, r io.Reader) (string, int64, error) {
	var h hash.Hash = sha256.New()
	buf := make([]byte, 32<<10)
	var n, next int64
	var ms runtime.MemStats
	for {
		k, err := r.Read(buf)
		h.Write(buf[:k])
		n += int64(k)
		if n >= next {
			runtime.ReadMemStats(&ms)
			s.peak = max(s.peak, ms.HeapInuse)
			next += s.every
		}
		if err == io.EOF {
			return hex.EncodeToString(h.Sum(nil)), n, nil
		}
		if err != nil {
			return "", n, err
		}
	}
}

// TestParseMessageLargeAttachmentBoundedMemory streams a 32 MiB
// attachment and checks that the heap stays flat: were the attachment held
// in memory, the heap would grow by its size. 32 MiB keeps the test fast;
// BenchmarkParseMessageLargeAttachment runs 100 MiB (CLAIMDESK_MIME_LARGE=1
// runs it here too).
func TestParseMessageLargeAttachmentBoundedMemory(t *testing.T) {
	size := int64(32 << 20)
	if os.Getenv("CLAIMDESK_MIME_LARGE") == "1" {
		size = 100 << 20
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse

	sink := &mimeHeapSink{every: 4 << 20}
	msg, err := ParseMessage(t.Context(), testenv.LargeMail(size), sink, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	att := msg.Attachments()
	if len(att) != 1 || att[0].Size != size || att[0].Truncated || att[0].SHA256 != testenv.LargeMailSum(size) {
		t.Fatalf("attachments = %+v", att)
	}
	if len(msg.Warnings) > 0 {
		t.Errorf("warnings %q", msg.Warnings)
	}
	growth := int64(sink.peak) - int64(base)
	t.Logf("%d MiB attachment: heap in use grew by at most %.1f MiB", size>>20, float64(growth)/(1<<20))
	if growth > 16<<20 {
		t.Errorf("heap grew by %d MiB while streaming a %d MiB attachment", growth>>20, size>>20)
	}
}

// BenchmarkParseMessageLargeAttachment reports throughput and the peak heap
// in use while parsing a message with a 100 MiB attachment.
func BenchmarkParseMessageLargeAttachment(b *testing.B) {
	const size = 100 << 20
	b.SetBytes(size)
	var peak uint64
	for b.Loop() {
		sink := &mimeHeapSink{every: 4 << 20}
		if _, err := ParseMessage(context.Background(), testenv.LargeMail(size), sink, ParseOptions{}); err != nil {
			b.Fatal(err)
		}
		peak = max(peak, sink.peak)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}
