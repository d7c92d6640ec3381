package testenv

import (
	"bufio"
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"
)

// TestTCPProxy forwards to an echo server, cuts the connection, refuses a
// new one, and forwards again once refusing stops.
func TestTCPProxy(t *testing.T) {
	t.Parallel()
	p := StartTCPProxy(t, echoServer(t))

	c := dialProxy(t, p)
	roundTrip(t, c, "hello\n")
	if st, _ := p.Stats(); st.Forwarded != 1 || st.Open != 1 {
		t.Errorf("after one connection: %+v", st)
	}
	if n := p.Cut(); n != 1 {
		t.Errorf("Cut cut %d connections, want 1", n)
	}
	if _, err := c.Read(make([]byte, 1)); err == nil {
		t.Error("a cut connection still reads")
	}

	p.Refuse(true)
	refused := dialProxy(t, p)
	if _, err := refused.Read(make([]byte, 1)); err == nil {
		t.Error("a connection made while refusing reads")
	}
	if st, _ := p.Stats(); st.Refused != 1 {
		t.Errorf("after refusing one connection: %+v", st)
	}

	p.Refuse(false)
	roundTrip(t, dialProxy(t, p), "again\n")
	if st, _ := p.Stats(); st.Forwarded != 2 {
		t.Errorf("after forwarding again: %+v", st)
	}
}

// echoServer returns the address of a server that sends back what it
// reads, until the test ends.
func echoServer(t *testing.T) string {
	t.Helper()
	echo, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { echo.Close() })
	go func() {
		for {
			c, err := echo.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				io.Copy(c, c)
			}()
		}
	}()
	return echo.Addr().String()
}

func dialProxy(t *testing.T, p *TCPProxy) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", p.Addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	// A failure must not hang the test.
	c.SetDeadline(time.Now().Add(30 * time.Second))
	return c
}

func roundTrip(t *testing.T, c net.Conn, line string) {
	t.Helper()
	if _, err := io.WriteString(c, line); err != nil {
		t.Fatal(err)
	}
	got, err := bufio.NewReader(c).ReadString('\n')
	if err != nil || got != line {
		t.Fatalf("echo through the proxy: %q, %v; want %q", got, err, line)
	}
}

// TestTCPProxyBlackHole black-holes an open connection: nothing goes
// through either way and nothing is closed, until the client gives up;
// a new connection is forwarded as usual.
func TestTCPProxyBlackHole(t *testing.T) {
	t.Parallel()
	p := StartTCPProxy(t, echoServer(t))

	c := dialProxy(t, p)
	roundTrip(t, c, "hello\n")
	if n := p.BlackHole(); n != 1 {
		t.Fatalf("BlackHole black-holed %d connections, want 1", n)
	}
	if _, err := io.WriteString(c, "lost\n"); err != nil {
		t.Fatalf("write to a black-holed connection: %v; want it accepted, as by a dead path", err)
	}
	// Nothing comes back, and the connection is not closed either: the
	// read ends by its deadline, not by EOF.
	c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if n, err := c.Read(make([]byte, 16)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read from a black-holed connection: %d bytes, %v; want a deadline", n, err)
	}
	if st, _ := p.Stats(); st.Open != 1 {
		t.Errorf("a black-holed connection is closed: %+v", st)
	}

	roundTrip(t, dialProxy(t, p), "fresh\n")

	// The client giving up closes the server's end too.
	c.Close()
	deadline := time.After(30 * time.Second)
	for {
		st, changed := p.Stats()
		if st.Open == 1 {
			break
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("the black-holed connection stays open after the client closed it: %+v", st)
		}
	}
}
