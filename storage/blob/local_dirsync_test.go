package blob

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// The tests here watch syncDir, which every store of the package calls:
// none is parallel.

// TestFlushedFoundBlobCostsNoFlush checks that a blob found at its key
// costs no flush when this store flushed its directory after the blob was
// placed: by this store, or long before by another.
func TestFlushedFoundBlobCostsNoFlush(t *testing.T) {
	flushed := watchSyncDir(t)
	ctx := context.Background()
	root := t.TempDir()
	s := openStore(t, root)
	storeAgain := func(key string) {
		t.Helper()
		flushed.reset()
		if err := s.Put(ctx, key, strings.NewReader("data"), 4); err != nil {
			t.Fatal(err)
		}
		if err := putFileOf(t, s, key, "data"); err != nil {
			t.Fatal(err)
		}
		b := s.NewBatch()
		defer b.Close()
		if err := b.Put(ctx, key, strings.NewReader("data"), 4); err != nil {
			t.Fatal(err)
		}
		if err := b.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if got := flushed.dirs(); len(got) != 0 {
			t.Errorf("storing %s again, found after a flush of its directory, flushed %q, want none", key, got)
		}
	}
	own := ContentKey(strings.Repeat("ab", 32))
	if err := s.Put(ctx, own, strings.NewReader("data"), 4); err != nil {
		t.Fatal(err)
	}
	storeAgain(own)

	// Another store placed this one; this store flushes its directory
	// (for a blob of its own) with its clock an hour on, long after.
	other := ContentKey("ab" + strings.Repeat("01", 31))
	if err := openStore(t, root).Put(ctx, other, strings.NewReader("data"), 4); err != nil {
		t.Fatal(err)
	}
	s.flushes.now = func() time.Time { return time.Now().Add(time.Hour) }
	later := ContentKey("ab" + strings.Repeat("02", 31))
	if err := s.Put(ctx, later, strings.NewReader("data"), 4); err != nil {
		t.Fatal(err)
	}
	storeAgain(other)
}

// TestFoundBlobAfterFlushIsFlushed checks that a blob found at its key is
// flushed when it was placed after this store's last flush of its
// directory: by a writer killed before its flush, or by another store.
func TestFoundBlobAfterFlushIsFlushed(t *testing.T) {
	flushed := watchSyncDir(t)
	ctx := context.Background()
	root := t.TempDir()
	s := openStore(t, root)
	first := ContentKey(strings.Repeat("ab", 32))
	if err := s.Put(ctx, first, strings.NewReader("data"), 4); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(localPath(root, first))

	killed := ContentKey("ab" + strings.Repeat("01", 31))
	if err := os.WriteFile(localPath(root, killed), []byte("data"), fileMode); err != nil {
		t.Fatal(err)
	}
	other := ContentKey("ab" + strings.Repeat("02", 31))
	if err := openStore(t, root).Put(ctx, other, strings.NewReader("data"), 4); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{killed, other} {
		flushed.reset()
		if err := s.Put(ctx, k, strings.NewReader("data"), 4); err != nil {
			t.Fatal(err)
		}
		if got := flushed.dirs(); len(got) != 1 || got[0] != dir {
			t.Errorf("Put of %s, placed after the last flush, flushed %q, want %s", k, got, dir)
		}
	}
}

// TestConcurrentCommitsShareFlushes checks that batches committing into
// one directory while a flush of it runs wait for one more flush between
// them, not one each.
func TestConcurrentCommitsShareFlushes(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	s := openStore(t, root)
	put := func(b interface {
		Put(context.Context, string, io.Reader, int64) error
	}, n int) {
		key := ContentKey("ab" + strings.Repeat(string(rune('0'+n)), 62))
		if err := b.Put(ctx, key, strings.NewReader(key), int64(len(key))); err != nil {
			t.Error(err)
		}
	}
	put(s, 0) // makes the directory
	dir := filepath.Dir(localPath(root, ContentKey(strings.Repeat("ab", 32))))

	flushed := watchSyncDir(t)
	started, release := make(chan struct{}), make(chan struct{})
	orig := syncDir
	var once sync.Once
	syncDir = func(d string) error {
		once.Do(func() { close(started); <-release })
		return orig(d)
	}
	var wg sync.WaitGroup
	commit := func(n int) {
		defer wg.Done()
		b := s.NewBatch()
		defer b.Close()
		put(b, n)
		if err := b.Commit(ctx); err != nil {
			t.Error(err)
		}
	}
	wg.Add(1)
	go commit(1)
	<-started
	// Two more batches place their blobs while that flush runs.
	gen := s.flushes.generation()
	wg.Add(2)
	go commit(2)
	go commit(3)
	for s.flushes.generation() < gen+2 {
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	got := flushed.dirs()
	if len(got) != 2 || got[0] != dir || got[1] != dir {
		t.Errorf("three commits into one directory flushed %q, want %s twice", got, dir)
	}
}

// generation is the last generation noted.
func (d *dirSyncer) generation() uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.gen
}

// TestIdleDirectoriesForgotten checks that the store forgets the flushes
// of directories left idle, so that many claim folders do not fill its
// memory, and then flushes a blob found in one again.
func TestIdleDirectoriesForgotten(t *testing.T) {
	flushed := watchSyncDir(t)
	ctx := context.Background()
	root := t.TempDir()
	s := openStore(t, root)
	folder := func(i int) string { return "claims/26-100" + string(rune('0'+i)) + "-WTR/Photos" }
	for i := range 3 {
		if err := s.Put(ctx, folder(i)+"/IMG_1.jpg", strings.NewReader("data"), 4); err != nil {
			t.Fatal(err)
		}
	}
	later := time.Now().Add(2 * idleDir)
	s.flushes.now = func() time.Time { return later }
	// A write elsewhere, past the idle time.
	if err := s.Put(ctx, ContentKey(strings.Repeat("ab", 32)), strings.NewReader("data"), 4); err != nil {
		t.Fatal(err)
	}
	s.flushes.mu.Lock()
	for i := range 3 {
		if dir := filepath.Join(root, folder(i)); s.flushes.dirs[dir] != nil {
			t.Errorf("store keeps the flushes of %s, idle since before", dir)
		}
	}
	s.flushes.mu.Unlock()

	flushed.reset()
	if err := s.Put(ctx, folder(0)+"/IMG_1.jpg", strings.NewReader("data"), 4); err != nil {
		t.Fatal(err)
	}
	if got, want := flushed.dirs(), filepath.Join(root, folder(0)); len(got) != 1 || got[0] != want {
		t.Errorf("Put of a blob found in a forgotten directory flushed %q, want %s", got, want)
	}
}
