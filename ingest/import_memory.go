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

	"golang.org/x/sync/errgroup"

	"github.com/claimdesk/claimdesk/storage/blob"
)

const (
	// rawInMemory is the largest message fetched into memory rather than
	// a temporary file. Most mail is far smaller, and a file per message
	// costs an inode to make and remove; a big one still streams to disk.
	rawInMemory = 1 << 20
	// rawBatchInMemory bounds the memory one fetched batch holds (two are
	// in flight: one fetching, one storing); past it, mail is spooled.
	rawBatchInMemory = 8 << 20
)

// rawBuffers holds the buffers of messages fetched into memory between
// batches.
var rawBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// memoryRoom is what is left of a batch's memory for messages.
type memoryRoom struct{ left int64 }

// take reserves room for a message of size bytes, if it fits in memory.
func (m *memoryRoom) take(size int64) bool {
	if size > rawInMemory || size > m.left {
		return false
	}
	m.left -= size
	return true
}

// readIntoMemory reads a message of the announced size into a pooled
// buffer, keeping at most limit bytes, and hashes what it keeps.
func (m *spooled) readIntoMemory(r io.Reader, size, limit int64) (kept int64, err error) {
	buf := rawBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	// Room for the message and for the read that finds its end: with room
	// for the message alone, ReadFrom doubles the buffer to read nothing.
	buf.Grow(int(min(size, limit)) + bytes.MinRead)
	m.data = buf
	n, err := buf.ReadFrom(io.LimitReader(r, limit))
	if err != nil {
		return n, err
	}
	sum := sha256.Sum256(buf.Bytes())
	m.sha256 = hex.EncodeToString(sum[:])
	return n, nil
}

// reader reads the message kept, from memory or its spool file.
func (m *spooled) reader() (io.Reader, error) {
	if m.data != nil {
		return bytes.NewReader(m.data.Bytes()), nil
	}
	if _, err := m.file.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return m.file, nil
}

// release gives back the message's buffer or removes its spool file; a
// stored message lives on as its blob.
func (m *spooled) release() {
	if m.data != nil {
		rawBuffers.Put(m.data)
		m.data = nil
	}
	if m.file != nil {
		m.file.Close()
		os.Remove(m.file.Name())
		m.file = nil
	}
}

// putRaw stores the batch's raw messages: those in memory in one blob
// batch, made durable together, where the store batches; spool files
// linked into place where the store can. Several at once: each waits on
// its own fsyncs (or S3 round trips), which would otherwise add up.
func (f *folderSync) putRaw(ctx context.Context, msgs []*spooled) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	batched := blob.Batched(f.w.blobs)
	var inMemory []*spooled
	for _, m := range msgs {
		if m.data != nil && batched {
			inMemory = append(inMemory, m)
			continue
		}
		g.Go(func() error {
			var err error
			if m.data != nil {
				err = f.w.blobs.Put(gctx, blob.ContentKey(m.sha256), bytes.NewReader(m.data.Bytes()), m.size)
			} else {
				// The spool file itself becomes the blob when the store
				// can link it: the message is written to disk once.
				err = blob.PutFile(gctx, f.w.blobs, blob.ContentKey(m.sha256), m.file, m.size)
			}
			if err != nil {
				return fmt.Errorf("store raw message uid %d: %w", m.uid, err)
			}
			return nil
		})
	}
	if len(inMemory) > 0 {
		g.Go(func() error { return f.putBatch(gctx, inMemory) })
	}
	return g.Wait()
}

// putBatch stores messages held in memory in one blob batch.
func (f *folderSync) putBatch(ctx context.Context, msgs []*spooled) error {
	b := blob.NewBatch(f.w.blobs)
	defer b.Close()
	for _, m := range msgs {
		if err := b.Put(ctx, blob.ContentKey(m.sha256), bytes.NewReader(m.data.Bytes()), m.size); err != nil {
			return fmt.Errorf("store raw message uid %d: %w", m.uid, err)
		}
	}
	if err := b.Commit(ctx); err != nil {
		return fmt.Errorf("store raw messages: %w", err)
	}
	return nil
}
