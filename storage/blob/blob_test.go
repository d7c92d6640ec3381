package blob_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage/blob"
	"github.com/claimdesk/claimdesk/storage/blob/blobtest"
)

func TestMain(m *testing.M) { testenv.Main(m) }

func TestLocalStore(t *testing.T) {
	blobtest.Run(t, func(t *testing.T) blob.Store {
		return openLocal(t, t.TempDir())
	})
}

func TestS3Store(t *testing.T) {
	blobtest.Run(t, func(t *testing.T) blob.Store {
		srv := testenv.S3(t)
		s, err := blob.Open(t.Context(), srv.URL)
		if err != nil {
			t.Fatalf("Open(%s): %v", srv.URL, err)
		}
		return s
	})
}

func openLocal(t testing.TB, dir string) blob.Store {
	t.Helper()
	s, err := blob.Open(t.Context(), "file://"+dir)
	if err != nil {
		t.Fatalf("Open(file://%s): %v", dir, err)
	}
	return s
}

// TestLocalStoreFiles checks what the local store leaves on disk: modes
// that keep blobs from other users, no temporary files, and copies that
// share the original's inode.
func TestLocalStoreFiles(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	dir := filepath.Join(t.TempDir(), "blobs") // created by Open
	s := openLocal(t, dir)
	const key = "claims/26-1001-WTR/Photos/2026-11-02_IMG_1.jpg"
	data := []byte("photo")
	if err := s.Put(ctx, key, bytes.NewReader(data), int64(len(data))); err != nil {
		t.Fatal(err)
	}
	if err := s.Copy(ctx, key, "claims/26-1001-WTR/Other/IMG_1.jpg"); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Fatal(err)
	}

	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		want := fs.FileMode(0o640)
		if d.IsDir() {
			want = fs.ModeDir | 0o750
		}
		if path != dir && info.Mode() != want {
			t.Errorf("%s: mode %v, want %v", path, info.Mode(), want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if entries, err := os.ReadDir(filepath.Join(dir, ".tmp")); err != nil || len(entries) != 0 {
		t.Errorf("temporary directory holds %v (%v), want nothing", entries, err)
	}
	a, errA := os.Stat(filepath.Join(dir, key))
	b, errB := os.Stat(filepath.Join(dir, "claims/26-1001-WTR/Other/IMG_1.jpg"))
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if a.Sys().(*syscall.Stat_t).Ino != b.Sys().(*syscall.Stat_t).Ino {
		t.Error("Copy did not hard-link")
	}
}

// TestLocalStoreKeyOverDirectory checks that a key naming a directory of
// other keys is neither overwritten nor reported as present.
func TestLocalStoreKeyOverDirectory(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := openLocal(t, t.TempDir())
	if err := s.Put(ctx, "claims/a/b", strings.NewReader("b"), 1); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, "claims/a", strings.NewReader("a"), 1); err == nil {
		t.Error("Put over a directory of keys succeeded")
	}
	if err := s.Put(ctx, "claims/a/b/c", strings.NewReader("c"), 1); err == nil {
		t.Error("Put below a blob succeeded")
	}
}

func TestOpenS3CreatesBucket(t *testing.T) {
	srv := testenv.S3(t)
	url := fmt.Sprintf("s3://%s-new?endpoint=%s&secure=false&region=us-east-1", srv.Bucket, srv.Endpoint)
	for range 2 { // the second Open finds the bucket
		s, err := blob.Open(t.Context(), url)
		if err != nil {
			t.Fatalf("Open(%s): %v", url, err)
		}
		if err := s.Ping(t.Context()); err != nil {
			t.Fatalf("Ping: %v", err)
		}
	}
}

func TestOpenS3WrongCredentials(t *testing.T) {
	srv := testenv.S3(t)
	t.Setenv("AWS_SECRET_ACCESS_KEY", srv.SecretKey+"x")
	_, err := blob.Open(t.Context(), srv.URL)
	if err == nil {
		t.Fatal("Open with a wrong secret key succeeded")
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("error is not one line: %q", err)
	}
}

func TestOpenErrors(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "claimdesk")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	tests := []struct {
		url  string
		want string
	}{
		{"", "unsupported scheme"},
		{"/var/lib/claimdesk/blobs", "unsupported scheme"},
		{"http://localhost:9000/bucket", "unsupported scheme"},
		{"file:data/blobs", "relative path"},
		{"file://data/blobs", "relative path"},
		{"file://", "missing path"},
		{"file:///var/blobs?x=1", "no query"},
		{"s3://", "missing bucket"},
		{"s3:///?endpoint=localhost:9000", "missing bucket"},
		{"s3://bucket", "endpoint required"},
		{"s3://bucket?secure=false", "endpoint required"},
		{"s3://bucket?endpoint=http://localhost:9000", "without scheme"},
		{"s3://bucket?endpoint=localhost:9000&secure=maybe", "secure="},
		{"s3://bucket?endpoint=localhost:9000&endpont=x", "unknown parameter"},
		{"s3://bucket/path?endpoint=localhost:9000", "unexpected path"},
		{"s3://key:secret@bucket?endpoint=localhost:9000", "credentials in URL"},
		{"s3://bucket?endpoint=%zz", "parse"},
	}
	for _, tt := range tests {
		_, err := blob.Open(t.Context(), tt.url)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Open(%q) error = %v, want it to say %q", tt.url, err, tt.want)
			continue
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("Open(%q) error is not one line: %q", tt.url, err)
		}
	}

	t.Setenv("AWS_ACCESS_KEY_ID", "")
	_, err := blob.Open(t.Context(), "s3://bucket?endpoint=localhost:9000")
	if err == nil || !strings.Contains(err.Error(), "AWS_ACCESS_KEY_ID") {
		t.Errorf("Open without credentials: error = %v, want it to name AWS_ACCESS_KEY_ID", err)
	}
}

func TestOpenFileURL(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "with space")
	for _, url := range []string{"file://" + dir, "file://localhost" + dir, "file://" + strings.ReplaceAll(dir, " ", "%20")} {
		s, err := blob.Open(t.Context(), url)
		if err != nil {
			t.Fatalf("Open(%q): %v", url, err)
		}
		if err := s.Put(t.Context(), "k", strings.NewReader("v"), 1); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "k")); err != nil {
			t.Errorf("Open(%q) stores elsewhere: %v", url, err)
		}
	}
}

func TestContentKey(t *testing.T) {
	t.Parallel()
	const sum = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	if got, want := blob.ContentKey(sum), "sha256/e3/b0/"+sum; got != want {
		t.Errorf("ContentKey = %q, want %q", got, want)
	}
}

func TestPutNegativeSize(t *testing.T) {
	t.Parallel()
	s := openLocal(t, t.TempDir())
	if err := s.Put(t.Context(), "k", strings.NewReader(""), -1); err == nil || errors.Is(err, context.Canceled) {
		t.Errorf("Put with size -1: %v, want an error", err)
	}
}

func BenchmarkLocalPut(b *testing.B) {
	benchmarkPut(b, func(b *testing.B) blob.Store { return openLocal(b, b.TempDir()) })
}

func BenchmarkS3Put(b *testing.B) {
	benchmarkPut(b, func(b *testing.B) blob.Store {
		srv := testenv.S3(b)
		s, err := blob.Open(b.Context(), srv.URL)
		if err != nil {
			b.Fatal(err)
		}
		return s
	})
}

func benchmarkPut(b *testing.B, newStore func(b *testing.B) blob.Store) {
	for _, size := range []int{1 << 20, 32 << 20} {
		b.Run(fmt.Sprintf("%dMB", size>>20), func(b *testing.B) {
			s := newStore(b)
			data := bytes.Repeat([]byte("claimdesk"), size/9+1)[:size]
			b.SetBytes(int64(size))
			for i := 0; b.Loop(); i++ {
				// A new key each time: a second Put of a key writes nothing.
				key := fmt.Sprintf("bench/%d", i)
				if err := s.Put(b.Context(), key, bytes.NewReader(data), int64(size)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
