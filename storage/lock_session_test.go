package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// One session holds many locks on one connection; another session is
// refused them; terminating the holder's backend marks its session lost
// at once and frees every lock it held.
func TestLockSessionHoldsManyLocksOnOneConnection(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := testenv.Postgres(t)
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sql := testenv.SQL(t, dsn)
	a, err := db.OpenLockSession(ctx, 20*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := db.OpenLockSession(ctx, 20*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	const locks = 50
	for k := range int64(locks) {
		if ok, err := a.TryLock(ctx, k); !ok || err != nil {
			t.Fatalf("lock %d: %v, %v", k, ok, err)
		}
	}
	if ok, err := b.TryLock(ctx, 7); ok || err != nil {
		t.Fatalf("another session took a held lock: %v, %v", ok, err)
	}
	var holders, n int
	if err := sql.QueryRow(ctx, `SELECT count(DISTINCT pid), count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
		AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&holders, &n); err != nil {
		t.Fatal(err)
	}
	if holders != 1 || n != locks {
		t.Fatalf("%d locks held by %d backends, want %d by one", n, holders, locks)
	}
	if err := a.Unlock(ctx, 7); err != nil {
		t.Fatal(err)
	}
	if ok, err := b.TryLock(ctx, 7); !ok || err != nil {
		t.Fatalf("a released lock stayed taken: %v, %v", ok, err)
	}

	if _, err := sql.Exec(ctx, "SELECT pg_terminate_backend($1)", a.BackendPID()); err != nil {
		t.Fatal(err)
	}
	select {
	case <-a.Lost():
	case <-time.After(10 * time.Second):
		t.Fatal("the session was not marked lost within 10s of its backend's end")
	}
	if !errors.Is(a.Err(), storage.ErrLockSessionLost) {
		t.Errorf("lost session's error: %v", a.Err())
	}
	if _, err := a.TryLock(ctx, 100); !errors.Is(err, storage.ErrLockSessionLost) {
		t.Errorf("a lost session took a lock: %v", err)
	}
	for k := range int64(locks) {
		if k == 7 {
			continue
		}
		if ok, err := b.TryLock(ctx, k); !ok || err != nil {
			t.Fatalf("lock %d stayed taken after its session ended: %v, %v", k, ok, err)
		}
	}
	if b.Err() != nil {
		t.Errorf("the other session: %v", b.Err())
	}
}

// Processes that keep saying they are alive, and whose sessions hold their
// own lock, are counted; one whose session ends stops counting at once, and
// one silent for longer than the TTL is forgotten, with the mailboxes it
// watched.
func TestWatchHeartbeatCountsLiveProcesses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := testenv.Postgres(t)
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sql := testenv.SQL(t, dsn)
	const ttl = time.Minute
	// Keys with both halves set, and negative: the match on pg_locks must
	// hold for any key.
	const key1, key2 int64 = -0x1234567890abcdef, 0x7edcba0987654321
	if rank, n, err := db.WatchHeartbeat(ctx, "p1", "host-a:10", key1, ttl); rank != 0 || n != 1 || err != nil {
		t.Fatalf("first process: %d of %d, %v", rank, n, err)
	}
	// p2 has not taken its lock yet: p1 does not count it.
	if rank, n, err := db.WatchHeartbeat(ctx, "p2", "host-b:20", key2, ttl); rank != 0 || n != 1 || err != nil {
		t.Fatalf("second process without its lock: %d of %d, %v", rank, n, err)
	}
	hold := func(key int64) *storage.LockSession {
		s, err := db.OpenLockSession(ctx, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		if ok, err := s.TryLock(ctx, key); !ok || err != nil {
			t.Fatalf("lock %x: %v, %v", key, ok, err)
		}
		return s
	}
	hold(key1)
	s2 := hold(key2)
	if rank, n, err := db.WatchHeartbeat(ctx, "p2", "host-b:20", key2, ttl); rank != 1 || n != 2 || err != nil {
		t.Fatalf("second process: %d of %d, %v", rank, n, err)
	}
	if err := db.SetMailboxWatchers(ctx, "p1", []string{"north", "south"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetMailboxWatchers(ctx, "p2", []string{"east"}); err != nil {
		t.Fatal(err)
	}
	// p1 hands south over to p2.
	if err := db.SetMailboxWatchers(ctx, "p1", []string{"north"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetMailboxWatchers(ctx, "p2", []string{"east", "south"}); err != nil {
		t.Fatal(err)
	}
	assertWatchers(t, db, map[string]string{"north": "host-a:10", "east": "host-b:20", "south": "host-b:20"})

	// p2's session ends: p1 counts it out as soon as the server has ended
	// its backend (a moment after the connection closes), not a TTL later.
	s2.Close()
	waitUntil(t, "p2 counted out after its session ended", func() bool {
		_, n, err := db.WatchHeartbeat(ctx, "p1", "host-a:10", key1, ttl)
		return n == 1 && err == nil
	})
	// p2 stops saying it is alive: a TTL later it is forgotten.
	if _, err := sql.Exec(ctx, `UPDATE watch_processes SET heartbeat_at = heartbeat_at - interval '2 minutes' WHERE id = 'p2'`); err != nil {
		t.Fatal(err)
	}
	if _, n, err := db.WatchHeartbeat(ctx, "p1", "host-a:10", key1, ttl); n != 1 || err != nil {
		t.Fatalf("after the second went silent: %d, %v", n, err)
	}
	assertWatchers(t, db, map[string]string{"north": "host-a:10"})

	if err := db.LeaveWatch(ctx, "p1"); err != nil {
		t.Fatal(err)
	}
	assertWatchers(t, db, map[string]string{})
	if rank, n, err := db.WatchHeartbeat(ctx, "p0", "host-c:30", 3, ttl); rank != 0 || n != 1 || err != nil {
		t.Fatalf("after the first left: %d of %d, %v", rank, n, err)
	}
}

func assertWatchers(t *testing.T, db *storage.DB, want map[string]string) {
	t.Helper()
	ws, err := db.MailboxWatchers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, w := range ws {
		got[w.Account] = w.Process
	}
	if len(got) != len(want) {
		t.Fatalf("watchers %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("watchers %v, want %v", got, want)
		}
	}
}
