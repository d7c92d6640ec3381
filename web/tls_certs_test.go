package web

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// writeSelfSigned writes a new self-signed certificate for claims.test, with
// its own key, to certFile and keyFile.
func writeSelfSigned(t *testing.T, certFile, keyFile string, serial int64) *x509.Certificate {
	t.Helper()
	c := testenv.NewServerCert(t, serial, "claims.test")
	c.WriteFiles(t, certFile, keyFile)
	return c.Cert
}

func TestDirectTLSPicksUpRenewedCertificates(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "fullchain.pem"), filepath.Join(dir, "privkey.pem")
	first := writeSelfSigned(t, certFile, keyFile, 1)

	db, err := storage.Open(context.Background(), testenv.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	clock := &testClock{now: time.Now().UTC()}
	logs := &testenv.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	certs, err := loadCertFiles(certFile, keyFile, log, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	srv := New(Options{DB: db, Logger: log, Now: clock.Now, TLS: certs})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	})

	roots := x509.NewCertPool()
	roots.AddCert(first)
	// servedCert opens a new connection and returns the certificate the
	// server presented, verified against roots.
	servedCert := func(t *testing.T) *x509.Certificate {
		t.Helper()
		conn, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{ServerName: "claims.test", RootCAs: roots})
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		return conn.ConnectionState().PeerCertificates[0]
	}
	wantServed := func(t *testing.T, when string, want *x509.Certificate) {
		t.Helper()
		if got := servedCert(t); !bytes.Equal(got.Raw, want.Raw) {
			t.Fatalf("%s: served certificate serial %v, want %v", when, got.SerialNumber, want.SerialNumber)
		}
	}
	wantServed(t, "at start", first)

	// Over TLS, responses carry HSTS and cookies are Secure with no
	// public URL set.
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{ServerName: "claims.test", RootCAs: roots}}}
	defer client.CloseIdleConnections()
	resp, err := client.Get("https://" + ln.Addr().String() + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if c := cookieNamed(resp, loginCSRFCookie); resp.StatusCode != http.StatusOK || c == nil || !c.Secure ||
		resp.Header.Get("Strict-Transport-Security") == "" {
		t.Errorf("GET /login over TLS: %d, cookie %v, HSTS %q", resp.StatusCode, c, resp.Header.Get("Strict-Transport-Security"))
	}
	if conn, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{ServerName: "claims.test", RootCAs: roots, MaxVersion: tls.VersionTLS11}); err == nil {
		conn.Close()
		t.Error("a TLS 1.1 handshake succeeded; want TLS 1.2 at least")
	}

	// certbot renews: the files change under the running server.
	second := writeSelfSigned(t, certFile, keyFile, 2)
	roots.AddCert(second)
	clock.Advance(certCheckEvery - time.Second)
	wantServed(t, "before the next check", first)
	clock.Advance(time.Second)
	wantServed(t, "after renewal", second)

	// A broken renewal keeps the last good certificate and says so.
	if err := os.WriteFile(keyFile, []byte("-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	clock.Advance(certCheckEvery)
	wantServed(t, "after a broken renewal", second)
	if !strings.Contains(logs.String(), `level=ERROR msg="tls certificate not reloaded: keeping the previous one"`) {
		t.Errorf("no error logged for the broken renewal:\n%s", logs.String())
	}

	// Fixing the files is picked up too.
	third := writeSelfSigned(t, certFile, keyFile, 3)
	roots.AddCert(third)
	clock.Advance(certCheckEvery)
	wantServed(t, "after the fix", third)
}

func TestLoadCertFilesRefusesABadPair(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(&testenv.Buffer{}, nil))
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if _, err := LoadCertFiles(certFile, keyFile, log); err == nil || !strings.Contains(err.Error(), certFile) {
		t.Errorf("missing files: %v, want an error naming %s", err, certFile)
	}
	writeSelfSigned(t, certFile, keyFile, 1)
	otherKey := filepath.Join(dir, "other-key.pem")
	writeSelfSigned(t, filepath.Join(dir, "other-cert.pem"), otherKey, 2)
	if _, err := LoadCertFiles(certFile, otherKey, log); err == nil || !strings.Contains(err.Error(), "private key does not match") {
		t.Errorf("certificate with another's key: %v", err)
	}
}
