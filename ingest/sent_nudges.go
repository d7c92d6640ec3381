package ingest

import "sync"

// SentNudges lets this process's outbox tell a mailbox's watcher that it
// has just filed a reply in the mailbox's Sent folder: the watcher looks
// at Sent at once instead of at its next SentPoll, so a reply sent from
// the dashboard answers its message within a second or two. Replies filed
// by anyone else (another process, the office's mail program) are found
// at the next SentPoll.
type SentNudges struct {
	mu       sync.Mutex
	watchers map[string]chan<- struct{} // by account name
}

// NewSentNudges makes an empty set of watchers to nudge.
func NewSentNudges() *SentNudges {
	return &SentNudges{watchers: map[string]chan<- struct{}{}}
}

// Nudge tells the watcher of account, if this process runs one, to look at
// its Sent folder now. It never blocks.
func (n *SentNudges) Nudge(account string) {
	if n == nil {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if ch := n.watchers[account]; ch != nil {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// listen sends nudges of account on ch until the returned func is called.
func (n *SentNudges) listen(account string, ch chan<- struct{}) (stop func()) {
	if n == nil {
		return func() {}
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.watchers[account] = ch
	return func() {
		n.mu.Lock()
		defer n.mu.Unlock()
		if n.watchers[account] == ch {
			delete(n.watchers, account)
		}
	}
}
