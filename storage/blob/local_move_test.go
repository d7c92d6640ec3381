package blob

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/sys/unix"
)

// countTempRemovals counts the temporary names the stores remove.
func countTempRemovals(t *testing.T) *atomic.Int64 {
	t.Helper()
	var n atomic.Int64
	orig := removeTemp
	removeTemp = func(name string) error {
		n.Add(1)
		return orig(name)
	}
	t.Cleanup(func() { removeTemp = orig })
	return &n
}

// newCountedStore returns a new local store and the count of temporary
// names removed since it was made (not the layout file NewLocalStore
// writes).
func newCountedStore(t *testing.T) (*LocalStore, *atomic.Int64) {
	t.Helper()
	removed := countTempRemovals(t)
	s, err := NewLocalStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	removed.Store(0)
	return s, removed
}

// assertOnlyBlob checks that key holds data in a file of its own, and that
// no temporary file is left.
func assertOnlyBlob(t *testing.T, s *LocalStore, key, data string) {
	t.Helper()
	path := localPath(s.root, key)
	got, err := os.ReadFile(path)
	if err != nil || string(got) != data {
		t.Errorf("%s holds %q (%v), want %q", key, got, err, data)
	}
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil || st.Nlink != 1 {
		t.Errorf("%s: %d names (%v), want 1", key, st.Nlink, err)
	}
	if entries, err := os.ReadDir(s.tmp); err != nil || len(entries) != 0 {
		t.Errorf("temporary directory holds %v (%v), want nothing", entries, err)
	}
}

// TestNewBlobsMoveIntoPlace checks that a new blob, put alone or in a
// batch, takes its key's name without a temporary name left to remove:
// one rename rather than a link and a removal.
func TestNewBlobsMoveIntoPlace(t *testing.T) {
	// Not parallel: it watches removeTemp, which every store of the
	// package calls.
	s, removed := newCountedStore(t)
	ctx := context.Background()
	alone, batched := strings.Repeat("ab", 32), strings.Repeat("cd", 32)
	if err := s.Put(ctx, ContentKey(alone), strings.NewReader(alone), int64(len(alone))); err != nil {
		t.Fatal(err)
	}
	b := s.NewBatch()
	defer b.Close()
	if err := b.Put(ctx, ContentKey(batched), strings.NewReader(batched), int64(len(batched))); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if n := removed.Load(); n != 0 {
		t.Errorf("removed %d temporary names, want none", n)
	}
	assertOnlyBlob(t, s, ContentKey(alone), alone)
	assertOnlyBlob(t, s, ContentKey(batched), batched)
}

// barrierReader holds every reader of a group at its first Read until all
// of them have got there: each Put has then looked for its key and found
// none, and created its temporary file.
type barrierReader struct {
	r       io.Reader
	arrived *sync.WaitGroup
	once    sync.Once
}

func (b *barrierReader) Read(p []byte) (int, error) {
	b.once.Do(func() {
		b.arrived.Done()
		b.arrived.Wait()
	})
	return b.r.Read(p)
}

// TestConcurrentPutsOfOneContent checks that writers of the same content
// that all find its key empty all succeed, and leave one blob and no
// temporary file: the first to finish names the blob, the others remove
// their copies.
func TestConcurrentPutsOfOneContent(t *testing.T) {
	s, removed := newCountedStore(t)
	ctx := context.Background()
	const writers = 8
	data := strings.Repeat("ef", 32)
	key := ContentKey(data)
	var arrived sync.WaitGroup
	arrived.Add(writers)
	errs := make(chan error, writers)
	for range writers {
		go func() {
			r := &barrierReader{r: strings.NewReader(data), arrived: &arrived}
			errs <- s.Put(ctx, key, r, int64(len(data)))
		}()
	}
	for range writers {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if n := removed.Load(); n != writers-1 {
		t.Errorf("removed %d temporary files, want the %d copies that lost", n, writers-1)
	}
	assertOnlyBlob(t, s, key, data)
}

// TestBatchesOfOneContent checks that two batches putting the same content
// both commit, the second keeping the first one's blob.
func TestBatchesOfOneContent(t *testing.T) {
	s, removed := newCountedStore(t)
	ctx := context.Background()
	data := strings.Repeat("01", 32)
	key := ContentKey(data)
	first, second := s.NewBatch(), s.NewBatch()
	defer first.Close()
	defer second.Close()
	for _, b := range []Batch{first, second} {
		if err := b.Put(ctx, key, strings.NewReader(data), int64(len(data))); err != nil {
			t.Fatal(err)
		}
	}
	if err := first.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(localPath(s.root, key))
	if err != nil {
		t.Fatal(err)
	}
	if err := second.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if n := removed.Load(); n != 1 {
		t.Errorf("removed %d temporary files, want the second batch's copy", n)
	}
	assertOnlyBlob(t, s, key, data)
	if again, err := os.Stat(localPath(s.root, key)); err != nil || !os.SameFile(info, again) {
		t.Errorf("the second batch replaced the first one's blob (%v)", err)
	}
}

// TestMoveWithoutRenameNoReplace checks that on a filesystem without
// renameat2's RENAME_NOREPLACE a blob is linked into place, its temporary
// name removed, and a stored blob still never replaced.
func TestMoveWithoutRenameNoReplace(t *testing.T) {
	orig := renameNoReplace
	renameNoReplace = func(string, string) error { return unix.EINVAL }
	t.Cleanup(func() { renameNoReplace = orig })
	ctx := context.Background()
	s, err := NewLocalStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	const key = "claims/26-1001-WTR/Photos/IMG_1.jpg"
	if err := s.Put(ctx, key, strings.NewReader("first"), 5); err != nil {
		t.Fatal(err)
	}
	b := s.NewBatch()
	defer b.Close()
	if err := b.Put(ctx, "claims/26-1001-WTR/Photos/IMG_2.jpg", strings.NewReader("second"), 6); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	// A writer that found the key empty, and finishes after the first.
	f, err := s.createTemp()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("other"); err != nil {
		t.Fatal(err)
	}
	if err := s.placeFile(f, filepath.Join(s.root, key), syncDir); err != nil {
		t.Fatal(err)
	}
	f.discard()
	assertOnlyBlob(t, s, key, "first")
	assertOnlyBlob(t, s, "claims/26-1001-WTR/Photos/IMG_2.jpg", "second")
}
