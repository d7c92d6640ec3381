package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

const (
	fileMode = 0o640
	dirMode  = 0o750
	// tmpDir holds files being written. It lives under the root so that
	// a finished file moves into place within one filesystem, and starts
	// with a dot, which no key may.
	tmpDir = ".tmp"
	// staleTemp is the age after which a temporary file is a leftover of
	// a crash rather than a Put in progress, even a slow one.
	staleTemp = 24 * time.Hour
	pingData  = "claimdesk blob store ping\n"
)

var _ Store = (*LocalStore)(nil)

// LocalStore keeps blobs as files in a directory tree: the key
// "claims/26-1001-WTR/Photos/IMG_1.jpg" is the file of that relative path,
// and a content key is filed by its hash (see localPath).
type LocalStore struct {
	root string
	tmp  string
	// dirs holds the directories known to exist (see mkdirAll).
	dirs sync.Map
	// twoLevel is set while the store may hold content blobs in the
	// layout of older stores (see layoutFile).
	twoLevel atomic.Bool
	// flushes shares the store's directory flushes among its writers.
	flushes *dirSyncer
}

// NewLocalStore opens the store rooted at the absolute path dir, creating
// the directory when missing.
func NewLocalStore(dir string) (*LocalStore, error) {
	if !filepath.IsAbs(dir) {
		return nil, fmt.Errorf("relative path %q: want an absolute path", dir)
	}
	root := filepath.Clean(dir)
	tmp := filepath.Join(root, tmpDir)
	if err := os.MkdirAll(tmp, dirMode); err != nil {
		return nil, fmt.Errorf("create blob directory: %w", err)
	}
	s := &LocalStore{root: root, tmp: tmp, flushes: newDirSyncer()}
	s.removeStaleTemps()
	if err := s.openLayout(); err != nil {
		return nil, err
	}
	return s, nil
}

// removeStaleTemps deletes temporary files a crashed process left behind.
// It is best effort: a leftover costs disk space, never correctness.
func (s *LocalStore) removeStaleTemps() {
	entries, err := os.ReadDir(s.tmp)
	if err != nil {
		return
	}
	cutoff := time.Now().Add(-staleTemp)
	for _, e := range entries {
		info, err := e.Info()
		if err == nil && info.ModTime().Before(cutoff) {
			os.Remove(filepath.Join(s.tmp, e.Name()))
		}
	}
}

// Put implements Store.
func (s *LocalStore) Put(ctx context.Context, key string, r io.Reader, size int64) error {
	if err := validateKey(key); err != nil {
		return err
	}
	if size < 0 {
		return fmt.Errorf("put %s: negative size %d", key, size)
	}
	path, found, err := s.lookup(key)
	if err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	} else if found {
		return s.flushFound(path)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	if err := s.writeNew(path, newExactReader(ctx, r, size)); err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	return nil
}

// writeNew writes r to a temporary file, makes it durable and moves it to
// path, unless a blob is there already (see moveNoReplace).
func (s *LocalStore) writeNew(path string, r io.Reader) error {
	f, err := s.createTemp()
	if err != nil {
		return err
	}
	defer f.discard()
	if err := writeFile(f.File, r); err != nil {
		return err
	}
	if err := s.placeFile(f, path, s.syncNewEntry); err != nil {
		return err
	}
	return s.flushes.sync(filepath.Dir(path), s.notePlaced(f, path))
}

// notePlaced notes the entry at path, which placeFile moved t to or found
// there, and returns its generation (see dirSyncer).
func (s *LocalStore) notePlaced(t *tempFile, path string) uint64 {
	var info os.FileInfo
	if t.moved {
		info, _ = t.Stat() // without it the entry is flushed when found again
	}
	return s.flushes.note(filepath.Dir(path), filepath.Base(path), info)
}

// syncNewEntry flushes dir, which just gained an entry.
func (s *LocalStore) syncNewEntry(dir string) error {
	return s.flushes.sync(dir, s.flushes.note(dir, "", nil))
}

// flushFound makes the directory entry of a blob found at path durable
// before the caller counts on it. The writer that placed it may not have
// flushed its directory yet (another Put between its move and its flush,
// or a process killed there): a row naming the blob must not commit before
// the entry is on disk. A flush known to cover the entry spares another.
func (s *LocalStore) flushFound(path string) error {
	if gen, ok := s.noteFound(path); ok {
		return s.flushes.sync(filepath.Dir(path), gen)
	}
	return nil
}

// noteFound notes the blob found at path and returns its generation, or
// false when a completed flush covers its entry already.
func (s *LocalStore) noteFound(path string) (uint64, bool) {
	dir, name := filepath.Dir(path), filepath.Base(path)
	info, err := os.Lstat(path)
	if err == nil && s.flushes.covers(dir, name, info) {
		return 0, false
	}
	return s.flushes.note(dir, name, info), true
}

// writeFile fills f from r, with the content on disk.
func writeFile(f *os.File, r io.Reader) error {
	_, err := io.Copy(f, r)
	if err == nil {
		// CreateTemp makes 0600 files; Chmod is not subject to the umask.
		err = f.Chmod(fileMode)
	}
	if err == nil {
		err = f.Sync()
	}
	return err
}

// exists reports whether a blob is stored at path. A directory there
// holds other keys below this one: it is no blob and takes none.
func (s *LocalStore) exists(path string) (bool, error) {
	info, err := os.Lstat(path)
	switch {
	case err == nil && info.Mode().IsRegular():
		return true, nil
	case err == nil:
		return false, errors.New("key is a prefix of other keys")
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		return false, nil
	default:
		return false, err
	}
}

// syncDir flushes a directory's entries to disk; a variable so that tests
// can see which directories are flushed, which no file on disk shows.
var syncDir = func(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// Get implements Store.
func (s *LocalStore) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := validateKey(key); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("get %s: %w", key, err)
	}
	var f *os.File
	err := s.inAnyLayout(key, func(path string) (err error) {
		f, err = openFile(path)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", key, notFound(err))
	}
	return f, nil
}

// openFile opens the blob's file at path.
func openFile(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = ErrNotFound
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Stat implements Store.
func (s *LocalStore) Stat(ctx context.Context, key string) (Info, error) {
	if err := validateKey(key); err != nil {
		return Info{}, err
	}
	if err := ctx.Err(); err != nil {
		return Info{}, fmt.Errorf("stat %s: %w", key, err)
	}
	var info os.FileInfo
	err := s.inAnyLayout(key, func(path string) (err error) {
		info, err = os.Stat(path)
		if err == nil && !info.Mode().IsRegular() {
			err = ErrNotFound
		}
		return err
	})
	if err != nil {
		return Info{}, fmt.Errorf("stat %s: %w", key, notFound(err))
	}
	return Info{Key: key, Size: info.Size(), ModTime: info.ModTime()}, nil
}

// Delete implements Store.
func (s *LocalStore) Delete(ctx context.Context, key string) error {
	if err := validateKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("delete %s: %w", key, err)
	}
	path := localPath(s.root, key)
	paths := []string{path}
	if old, ok := twoLevelPath(s.root, key); ok {
		// The new path again last: MigrateLayout may move the blob
		// there meanwhile.
		paths = append(paths, old, path)
	}
	for _, p := range paths {
		if err := removeFile(p); err != nil {
			return fmt.Errorf("delete %s: %w", key, err)
		}
	}
	return nil
}

// removeFile removes the blob's file at path, if there is one.
func removeFile(path string) error {
	info, err := os.Lstat(path)
	if err != nil {
		if errors.Is(notFound(err), ErrNotFound) {
			return nil
		}
		return err
	}
	if !info.Mode().IsRegular() {
		// A directory of other keys: no blob to delete, and os.Remove
		// would remove it when empty.
		return nil
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Copy implements Store with a hard link, which costs no space; where the
// filesystem has none, it copies the file.
func (s *LocalStore) Copy(ctx context.Context, src, dst string) error {
	if err := checkCopy(ctx, src, dst); err != nil {
		return err
	}
	if err := s.copy(ctx, src, dst); err != nil {
		return fmt.Errorf("copy %s to %s: %w", src, dst, err)
	}
	return nil
}

func (s *LocalStore) copy(ctx context.Context, src, dst string) error {
	dstPath, found, err := s.lookup(dst)
	if err != nil {
		return err
	} else if found {
		return s.flushFound(dstPath)
	}
	var unflushed bool
	err = s.inAnyLayout(src, func(srcPath string) (err error) {
		unflushed, err = s.link(ctx, srcPath, dstPath, s.syncNewEntry)
		return err
	})
	if err != nil || !unflushed {
		return err
	}
	return s.syncNewEntry(filepath.Dir(dstPath))
}

// link makes the file src also the file dst, which the caller found
// missing, and reports whether dst's directory entry may still need a
// flush to survive a crash: one it linked, or one another writer linked
// meanwhile (see flushFound). Where the filesystem has no hard links, it
// copies the bytes to a durable file instead. flush is given each
// directory that gained a new directory (see mkdirAll).
func (s *LocalStore) link(ctx context.Context, src, dst string, flush func(dir string) error) (bool, error) {
	if info, err := os.Stat(src); err != nil {
		return false, notFound(err)
	} else if !info.Mode().IsRegular() {
		return false, ErrNotFound
	}
	err := s.linkInto(src, dst, flush)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrExist):
		return s.exists(dst)
	case errors.Is(err, fs.ErrNotExist):
		// src was deleted since we looked.
		return false, ErrNotFound
	}
	// No hard links here (EPERM, EXDEV, EMLINK…): copy the bytes.
	f, err := os.Open(src)
	if err != nil {
		return false, notFound(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return false, err
	}
	return false, s.writeNew(dst, newExactReader(ctx, f, info.Size()))
}

// linkInto links src to dst, making dst's directory first.
func (s *LocalStore) linkInto(src, dst string, flush func(dir string) error) error {
	dir := filepath.Dir(dst)
	if err := s.mkdirAll(dir, flush); err != nil {
		return err
	}
	err := os.Link(src, dst)
	if errors.Is(err, fs.ErrNotExist) {
		// Perhaps a directory known to exist was removed meanwhile.
		s.forgetDirs(dir)
		if err := s.mkdirAll(dir, flush); err != nil {
			return err
		}
		err = os.Link(src, dst)
	}
	return err
}

// Ping implements Store: it writes, reads back and removes a file in the
// store's temporary directory.
func (s *LocalStore) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	f, err := os.CreateTemp(s.tmp, "ping-*")
	if err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	defer os.Remove(f.Name())
	_, err = io.WriteString(f, pingData)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	got, err := os.ReadFile(f.Name())
	if err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	if string(got) != pingData {
		return errors.New("ping: read back different bytes")
	}
	return nil
}

// notFound turns the errors of a missing file into ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return ErrNotFound
	}
	return err
}

// checkCopy refuses a copy between invalid keys, or once ctx has ended.
func checkCopy(ctx context.Context, src, dst string) error {
	if err := validateKey(src); err != nil {
		return err
	}
	if err := validateKey(dst); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("copy %s to %s: %w", src, dst, err)
	}
	return nil
}
