package ingest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// watchBundle is what a watcher test works with.
type watchBundle struct {
	db     *storage.DB
	sql    *pgxpool.Pool // for the tests' own fixtures and checks
	blobs  blob.Store
	queue  *Queue
	server testenv.DovecotServer
	acct   mailbox.Account
}

func setupWatch(t *testing.T) *watchBundle {
	t.Helper()
	db, dsn := openDB(t)
	blobs, err := blob.NewLocalStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	// An insert-only River client: these tests check what ingest stores
	// and enqueues, not the processing.
	rc, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := testenv.Dovecot(t)
	return &watchBundle{
		db: db, sql: testenv.SQL(t, dsn), blobs: blobs, queue: NewQueue(rc), server: srv,
		acct: mailbox.Account{Host: srv.Addr, User: srv.User, Password: srv.Password, TLS: "none", Inbox: "INBOX", Sent: "Sent"},
	}
}

// startWatcher runs a watcher until the test ends and returns the channel
// its catch-up passes are reported on.
func (b *watchBundle) startWatcher(t *testing.T, acct mailbox.Account, folder, role string, cfg WatcherConfig) <-chan CatchUp {
	t.Helper()
	cfg.TempDir = t.TempDir()
	cfg.BackoffMin = cmpDur(cfg.BackoffMin, 10*time.Millisecond)
	cfg.ReconnectSpread = cmpDur(cfg.ReconnectSpread, 10*time.Millisecond)
	w := NewWatcher(acct, folder, role, b.db, b.blobs, b.queue, cfg, testenv.Logger(t))
	ch := make(chan CatchUp, 100)
	w.NotifyCatchUp(ch)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); w.RunHeld(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return ch
}

func cmpDur(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

// waitUID waits until a catch-up pass has reached uid.
func waitUID(t *testing.T, ch <-chan CatchUp, uid uint32) {
	t.Helper()
	deadline := time.After(60 * time.Second)
	for {
		select {
		case c := <-ch:
			if c.LastUID >= uid {
				return
			}
		case <-deadline:
			t.Fatalf("watcher did not reach uid %d within 60s", uid)
		}
	}
}

func (b *watchBundle) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := b.sql.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestWatcherIngestsCorpusOnce(t *testing.T) {
	t.Parallel()
	corpus := testenv.DevCorpus(t)
	b := setupWatch(t)
	msgs := corpus.Inbox(t)
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "INBOX", msgs)

	ch := b.startWatcher(t, b.acct, "INBOX", storage.RoleInbox, WatcherConfig{})
	waitUID(t, ch, uint32(len(msgs)))

	if n := b.count(t, `SELECT count(*) FROM messages`); n != len(msgs) {
		t.Fatalf("stored %d messages, want %d", n, len(msgs))
	}
	if n := b.count(t, `SELECT count(*) FROM river_job WHERE kind = 'process_message'`); n != len(msgs) {
		t.Errorf("enqueued %d processing jobs, want %d", n, len(msgs))
	}
	// Every message of truth.json, by Message-ID, exactly once, with its
	// internal date.
	for _, m := range corpus.Truth.Messages {
		var n int
		var internal time.Time
		err := b.sql.QueryRow(context.Background(),
			`SELECT count(*), min(internal_date) FROM messages WHERE message_id = $1`, m.MessageID).Scan(&n, &internal)
		if err != nil || n != 1 {
			t.Errorf("%s (%s): stored %d times, err %v", m.File, m.MessageID, n, err)
			continue
		}
		if !internal.Equal(m.InternalDate) {
			t.Errorf("%s: internal date %v, want %v", m.File, internal, m.InternalDate)
		}
	}
	// The raw bytes are in the blob store under their hash.
	var sha string
	var size int64
	if err := b.sql.QueryRow(context.Background(),
		`SELECT raw_sha256, raw_size FROM messages WHERE message_id = $1`, corpus.Truth.Messages[0].MessageID).Scan(&sha, &size); err != nil {
		t.Fatal(err)
	}
	info, err := b.blobs.Stat(context.Background(), blob.ContentKey(sha))
	if err != nil || info.Size != size || size != int64(len(msgs[0].Raw)) {
		t.Errorf("raw blob: %+v, err %v; row size %d, file size %d", info, err, size, len(msgs[0].Raw))
	}
	// Processed mail is marked on the server, and still unread there.
	assertFlags(t, b.server, "INBOX", func(uid imap.UID, flags []imap.Flag) {
		if !hasFlag(flags, "$ClaimdeskFiled") {
			t.Errorf("uid %d: not marked $ClaimdeskFiled (flags %v)", uid, flags)
		}
		if hasFlag(flags, imap.FlagSeen) {
			t.Errorf("uid %d: marked \\Seen; fetching must not read mail", uid)
		}
	})
}

func TestWatcherStoresNewMailOnceWhileRunning(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	ch := b.startWatcher(t, b.acct, "INBOX", storage.RoleInbox, WatcherConfig{})
	waitPass(t, ch)
	for i := 1; i <= 5; i++ {
		testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "INBOX",
			[]testenv.AppendMessage{{Raw: sampleMessage(i)}})
	}
	waitUID(t, ch, 5)
	if n := b.count(t, `SELECT count(*) FROM messages`); n != 5 {
		t.Fatalf("stored %d messages, want 5", n)
	}
	// The same bytes appended again (a server delivering twice) are the
	// same message: stored once.
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "INBOX",
		[]testenv.AppendMessage{{Raw: sampleMessage(3)}})
	waitUID(t, ch, 6)
	if n := b.count(t, `SELECT count(*) FROM messages`); n != 5 {
		t.Fatalf("after a duplicate delivery: %d messages, want 5", n)
	}
}

func TestWatcherMovesProcessedMail(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "INBOX",
		[]testenv.AppendMessage{{Raw: sampleMessage(1)}, {Raw: sampleMessage(2)}})
	acct := b.acct
	acct.MoveTo = "Archive"
	ch := b.startWatcher(t, acct, "INBOX", storage.RoleInbox, WatcherConfig{})
	waitUID(t, ch, 2)
	c := login(t, b.server)
	defer c.Close()
	for folder, want := range map[string]uint32{"INBOX": 0, "Archive": 2} {
		st, err := c.Status(folder, &imap.StatusOptions{NumMessages: true}).Wait()
		if err != nil {
			t.Fatal(err)
		}
		if *st.NumMessages != want {
			t.Errorf("%s holds %d messages after processing, want %d", folder, *st.NumMessages, want)
		}
	}
	if n := b.count(t, `SELECT count(*) FROM messages`); n != 2 {
		t.Fatalf("stored %d messages, want 2", n)
	}
}

func TestWatcherSentFolderIsOutgoing(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "Sent",
		[]testenv.AppendMessage{{Raw: sampleMessage(1)}})
	ch := b.startWatcher(t, b.acct, "Sent", storage.RoleSent, WatcherConfig{})
	waitUID(t, ch, 1)
	if n := b.count(t, `SELECT count(*) FROM messages m JOIN mailboxes mb ON mb.id = m.mailbox_id
		WHERE m.direction = 'out' AND mb.role = 'sent'`); n != 1 {
		t.Fatalf("%d outgoing messages, want 1", n)
	}
}

func TestWatcherReconnectsAndCatchesUp(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	proxy := newCutProxy(t, b.server.Addr)
	acct := b.acct
	acct.Host = proxy.addr
	ch := b.startWatcher(t, acct, "INBOX", storage.RoleInbox, WatcherConfig{})
	waitPass(t, ch)

	proxy.cut() // the watcher's connection drops while it idles
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "INBOX",
		[]testenv.AppendMessage{{Raw: sampleMessage(1)}, {Raw: sampleMessage(2)}})
	waitUID(t, ch, 2)
	if n := b.count(t, `SELECT count(*) FROM messages`); n != 2 {
		t.Fatalf("stored %d messages, want 2", n)
	}
	if proxy.accepted() < 2 {
		t.Errorf("watcher connected %d times, want a reconnect", proxy.accepted())
	}
}

// A UIDVALIDITY change brings the folder's mail back under new UIDs: the
// same bytes are the messages stored already (counted and logged as
// skipped), anything else is a message of its own, even with the
// Message-ID, sender and Date of a stored one.
func TestWatcherUIDValidityChangeCreatesNoDuplicates(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	const folder = "Claims"
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, folder,
		[]testenv.AppendMessage{{Raw: sampleMessage(1)}, {Raw: sampleMessage(2)}})
	var logs testenv.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	w := NewWatcher(b.acct, folder, storage.RoleInbox, b.db, b.blobs, b.queue, WatcherConfig{TempDir: t.TempDir()}, log)
	runUntilCaughtUp(t, w)
	var first int64
	if err := b.sql.QueryRow(t.Context(), `SELECT id FROM messages WHERE uid = 1`).Scan(&first); err != nil {
		t.Fatal(err)
	}

	// While claimdesk is away the folder is recreated (a server migration):
	// a new UIDVALIDITY, the same mail, a message with the Message-ID,
	// sender and Date of one stored but a header more, and one new.
	c := login(t, b.server)
	if err := c.Delete(folder).Wait(); err != nil {
		t.Fatal(err)
	}
	c.Close()
	changed := append([]byte("X-Migrated: yes\r\n"), sampleMessage(2)...)
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, folder,
		[]testenv.AppendMessage{{Raw: sampleMessage(1)}, {Raw: sampleMessage(2)}, {Raw: changed}, {Raw: sampleMessage(3)}})

	runUntilCaughtUp(t, w)
	if n := b.count(t, `SELECT count(*) FROM messages`); n != 4 {
		t.Fatalf("%d messages after the UIDVALIDITY change, want 4", n)
	}
	if n := b.count(t, `SELECT count(*) FROM messages WHERE message_id = '<sample-2@statefarm.example>'`); n != 2 {
		t.Errorf("%d messages under sample 2's Message-ID, want 2: the one with a header more is other bytes", n)
	}
	var uidvalidity, lastUID int64
	if err := b.sql.QueryRow(context.Background(), `SELECT uidvalidity, last_uid FROM mailboxes`).Scan(&uidvalidity, &lastUID); err != nil {
		t.Fatal(err)
	}
	if lastUID != 4 {
		t.Errorf("checkpoint at uid %d of the new UIDVALIDITY, want 4", lastUID)
	}
	assertSkipped(t, b, b.acct.Name(), folder, 2)
	if want := fmt.Sprintf("uid=1 uidvalidity=%d existing_id=%d", uidvalidity, first); !strings.Contains(logs.String(), want) {
		t.Errorf("no debug line about the skipped uid 1 with %q", want)
	}
}

// runUntilCaughtUp runs w for one connection, until its first catch-up.
func runUntilCaughtUp(t *testing.T, w *Watcher) {
	t.Helper()
	ch := make(chan CatchUp, 1)
	w.NotifyCatchUp(ch)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.watch(ctx) }()
	select {
	case <-ch:
	case err := <-done:
		t.Fatalf("watcher stopped before catching up: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("watcher did not catch up within 60s")
	}
	cancel()
	<-done
}

func TestWatcherRejectsOversizedMail(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	big := sampleMessageWithBody(1, 64<<10)
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "INBOX",
		[]testenv.AppendMessage{{Raw: big}, {Raw: sampleMessage(2)}})
	ch := b.startWatcher(t, b.acct, "INBOX", storage.RoleInbox, WatcherConfig{MaxMessageBytes: 16 << 10})
	waitUID(t, ch, 2)
	var status, errText string
	var size int64
	if err := b.sql.QueryRow(context.Background(),
		`SELECT status, error, raw_size FROM messages WHERE uid = 1`).Scan(&status, &errText, &size); err != nil {
		t.Fatal(err)
	}
	if status != storage.StatusRejected || size != 16<<10 || errText == "" {
		t.Errorf("oversized message: status %q, size %d, error %q; want rejected, 16 KiB kept, a reason", status, size, errText)
	}
	if n := b.count(t, `SELECT count(*) FROM river_job`); n != 1 {
		t.Errorf("%d jobs, want 1 (none for the rejected message)", n)
	}
}

// TestWatcherCrashBeforeCommitStoresOnce fails the blob store part-way through
// a batch, as a crash would; the next watcher stores everything exactly once.
func TestWatcherCrashBeforeCommitStoresOnce(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	var msgs []testenv.AppendMessage
	for i := 1; i <= 12; i++ {
		msgs = append(msgs, testenv.AppendMessage{Raw: sampleMessage(i)})
	}
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "INBOX", msgs)

	// Batches of 1, 2, 4 and 5 messages (the first ones grow to the batch
	// size): the fourth fails after two of its puts.
	failing := &failingStore{Store: b.blobs, failAfter: 9}
	w := NewWatcher(b.acct, "INBOX", storage.RoleInbox, b.db, failing, b.queue,
		WatcherConfig{BatchSize: 5, TempDir: t.TempDir()}, testenv.Logger(t))
	ctx, cancel := context.WithCancel(context.Background())
	err := w.watch(ctx)
	cancel()
	if err == nil {
		t.Fatal("first watcher: no error; want the injected failure")
	}
	if n := b.count(t, `SELECT count(*) FROM messages`); n != 7 {
		t.Fatalf("after the failure: %d messages, want the first three batches' 7", n)
	}

	ch := b.startWatcher(t, b.acct, "INBOX", storage.RoleInbox, WatcherConfig{BatchSize: 5})
	waitUID(t, ch, 12)
	if n := b.count(t, `SELECT count(*) FROM messages`); n != 12 {
		t.Fatalf("%d messages, want 12", n)
	}
	if n := b.count(t, `SELECT count(DISTINCT uid) FROM messages`); n != 12 {
		t.Fatalf("%d distinct uids, want 12", n)
	}
}

func waitPass(t *testing.T, ch <-chan CatchUp) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(60 * time.Second):
		t.Fatal("watcher made no pass within 60s")
	}
}

func sampleMessage(i int) []byte { return sampleMessageWithBody(i, 0) }

func sampleMessageWithBody(i, pad int) []byte {
	body := fmt.Sprintf("Any update on claim 60-8H77-8H5? Message %d.\r\n", i)
	for len(body) < pad {
		body += "Moisture readings attached for the living room and hallway.\r\n"
	}
	return []byte(fmt.Sprintf("From: Jennifer Anderson <janderson@statefarm.example>\r\n"+
		"To: claims@office.example\r\nSubject: Update %d\r\nDate: Mon, 02 Nov 2026 10:%02d:00 -0600\r\n"+
		"Message-ID: <sample-%d@statefarm.example>\r\nMIME-Version: 1.0\r\n"+
		"Content-Type: text/plain; charset=utf-8\r\n\r\n%s", i, i%60, i, body))
}

func login(t *testing.T, s testenv.DovecotServer) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure(s.Addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(s.User, s.Password).Wait(); err != nil {
		t.Fatal(err)
	}
	return c
}

func assertFlags(t *testing.T, s testenv.DovecotServer, folder string, check func(imap.UID, []imap.Flag)) {
	t.Helper()
	c := login(t, s)
	defer c.Close()
	if _, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	all, err := c.Fetch(imap.UIDSet{imap.UIDRange{Start: 1, Stop: 0}}, &imap.FetchOptions{UID: true, Flags: true}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 {
		t.Fatal("no messages on the server")
	}
	for _, m := range all {
		check(m.UID, m.Flags)
	}
}

func hasFlag(flags []imap.Flag, f imap.Flag) bool {
	for _, g := range flags {
		if g == f {
			return true
		}
	}
	return false
}

// failingStore fails every Put after the first failAfter: a fault a real
// blob store cannot be made to show on cue.
type failingStore struct {
	blob.Store
	mu        sync.Mutex
	puts      int
	failAfter int
}

func (s *failingStore) Put(ctx context.Context, key string, r io.Reader, size int64) error {
	s.mu.Lock()
	s.puts++
	n := s.puts
	s.mu.Unlock()
	if n > s.failAfter {
		return fmt.Errorf("injected blob store failure")
	}
	return s.Store.Put(ctx, key, r, size)
}

// cutProxy forwards TCP to an IMAP server and can cut every connection, as
// a network failure would.
type cutProxy struct {
	addr  string
	mu    sync.Mutex
	conns []net.Conn
	count int
	times []time.Time // when each connection was accepted
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{addr: ln.Addr().String()}
	t.Cleanup(func() { ln.Close(); p.cut() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.count++
			p.times = append(p.times, time.Now())
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
	return p
}

func (p *cutProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// acceptedAt lists when each connection was accepted.
func (p *cutProxy) acceptedAt() []time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.times)
}

func (p *cutProxy) accepted() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.count
}

// TestWatcherKeepsAMessageWhoseHeadersTheDatabaseRefuses: a value the
// database cannot hold in one message's headers must not stall the batch
// (and so the mailbox). Here a trigger stands in for such a value.
func TestWatcherKeepsAMessageWhoseHeadersTheDatabaseRefuses(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	ctx := context.Background()
	if _, err := b.sql.Exec(ctx, `
		CREATE FUNCTION refuse_update_2() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			IF NEW.subject = 'Update 2' THEN
				RAISE EXCEPTION 'index row size exceeds btree maximum' USING ERRCODE = '54000';
			END IF;
			RETURN NEW;
		END $$;
		CREATE TRIGGER refuse_update_2 BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION refuse_update_2();`); err != nil {
		t.Fatal(err)
	}
	var batch []testenv.AppendMessage
	for i := 1; i <= 3; i++ {
		batch = append(batch, testenv.AppendMessage{Raw: sampleMessage(i)})
	}
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "INBOX", batch)
	ch := b.startWatcher(t, b.acct, "INBOX", storage.RoleInbox, WatcherConfig{})
	waitUID(t, ch, 3)

	rows, err := b.sql.Query(ctx, `SELECT uid, subject, status, error FROM messages ORDER BY uid`)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		uid                    int
		subject, status, error string
	}
	var got []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.uid, &r.subject, &r.status, &r.error); err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if len(got) != 3 || got[0].status != storage.StatusNew || got[2].status != storage.StatusNew ||
		got[1].status != storage.StatusFailed || got[1].subject != "" ||
		!strings.Contains(got[1].error, "headers could not be recorded") {
		t.Fatalf("stored %+v: want 1 and 3 as usual and 2 kept bare, failed with the reason", got)
	}
	// Only the two recorded whole wait for processing; the bare one waits
	// for a person's retry.
	if n := b.count(t, `SELECT count(*) FROM river_job WHERE kind = 'process_message'`); n != 2 {
		t.Errorf("%d processing jobs, want 2", n)
	}
}
