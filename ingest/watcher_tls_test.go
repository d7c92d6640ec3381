package ingest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/claimdesk/claimdesk/storage"
)

// testCert makes a certificate for 127.0.0.1 and a pool trusting it.
func testCert(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "imap.test"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

func TestWatcherOverTLSAndSTARTTLS(t *testing.T) {
	t.Parallel()
	cert, pool := testCert(t)
	serverTLS := &tls.Config{Certificates: []tls.Certificate{cert}}
	for _, mode := range []string{"tls", "starttls"} {
		t.Run(mode, func(t *testing.T) {
			b := setupWatch(t)
			user := imapmemserver.NewUser("claims", "secret")
			if err := user.Create("INBOX", nil); err != nil {
				t.Fatal(err)
			}
			if _, err := user.Append("INBOX", bytes.NewReader(sampleMessage(1)), &imap.AppendOptions{}); err != nil {
				t.Fatal(err)
			}
			mem := imapmemserver.New()
			mem.AddUser(user)
			opts := &imapserver.Options{
				NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
					return mem.NewSession(), nil, nil
				},
				Caps: imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
			}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			if mode == "tls" {
				ln = tls.NewListener(ln, serverTLS)
			} else {
				opts.TLSConfig = serverTLS // offered through STARTTLS; login refused before it
			}
			srv := imapserver.New(opts)
			go srv.Serve(ln)
			t.Cleanup(func() { srv.Close() })

			acct := Account{Addr: ln.Addr().String(), User: "claims", Password: "secret", TLS: mode,
				TLSConfig: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}}
			ch := b.startWatcher(t, acct, "INBOX", storage.RoleInbox, WatcherConfig{})
			waitUID(t, ch, 1)
			if n := b.count(t, `SELECT count(*) FROM messages`); n != 1 {
				t.Fatalf("stored %d messages over %s, want 1", n, mode)
			}
		})
	}
}
