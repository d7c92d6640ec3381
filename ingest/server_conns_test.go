package ingest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/storage"
)

// runBox runs an INBOX watcher on its own mailbox (by Key) of acct until
// stop is called or the test ends; randN, when set, draws its reconnect
// delays.
func (b *watchBundle) runBox(t *testing.T, acct mailbox.Account, key string, cfg WatcherConfig, randN func(int64) int64) (ch <-chan CatchUp, stop func()) {
	t.Helper()
	acct.Key = key
	cfg.TempDir = t.TempDir()
	w := NewWatcher(acct, "INBOX", storage.RoleInbox, b.db, b.blobs, b.queue, cfg, testenv.Logger(t))
	if randN != nil {
		w.randN = randN
	}
	c := make(chan CatchUp, 100)
	w.NotifyCatchUp(c)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); w.RunHeld(ctx) }()
	stop = func() { cancel(); <-done }
	t.Cleanup(stop)
	return c, stop
}

// A connection that worked and dropped is opened again after BackoffMin
// and a random part of ReconnectSpread: drawn for the hundreds of
// watchers of a server that restarted, they come back over the whole
// window, a few in each second, not all in the same one.
func TestReconnectDelaysSpreadOverTheWindow(t *testing.T) {
	t.Parallel()
	cfg := WatcherConfig{}.withDefaults()
	r := rand.New(rand.NewPCG(24, 3))
	perSecond := map[int]int{}
	for range 300 {
		d := cfg.reconnectDelay(r.Int64N)
		if d < cfg.BackoffMin || d >= cfg.BackoffMin+cfg.ReconnectSpread {
			t.Fatalf("delay %s outside [%s, %s)", d, cfg.BackoffMin, cfg.BackoffMin+cfg.ReconnectSpread)
		}
		perSecond[int(d/time.Second)]++
	}
	if len(perSecond) < 10 {
		t.Errorf("300 reconnects fell in %d seconds, want spread over 10: %v", len(perSecond), perSecond)
	}
	for s, n := range perSecond {
		if n > 50 {
			t.Errorf("%d of 300 reconnects in second %d, want about 30", n, s)
		}
	}
}

// When the server drops every connection at once, the watchers reconnect
// one after the other over the spread their delays draw, and never more
// log in at once than the process's login gate lets through.
func TestDroppedWatchersReconnectSpreadAndGated(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	proxy := newCutProxy(t, b.server.Addr)
	acct := b.acct
	acct.Host = proxy.addr
	const boxes = 8
	const spread = 1600 * time.Millisecond
	gate := NewLoginGate(2)
	cfg := WatcherConfig{BackoffMin: 10 * time.Millisecond, ReconnectSpread: spread, Logins: gate}
	var chans []<-chan CatchUp
	for i := range boxes {
		// Watcher i draws i/boxes of the window: the spread the random
		// source gives hundreds, laid out evenly.
		ch, _ := b.runBox(t, acct, fmt.Sprintf("box-%d", i), cfg, func(n int64) int64 { return n * int64(i) / boxes })
		chans = append(chans, ch)
	}
	for _, ch := range chans {
		waitPass(t, ch)
	}
	proxy.cut()
	cut := time.Now()
	for _, ch := range chans {
		waitPass(t, ch)
	}
	var again []time.Duration
	for _, at := range proxy.acceptedAt() {
		if at.After(cut) {
			again = append(again, at.Sub(cut))
		}
	}
	slices.Sort(again)
	if len(again) != boxes {
		t.Fatalf("%d reconnects after the cut, want %d", len(again), boxes)
	}
	if span := again[boxes-1] - again[0]; span < spread*(boxes-1)/boxes*8/10 {
		t.Errorf("reconnects came within %s of each other, want spread over about %s: %v", span, spread*(boxes-1)/boxes, again)
	}
	if p := gate.peak.Load(); p > 2 {
		t.Errorf("%d logins ran at once, want at most the gate's 2", p)
	}
}

// A process opens no more connections to one server than its cap: the
// mailbox beyond it waits, and is watched once another's connection
// closes.
func TestWatchersWaitForAServerConnection(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	proxy := newCutProxy(t, b.server.Addr)
	acct := b.acct
	acct.Host = proxy.addr
	conns := NewServerConns(2)
	cfg := WatcherConfig{BackoffMin: 10 * time.Millisecond, Conns: conns}
	first, stopFirst := b.runBox(t, acct, "box-1", cfg, nil)
	second, _ := b.runBox(t, acct, "box-2", cfg, nil)
	waitPass(t, first)
	waitPass(t, second)
	third, _ := b.runBox(t, acct, "box-3", cfg, nil)
	deadline := time.After(30 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for conns.Waiting() != 1 {
		select {
		case c := <-third:
			t.Fatalf("a third mailbox was watched (%+v) over the cap of 2 connections", c)
		case <-deadline:
			t.Fatal("the third mailbox never waited for a connection within 30s")
		case <-tick.C:
		}
	}
	if n := conns.Open(proxy.addr); n != 2 {
		t.Errorf("%d connections open to the server, want 2", n)
	}
	stopFirst()
	waitPass(t, third)
	if n := proxy.accepted(); n != 3 {
		t.Errorf("%d connections made, want 3", n)
	}
}
