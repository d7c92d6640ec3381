package main

import (
	"testing"
	"time"
)

// watchGoroutinesPerMailbox is the most goroutines one more watched
// mailbox may cost a serve process: the watcher, and its one connection's
// IMAP reader and IDLE command's (Sent is looked at on the same
// connection), nothing else.
const watchGoroutinesPerMailbox = 3

// TestWatchGoroutinesPerMailbox starts serve on a few mailboxes and on
// more, and checks what each further mailbox costs in goroutines once all
// are watched and caught up: memory per mailbox is mostly their stacks.
func TestWatchGoroutinesPerMailbox(t *testing.T) {
	const few, more = 4, 24
	small := goroutinesWatching(t, few)
	large := goroutinesWatching(t, more)
	per := (large - small) / (more - few)
	t.Logf("%.0f goroutines watching %d mailboxes, %.0f watching %d: %.2f per mailbox", small, few, large, more, per)
	// A few goroutines of the rest come and go; a whole one per mailbox
	// more is 20 across the difference.
	if per > watchGoroutinesPerMailbox+0.6 {
		t.Errorf("each mailbox costs %.2f goroutines, want at most %d", per, watchGoroutinesPerMailbox)
	}
}

// goroutinesWatching is the fewest goroutines a serve process watching n
// mailboxes runs over a few samples, once they are all caught up and their
// messages processed: the queue's workers come and go meanwhile.
func goroutinesWatching(t *testing.T, n int) float64 {
	t.Helper()
	r := startWatching(t, n)
	fewest := readMetrics(t, r.base)["go_goroutines"]
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for range 10 {
		<-tick.C
		fewest = min(fewest, readMetrics(t, r.base)["go_goroutines"])
	}
	r.proc.kill()
	return fewest
}
