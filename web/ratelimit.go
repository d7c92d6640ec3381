package web

import (
	"net"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// Sign-in limits. Every attempt reserves a place under two keys before its
// password is checked, atomically: its client address, and the account it
// names (or, from a browser that signed in to that account before, that
// browser: see device.go). A key with max reservations in the window turns
// further attempts away unchecked, however many arrive at once. A right
// password gives its place back; a wrong one keeps it until it ages out.
//
// So at most max guesses per client address, and at most max per account
// from browsers not known to it, are ever checked per window. A stranger who
// spends an account's allowance locks out only new browsers: its owner's
// usual browsers keep their own allowance.

// loginLimiter counts sign-in attempts by key in a sliding window. It lives
// in the process: with several claimdesk processes behind one address each
// counts its own share.
type loginLimiter struct {
	max    int
	window time.Duration

	mu       sync.Mutex
	attempts map[string][]time.Time // oldest first, at most max
}

// limiterSweepAt is the number of keys past which an attempt also drops the
// keys whose attempts have all aged out, so that a spray of guesses from
// many addresses cannot grow the map without bound.
const limiterSweepAt = 10000

func newLoginLimiter(max int, window time.Duration) *loginLimiter {
	return &loginLimiter{max: max, window: window, attempts: map[string][]time.Time{}}
}

// reservation is one attempt's place under its keys.
type reservation struct {
	l    *loginLimiter
	keys []string
	at   time.Time
}

// reserve takes a place at now under every key, or under none when one of
// them is full: then it says which and when it frees up.
func (l *loginLimiter) reserve(now time.Time, keys ...string) (res *reservation, fullKey string, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if as := l.recent(k, now); len(as) >= l.max {
			return nil, k, as[0].Add(l.window).Sub(now)
		}
	}
	for _, k := range keys {
		l.attempts[k] = append(l.recent(k, now), now)
	}
	if len(l.attempts) > limiterSweepAt {
		for k := range l.attempts {
			l.recent(k, now)
		}
	}
	return &reservation{l: l, keys: keys, at: now}, "", 0
}

// refund gives the reservation's places back: its password was right.
func (r *reservation) refund() {
	l := r.l
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range r.keys {
		as := l.attempts[k]
		for i := len(as) - 1; i >= 0; i-- {
			if as[i].Equal(r.at) {
				l.attempts[k] = append(as[:i:i], as[i+1:]...)
				break
			}
		}
		if len(l.attempts[k]) == 0 {
			delete(l.attempts, k)
		}
	}
}

// recent returns key's attempts inside the window, dropping older ones.
// The caller holds mu.
func (l *loginLimiter) recent(key string, now time.Time) []time.Time {
	as := l.attempts[key]
	i := 0
	for i < len(as) && !as[i].After(now.Add(-l.window)) {
		i++
	}
	if i == len(as) {
		delete(l.attempts, key)
		return nil
	}
	as = as[i:]
	l.attempts[key] = as
	return as
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

// accountKey is the limiter key of the account an attempt names, from a
// browser the account does not know.
func accountKey(email string) string {
	return "account:" + strings.ToLower(strings.TrimSpace(email))
}

// keyKind names a limiter key's kind for logs (the key itself holds what
// was typed in the email field).
func keyKind(key string) string {
	kind, _, _ := strings.Cut(key, ":")
	return kind
}
