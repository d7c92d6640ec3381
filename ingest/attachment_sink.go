package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/claimdesk/claimdesk/storage/blob"
)

// attachmentInMemory is the largest attachment hashed in memory rather than
// spooled to a temporary file. Most attachments (photos, forms, estimates)
// are smaller, and most come more than once: such a file is then stored
// already and costs no file at all, where a temporary file costs an inode
// (about a millisecond of kernel time on a busy ext4).
const attachmentInMemory = 4 << 20

// attachmentBuffers holds the buffers of in-memory attachments between
// uses; each is at most about twice attachmentInMemory.
var attachmentBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// blobSink stores attachments content-addressed: hashed while read (the key
// is the hash), then put in the blob store. Memory stays flat whatever the
// attachment's size: beyond attachmentInMemory it goes through a temporary
// file.
type blobSink struct {
	blobs   blob.Store
	tempDir string
	// steps, when set, gets the puts' time as StepStore; stored adds it up
	// for the parse's own time to leave out.
	steps  *StepTimes
	stored time.Duration
	// batch, when set, takes the puts of attachments held in memory, which
	// commit then makes durable together (see newBatchSink).
	batch   blob.Batch
	batched int // puts in batch since its last commit
}

// newBatchSink returns a sink whose attachments are durable, and readable,
// only once commit returns: a message's new files then wait for the disk
// about once rather than once each. close discards what commit did not
// make durable.
func newBatchSink(blobs blob.Store, tempDir string, steps *StepTimes) *blobSink {
	return &blobSink{blobs: blobs, tempDir: tempDir, steps: steps, batch: blob.NewBatch(blobs)}
}

// commit makes the attachments put so far durable. It comes before any
// row names them, and before anything reads them back.
func (s *blobSink) commit(ctx context.Context) error {
	if s.batch == nil || s.batched == 0 {
		return nil
	}
	s.batched = 0
	start := time.Now()
	defer func() { s.stored += s.steps.since(StepStore, start) }()
	if err := s.batch.Commit(ctx); err != nil {
		return fmt.Errorf("%w: store attachments: %w", errTransient, err)
	}
	return nil
}

// close discards the attachments commit did not make durable.
func (s *blobSink) close() {
	if s.batch != nil {
		s.batch.Close()
	}
}

// put stores an attachment held in memory: in the batch when there is one.
func (s *blobSink) put(ctx context.Context, key string, data []byte) error {
	if s.batch != nil {
		s.batched++
		return s.batch.Put(ctx, key, bytes.NewReader(data), int64(len(data)))
	}
	return s.blobs.Put(ctx, key, bytes.NewReader(data), int64(len(data)))
}

func (s *blobSink) PutAttachment(ctx context.Context, r io.Reader) (string, int64, error) {
	start := time.Now()
	defer func() { s.stored += s.steps.since(StepStore, start) }()
	buf := attachmentBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer attachmentBuffers.Put(buf)
	if _, err := buf.ReadFrom(io.LimitReader(r, attachmentInMemory+1)); err != nil {
		// A read error is the message's (bad encoding), not ours.
		return "", 0, fmt.Errorf("read attachment: %w", err)
	}
	if buf.Len() > attachmentInMemory {
		return s.spool(ctx, io.MultiReader(buf, r))
	}
	h := sha256.Sum256(buf.Bytes())
	sum := hex.EncodeToString(h[:])
	n := int64(buf.Len())
	// The store skips content it holds already.
	if err := s.put(ctx, blob.ContentKey(sum), buf.Bytes()); err != nil {
		return "", 0, fmt.Errorf("%w: store attachment: %w", errTransient, err)
	}
	return sum, n, nil
}

// spool stores a large attachment through a temporary file, which a local
// store links into place: written once.
func (s *blobSink) spool(ctx context.Context, r io.Reader) (string, int64, error) {
	f, err := os.CreateTemp(s.tempDir, "claimdesk-part-*")
	if err != nil {
		return "", 0, fmt.Errorf("%w: spool attachment: %w", errTransient, err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), r)
	if err != nil {
		return "", 0, fmt.Errorf("read attachment: %w", err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if err := blob.PutFile(ctx, s.blobs, blob.ContentKey(sum), f, n); err != nil {
		return "", 0, fmt.Errorf("%w: store attachment: %w", errTransient, err)
	}
	return sum, n, nil
}
