package blob

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

// countMkdir counts the directories the stores try to make.
func countMkdir(t *testing.T) *atomic.Int64 {
	t.Helper()
	var n atomic.Int64
	orig := mkdir
	mkdir = func(name string, perm os.FileMode) error {
		n.Add(1)
		return orig(name, perm)
	}
	t.Cleanup(func() { mkdir = orig })
	return &n
}

// TestLocalStoreMakesEachDirectoryOnce checks that a blob in a directory
// the store made or found before costs no attempt to make it again, and
// that a directory removed behind the store's back is made again.
func TestLocalStoreMakesEachDirectoryOnce(t *testing.T) {
	// Not parallel: it watches mkdir, which every store of the package calls.
	made := countMkdir(t)
	ctx := context.Background()
	root := t.TempDir()
	s, err := NewLocalStore(root)
	if err != nil {
		t.Fatal(err)
	}
	put := func(sum string) {
		t.Helper()
		if err := s.Put(ctx, ContentKey(sum), strings.NewReader(sum), int64(len(sum))); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		sum  string
		want int64
	}{
		{"abcd" + strings.Repeat("0", 60), 2}, // sha256, ab
		{"abef" + strings.Repeat("0", 60), 0},
		{"12cd" + strings.Repeat("1", 60), 1}, // 12
	}
	for _, st := range steps {
		made.Store(0)
		put(st.sum)
		if got := made.Load(); got != st.want {
			t.Errorf("put %s… made %d directories, want %d", st.sum[:4], got, st.want)
		}
	}
	if err := os.RemoveAll(filepath.Join(root, "sha256", "ab")); err != nil {
		t.Fatal(err)
	}
	put("abcd" + strings.Repeat("2", 60))
	if _, err := os.Stat(localPath(root, ContentKey("abcd"+strings.Repeat("2", 60)))); err != nil {
		t.Errorf("put into a removed directory: %v", err)
	}
	if err := s.Copy(ctx, ContentKey("abcd"+strings.Repeat("2", 60)), "claims/x/a.pdf"); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(root, "claims")); err != nil {
		t.Fatal(err)
	}
	if err := s.Copy(ctx, ContentKey("abcd"+strings.Repeat("2", 60)), "claims/x/b.pdf"); err != nil {
		t.Errorf("copy into a removed directory: %v", err)
	}
}

// TestLocalBatchFlushesEachDirectoryOnce checks that a batch flushes every
// directory that gained an entry, new directories' parents among them,
// once at Commit, whatever number of its files share it.
func TestLocalBatchFlushesEachDirectoryOnce(t *testing.T) {
	flushed := watchSyncDir(t)
	ctx := context.Background()
	root := t.TempDir()
	s, err := NewLocalStore(root)
	if err != nil {
		t.Fatal(err)
	}
	flushed.reset() // the layout file NewLocalStore wrote
	b := s.NewBatch()
	defer b.Close()
	sums := []string{"abcd" + strings.Repeat("0", 60), "abef" + strings.Repeat("0", 60), "12cd" + strings.Repeat("0", 60)}
	for _, sum := range sums {
		if err := b.Put(ctx, ContentKey(sum), strings.NewReader(sum), int64(len(sum))); err != nil {
			t.Fatal(err)
		}
	}
	if got := flushed.dirs(); len(got) != 0 {
		t.Errorf("before Commit flushed %q, want nothing", got)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	got := flushed.dirs()
	slices.Sort(got)
	var want []string
	for _, d := range []string{"", "sha256", "sha256/ab", "sha256/12"} {
		want = append(want, filepath.Join(root, d))
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("Commit flushed %q, want each of %q once", got, want)
	}
}
