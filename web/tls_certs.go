package web

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"
)

// certCheckEvery is how often, at most, the certificate files are read again
// to see whether they were renewed. A handshake in between uses the pair in
// memory.
const certCheckEvery = 5 * time.Second

// CertFiles is a TLS certificate and key kept in files that are renewed in
// place (certbot, acme.sh): new connections pick up a renewed pair without a
// restart, and a broken renewal leaves the last good pair serving.
type CertFiles struct {
	certFile, keyFile string
	log               *slog.Logger
	now               func() time.Time

	mu        sync.Mutex
	cert      *tls.Certificate
	certPEM   []byte // the files as last read, whether they loaded or not
	keyPEM    []byte
	checkedAt time.Time
	readErr   string // the last failure to read the files, logged once
}

// LoadCertFiles reads the certificate (PEM, leaf first then the chain) and
// its private key. Failing here stops the start: there is nothing to serve.
func LoadCertFiles(certFile, keyFile string, log *slog.Logger) (*CertFiles, error) {
	return loadCertFiles(certFile, keyFile, log, time.Now)
}

func loadCertFiles(certFile, keyFile string, log *slog.Logger, now func() time.Time) (*CertFiles, error) {
	c := &CertFiles{certFile: certFile, keyFile: keyFile, log: log, now: now}
	certPEM, keyPEM, err := c.read()
	if err != nil {
		return nil, err
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("%s with %s: %w", certFile, keyFile, err)
	}
	c.cert, c.certPEM, c.keyPEM, c.checkedAt = &cert, certPEM, keyPEM, now()
	log.Info("tls certificate loaded", c.describe()...)
	return c, nil
}

// TLSConfig is the server side of TLS with these certificates: TLS 1.2 at
// least, the certificate checked for renewal as connections arrive.
func (c *CertFiles) TLSConfig() *tls.Config {
	return &tls.Config{MinVersion: tls.VersionTLS12, GetCertificate: c.GetCertificate}
}

// GetCertificate returns the current certificate, first loading the files
// again if they changed since the last look (at most every certCheckEvery).
func (c *CertFiles) GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now := c.now(); now.Sub(c.checkedAt) >= certCheckEvery {
		c.checkedAt = now
		c.reload()
	}
	return c.cert, nil
}

// reload swaps in the pair on disk when it differs from the last one read
// and is valid. The caller holds mu.
func (c *CertFiles) reload() {
	certPEM, keyPEM, err := c.read()
	if err != nil {
		if err.Error() != c.readErr {
			c.readErr = err.Error()
			c.log.Error("tls certificate not reloaded: keeping the previous one", "err", err)
		}
		return
	}
	c.readErr = ""
	if bytes.Equal(certPEM, c.certPEM) && bytes.Equal(keyPEM, c.keyPEM) {
		return
	}
	// Remember what was read even when it fails, so that a bad pair is
	// reported once, and tried again when either file changes (a renewal
	// caught between writing the certificate and writing its key).
	c.certPEM, c.keyPEM = certPEM, keyPEM
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		c.log.Error("tls certificate not reloaded: keeping the previous one",
			"cert_file", c.certFile, "key_file", c.keyFile, "err", err)
		return
	}
	c.cert = &cert
	c.log.Info("tls certificate reloaded", c.describe()...)
}

func (c *CertFiles) read() (certPEM, keyPEM []byte, err error) {
	if certPEM, err = os.ReadFile(c.certFile); err != nil {
		return nil, nil, err
	}
	if keyPEM, err = os.ReadFile(c.keyFile); err != nil {
		return nil, nil, err
	}
	return certPEM, keyPEM, nil
}

// describe names the certificate in use for the log.
func (c *CertFiles) describe() []any {
	leaf := c.cert.Leaf
	if leaf == nil {
		return []any{"cert_file", c.certFile}
	}
	return []any{"cert_file", c.certFile, "subject", leaf.Subject.CommonName, "dns_names", leaf.DNSNames, "not_after", leaf.NotAfter}
}
