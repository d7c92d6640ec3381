package web

import (
	"net"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// loginLimiter counts failed sign-ins by key (an address, an account) in a
// sliding window. It lives in the process: with several claimdesk processes
// behind one address each counts its own share.
type loginLimiter struct {
	max    int
	window time.Duration

	mu       sync.Mutex
	failures map[string][]time.Time // oldest first, at most max
}

// limiterSweepAt is the number of keys past which a failure also drops the
// keys whose failures have all aged out, so that a spray of guesses from
// many addresses cannot grow the map without bound.
const limiterSweepAt = 10000

func newLoginLimiter(max int, window time.Duration) *loginLimiter {
	return &loginLimiter{max: max, window: window, failures: map[string][]time.Time{}}
}

// blocked reports whether key has failed too often in the window before
// now, and when it may try again.
func (l *loginLimiter) blocked(key string, now time.Time) (retryAfter time.Duration, blocked bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fs := l.recent(key, now)
	if len(fs) < l.max {
		return 0, false
	}
	return fs[0].Add(l.window).Sub(now), true
}

// fail records a failed attempt for key at now.
func (l *loginLimiter) fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fs := append(l.recent(key, now), now)
	if len(fs) > l.max {
		fs = fs[len(fs)-l.max:]
	}
	l.failures[key] = fs
	if len(l.failures) > limiterSweepAt {
		for k := range l.failures {
			if len(l.recent(k, now)) == 0 {
				delete(l.failures, k)
			}
		}
	}
}

// reset forgets key's failures: its owner proved who they are.
func (l *loginLimiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}

// recent returns key's failures inside the window, dropping older ones.
// The caller holds mu.
func (l *loginLimiter) recent(key string, now time.Time) []time.Time {
	fs := l.failures[key]
	i := 0
	for i < len(fs) && !fs[i].After(now.Add(-l.window)) {
		i++
	}
	if i == len(fs) {
		delete(l.failures, key)
		return nil
	}
	fs = fs[i:]
	l.failures[key] = fs
	return fs
}

// clientKey is the limiter key of a client's address (host or host:port,
// from clientAddr behind a proxy). An IPv6 client usually holds a whole /64,
// so that is what counts as one address.
func clientKey(addr string) string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return "ip:" + host
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return "ip:" + p.String()
	}
	return "ip:" + ip.String()
}

// accountKey is the limiter key of the account an attempt names.
func accountKey(email string) string {
	return "account:" + strings.ToLower(strings.TrimSpace(email))
}
