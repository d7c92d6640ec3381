package ingest

import (
	"context"
	"sync"
	"sync/atomic"
)

// ServerConns caps the IMAP connections a process holds open to each
// server (host:port), however many of its mailboxes the server hosts:
// servers limit connections per client address, and a process watching
// hundreds of mailboxes of one provider must stay under that limit. A
// watcher over the cap waits for another's connection to close.
type ServerConns struct {
	limit int

	mu      sync.Mutex
	servers map[string]chan struct{}
	waiting atomic.Int64
}

// NewServerConns lets limit connections (at least one) be open to each
// server at once.
func NewServerConns(limit int) *ServerConns {
	return &ServerConns{limit: max(limit, 1), servers: map[string]chan struct{}{}}
}

// acquire waits for a connection slot to server, or for ctx to end
// (false). A nil ServerConns has no cap.
func (s *ServerConns) acquire(ctx context.Context, server string) bool {
	if s == nil {
		return true
	}
	s.mu.Lock()
	slots := s.servers[server]
	if slots == nil {
		slots = make(chan struct{}, s.limit)
		s.servers[server] = slots
	}
	s.mu.Unlock()
	s.waiting.Add(1)
	defer s.waiting.Add(-1)
	select {
	case slots <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

// release gives back a slot acquired for server.
func (s *ServerConns) release(server string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	slots := s.servers[server]
	s.mu.Unlock()
	<-slots
}

// Open is how many connections to server are open now.
func (s *ServerConns) Open(server string) int {
	if s == nil {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.servers[server])
}

// Waiting is how many watchers wait for a connection slot now, to any
// server.
func (s *ServerConns) Waiting() int {
	if s == nil {
		return 0
	}
	return int(s.waiting.Load())
}
