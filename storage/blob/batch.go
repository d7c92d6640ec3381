package blob

import (
	"context"
	"io"
)

// Batch puts and copies several blobs and makes them durable together. A
// disk flush costs milliseconds and most of it is waiting: a message's
// attachments, or its documents' browse keys, flushed one by one wait once
// each, where flushed together they wait about once.
//
// What a batch has put is readable only after Commit returns nil; a copy
// may be readable before, and is durable after. Close discards whatever
// Commit did not make durable; it is safe to call after Commit. A batch is
// used by one goroutine.
type Batch interface {
	// Put stores size bytes of r under key, like Store.Put.
	Put(ctx context.Context, key string, r io.Reader, size int64) error
	// Copy makes the durable blob under src also available under dst, like
	// Store.Copy.
	Copy(ctx context.Context, src, dst string) error
	// Commit makes every Put and Copy since the batch began durable, and
	// the Puts readable.
	Commit(ctx context.Context) error
	// Close releases what the batch holds and discards uncommitted Puts.
	Close() error
}

// Batcher is a store whose batches save work over one operation at a time.
type Batcher interface {
	// NewBatch starts a batch on the store.
	NewBatch() Batch
}

// NewBatch starts a batch on s: s's own when it is a Batcher, otherwise a
// batch that passes each operation to s as it comes (an S3 server makes
// each object durable before it answers: there is nothing to save there).
func NewBatch(s Store) Batch {
	if b, ok := s.(Batcher); ok {
		return b.NewBatch()
	}
	return directBatch{s}
}

// Batched reports whether s's batches save work over its operations one at
// a time; otherwise a caller may as well run those side by side.
func Batched(s Store) bool {
	_, direct := NewBatch(s).(directBatch)
	return !direct
}

// directBatch is the batch of a store that is no Batcher.
type directBatch struct{ s Store }

func (b directBatch) Put(ctx context.Context, key string, r io.Reader, size int64) error {
	return b.s.Put(ctx, key, r, size)
}

func (b directBatch) Copy(ctx context.Context, src, dst string) error {
	return b.s.Copy(ctx, src, dst)
}

func (directBatch) Commit(context.Context) error { return nil }

func (directBatch) Close() error { return nil }

var _ Batcher = (*Retrying)(nil)

// NewBatch implements Batcher: the wrapped store's batch when it has one,
// whose files need no retrying, or else a batch of this store's retried
// operations.
func (s *Retrying) NewBatch() Batch {
	if b, ok := s.Store.(Batcher); ok {
		return b.NewBatch()
	}
	return directBatch{s}
}
