package ingest

import (
	"bytes"
	"crypto/tls"
	"net"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/storage"
)

func TestWatcherOverTLSAndSTARTTLS(t *testing.T) {
	t.Parallel()
	c := testenv.NewServerCert(t, 1, "127.0.0.1")
	cert, pool := c.TLS(), c.Pool()
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

			acct := mailbox.Account{Host: ln.Addr().String(), User: "claims", Password: "secret", TLS: mode,
				TLSConfig: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}}
			ch := b.startWatcher(t, acct, "INBOX", storage.RoleInbox, WatcherConfig{})
			waitUID(t, ch, 1)
			if n := b.count(t, `SELECT count(*) FROM messages`); n != 1 {
				t.Fatalf("stored %d messages over %s, want 1", n, mode)
			}
		})
	}
}
