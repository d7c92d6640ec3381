package ingest

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// idleHealth is a HealthRecorder that keeps what it hears.
type idleHealth struct {
	mu        sync.Mutex
	connected int
	failures  []error
}

func (h *idleHealth) Connected(string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.connected++
}

func (h *idleHealth) Failed(_, _ string, err error, _ time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.failures = append(h.failures, err)
}

func (h *idleHealth) snapshot() (connected int, failures []error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.connected, append([]error(nil), h.failures...)
}

// waitProxy waits until the proxy's counts satisfy ok.
func waitProxy(t *testing.T, p *testenv.TCPProxy, what string, ok func(testenv.ProxyStats) bool) {
	t.Helper()
	deadline := time.After(60 * time.Second)
	for {
		st, changed := p.Stats()
		if ok(st) {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("proxy never showed %s: %+v", what, st)
		}
	}
}

// TestWatcherNoticesABlackHoledConnection: the path to the server dies
// without a word while the watcher idles; mail delivered then is fetched
// over a new connection within LivenessInterval + LivenessTimeout (plus
// a reconnect), not at the next IDLE renewal an hour later.
func TestWatcherNoticesABlackHoledConnection(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	proxy := testenv.StartTCPProxy(t, b.server.Addr)
	health := &idleHealth{}
	acct := b.acct
	acct.Host, acct.Health = proxy.Addr, health
	cfg := WatcherConfig{
		IdleRestart:      time.Hour, // were the liveness check missing, the test would time out
		LivenessInterval: 300 * time.Millisecond,
		LivenessTimeout:  time.Second,
	}
	ch := b.startWatcher(t, acct, "INBOX", storage.RoleInbox, cfg)
	waitPass(t, ch)

	if n := proxy.BlackHole(); n != 1 {
		t.Fatalf("black-holed %d connections, want the watcher's one", n)
	}
	holed := time.Now()
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "INBOX",
		[]testenv.AppendMessage{{Raw: sampleMessage(1)}})
	waitUID(t, ch, 1)
	took := time.Since(holed)

	// The bound: the quiet interval, the unanswered round trip, and a
	// reconnect (backoff, login, select, fetch) on a busy test machine.
	if bound := cfg.LivenessInterval + cfg.LivenessTimeout + 15*time.Second; took > bound {
		t.Errorf("mail after the black hole stored after %s, want within %s", took.Round(time.Millisecond), bound)
	}
	if st, _ := proxy.Stats(); st.Forwarded < 2 {
		t.Errorf("stored without a new connection: %+v", st)
	}
	// The dead connection was given up, not left open.
	waitProxy(t, proxy, "the black-holed connection closed", func(st testenv.ProxyStats) bool { return st.Open == 1 })
	if n := b.count(t, `SELECT count(*) FROM messages`); n != 1 {
		t.Fatalf("stored %d messages, want 1", n)
	}
	connected, failures := health.snapshot()
	if connected < 2 || len(failures) == 0 || !errors.Is(failures[0], errNoAnswer) {
		t.Errorf("health heard %d logins and failures %v; want a reconnect after an unanswered IDLE", connected, failures)
	}
}

// TestWatcherHealthyIdleIsOnlyRenewed: on a healthy connection the
// liveness check only ends and re-issues IDLE, at most once per
// LivenessInterval: no reconnect, no extra pass over the folder, no
// failure reported, and new mail still arrives over the same connection.
func TestWatcherHealthyIdleIsOnlyRenewed(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	proxy := testenv.StartTCPProxy(t, b.server.Addr)
	health := &idleHealth{}
	acct := b.acct
	acct.Host, acct.Health = proxy.Addr, health
	const interval = 100 * time.Millisecond
	const rounds = 10
	cfg := WatcherConfig{TempDir: t.TempDir(), BackoffMin: 10 * time.Millisecond,
		IdleRestart: time.Hour, LivenessInterval: interval, LivenessTimeout: 10 * time.Second}

	w := NewWatcher(acct, "INBOX", storage.RoleInbox, b.db, b.blobs, b.queue, cfg, testenv.Logger(t))
	ch := make(chan CatchUp, 100)
	w.NotifyCatchUp(ch)
	var checks atomic.Int32
	enough := make(chan struct{})
	w.livenessChecked = func() {
		if checks.Add(1) == rounds {
			close(enough)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); w.RunHeld(ctx) }()
	t.Cleanup(func() { cancel(); <-done })

	waitPass(t, ch)
	start := time.Now()
	select {
	case <-enough:
	case <-time.After(60 * time.Second):
		t.Fatalf("%d liveness round trips within 60s, want %d", checks.Load(), rounds)
	}
	if took := time.Since(start); took < (rounds-1)*interval {
		t.Errorf("%d round trips in %s: more often than every %s", rounds, took, interval)
	}
	if st, _ := proxy.Stats(); st.Forwarded != 1 {
		t.Errorf("a healthy idle reconnected: %+v", st)
	}
	select {
	case c := <-ch:
		t.Errorf("an extra pass over the folder during a quiet idle: %+v", c)
	default:
	}
	if connected, failures := health.snapshot(); connected != 1 || len(failures) != 0 {
		t.Errorf("health heard %d logins and failures %v; want one login, no failure", connected, failures)
	}

	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "INBOX",
		[]testenv.AppendMessage{{Raw: sampleMessage(1)}})
	waitUID(t, ch, 1)
	if st, _ := proxy.Stats(); st.Forwarded != 1 {
		t.Errorf("new mail came over a new connection: %+v", st)
	}
}
