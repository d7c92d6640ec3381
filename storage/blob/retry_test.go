package blob_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage/blob"
	"github.com/claimdesk/claimdesk/storage/blob/blobtest"
)

// TestRetryingStore runs the store contract through the retrying wrapper:
// with the server up it is the store it wraps.
func TestRetryingStore(t *testing.T) {
	blobtest.Run(t, func(t *testing.T) blob.Store {
		return blob.WithRetry(openLocal(t, t.TempDir()), blob.RetryPolicy{}, slog.New(slog.DiscardHandler))
	})
}

// TestRetryingWaitsOutS3Outage stops the S3 server under a retrying
// store: a Put (of a reader it can rewind) waits and completes once the
// server is back, whole; a Put of a reader it cannot rewind fails at once,
// as does a Get of a blob that does not exist.
func TestRetryingWaitsOutS3Outage(t *testing.T) {
	srv := testenv.PrivateS3(t)
	ctx := context.Background()
	s3, err := blob.NewS3Store(ctx, blob.S3Config{Endpoint: srv.Endpoint, Bucket: srv.Bucket,
		AccessKey: srv.AccessKey, SecretKey: srv.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	logs := &retryLog{retried: make(chan struct{}, 1)}
	store := blob.WithRetry(s3, blob.RetryPolicy{FirstDelay: 50 * time.Millisecond, MaxDelay: 200 * time.Millisecond, MaxWait: 2 * time.Minute},
		slog.New(logs))

	if _, err := store.Get(ctx, blob.ContentKey(strings.Repeat("0", 64))); !errors.Is(err, blob.ErrNotFound) || logs.count() != 0 {
		t.Fatalf("get of a missing blob: %v after %d retries, want ErrNotFound at once", err, logs.count())
	}

	srv.Stop()
	err = store.Put(ctx, "unrewindable", io.MultiReader(bytes.NewReader([]byte("abc"))), 3)
	if err == nil || !blob.Transient(err) || logs.count() != 0 {
		t.Fatalf("put of an unrewindable reader with the server down: %v after %d retries, want a transient error at once", err, logs.count())
	}

	content := bytes.Repeat([]byte("claimdesk "), 10000)
	done := make(chan error, 1)
	go func() { done <- store.Put(ctx, "outage/blob", bytes.NewReader(content), int64(len(content))) }()
	select {
	case <-logs.retried:
	case err := <-done:
		t.Fatalf("put returned %v with the server down, want it to wait", err)
	case <-time.After(time.Minute):
		t.Fatal("put did not retry within a minute")
	}
	srv.Start(t)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("put after the server came back: %v", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("put did not complete within a minute of the server coming back")
	}
	r, err := store.Get(ctx, "outage/blob")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got, err := io.ReadAll(r); err != nil || !bytes.Equal(got, content) {
		t.Errorf("blob put through the outage reads back %d bytes (err %v), want the %d put", len(got), err, len(content))
	}
}

func TestTransient(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"connection refused", fmt.Errorf("put x: %w", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}), true},
		{"connection reset", fmt.Errorf("get x: %w", syscall.ECONNRESET), true},
		{"cut mid-body", fmt.Errorf("get x: %w", io.ErrUnexpectedEOF), true},
		{"server error", fmt.Errorf("put x: %w", minio.ErrorResponse{StatusCode: http.StatusServiceUnavailable, Code: "ServiceUnavailable"}), true},
		{"slow down", minio.ErrorResponse{StatusCode: http.StatusServiceUnavailable, Code: "SlowDown"}, true},
		{"access denied", fmt.Errorf("put x: %w", minio.ErrorResponse{StatusCode: http.StatusForbidden, Code: "AccessDenied"}), false},
		{"missing bucket", minio.ErrorResponse{StatusCode: http.StatusNotFound, Code: "NoSuchBucket"}, false},
		{"not found", fmt.Errorf("get x: %w", blob.ErrNotFound), false},
		{"bad key", blob.ErrInvalidKey, false},
		{"wrong size", fmt.Errorf("put x: %w", blob.ErrSize), false},
		{"cancelled", fmt.Errorf("put x: %w: %w", context.Canceled, &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}), false},
		{"other", errors.New("disk on fire"), false},
	} {
		if got := blob.Transient(tc.err); got != tc.want {
			t.Errorf("%s: Transient(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}

// retryLog is a slog handler that counts a store's retries.
type retryLog struct {
	mu      sync.Mutex
	n       int
	retried chan struct{}
}

func (l *retryLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *retryLog) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *retryLog) WithGroup(string) slog.Handler            { return l }

func (l *retryLog) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "blob store unavailable; retrying" {
		return nil
	}
	l.mu.Lock()
	l.n++
	l.mu.Unlock()
	select {
	case l.retried <- struct{}{}:
	default:
	}
	return nil
}

func (l *retryLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n
}
