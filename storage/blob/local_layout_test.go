package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// twoLevelBlob writes data as a store before the one-level layout did, at
// its content key's own path, and returns the key.
func twoLevelBlob(t *testing.T, root, data string) string {
	t.Helper()
	sum := sha256.Sum256([]byte(data))
	key := ContentKey(hex.EncodeToString(sum[:]))
	path, _ := twoLevelPath(root, key)
	if err := os.MkdirAll(filepath.Dir(path), dirMode); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), fileMode); err != nil {
		t.Fatal(err)
	}
	return key
}

func readBlob(t *testing.T, s Store, key string) string {
	t.Helper()
	rc, err := s.Get(context.Background(), key)
	if err != nil {
		t.Fatalf("get %s: %v", key, err)
	}
	defer rc.Close()
	got, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(got)
}

func wantFile(t *testing.T, path string, want bool) {
	t.Helper()
	_, err := os.Lstat(path)
	if got := err == nil; got != want {
		t.Errorf("%s exists: %v (%v), want %v", path, got, err, want)
	}
}

func TestTwoLevelStoreIsReadWrittenAndMigrated(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	root := t.TempDir()
	estimate := twoLevelBlob(t, root, "%PDF estimate")
	photo := twoLevelBlob(t, root, "JFIF photo")
	s, err := NewLocalStore(root)
	if err != nil {
		t.Fatal(err)
	}

	// Read where it is, from every operation.
	if got := readBlob(t, s, estimate); got != "%PDF estimate" {
		t.Errorf("two-level blob reads %q", got)
	}
	if info, err := s.Stat(ctx, estimate); err != nil || info.Size != int64(len("%PDF estimate")) {
		t.Errorf("Stat of a two-level blob = %+v, %v", info, err)
	}
	if err := s.Copy(ctx, estimate, "claims/26-1001-WTR/Estimates/estimate.pdf"); err != nil {
		t.Fatal(err)
	}
	b := s.NewBatch()
	if err := b.Copy(ctx, photo, "claims/26-1001-WTR/Photos/IMG_1.jpg"); err != nil {
		t.Fatal(err)
	}
	if err := b.Put(ctx, estimate, strings.NewReader("%PDF estimate"), 13); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	b.Close()
	// Written again: found where it is, not stored twice.
	if err := s.Put(ctx, estimate, strings.NewReader("%PDF estimate"), 13); err != nil {
		t.Fatal(err)
	}
	wantFile(t, localPath(root, estimate), false)
	// A new blob goes one level deep.
	const scope = "scope notes"
	sum := sha256.Sum256([]byte(scope))
	scopeKey := ContentKey(hex.EncodeToString(sum[:]))
	if err := s.Put(ctx, scopeKey, strings.NewReader(scope), int64(len(scope))); err != nil {
		t.Fatal(err)
	}
	wantFile(t, filepath.Join(root, "sha256", scopeKey[7:9], hex.EncodeToString(sum[:])), true)
	deleted := twoLevelBlob(t, root, "deleted")
	if err := s.Delete(ctx, deleted); err != nil {
		t.Fatal(err)
	}
	old, _ := twoLevelPath(root, deleted)
	wantFile(t, old, false)

	moved, err := s.MigrateLayout(ctx)
	if err != nil || moved != 2 {
		t.Fatalf("MigrateLayout moved %d blobs (%v), want 2", moved, err)
	}
	for _, key := range []string{estimate, photo} {
		old, _ := twoLevelPath(root, key)
		wantFile(t, old, false)
		wantFile(t, filepath.Dir(old), false)
		wantFile(t, localPath(root, key), true)
	}
	for key, want := range map[string]string{
		estimate: "%PDF estimate", photo: "JFIF photo", scopeKey: scope,
		"claims/26-1001-WTR/Estimates/estimate.pdf": "%PDF estimate",
		"claims/26-1001-WTR/Photos/IMG_1.jpg":       "JFIF photo",
	} {
		if got := readBlob(t, s, key); got != want {
			t.Errorf("after migrating %s reads %q, want %q", key, got, want)
		}
	}
	if got, err := os.ReadFile(filepath.Join(root, layoutFile)); string(got) != oneLevelLayout {
		t.Errorf("layout file holds %q (%v), want %q", got, err, oneLevelLayout)
	}
	if moved, err := s.MigrateLayout(ctx); err != nil || moved != 0 {
		t.Errorf("second MigrateLayout moved %d (%v), want nothing", moved, err)
	}

	// A store marked one-level still reads a two-level blob (an older
	// claimdesk sharing it), and a new open reads the mark.
	late := twoLevelBlob(t, root, "written by an older claimdesk")
	s, err = NewLocalStore(root)
	if err != nil {
		t.Fatal(err)
	}
	if s.twoLevel.Load() {
		t.Error("a migrated store opens as two-level")
	}
	if got := readBlob(t, s, late); got != "written by an older claimdesk" {
		t.Errorf("late two-level blob reads %q", got)
	}
}

// TestInterruptedLayoutMigrationCompletes stops a migration twice, once
// before its links are flushed and once at a cancelled context, and checks
// that every blob is still whole under its key, and that a run after
// completes.
func TestInterruptedLayoutMigrationCompletes(t *testing.T) {
	// Not parallel: it makes syncDir fail, which every store of the
	// package calls.
	ctx := context.Background()
	root := t.TempDir()
	data := []string{"estimate", "photo", "scope", "ATP", "lab report"}
	var keys []string
	for _, d := range data {
		keys = append(keys, twoLevelBlob(t, root, d))
	}
	first, _ := twoLevelPath(root, keys[0])
	stray := filepath.Join(filepath.Dir(first), "notes.txt")
	if err := os.WriteFile(stray, []byte("not a blob"), fileMode); err != nil {
		t.Fatal(err)
	}
	s, err := NewLocalStore(root)
	if err != nil {
		t.Fatal(err)
	}

	orig := syncDir
	syncDir = func(string) error { return errors.New("disk gone") }
	_, err = s.MigrateLayout(ctx)
	syncDir = orig
	if err == nil {
		t.Fatal("MigrateLayout with failing flushes succeeded")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.MigrateLayout(cancelled); !errors.Is(err, context.Canceled) {
		t.Fatalf("MigrateLayout with a cancelled context: %v", err)
	}
	for i, key := range keys {
		old, _ := twoLevelPath(root, key)
		wantFile(t, old, true) // no old name goes before its new one is flushed
		if got := readBlob(t, s, key); got != data[i] {
			t.Errorf("interrupted: %s reads %q, want %q", key, got, data[i])
		}
	}
	wantFile(t, filepath.Join(root, layoutFile), false)

	moved, err := s.MigrateLayout(ctx)
	if err != nil || moved != len(keys) {
		t.Fatalf("MigrateLayout again moved %d (%v), want %d", moved, err, len(keys))
	}
	for i, key := range keys {
		old, _ := twoLevelPath(root, key)
		wantFile(t, old, false)
		wantFile(t, localPath(root, key), true)
		if got := readBlob(t, s, key); got != data[i] {
			t.Errorf("migrated: %s reads %q, want %q", key, got, data[i])
		}
	}
	wantFile(t, stray, true)
	wantFile(t, filepath.Join(root, layoutFile), true)
}

func TestLocalStoreRefusesUnknownLayout(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, layoutFile), []byte("sha512/abcd…\n"), fileMode); err != nil {
		t.Fatal(err)
	}
	if _, err := NewLocalStore(root); err == nil || !strings.Contains(err.Error(), "sha512/abcd…") {
		t.Errorf("NewLocalStore over an unknown layout: %v, want it named", err)
	}
}
