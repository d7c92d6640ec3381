package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestListen: the callback runs once when listening starts (the caller's
// moment to catch up) and once per notification with its payload, until
// ctx ends.
func TestListen(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := make(chan string, 4)
	done := make(chan error, 1)
	go func() { done <- db.Listen(ctx, "claimdesk_test", func(payload string) { calls <- payload }) }()
	wait := func(what, want string) {
		t.Helper()
		select {
		case got := <-calls:
			if got != want {
				t.Errorf("%s: payload %q, want %q", what, got, want)
			}
		case err := <-done:
			t.Fatalf("%s: Listen returned %v", what, err)
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: no call within 10s", what)
		}
	}
	wait("listening", "")
	notify := func(channel string) {
		t.Helper()
		if _, err := storage.PoolOf(db).Exec(ctx, `SELECT pg_notify($1, 'x')`, channel); err != nil {
			t.Fatal(err)
		}
	}
	notify("claimdesk_test")
	wait("first notification", "x")
	// Another channel's notification, sent first, would arrive first.
	notify("claimdesk_other")
	notify("claimdesk_test")
	wait("second notification", "x")
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Listen after ctx ended: %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Listen still running 10s after ctx ended")
	}
	if len(calls) != 0 {
		t.Errorf("%d calls for another channel's notification", len(calls))
	}
}

// TestWithSessionLock: one session at a time holds a lock; the others are
// told so without running, and may take it once it is let go.
func TestWithSessionLock(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	const key = 42
	ran := false
	failed := errors.New("watch failed")
	held, err := db.WithSessionLock(ctx, key, time.Minute, func(ctx context.Context) error {
		held, err := db.WithSessionLock(ctx, key, time.Minute, func(context.Context) error {
			ran = true
			return nil
		})
		if held || err != nil || ran {
			t.Errorf("lock taken twice: held %v, ran %v (%v)", held, ran, err)
		}
		return failed
	})
	if !held || !errors.Is(err, failed) {
		t.Errorf("first holder: held %v, err %v; want held and its error", held, err)
	}
	held, err = db.WithSessionLock(ctx, key, time.Minute, func(context.Context) error { ran = true; return nil })
	if !held || err != nil || !ran {
		t.Errorf("after release: held %v, ran %v (%v)", held, ran, err)
	}
}
