package ingest

import (
	"context"
	"sync/atomic"
)

// LoginGate caps how many of a process's watchers log in at once. A process
// that starts (or takes over) hundreds of mailboxes would otherwise open
// hundreds of connections to the same servers in the same second, which
// servers answer with refusals or throttling, and reconnect storms after an
// outage the same way; the gate lets a few through at a time, the rest
// waiting their turn.
type LoginGate struct {
	slots   chan struct{}
	waiting atomic.Int64
	// peak is the most logins that ran at once.
	peak atomic.Int64
}

// DefaultLogins is how many logins a serve process runs at once.
const DefaultLogins = 8

// NewLoginGate lets n logins run at once (at least one).
func NewLoginGate(n int) *LoginGate {
	return &LoginGate{slots: make(chan struct{}, max(n, 1))}
}

// enter waits for a slot, or for ctx to end (false). A nil gate lets
// everyone through.
func (g *LoginGate) enter(ctx context.Context) bool {
	if g == nil {
		return true
	}
	g.waiting.Add(1)
	defer g.waiting.Add(-1)
	select {
	case g.slots <- struct{}{}:
		n := int64(len(g.slots))
		for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); p = g.peak.Load() {
		}
		return true
	case <-ctx.Done():
		return false
	}
}

// leave gives the slot back.
func (g *LoginGate) leave() {
	if g != nil {
		<-g.slots
	}
}

// Waiting is how many logins wait for a slot now.
func (g *LoginGate) Waiting() int {
	if g == nil {
		return 0
	}
	return int(g.waiting.Load())
}
