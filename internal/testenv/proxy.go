package testenv

import (
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"testing"
)

// TCPProxy forwards connections made to Addr (on loopback) to a target
// server, and can cut them the way a network failure does (Cut), or
// black-hole them the way a NAT timeout or a firewall dropping state does
// (BlackHole): the tests of reconnection put it between claimdesk and a
// server.
type TCPProxy struct {
	// Addr is where clients connect, host:port on 127.0.0.1.
	Addr string

	target string
	ln     net.Listener

	mu        sync.Mutex
	conns     map[net.Conn]*link // both ends of every forwarded connection
	refusing  bool
	forwarded int // connections forwarded so far
	refused   int // connections closed on arrival while refusing
	changed   chan struct{}
	wg        sync.WaitGroup
}

// StartTCPProxy listens on a free loopback port and forwards every
// connection to target. It stops when the test ends.
func StartTCPProxy(t testing.TB, target string) *TCPProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("proxy: %v", err)
	}
	p := &TCPProxy{
		Addr: ln.Addr().String(), target: target, ln: ln,
		conns: map[net.Conn]*link{}, changed: make(chan struct{}),
	}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.close)
	return p
}

func (p *TCPProxy) accept() {
	defer p.wg.Done()
	for {
		client, err := p.ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil {
			continue
		}
		p.mu.Lock()
		refusing := p.refusing
		if refusing {
			p.refused++
			p.signal()
		}
		p.mu.Unlock()
		if refusing {
			// Accepted and closed at once: the client sees the server go
			// away before its greeting, as when a server is unreachable.
			client.Close()
			continue
		}
		p.wg.Add(1)
		go p.forward(client)
	}
}

func (p *TCPProxy) forward(client net.Conn) {
	defer p.wg.Done()
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		client.Close()
		return
	}
	p.mu.Lock()
	if p.refusing {
		// Cut between accept and dial: refuse this one too.
		p.mu.Unlock()
		client.Close()
		server.Close()
		return
	}
	l := &link{}
	p.conns[client], p.conns[server] = l, l
	p.forwarded++
	p.signal()
	p.mu.Unlock()

	var pipes sync.WaitGroup
	pipes.Add(2)
	pipe := func(dst, src net.Conn) {
		defer pipes.Done()
		l.copy(dst, src)
		// One direction ended: the connection is over for both.
		dst.Close()
		src.Close()
	}
	go pipe(server, client)
	go pipe(client, server)
	pipes.Wait()

	p.mu.Lock()
	delete(p.conns, client)
	delete(p.conns, server)
	p.signal()
	p.mu.Unlock()
}

// link is one forwarded connection.
type link struct {
	// blackHoled: bytes are read and dropped in both directions, and
	// neither end is closed, as when the path between them silently dies.
	blackHoled atomic.Bool
}

// copy forwards src to dst until either fails, dropping what it reads
// once the link is black-holed.
func (l *link) copy(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && !l.blackHoled.Load() {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// signal wakes Wait callers; p.mu must be held.
func (p *TCPProxy) signal() {
	close(p.changed)
	p.changed = make(chan struct{})
}

// Cut closes every forwarded connection, both ends, and returns how many
// client connections it cut.
func (p *TCPProxy) Cut() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
	}
	return len(p.conns) / 2
}

// BlackHole stops forwarding bytes on every open connection, both ways,
// without closing either end, and returns how many client connections it
// black-holed. The client learns of it only by its own timeouts; when it
// closes its end, the proxy closes the server's. New connections are
// forwarded as usual.
func (p *TCPProxy) BlackHole() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, l := range p.conns {
		l.blackHoled.Store(true)
	}
	return len(p.conns) / 2
}

// Refuse makes new connections close at once (true) or be forwarded again
// (false). Connections already open are not affected: Cut those.
func (p *TCPProxy) Refuse(refuse bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.refusing = refuse
}

// ProxyStats counts a proxy's connections since it started.
type ProxyStats struct {
	Forwarded int // connections forwarded to the target
	Refused   int // connections closed on arrival while refusing
	Open      int // forwarded connections still open
}

// Stats returns the proxy's counts, and a channel closed when they next change.
func (p *TCPProxy) Stats() (ProxyStats, <-chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return ProxyStats{Forwarded: p.forwarded, Refused: p.refused, Open: len(p.conns) / 2}, p.changed
}

func (p *TCPProxy) close() {
	p.ln.Close()
	p.Cut()
	p.wg.Wait()
}
