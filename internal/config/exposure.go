package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
)

// ParsePublicURL parses the address people open the dashboard at: an http or
// https origin, without a path (claimdesk serves from the root).
func ParsePublicURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, nil
	}
	bad := fmt.Errorf("want http(s)://host[:port] with nothing after it, like https://claims.office.example, got %q", raw)
	u, err := url.Parse(raw)
	if err != nil {
		return nil, bad
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return nil, bad
	}
	return &url.URL{Scheme: u.Scheme, Host: strings.ToLower(u.Host)}, nil
}

// ParseTrustedProxies parses a comma-separated list of addresses and CIDRs
// (10.0.0.0/8, 127.0.0.1, fd00::/8). A bare address stands for itself alone.
func ParseTrustedProxies(raw string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for part := range strings.SplitSeq(raw, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		var p netip.Prefix
		if strings.Contains(part, "/") {
			pp, err := netip.ParsePrefix(part)
			if err != nil {
				return nil, fmt.Errorf("%q is not an address or CIDR (like 10.0.0.0/8 or 127.0.0.1)", part)
			}
			p = pp.Masked()
		} else {
			a, err := netip.ParseAddr(part)
			if err != nil || a.Zone() != "" {
				return nil, fmt.Errorf("%q is not an address or CIDR (like 10.0.0.0/8 or 127.0.0.1)", part)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		if p.Addr().Is4In6() {
			// Clients are compared unmapped: ::ffff:10.0.0.0/104 is 10.0.0.0/8.
			if p.Bits() < 96 {
				return nil, fmt.Errorf("%q mixes IPv4 and IPv6 (write the IPv4 CIDR)", part)
			}
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		if p.Bits() == 0 {
			return nil, fmt.Errorf("%q trusts every address: anyone could then claim to be anyone", part)
		}
		out = append(out, p)
	}
	return out, nil
}

// validateExposure checks the settings that put the dashboard on a network:
// its public address, the proxies in front of it and its own TLS.
func (c *Config) validateExposure() []error {
	var errs []error
	u, err := ParsePublicURL(c.publicURL)
	if err != nil {
		errs = append(errs, fmt.Errorf("CLAIMDESK_PUBLIC_URL: %w", err))
	}
	c.PublicURL = u
	if c.TrustedProxies, err = ParseTrustedProxies(c.proxiesRaw); err != nil {
		errs = append(errs, fmt.Errorf("CLAIMDESK_TRUSTED_PROXIES: %w", err))
	}
	c.TLSCertFile, c.TLSKeyFile = strings.TrimSpace(c.TLSCertFile), strings.TrimSpace(c.TLSKeyFile)
	if (c.TLSCertFile == "") != (c.TLSKeyFile == "") {
		errs = append(errs, errors.New("CLAIMDESK_TLS_CERT and CLAIMDESK_TLS_KEY: set both (certificate and its key) or neither"))
	}
	if c.TLSCertFile != "" && u != nil && u.Scheme != "https" {
		errs = append(errs, fmt.Errorf("CLAIMDESK_PUBLIC_URL: %s is http:// but CLAIMDESK_TLS_CERT serves HTTPS: use https://", u))
	}
	return errs
}

// PlainHTTPExposed reports whether the dashboard, listening at addr, speaks
// plain HTTP to other machines with no public URL saying a TLS proxy is in
// front of it.
func (c *Config) PlainHTTPExposed(addr net.Addr) bool {
	if c.TLSCertFile != "" || c.PublicURL != nil {
		return false
	}
	tcp, ok := addr.(*net.TCPAddr)
	return ok && !tcp.IP.IsLoopback()
}

// DashboardURL is the address to open the dashboard at: the public URL when
// set, or else the listening address, https when claimdesk serves TLS.
func (c *Config) DashboardURL(listenAddr string) string {
	if c.PublicURL != nil {
		return c.PublicURL.String() + "/"
	}
	scheme := "http"
	if c.TLSCertFile != "" {
		scheme = "https"
	}
	return scheme + "://" + listenAddr + "/"
}
