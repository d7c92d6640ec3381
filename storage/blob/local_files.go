package blob

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// tempFile is a blob being written under a temporary name in the store's
// temporary directory.
type tempFile struct {
	*os.File
	// moved is set once the file has its key's name: no temporary name is
	// left to remove.
	moved bool
}

// createTemp opens a new temporary file for a blob. (An unnamed file,
// O_TMPFILE, would spare the name's removal, but in the backfill benchmark
// on ext4 it cost several times the CPU of a named one: its inode goes on
// and off the filesystem's orphan list, under one lock for the whole
// filesystem.)
func (s *LocalStore) createTemp() (*tempFile, error) {
	f, err := os.CreateTemp(s.tmp, "put-*")
	if err != nil {
		return nil, err
	}
	return &tempFile{File: f}, nil
}

// discard closes a temporary file and removes its temporary name, if it
// still has one.
func (t *tempFile) discard() {
	t.Close()
	if !t.moved {
		removeTemp(t.Name())
	}
}

// removeTemp removes a temporary name; a variable so that tests can count
// the removals.
var removeTemp = os.Remove

// placeFile gives the durable file t the name path, making path's
// directory first, unless a blob is there already: then t stays a
// temporary file, for discard to remove. flush is given each directory
// that gained an entry for a new directory; the caller flushes path's own
// directory.
func (s *LocalStore) placeFile(t *tempFile, path string, flush func(dir string) error) error {
	dir := filepath.Dir(path)
	for retried := false; ; retried = true {
		if err := s.mkdirAll(dir, flush); err != nil {
			return err
		}
		err := moveNoReplace(t.Name(), path)
		switch {
		case err == nil:
			t.moved = true
			return nil
		case errors.Is(err, fs.ErrExist):
			_, err = s.exists(path)
		case errors.Is(err, fs.ErrNotExist) && !retried:
			// A directory known to exist was removed meanwhile.
			s.forgetDirs(dir)
			continue
		}
		return err
	}
}

// moveNoReplace renames the file old to new unless new exists, so that of
// several writers of one key the first to finish wins and a stored blob
// (perhaps hard-linked by Copy) is never replaced. One rename does what a
// link and the removal of the temporary name do in two calls, and leaves
// the file's link count alone. Where the filesystem has no such rename, it
// links and removes.
func moveNoReplace(old, new string) error {
	err := renameNoReplace(old, new)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS):
		if err := os.Link(old, new); err != nil {
			return err
		}
		removeTemp(old)
		return nil
	}
	return &os.LinkError{Op: "rename", Old: old, New: new, Err: err}
}

// renameNoReplace is renameat2 with RENAME_NOREPLACE; a variable so that
// tests can take a filesystem without it.
var renameNoReplace = func(old, new string) error {
	return unix.Renameat2(unix.AT_FDCWD, old, unix.AT_FDCWD, new, unix.RENAME_NOREPLACE)
}

// mkdirAll creates dir and its missing parents below the root, handing
// each parent that gained an entry to flush, so that the new path can be
// made to survive a crash. Directories made or found before are
// remembered: a store's few thousand directories are each made once, and
// a blob in one costs no lookup.
func (s *LocalStore) mkdirAll(dir string, flush func(dir string) error) error {
	if _, ok := s.dirs.Load(dir); ok {
		return nil
	}
	rel, err := filepath.Rel(s.root, dir)
	if err != nil {
		return err
	}
	if rel == "." {
		return nil
	}
	if strings.HasPrefix(rel, "..") {
		return fmt.Errorf("directory %s outside the store", dir)
	}
	cur := s.root
	for seg := range strings.SplitSeq(rel, string(filepath.Separator)) {
		next := filepath.Join(cur, seg)
		if _, ok := s.dirs.Load(next); !ok {
			switch err := mkdir(next, dirMode); {
			case err == nil:
				if err := flush(cur); err != nil {
					return err
				}
			case !errors.Is(err, fs.ErrExist):
				return err
			}
			// A file squatting on the name is no directory: linking
			// below it then fails, as it should.
			s.dirs.Store(next, struct{}{})
		}
		cur = next
	}
	return nil
}

// mkdir makes one directory; a variable so that tests can count them.
var mkdir = os.Mkdir

// forgetDirs drops dir and its parents from the directories known to
// exist.
func (s *LocalStore) forgetDirs(dir string) {
	for ; dir != s.root && len(dir) > len(s.root); dir = filepath.Dir(dir) {
		s.dirs.Delete(dir)
	}
}
