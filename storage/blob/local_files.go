package blob

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// tempFile is a blob being written, before it is linked to its key. Where
// the filesystem allows, it has no name at all (O_TMPFILE): it then costs
// no directory entry to make and none to remove, and a crash leaves
// nothing behind.
type tempFile struct {
	*os.File
	unnamed bool
}

// createTemp opens a new temporary file for a blob.
func (s *LocalStore) createTemp() (tempFile, error) {
	if s.unnamed {
		fd, err := unix.Open(s.tmp, unix.O_TMPFILE|unix.O_RDWR|unix.O_CLOEXEC, fileMode)
		if err == nil {
			return tempFile{File: os.NewFile(uintptr(fd), s.tmp), unnamed: true}, nil
		}
	}
	f, err := os.CreateTemp(s.tmp, "put-*")
	return tempFile{File: f}, err
}

// link gives the file the name path; it fails when path exists.
func (t tempFile) link(path string) error {
	if !t.unnamed {
		return os.Link(t.Name(), path)
	}
	proc := "/proc/self/fd/" + strconv.Itoa(int(t.Fd()))
	if err := unix.Linkat(unix.AT_FDCWD, proc, unix.AT_FDCWD, path, unix.AT_SYMLINK_FOLLOW); err != nil {
		return &os.LinkError{Op: "link", Old: t.Name(), New: path, Err: err}
	}
	return nil
}

// discard closes the file and removes its temporary name, if it has one.
func (t tempFile) discard() {
	t.Close()
	if !t.unnamed {
		os.Remove(t.Name())
	}
}

// linksUnnamed reports whether temporary files in dir can be unnamed and
// linked later: the filesystem takes O_TMPFILE and /proc is there to link
// them through.
func linksUnnamed(dir string) bool {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		return false
	}
	fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_RDWR|unix.O_CLOEXEC, fileMode)
	if err != nil {
		return false
	}
	unix.Close(fd)
	return true
}

// placeFile links the durable file f to path, making path's directory
// first. flush is given each directory that gained an entry for a new
// directory; the caller flushes path's own directory.
func (s *LocalStore) placeFile(f tempFile, path string, flush func(dir string) error) error {
	dir := filepath.Dir(path)
	for retried := false; ; retried = true {
		if err := s.mkdirAll(dir, flush); err != nil {
			return err
		}
		err := f.link(path)
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
