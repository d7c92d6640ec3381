package mailbox

import (
	"net"
	"time"
)

// The kernel's own watch on a mailbox connection, under the watcher's
// IDLE liveness check: after 30 s of silence it sends TCP keepalive probes
// every 10 s, and it gives up on a connection whose probes or data stay
// unacknowledged for a minute (TCP_USER_TIMEOUT, on Linux). A peer that
// vanished is then noticed even while claimdesk sends nothing.
const (
	keepAliveIdle     = 30 * time.Second
	keepAliveInterval = 10 * time.Second
	keepAliveCount    = 3
	tcpUserTimeout    = time.Minute
)

// imapDialer dials mailbox servers with those settings.
func imapDialer() *net.Dialer {
	return &net.Dialer{
		Timeout: 30 * time.Second,
		KeepAliveConfig: net.KeepAliveConfig{
			Enable: true, Idle: keepAliveIdle, Interval: keepAliveInterval, Count: keepAliveCount,
		},
		Control: setUserTimeout,
	}
}
