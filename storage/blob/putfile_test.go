package blob_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// spoolFile writes data to a file under dir, as the watcher spools a
// message, and returns it open.
func spoolFile(t *testing.T, dir, data string) *os.File {
	t.Helper()
	f, err := os.CreateTemp(dir, "spool-*")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if _, err := f.WriteString(data); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestPutFileLinksIntoTheLocalStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	root := t.TempDir()
	store, err := blob.NewLocalStore(filepath.Join(root, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	spool := filepath.Join(root, "tmp")
	if err := os.Mkdir(spool, 0o700); err != nil {
		t.Fatal(err)
	}
	data := "From: adjuster@carrier.example\r\n\r\nPhotos attached.\r\n"
	sum := "ab" + strings.Repeat("0", 62)
	key := blob.ContentKey(sum)
	f := spoolFile(t, spool, data)
	// Through the retrying wrapper, as the pipeline uses the store.
	retrying := blob.WithRetry(store, blob.RetryPolicy{}, slog.New(slog.DiscardHandler))
	if err := blob.PutFile(ctx, retrying, key, f, int64(len(data))); err != nil {
		t.Fatal(err)
	}
	// One directory deep, by the hash alone.
	stored, err := os.Stat(filepath.Join(root, "blobs", "sha256", "ab", sum))
	if err != nil {
		t.Fatal(err)
	}
	spooled, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(stored, spooled) {
		t.Error("the spool file was copied, not linked")
	}
	if stored.Mode().Perm() != 0o640 {
		t.Errorf("blob mode %v, want 0640", stored.Mode().Perm())
	}
	// The spool name goes away; the blob stays, whole.
	if err := os.Remove(f.Name()); err != nil {
		t.Fatal(err)
	}
	rc, err := store.Get(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if string(got) != data {
		t.Errorf("blob holds %q", got)
	}

	// A key that exists is left alone, and a file of another size than
	// announced is refused like Put refuses it, leaving nothing.
	other := spoolFile(t, spool, "something else")
	if err := blob.PutFile(ctx, store, key, other, 14); err != nil {
		t.Fatal(err)
	}
	if err := blob.PutFile(ctx, store, blob.ContentKey(strings.Repeat("cd", 32)), other, 99); !errors.Is(err, blob.ErrSize) {
		t.Errorf("size mismatch: %v, want ErrSize", err)
	}
	if _, err := store.Stat(ctx, blob.ContentKey(strings.Repeat("cd", 32))); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("after a size mismatch: %v, want nothing stored", err)
	}
}

func TestPutFileCopiesIntoOtherStores(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := testenv.S3(t)
	s3, err := blob.Open(ctx, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	data := "%PDF-1.4 estimate"
	f := spoolFile(t, t.TempDir(), data)
	if err := blob.PutFile(ctx, s3, blob.ContentKey(strings.Repeat("ef", 32)), f, int64(len(data))); err != nil {
		t.Fatal(err)
	}
	rc, err := s3.Get(ctx, blob.ContentKey(strings.Repeat("ef", 32)))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if string(got) != data {
		t.Errorf("S3 holds %q", got)
	}
}
