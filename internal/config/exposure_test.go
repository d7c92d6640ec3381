package config

import (
	"net"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func TestExposureSettings(t *testing.T) {
	c, err := load(t, map[string]string{
		"CLAIMDESK_PUBLIC_URL":      "HTTPS://Claims.Office.example/",
		"CLAIMDESK_TRUSTED_PROXIES": "127.0.0.1, 10.1.2.3/8 ,fd00::/8,::ffff:172.16.0.0/108",
		"CLAIMDESK_TLS_CERT":        "/etc/letsencrypt/live/claims/fullchain.pem",
		"CLAIMDESK_TLS_KEY":         "/etc/letsencrypt/live/claims/privkey.pem",
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.PublicURL.String(); got != "https://claims.office.example" {
		t.Errorf("public URL %q", got)
	}
	want := []netip.Prefix{
		netip.MustParsePrefix("127.0.0.1/32"),
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("fd00::/8"),
		netip.MustParsePrefix("172.16.0.0/12"),
	}
	if !slices.Equal(c.TrustedProxies, want) {
		t.Errorf("trusted proxies %v, want %v", c.TrustedProxies, want)
	}
	if got := c.DashboardURL("0.0.0.0:443"); got != "https://claims.office.example/" {
		t.Errorf("dashboard URL %q, want the public URL", got)
	}
}

func TestDashboardURLWithoutPublicURL(t *testing.T) {
	c, err := load(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.DashboardURL("127.0.0.1:8080"); got != "http://127.0.0.1:8080/" {
		t.Errorf("plain HTTP: %q", got)
	}
	c, err = load(t, nil, "--tls-cert", "cert.pem", "--tls-key", "key.pem")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.DashboardURL("127.0.0.1:8443"); got != "https://127.0.0.1:8443/" {
		t.Errorf("own TLS: %q", got)
	}
}

func TestExposureErrorsNameTheVariable(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"certificate without key", map[string]string{"CLAIMDESK_TLS_CERT": "cert.pem"}, "CLAIMDESK_TLS_CERT and CLAIMDESK_TLS_KEY: set both"},
		{"key without certificate", map[string]string{"CLAIMDESK_TLS_KEY": "key.pem"}, "CLAIMDESK_TLS_CERT and CLAIMDESK_TLS_KEY: set both"},
		{"bad CIDR", map[string]string{"CLAIMDESK_TRUSTED_PROXIES": "10.0.0.0/8, 10.0.0.0/33"}, `CLAIMDESK_TRUSTED_PROXIES: "10.0.0.0/33" is not an address or CIDR`},
		{"host name", map[string]string{"CLAIMDESK_TRUSTED_PROXIES": "proxy.internal"}, `CLAIMDESK_TRUSTED_PROXIES: "proxy.internal" is not an address or CIDR`},
		{"everyone trusted", map[string]string{"CLAIMDESK_TRUSTED_PROXIES": "0.0.0.0/0"}, "CLAIMDESK_TRUSTED_PROXIES: \"0.0.0.0/0\" trusts every address"},
		{"not http", map[string]string{"CLAIMDESK_PUBLIC_URL": "ftp://claims.office.example"}, "CLAIMDESK_PUBLIC_URL: want http(s)://host[:port]"},
		{"no scheme", map[string]string{"CLAIMDESK_PUBLIC_URL": "claims.office.example"}, "CLAIMDESK_PUBLIC_URL: want http(s)://host[:port]"},
		{"with a path", map[string]string{"CLAIMDESK_PUBLIC_URL": "https://office.example/claims"}, "CLAIMDESK_PUBLIC_URL: want http(s)://host[:port]"},
		{"http with own TLS", map[string]string{"CLAIMDESK_PUBLIC_URL": "http://claims.office.example", "CLAIMDESK_TLS_CERT": "c", "CLAIMDESK_TLS_KEY": "k"}, "CLAIMDESK_PUBLIC_URL: http://claims.office.example is http:// but CLAIMDESK_TLS_CERT serves HTTPS"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(t, tc.env)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
			if strings.Count(err.Error(), "\n") != 0 {
				t.Errorf("more than one line: %q", err)
			}
		})
	}
}

func TestPlainHTTPExposed(t *testing.T) {
	plain, err := load(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	proxied, err := load(t, map[string]string{"CLAIMDESK_PUBLIC_URL": "https://claims.office.example"})
	if err != nil {
		t.Fatal(err)
	}
	tls, err := load(t, nil, "--tls-cert", "cert.pem", "--tls-key", "key.pem")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		c    *Config
		addr string
		want bool
	}{
		{plain, "127.0.0.1:8080", false},
		{plain, "[::1]:8080", false},
		{plain, "0.0.0.0:8080", true},
		{plain, "[::]:8080", true},
		{plain, "192.168.1.20:8080", true},
		{proxied, "0.0.0.0:8080", false},
		{tls, "0.0.0.0:443", false},
	} {
		addr, err := net.ResolveTCPAddr("tcp", tc.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := tc.c.PlainHTTPExposed(addr); got != tc.want {
			t.Errorf("%s with public URL %v, TLS %q: %v, want %v", tc.addr, tc.c.PublicURL, tc.c.TLSCertFile, got, tc.want)
		}
	}
}
