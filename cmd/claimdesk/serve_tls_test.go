package main

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

// selfSignedFiles writes a self-signed certificate for claims.test and its
// key into dir, and returns the files and the certificate.
func selfSignedFiles(t *testing.T, dir string) (certFile, keyFile string, cert *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "claims.test"},
		DNSNames:     []string{"claims.test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "fullchain.pem"), filepath.Join(dir, "privkey.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, err = x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile, cert
}

func TestServeHTTPSDirectly(t *testing.T) {
	certFile, keyFile, cert := selfSignedFiles(t, t.TempDir())
	env := map[string]string{
		"CLAIMDESK_DATABASE_URL": testenv.Postgres(t),
		"CLAIMDESK_DATA_DIR":     t.TempDir(),
		"CLAIMDESK_TLS_CERT":     certFile,
		"CLAIMDESK_TLS_KEY":      keyFile,
	}
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	var stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--http-addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, outW, &stderr)
		outW.Close()
	}()
	stop := sync.OnceValue(func() int { cancel(); return <-done })
	defer stop()

	var dashboard string
	sc := bufio.NewScanner(outR)
	for sc.Scan() {
		if k, v, _ := strings.Cut(strings.TrimSpace(sc.Text()), ":"); k == "dashboard" {
			dashboard = strings.TrimSpace(v)
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, outR) }()
	if !strings.HasPrefix(dashboard, "https://127.0.0.1:") {
		t.Fatalf("dashboard URL %q, want https://127.0.0.1:PORT/; stderr:\n%s", dashboard, stderr.String())
	}

	roots := x509.NewCertPool()
	roots.AddCert(cert)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{ServerName: "claims.test", RootCAs: roots}}}
	defer client.CloseIdleConnections()
	resp, err := client.Get(dashboard + "healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.TLS == nil || resp.Header.Get("Strict-Transport-Security") == "" {
		t.Errorf("GET /healthz over TLS: %d, HSTS %q", resp.StatusCode, resp.Header.Get("Strict-Transport-Security"))
	}
	client.CloseIdleConnections()
	if code := stop(); code != 0 {
		t.Fatalf("serve exited %d; stderr:\n%s", code, stderr.String())
	}
}

func TestServeRefusesAMissingCertificateInOneLine(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{
		"CLAIMDESK_DATA_DIR": dir,
		"CLAIMDESK_TLS_CERT": filepath.Join(dir, "fullchain.pem"),
		"CLAIMDESK_TLS_KEY":  filepath.Join(dir, "privkey.pem"),
	}
	var stdout, stderr lockedBuffer
	code := run(context.Background(), []string{"serve", "--http-addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, &stdout, &stderr)
	msg := strings.TrimSpace(stderr.String())
	if code == 0 || !strings.Contains(msg, "CLAIMDESK_TLS_CERT/CLAIMDESK_TLS_KEY: open "+env["CLAIMDESK_TLS_CERT"]) || strings.Contains(msg, "\n") {
		t.Errorf("exit %d, stderr %q: want one line naming the certificate file", code, msg)
	}
}
