package blob

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// createTemp opens a new temporary file for a blob. (An unnamed file,
// O_TMPFILE, would spare the name's removal, but in the backfill benchmark
// on ext4 it cost several times the CPU of a named one: its inode goes on
// and off the filesystem's orphan list, under one lock for the whole
// filesystem.)
func (s *LocalStore) createTemp() (*os.File, error) {
	return os.CreateTemp(s.tmp, "put-*")
}

// discard closes a temporary file and removes it.
func discard(f *os.File) {
	f.Close()
	os.Remove(f.Name())
}

// placeFile links the durable file f to path, making path's directory
// first. flush is given each directory that gained an entry for a new
// directory; the caller flushes path's own directory.
func (s *LocalStore) placeFile(f *os.File, path string, flush func(dir string) error) error {
	dir := filepath.Dir(path)
	for retried := false; ; retried = true {
		if err := s.mkdirAll(dir, flush); err != nil {
			return err
		}
		err := os.Link(f.Name(), path)
		if errors.Is(err, fs.ErrExist) {
			_, err = s.exists(path)
		}
		if errors.Is(err, fs.ErrNotExist) && !retried {
			// A directory known to exist was removed meanwhile.
			s.forgetDirs(dir)
			continue
		}
		return err
	}
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
