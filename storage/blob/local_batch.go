package blob

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sys/unix"
)

var _ Batcher = (*LocalStore)(nil)

// NewBatch implements Batcher.
func (s *LocalStore) NewBatch() Batch {
	return &localBatch{s: s, staged: map[string]bool{}, dirs: map[string]uint64{}}
}

// localBatch writes a batch's new files in full before it flushes any, then
// flushes them together, moves them into place and flushes each directory
// that gained an entry once, or joins a flush of it already running (see
// dirSyncer). A file reaches its key only once its content
// is on disk, as with Put: a crash before Commit leaves temporary files
// (removed as stale later), never a short blob under a key. New directories' parents are flushed at
// Commit with the rest.
type localBatch struct {
	s       *LocalStore
	pending []stagedFile
	staged  map[string]bool   // paths pending, so a key put twice is written once
	dirs    map[string]uint64 // directories to flush, to the generation of their last entry
}

// stagedFile is a new blob written to a temporary file, not yet flushed or
// moved to its key.
type stagedFile struct {
	f    *tempFile
	path string // where the key lives
	key  string
}

func (b *localBatch) Put(ctx context.Context, key string, r io.Reader, size int64) error {
	if err := validateKey(key); err != nil {
		return err
	}
	if size < 0 {
		return fmt.Errorf("put %s: negative size %d", key, size)
	}
	path := localPath(b.s.root, key)
	if b.staged[path] {
		return nil
	}
	path, found, err := b.s.lookup(key)
	if err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	} else if found {
		b.flushFound(path)
		return nil
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	f, err := b.s.createTemp()
	if err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	_, err = io.Copy(f, newExactReader(ctx, r, size))
	if err == nil {
		// CreateTemp makes 0600 files; Chmod is not subject to the umask.
		err = f.Chmod(fileMode)
	}
	if err != nil {
		f.discard()
		return fmt.Errorf("put %s: %w", key, err)
	}
	b.pending = append(b.pending, stagedFile{f: f, path: path, key: key})
	b.staged[path] = true
	return nil
}

// Copy links dst at once (src is durable already, so dst is whole whenever
// it is there) and leaves its directory's flush to Commit.
func (b *localBatch) Copy(ctx context.Context, src, dst string) error {
	if err := checkCopy(ctx, src, dst); err != nil {
		return err
	}
	dstPath, found, err := b.s.lookup(dst)
	var unflushed bool
	if err == nil && !found {
		err = b.s.inAnyLayout(src, func(srcPath string) (err error) {
			unflushed, err = b.s.link(ctx, srcPath, dstPath, b.flushLater)
			return err
		})
	}
	switch {
	case err != nil:
		return fmt.Errorf("copy %s to %s: %w", src, dst, err)
	case found:
		b.flushFound(dstPath)
	case unflushed:
		b.flushLater(filepath.Dir(dstPath))
	}
	return nil
}

// flushFound notes a blob found at path for Commit to flush, unless a
// flush covers it already (see LocalStore.flushFound).
func (b *localBatch) flushFound(path string) {
	if gen, ok := b.s.noteFound(path); ok {
		b.flushAfter(filepath.Dir(path), gen)
	}
}

// flushAfter notes that Commit must see dir flushed past generation gen.
func (b *localBatch) flushAfter(dir string, gen uint64) {
	b.dirs[dir] = max(b.dirs[dir], gen)
}

func (b *localBatch) Commit(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("commit blobs: %w", err)
	}
	// Starting every file's write-back before waiting for any lets the
	// filesystem write them, and journal their blocks, in one go: the waits
	// below then find most of the work done.
	for _, p := range b.pending {
		_ = unix.SyncFileRange(int(p.f.Fd()), 0, 0, unix.SYNC_FILE_RANGE_WRITE) // a hint; Sync below is the guarantee
	}
	if err := syncFiles(b.pending); err != nil {
		return err
	}
	for len(b.pending) > 0 {
		p := b.pending[0]
		if err := b.place(p); err != nil {
			return fmt.Errorf("put %s: %w", p.key, err)
		}
		b.pending = b.pending[1:]
		delete(b.staged, p.path)
	}
	if err := b.syncDirs(); err != nil {
		return fmt.Errorf("commit blobs: %w", err)
	}
	clear(b.dirs)
	return nil
}

// syncFiles flushes the files side by side: a flush waits on the journal
// too, and flushes that wait together share its commits.
func syncFiles(files []stagedFile) error {
	var g errgroup.Group
	g.SetLimit(8)
	for _, p := range files {
		g.Go(func() error {
			if err := p.f.Sync(); err != nil {
				return fmt.Errorf("put %s: %w", p.key, err)
			}
			return nil
		})
	}
	return g.Wait()
}

// flushLater notes a directory that gained an entry, to flush at Commit.
func (b *localBatch) flushLater(dir string) error {
	b.flushAfter(dir, b.s.flushes.note(dir, "", nil))
	return nil
}

// syncDirs flushes the noted directories side by side. A journalling
// filesystem commits its journal for a directory's flush (ext4 for every
// one, dirty or not): flushes that wait together share commits, where one
// after the other each waits for its own.
func (b *localBatch) syncDirs() error {
	var g errgroup.Group
	g.SetLimit(8)
	for dir, gen := range b.dirs {
		g.Go(func() error { return b.s.flushes.sync(dir, gen) })
	}
	return g.Wait()
}

// place moves a flushed temporary file to its key; a key another writer
// filled meanwhile keeps its blob.
func (b *localBatch) place(p stagedFile) error {
	defer p.f.discard()
	if err := b.s.placeFile(p.f, p.path, b.flushLater); err != nil {
		return err
	}
	b.flushAfter(filepath.Dir(p.path), b.s.notePlaced(p.f, p.path)) // placed here, or found
	return nil
}

func (b *localBatch) Close() error {
	for _, p := range b.pending {
		p.f.discard()
	}
	b.pending = nil
	clear(b.staged)
	return nil
}
