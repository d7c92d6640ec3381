package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// gatedStore holds the put of one key until open is closed: the import
// stands still at that message until the test lets it go on.
type gatedStore struct {
	blob.Store
	key  string
	open chan struct{}
}

func (s *gatedStore) Put(ctx context.Context, key string, r io.Reader, size int64) error {
	if key == s.key {
		select {
		case <-s.open:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return s.Store.Put(ctx, key, r, size)
}

// TestBackfillProcessesTheFirstMessageWhileImporting checks that processing
// overlaps an import: the first message of a mailbox is processed while
// the import is still at the second. The second message's raw copy cannot
// be stored until the first message's processing job has completed; an
// import that committed its first message only with the others (a batch
// of the default size, 25) would wait for it for ever.
func TestBackfillProcessesTheFirstMessageWhileImporting(t *testing.T) {
	t.Parallel()
	db, _ := openDB(t)
	local, err := blob.NewLocalStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	user := imapmemserver.NewUser("claims", "secret")
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		if _, err := user.Append("INBOX", bytes.NewReader(sampleMessage(i)), &imap.AppendOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	ln := serveMemIMAP(t, user)

	sum := sha256.Sum256(sampleMessage(2))
	blobs := &gatedStore{Store: local, key: blob.ContentKey(hex.EncodeToString(sum[:])), open: make(chan struct{})}
	log := testenv.Logger(t)
	workers := river.NewWorkers()
	river.AddWorker(workers, NewProcessor(db, local, ProcessorConfig{TempDir: t.TempDir()}, log))
	rc, events := testQueue(t, db, workers, map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 1}})
	if err := rc.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	go func() {
		for ev := range events {
			if ev.Kind == river.EventKindJobCompleted && ev.Job.Kind == (ProcessArgs{}).Kind() {
				close(blobs.open)
				return
			}
		}
	}()

	acct := mailbox.Account{Host: ln.Addr().String(), User: "claims", Password: "secret", TLS: "none"}
	w := NewWatcher(acct, "INBOX", storage.RoleInbox, db, blobs, NewQueue(rc), WatcherConfig{TempDir: t.TempDir()}, log)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	stored, err := w.Backfill(ctx, time.Time{}, func(Progress) {})
	if err != nil {
		t.Fatalf("backfill: %v (the first message was not processed while the import went on)", err)
	}
	if stored != 3 {
		t.Fatalf("stored %d messages, want 3", stored)
	}
}

// TestBackfillOfManyBatches imports a mailbox of more batches than the
// first, growing batches take to reach the batch size, many times over:
// the batches stay at that size, and every message is stored once.
func TestBackfillOfManyBatches(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	user := imapmemserver.NewUser("claims", "secret")
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	const n = 70 // one a batch: past 64, a batch size doubled each time would overflow
	for i := range n {
		if _, err := user.Append("INBOX", bytes.NewReader(sampleMessage(i)), &imap.AppendOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	ln := serveMemIMAP(t, user)
	acct := mailbox.Account{Host: ln.Addr().String(), User: "claims", Password: "secret", TLS: "none"}
	w := NewWatcher(acct, "INBOX", storage.RoleInbox, b.db, b.blobs, b.queue, WatcherConfig{BatchSize: 1, TempDir: t.TempDir()}, testenv.Logger(t))
	stored, err := w.Backfill(t.Context(), time.Time{}, func(Progress) {})
	if err != nil {
		t.Fatal(err)
	}
	if stored != n || b.count(t, `SELECT count(DISTINCT uid) FROM messages`) != n {
		t.Fatalf("stored %d messages, want %d", stored, n)
	}
}

// serveMemIMAP serves user's mailboxes over plain IMAP on a local port
// until the test ends.
func serveMemIMAP(t *testing.T, user *imapmemserver.User) net.Listener {
	return serveMemIMAPWith(t, user, imap.CapSet{imap.CapIMAP4rev1: {}}, nil)
}

// serveMemIMAPWith is serveMemIMAP announcing caps, each session wrapped
// by wrap when it is given: a server that refuses or lacks something.
func serveMemIMAPWith(t *testing.T, user *imapmemserver.User, caps imap.CapSet, wrap func(imapserver.Session) imapserver.Session) net.Listener {
	t.Helper()
	mem := imapmemserver.New()
	mem.AddUser(user)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			var s imapserver.Session = mem.NewSession()
			if wrap != nil {
				s = wrap(s)
			}
			return s, nil, nil
		},
		Caps:         caps,
		InsecureAuth: true,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln
}
