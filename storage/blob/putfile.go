package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// FileLinker is a store that can take a finished file as a blob without
// copying it: the local store links it into place.
type FileLinker interface {
	// PutFile stores the size bytes of f under key, like Put. f must not
	// change afterwards: the blob may be f itself.
	PutFile(ctx context.Context, key string, f *os.File, size int64) error
}

// PutFile stores the size bytes of f under key: linked when the store can,
// copied otherwise. Creating a file costs far more than linking one on
// many disks, and a spooled message would otherwise be written twice.
func PutFile(ctx context.Context, s Store, key string, f *os.File, size int64) error {
	if l, ok := s.(FileLinker); ok {
		return l.PutFile(ctx, key, f, size)
	}
	return s.Put(ctx, key, io.NewSectionReader(f, 0, size), size)
}

var _ FileLinker = (*LocalStore)(nil)

// PutFile implements FileLinker: f becomes the blob by a hard link, made
// durable first. A file of another size, or on another filesystem than the
// store, is copied by Put instead.
func (s *LocalStore) PutFile(ctx context.Context, key string, f *os.File, size int64) error {
	if err := validateKey(key); err != nil {
		return err
	}
	path, found, err := s.lookup(key)
	if err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	} else if found {
		return s.flushFound(path)
	}
	copyIt := func() error { return s.Put(ctx, key, io.NewSectionReader(f, 0, size), size) }
	info, err := f.Stat()
	if err != nil || info.Size() != size || !info.Mode().IsRegular() {
		return copyIt()
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	if err := f.Chmod(fileMode); err != nil {
		return copyIt()
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	dir := filepath.Dir(path)
	switch err := s.linkInto(f.Name(), path, s.syncNewEntry); {
	case err == nil:
	case errors.Is(err, fs.ErrExist):
		if _, err := s.exists(path); err != nil {
			return fmt.Errorf("put %s: %w", key, err)
		}
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("put %s: %w", key, err)
	default:
		// Another filesystem (EXDEV), or links not allowed: copy.
		return copyIt()
	}
	entry, _ := os.Lstat(path) // the entry as it is now, linked here or by another writer; without it, found again means flushed again
	if err := s.flushes.sync(dir, s.flushes.note(dir, filepath.Base(path), entry)); err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	return nil
}
