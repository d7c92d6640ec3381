package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

func TestServeHTTPSDirectly(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "fullchain.pem"), filepath.Join(dir, "privkey.pem")
	c := testenv.NewServerCert(t, 1, "claims.test")
	c.WriteFiles(t, certFile, keyFile)
	cert := c.Cert
	env := map[string]string{
		"CLAIMDESK_DATABASE_URL": testenv.Postgres(t),
		"CLAIMDESK_DATA_DIR":     t.TempDir(),
		"CLAIMDESK_TLS_CERT":     certFile,
		"CLAIMDESK_TLS_KEY":      keyFile,
	}
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	var stderr testenv.Buffer
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
	var stdout, stderr testenv.Buffer
	code := run(context.Background(), []string{"serve", "--http-addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, &stdout, &stderr)
	msg := strings.TrimSpace(stderr.String())
	if code == 0 || !strings.Contains(msg, "CLAIMDESK_TLS_CERT/CLAIMDESK_TLS_KEY: open "+env["CLAIMDESK_TLS_CERT"]) || strings.Contains(msg, "\n") {
		t.Errorf("exit %d, stderr %q: want one line naming the certificate file", code, msg)
	}
}
