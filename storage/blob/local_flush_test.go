package blob

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestFoundBlobsAreFlushed checks that a blob found at its key has its
// directory flushed before Put, PutFile, a batch's Commit or Copy report it
// stored: the writer that linked it may have been killed before flushing
// the directory, and a row naming the blob must not outlive it in a crash.
func TestFoundBlobsAreFlushed(t *testing.T) {
	// Not parallel: it watches syncDir, which every store of the package
	// calls.
	flushed := watchSyncDir(t)
	ctx := context.Background()
	root := t.TempDir()
	var s *LocalStore
	// A writer killed between its link and its flush: the file is whole
	// and at its key, its directory entry not yet on disk.
	key := ContentKey(strings.Repeat("ab", 32))
	path := localPath(root, key)
	if err := os.MkdirAll(filepath.Dir(path), dirMode); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("data"), fileMode); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(path)
	browse := "claims/26-1001-WTR/Photos/IMG_1.jpg"
	if err := os.MkdirAll(filepath.Join(root, filepath.Dir(browse)), dirMode); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(path, filepath.Join(root, browse)); err != nil {
		t.Fatal(err)
	}
	browseDir := filepath.Join(root, filepath.Dir(browse))

	steps := []struct {
		name string
		dir  string
		run  func() error
	}{
		{"Put", dir, func() error { return s.Put(ctx, key, strings.NewReader("data"), 4) }},
		{"PutFile", dir, func() error { return putFileOf(t, s, key, "data") }},
		{"batch Put", dir, func() error {
			b := s.NewBatch()
			defer b.Close()
			if err := b.Put(ctx, key, strings.NewReader("data"), 4); err != nil {
				return err
			}
			return b.Commit(ctx)
		}},
		{"Copy", browseDir, func() error { return s.Copy(ctx, key, browse) }},
		{"batch Copy", browseDir, func() error {
			b := s.NewBatch()
			defer b.Close()
			if err := b.Copy(ctx, key, browse); err != nil {
				return err
			}
			return b.Commit(ctx)
		}},
	}
	for _, st := range steps {
		// A store of its own for each step: a store that flushed the
		// directory after finding the blob knows the entry is on disk.
		s = openStore(t, root)
		flushed.reset()
		if err := st.run(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got := flushed.dirs(); !slices.Contains(got, st.dir) {
			t.Errorf("%s of a blob found in place flushed %q, want %s among them", st.name, got, st.dir)
		}
	}
}

func openStore(t *testing.T, root string) *LocalStore {
	t.Helper()
	s, err := NewLocalStore(root)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dirFlushes records the directories syncDir flushes.
type dirFlushes struct {
	mu  sync.Mutex
	got []string
}

func (f *dirFlushes) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = nil
}

func (f *dirFlushes) dirs() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.got)
}

func watchSyncDir(t *testing.T) *dirFlushes {
	t.Helper()
	f := &dirFlushes{}
	orig := syncDir
	syncDir = func(dir string) error {
		f.mu.Lock()
		f.got = append(f.got, dir)
		f.mu.Unlock()
		return orig(dir)
	}
	t.Cleanup(func() { syncDir = orig })
	return f
}

// putFileOf stores data under key with PutFile, from a file of its own.
func putFileOf(t *testing.T, s *LocalStore, key, data string) error {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "part-*")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(data); err != nil {
		t.Fatal(err)
	}
	return s.PutFile(context.Background(), key, f, int64(len(data)))
}
