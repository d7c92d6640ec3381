package ingest

import (
	"context"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// A watcher logs in only once its process's login gate has a slot for it.
func TestWatcherWaitsForALoginSlot(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	gate := NewLoginGate(1)
	// The test holds the only slot: the watcher must wait at the gate.
	if !gate.enter(context.Background()) {
		t.Fatal("enter")
	}
	ch := b.startWatcher(t, b.acct, "INBOX", storage.RoleInbox, WatcherConfig{Logins: gate})
	deadline := time.After(30 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for gate.Waiting() != 1 {
		select {
		case c := <-ch:
			t.Fatalf("the watcher caught up (%+v) without a login slot", c)
		case <-deadline:
			t.Fatal("the watcher never waited at the login gate within 30s")
		case <-tick.C:
		}
	}
	select {
	case c := <-ch:
		t.Fatalf("the watcher caught up (%+v) without a login slot", c)
	default:
	}
	gate.leave()
	waitPass(t, ch)
	if gate.Waiting() != 0 {
		t.Errorf("%d logins still waiting", gate.Waiting())
	}
}
