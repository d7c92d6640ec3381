package web

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func mustURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func cookieNamed(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// TestPublicHTTPSURLBehindAPlainHTTPProxy plays a TLS-terminating proxy that
// talks plain HTTP to claimdesk and passes its own address as Host, and an
// older browser that sends Origin but not Sec-Fetch-Site.
func TestPublicHTTPSURLBehindAPlainHTTPProxy(t *testing.T) {
	t.Parallel()
	const public = "https://claims.office.example"
	b, _ := setupWith(t, Options{PublicURL: mustURL(t, public)})
	b.addUser(t, "dana@office.example", "correct horse battery")
	// No cookie jar: a jar keeps Secure cookies away from http:// URLs,
	// which is right for browsers but this test is the proxy.
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	resp, body := b.do(t, c, "GET", "/login", nil, nil)
	if got := resp.Header.Get("Strict-Transport-Security"); got != "max-age=31536000" {
		t.Errorf("Strict-Transport-Security %q", got)
	}
	formCookie := cookieNamed(resp, loginCSRFCookie)
	if formCookie == nil || !formCookie.Secure {
		t.Fatalf("sign-in form cookie %v, want Secure", formCookie)
	}
	m := csrfInput.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token on the sign-in page:\n%s", body)
	}
	form := url.Values{"csrf_token": {m[1]}, "email": {"dana@office.example"}, "password": {"correct horse battery"}, "next": {"/"}}

	fromSite := func(origin string, cookies ...*http.Cookie) http.Header {
		h := http.Header{"Origin": {origin}}
		for _, c := range cookies {
			h.Add("Cookie", c.Name+"="+c.Value)
		}
		return h
	}
	if resp, _ := b.do(t, c, "POST", "/login", form, fromSite("https://evil.example", formCookie)); resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-in posted from another site: %d, want 403", resp.StatusCode)
	}
	resp, body = b.do(t, c, "POST", "/login", form, fromSite(public, formCookie))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in through the proxy: %d\n%s", resp.StatusCode, body)
	}
	session := cookieNamed(resp, sessionCookie)
	if session == nil || !session.Secure || !session.HttpOnly {
		t.Fatalf("session cookie %v, want Secure and HttpOnly", session)
	}

	token := csrfInput.FindStringSubmatch(func() string {
		_, body := b.do(t, c, "GET", "/", nil, fromSite(public, session))
		return body
	}())
	if token == nil {
		t.Fatal("the signed-in dashboard has no form token")
	}
	resp, _ = b.do(t, c, "POST", "/logout", url.Values{"csrf_token": {token[1]}}, fromSite(public, session))
	if cleared := cookieNamed(resp, sessionCookie); resp.StatusCode != http.StatusSeeOther || cleared == nil || cleared.MaxAge >= 0 || !cleared.Secure {
		t.Errorf("sign-out: %d, cookie %v; want it cleared, Secure", resp.StatusCode, cleared)
	}

	// Without the public URL the proxy's Host does not match the browser's
	// Origin, and the cross-origin check refuses the sign-in.
	plain := setup(t)
	resp, body = plain.do(t, c, "GET", "/login", nil, nil)
	formCookie = cookieNamed(resp, loginCSRFCookie)
	if formCookie == nil || formCookie.Secure || resp.Header.Get("Strict-Transport-Security") != "" {
		t.Fatalf("without a public URL: cookie %v, HSTS %q; want neither Secure nor HSTS over http",
			formCookie, resp.Header.Get("Strict-Transport-Security"))
	}
	form.Set("csrf_token", csrfInput.FindStringSubmatch(body)[1])
	if resp, _ := plain.do(t, c, "POST", "/login", form, fromSite(public, formCookie)); resp.StatusCode != http.StatusForbidden {
		t.Errorf("without a public URL, Origin %s against the proxy's Host: %d, want 403", public, resp.StatusCode)
	}
}

func TestClientAddr(t *testing.T) {
	t.Parallel()
	proxies := trustedProxies{
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("127.0.0.1/32"),
		netip.MustParsePrefix("2001:db8:ffff::/48"),
	}
	for _, tc := range []struct {
		name    string
		proxies trustedProxies
		remote  string
		xff     []string
		want    string
	}{
		{"no proxies configured", nil, "203.0.113.5:1234", []string{"198.51.100.1"}, "203.0.113.5"},
		{"untrusted peer spoofing", proxies, "203.0.113.5:1234", []string{"198.51.100.1"}, "203.0.113.5"},
		{"trusted proxy", proxies, "10.0.0.2:5000", []string{"198.51.100.1"}, "198.51.100.1"},
		{"trusted proxy, no header", proxies, "10.0.0.2:5000", nil, "10.0.0.2"},
		{"client's own entry left of the proxy's", proxies, "127.0.0.1:5000", []string{"6.6.6.6, 198.51.100.1"}, "198.51.100.1"},
		{"chain of trusted proxies", proxies, "127.0.0.1:5000", []string{"198.51.100.1, 10.1.2.3, 10.0.0.9"}, "198.51.100.1"},
		{"several header lines", proxies, "127.0.0.1:5000", []string{"6.6.6.6", "198.51.100.1, 10.0.0.9"}, "198.51.100.1"},
		{"malformed entries ignored", proxies, "127.0.0.1:5000", []string{"6.6.6.6, 198.51.100.1, not-an-ip, , 10.0.0.9"}, "198.51.100.1"},
		{"only garbage", proxies, "127.0.0.1:5000", []string{"unknown"}, "127.0.0.1"},
		{"all hops trusted", proxies, "127.0.0.1:5000", []string{"10.0.0.7, 10.0.0.9"}, "10.0.0.7"},
		{"entry with a port", proxies, "127.0.0.1:5000", []string{"198.51.100.1:4711"}, "198.51.100.1"},
		{"IPv6 entry with a port", proxies, "127.0.0.1:5000", []string{"[2001:db8:1:2::7]:4711"}, "2001:db8:1:2::7"},
		{"IPv6 entry in brackets", proxies, "127.0.0.1:5000", []string{"[2001:db8:1:2::7]"}, "2001:db8:1:2::7"},
		{"IPv4-mapped entry", proxies, "127.0.0.1:5000", []string{"::ffff:198.51.100.1"}, "198.51.100.1"},
		{"IPv6 proxy", proxies, "[2001:db8:ffff::1]:443", []string{"2001:db8:1:2::7"}, "2001:db8:1:2::7"},
		{"IPv4-mapped proxy", proxies, "[::ffff:10.0.0.2]:443", []string{"198.51.100.1"}, "198.51.100.1"},
		{"peer that is no address", proxies, "pipe", []string{"198.51.100.1"}, "pipe"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.remote
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := tc.proxies.clientAddr(r); got != tc.want {
				t.Errorf("clientAddr = %q, want %q", got, tc.want)
			}
		})
	}

	// Behind a proxy an IPv6 client still counts by its /64.
	key := func(xff string) string {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = "10.0.0.2:5000"
		r.Header.Set("X-Forwarded-For", xff)
		return clientKey(proxies.clientAddr(r))
	}
	if a, b := key("2001:db8:1:2::1"), key("2001:db8:1:2:ffff::9"); a != b {
		t.Errorf("one /64 behind the proxy: %s != %s", a, b)
	}
	if a, b := key("2001:db8:1:2::1"), key("2001:db8:1:3::1"); a == b {
		t.Errorf("two /64s behind the proxy share the key %s", a)
	}
}

// forwardedFor is the header a proxy adds for the client at addr.
func forwardedFor(addr string) http.Header {
	return http.Header{"X-Forwarded-For": {addr}}
}

// postLoginVia signs in through c, the sign-in form and post both carrying
// header (as a proxy would add them).
func (b *bundle) postLoginVia(t *testing.T, c *http.Client, header http.Header, email, password string) *http.Response {
	t.Helper()
	_, body := b.do(t, c, "GET", "/login", nil, header)
	m := csrfInput.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token on the sign-in page:\n%s", body)
	}
	resp, _ := b.do(t, c, "POST", "/login", url.Values{"csrf_token": {m[1]}, "email": {email}, "password": {password}, "next": {"/"}}, header)
	return resp
}

func TestSignInLimitCountsEachClientBehindATrustedProxy(t *testing.T) {
	t.Parallel()
	// The test's connections come over loopback, as from a proxy on the
	// same machine.
	b, logs := setupWith(t, Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	b.addUser(t, "dana@office.example", "correct horse battery")

	attacker := b.client(t)
	for i := range 10 {
		if resp := b.postLoginVia(t, attacker, forwardedFor("198.51.100.7"), "user"+strconv.Itoa(i)+"@office.example", "guess"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d, want 401", i+1, resp.StatusCode)
		}
	}
	if resp := b.postLoginVia(t, attacker, forwardedFor("198.51.100.7"), "dana@office.example", "correct horse battery"); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the guessing client, 11th attempt: %d, want 429", resp.StatusCode)
	}
	// A coordinator behind the same proxy is not locked out with it.
	if resp := b.postLoginVia(t, b.client(t), forwardedFor("203.0.113.20"), "dana@office.example", "correct horse battery"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("another client behind the proxy: %d, want 303", resp.StatusCode)
	}

	log := logs.String()
	for _, want := range []string{
		`msg="sign-in failed" email=user0@office.example known_account=false client_addr=198.51.100.7`,
		`msg="sign-in blocked" limit=ip email=dana@office.example client_addr=198.51.100.7`,
		`msg="signed in"`,
		`client_addr=203.0.113.20`,
	} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %s:\n%s", want, log)
		}
	}
	if strings.Contains(log, "client_addr=127.0.0.1") {
		t.Errorf("log names the proxy as the client:\n%s", log)
	}
}

func TestForwardedForFromAnUntrustedPeerIsIgnored(t *testing.T) {
	t.Parallel()
	// The proxy is elsewhere; this test connects directly from loopback.
	b, logs := setupWith(t, Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}})
	b.addUser(t, "dana@office.example", "correct horse battery")
	c := b.client(t)
	for i := range 10 {
		spoof := forwardedFor("198.51.100." + strconv.Itoa(i+1))
		if resp := b.postLoginVia(t, c, spoof, "user"+strconv.Itoa(i)+"@office.example", "guess"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d, want 401", i+1, resp.StatusCode)
		}
	}
	// A fresh made-up address does not reset the count.
	if resp := b.postLoginVia(t, c, forwardedFor("203.0.113.99"), "dana@office.example", "correct horse battery"); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("11th attempt under a new X-Forwarded-For: %d, want 429", resp.StatusCode)
	}
	log := logs.String()
	if !strings.Contains(log, "client_addr=127.0.0.1") || strings.Contains(log, "client_addr=198.51.100.") {
		t.Errorf("log should name the real peer, not the spoofed address:\n%s", log)
	}
}
