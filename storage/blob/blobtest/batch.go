package blobtest

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage/blob"
)

// testBatch checks that a batch's puts and copies are all there once it
// commits, with the same rules as one operation at a time: a key is written
// once, a wrong size leaves nothing.
func testBatch(t *testing.T, s blob.Store) {
	ctx := t.Context()
	put(t, s, "claims/existing", []byte("kept"))
	b := blob.NewBatch(s)
	defer b.Close()
	want := map[string]string{}
	for i, key := range keys {
		data := strings.Repeat(string(rune('a'+i)), 100*(i+1))
		if err := b.Put(ctx, key, strings.NewReader(data), int64(len(data))); err != nil {
			t.Fatalf("batch Put(%q): %v", key, err)
		}
		want[key] = data
	}
	// The same key twice in one batch, and a key stored before: the first
	// content stays.
	if err := b.Put(ctx, keys[0], strings.NewReader("again"), 5); err != nil {
		t.Fatalf("batch Put(%q) again: %v", keys[0], err)
	}
	if err := b.Put(ctx, "claims/existing", strings.NewReader("replaced"), 8); err != nil {
		t.Fatalf("batch Put(existing): %v", err)
	}
	if err := b.Put(ctx, "claims/short", strings.NewReader("abc"), 4); !errors.Is(err, blob.ErrSize) {
		t.Errorf("batch Put with a short reader = %v, want ErrSize", err)
	}
	if err := b.Copy(ctx, "claims/existing", "claims/26-1001-WTR/Photos/copy.jpg"); err != nil {
		t.Fatalf("batch Copy: %v", err)
	}
	if err := b.Copy(ctx, "claims/missing", "claims/26-1001-WTR/Photos/none.jpg"); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("batch Copy of a missing blob = %v, want ErrNotFound", err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	want["claims/existing"] = "kept"
	want["claims/26-1001-WTR/Photos/copy.jpg"] = "kept"
	for key, data := range want {
		if got := get(t, s, key); string(got) != data {
			t.Errorf("Get(%q) after Commit = %.20q, want %.20q", key, got, data)
		}
	}
	if _, err := s.Stat(ctx, "claims/short"); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("Stat(short) = %v, want ErrNotFound", err)
	}
	// A batch goes on after a commit.
	if err := b.Put(ctx, "claims/after", bytes.NewReader([]byte("later")), 5); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatalf("second Commit: %v", err)
	}
	if got := get(t, s, "claims/after"); string(got) != "later" {
		t.Errorf("Get(after) = %q, want %q", got, "later")
	}
}

// testBatchClose checks that a batch closed before it commits leaves no
// blob of its puts: a message whose parse fails stores none of its parts.
func testBatchClose(t *testing.T, s blob.Store) {
	ctx := t.Context()
	b := blob.NewBatch(s)
	if err := b.Put(ctx, "claims/uncommitted", strings.NewReader("data"), 4); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(blob.Batcher); !ok {
		// A store without batches puts at once: the blob is there, which
		// costs space, never correctness (nothing refers to it).
		return
	}
	if _, err := s.Stat(ctx, "claims/uncommitted"); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("Stat(uncommitted) = %v, want ErrNotFound", err)
	}
}
