package blob_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage/blob"
)

// TestLocalBatchFiles checks what a local batch leaves on disk: before
// Commit, nothing under the keys (a crash then leaves only temporary
// files, so no key ever holds a blob whose content may not be on disk);
// after it, the blobs with the store's modes and no temporary files.
func TestLocalBatchFiles(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	dir := filepath.Join(t.TempDir(), "blobs")
	s := blob.WithRetry(openLocal(t, dir), blob.RetryPolicy{}, nil)
	b := blob.NewBatch(s)
	defer b.Close()
	sums := []string{strings.Repeat("ab", 32), strings.Repeat("cd", 32)}
	// A content blob's file is one directory deep, named by its hash.
	file := func(sum string) string { return filepath.Join(dir, "sha256", sum[:2], sum) }
	for _, sum := range sums {
		key := blob.ContentKey(sum)
		if err := b.Put(ctx, key, strings.NewReader(key), int64(len(key))); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Lstat(file(sum)); !os.IsNotExist(err) {
			t.Errorf("%s before Commit: %v, want no file", key, err)
		}
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	for _, sum := range sums {
		key := blob.ContentKey(sum)
		info, err := os.Stat(file(sum))
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode() != 0o640 || info.Size() != int64(len(key)) {
			t.Errorf("%s: mode %v size %d, want 0640 and %d", key, info.Mode(), info.Size(), len(key))
		}
	}
	if entries, err := os.ReadDir(filepath.Join(dir, ".tmp")); err != nil || len(entries) != 0 {
		t.Errorf("temporary directory holds %v (%v), want nothing", entries, err)
	}
}
