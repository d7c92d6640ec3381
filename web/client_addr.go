package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// trustedProxies are the reverse proxies whose X-Forwarded-For header is
// believed. Anyone can send the header, so it counts only when the
// connection itself comes from one of them.
type trustedProxies []netip.Prefix

func (t trustedProxies) contains(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range t {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientAddr returns the address of whoever sent r, without its port: the
// connection's peer, or, when the peer is a trusted proxy, the rightmost
// X-Forwarded-For entry that is not itself a trusted proxy. Entries left of
// that one were written by the client and prove nothing.
func (t trustedProxies) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	client := peer.WithZone("").Unmap()
	if len(t) == 0 || !t.contains(client) {
		return client.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseForwardedAddr(hops[i])
		if !ok {
			continue
		}
		client = a
		if !t.contains(a) {
			break
		}
	}
	return client.String()
}

// parseForwardedAddr parses one X-Forwarded-For entry. Some proxies add the
// port ("192.0.2.1:4711", "[2001:db8::1]:4711") or brackets alone.
func parseForwardedAddr(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	a, err := netip.ParseAddr(s)
	if err != nil {
		ap, perr := netip.ParseAddrPort(s)
		if perr != nil {
			if !strings.HasPrefix(s, "[") || !strings.HasSuffix(s, "]") {
				return netip.Addr{}, false
			}
			if a, err = netip.ParseAddr(s[1 : len(s)-1]); err != nil {
				return netip.Addr{}, false
			}
		} else {
			a = ap.Addr()
		}
	}
	return a.WithZone("").Unmap(), true
}
