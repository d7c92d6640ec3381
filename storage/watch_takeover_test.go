package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// A process silent past the TTL has its lock session ended, and its
// mailbox locks with it, though its connection was open; a process that
// still speaks keeps its session, as does the one asking.
func TestEndSilentWatchersEndsTheSilentOnesSession(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, sql := openDBAndSQL(t)
	const ttl = 30 * time.Second
	const mailboxKey int64 = 0x42
	sessions := watchingProcesses(t, db, ttl, "self", "silent", "speaking")
	if ok, err := sessions["silent"].TryLock(ctx, mailboxKey); !ok || err != nil {
		t.Fatalf("silent's mailbox lock: %v, %v", ok, err)
	}
	// Stopped 31 s ago, and the asking process too old by the same: only
	// the others are ended.
	if _, err := sql.Exec(ctx, `UPDATE watch_processes SET heartbeat_at = heartbeat_at - interval '31 seconds'
		WHERE id IN ('silent', 'self')`); err != nil {
		t.Fatal(err)
	}
	if n, err := db.EndSilentWatchers(ctx, "self", ttl); n != 1 || err != nil {
		t.Fatalf("ended %d sessions (%v), want the silent one", n, err)
	}
	select {
	case <-sessions["silent"].Lost():
	case <-time.After(10 * time.Second):
		t.Fatal("the silent process's session still lives 10s after it was ended")
	}
	for _, id := range []string{"self", "speaking"} {
		if err := sessions[id].Err(); err != nil {
			t.Errorf("%s's session lost: %v", id, err)
		}
	}
	// Its mailbox is free for the others now.
	waitUntil(t, "the silent process's mailbox lock freed", func() bool {
		ok, err := sessions["speaking"].TryLock(ctx, mailboxKey)
		return ok && err == nil
	})
}

// A heartbeat that comes between a process falling silent and the ending
// of silent sessions keeps the silent process listed while its lock is
// held, so that its session is still ended: forgotten, it would hold its
// mailboxes' locks for as long as its connection lived.
func TestHeartbeatKeepsSilentProcessUntilItsSessionEnds(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, sql := openDBAndSQL(t)
	const ttl = 30 * time.Second
	watchingProcesses(t, db, ttl, "self", "silent")
	if _, err := sql.Exec(ctx, `UPDATE watch_processes SET heartbeat_at = heartbeat_at - interval '31 seconds'
		WHERE id = 'silent'`); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.WatchHeartbeat(ctx, "self", "self:1", processTestKey(0), ttl); err != nil {
		t.Fatal(err)
	}
	if n, err := db.EndSilentWatchers(ctx, "self", ttl); n != 1 || err != nil {
		t.Fatalf("ended %d sessions (%v) after a heartbeat passed the silent process, want 1", n, err)
	}
}

// watchingProcesses starts a process for each id, as a WatchShare does: a
// lock session holding the process's own lock, and a heartbeat.
func watchingProcesses(t *testing.T, db *storage.DB, ttl time.Duration, ids ...string) map[string]*storage.LockSession {
	t.Helper()
	ctx := t.Context()
	sessions := map[string]*storage.LockSession{}
	for i, id := range ids {
		s, err := db.OpenLockSession(ctx, 20*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		if ok, err := s.TryLock(ctx, processTestKey(i)); !ok || err != nil {
			t.Fatalf("lock of %s: %v, %v", id, ok, err)
		}
		if _, _, err := db.WatchHeartbeat(ctx, id, id+":1", processTestKey(i), ttl); err != nil {
			t.Fatal(err)
		}
		sessions[id] = s
	}
	return sessions
}

// processTestKey is the lock key of the i-th process watchingProcesses starts.
func processTestKey(i int) int64 { return int64(-1000 - i) }
