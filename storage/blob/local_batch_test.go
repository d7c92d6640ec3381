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
	keys := []string{blob.ContentKey(strings.Repeat("ab", 32)), blob.ContentKey(strings.Repeat("cd", 32))}
	for _, key := range keys {
		if err := b.Put(ctx, key, strings.NewReader(key), int64(len(key))); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Lstat(filepath.Join(dir, key)); !os.IsNotExist(err) {
			t.Errorf("%s before Commit: %v, want no file", key, err)
		}
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	for _, key := range keys {
		info, err := os.Stat(filepath.Join(dir, key))
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
