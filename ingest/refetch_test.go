package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/storage"
)

// refusedRow is what a test checks of a stored message.
type refusedRow struct {
	ID        int64
	Status    string
	Error     string
	RawSHA256 string
	RawSize   int64
}

// messageRow reads the stored message of Message-ID <sample-i@...>.
func (b *watchBundle) messageRow(t *testing.T, i int) refusedRow {
	t.Helper()
	var r refusedRow
	if err := b.sql.QueryRow(t.Context(), `SELECT id, status, error, raw_sha256, raw_size FROM messages WHERE message_id = $1`,
		sampleMessageID(i)).Scan(&r.ID, &r.Status, &r.Error, &r.RawSHA256, &r.RawSize); err != nil {
		t.Fatalf("message %d: %v", i, err)
	}
	return r
}

// sampleMessageID is sampleMessage(i)'s Message-ID, as stored.
func sampleMessageID(i int) string { return fmt.Sprintf("<sample-%d@statefarm.example>", i) }

// runOnce runs a watcher of acct's inbox with the limit on messages, for
// one connection.
func (b *watchBundle) runOnce(t *testing.T, acct mailbox.Account, limit int64) {
	t.Helper()
	w := NewWatcher(acct, "INBOX", storage.RoleInbox, b.db, b.blobs, b.queue,
		WatcherConfig{MaxMessageBytes: limit, TempDir: t.TempDir()}, testenv.Logger(t))
	runUntilCaughtUp(t, w)
}

// assertReadmitted checks that message i is stored whole as raw, new and
// queued for processing.
func assertReadmitted(t *testing.T, b *watchBundle, i int, raw []byte) refusedRow {
	t.Helper()
	sum := sha256.Sum256(raw)
	r := b.messageRow(t, i)
	if r.Status != storage.StatusNew || r.Error != "" || r.RawSize != int64(len(raw)) || r.RawSHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("message %d under the raised limit: %+v; want new, stored whole (%d bytes), no error", i, r, len(raw))
	}
	if n := b.count(t, `SELECT count(*) FROM river_job WHERE kind = 'process_message' AND (args->>'message_id')::bigint = $1`, r.ID); n != 1 {
		t.Errorf("message %d under the raised limit: %d processing jobs, want 1", i, n)
	}
	return r
}

// TestWatcherReadsRefusedMailOnceTheLimitIsRaised refuses two messages
// over a limit of 16 KiB, then starts again with a limit of 128 KiB: the
// one of 64 KiB is fetched again whole and processed to its last line;
// the one of 256 KiB stays refused as it was. Starting again changes
// nothing more.
func TestWatcherReadsRefusedMailOnceTheLimitIsRaised(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	fits := append(sampleMessageWithBody(1, 64<<10), "Last line: the hallway reads dry.\r\n"...)
	over := sampleMessageWithBody(2, 256<<10)
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "INBOX",
		[]testenv.AppendMessage{{Raw: fits}, {Raw: over}, {Raw: sampleMessage(3)}})

	b.runOnce(t, b.acct, 16<<10)
	before := b.messageRow(t, 2)
	for _, r := range []refusedRow{b.messageRow(t, 1), before} {
		if r.Status != storage.StatusRejected || r.RawSize != 16<<10 || !strings.Contains(r.Error, "over the 16 kB limit") {
			t.Fatalf("over a limit of 16 KiB: %+v; want rejected, 16 KiB kept, the reason", r)
		}
	}

	b.runOnce(t, b.acct, 128<<10)
	r := assertReadmitted(t, b, 1, fits)
	if after := b.messageRow(t, 2); after != before {
		t.Errorf("the message still over the raised limit changed: %+v, was %+v", after, before)
	}
	b.runOnce(t, b.acct, 128<<10)
	if n := b.count(t, `SELECT count(*) FROM river_job WHERE kind = 'process_message'`); n != 2 {
		t.Errorf("%d processing jobs after starting again, want 2 (the small message's, the one read whole)", n)
	}

	p := NewProcessor(b.db, b.blobs, ProcessorConfig{TempDir: t.TempDir()}, testenv.Logger(t))
	if err := p.Process(t.Context(), r.ID); err != nil {
		t.Fatal(err)
	}
	m, err := b.db.GetMessageDetail(t.Context(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Status == storage.StatusNew || m.Status == storage.StatusRejected || m.Status == storage.StatusFailed ||
		!strings.Contains(m.BodyText, "Last line: the hallway reads dry.") {
		t.Errorf("processed: status %q, error %q, body ends %q; want read to its last line",
			m.Status, m.Error, m.BodyText[max(0, len(m.BodyText)-80):])
	}
}

// runMailboxOnce runs a MailboxWatcher of acct's inbox and Sent with the
// limit on messages, until each folder was caught up once.
func (b *watchBundle) runMailboxOnce(t *testing.T, acct mailbox.Account, limit int64) {
	t.Helper()
	cfg := WatcherConfig{MaxMessageBytes: limit, TempDir: t.TempDir()}
	in := NewWatcher(acct, "INBOX", storage.RoleInbox, b.db, b.blobs, b.queue, cfg, testenv.Logger(t))
	out := NewWatcher(acct, "Sent", storage.RoleSent, b.db, b.blobs, b.queue, cfg, testenv.Logger(t))
	inCh, outCh := make(chan CatchUp, 100), make(chan CatchUp, 100)
	in.NotifyCatchUp(inCh)
	out.NotifyCatchUp(outCh)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- NewMailboxWatcher(in, out).RunHeld(ctx) }()
	defer func() { cancel(); <-done }()
	for _, ch := range []chan CatchUp{inCh, outCh} {
		select {
		case <-ch:
		case err := <-done:
			t.Fatalf("watcher stopped before catching up: %v", err)
		case <-time.After(60 * time.Second):
			t.Fatal("watcher did not catch up within 60s")
		}
	}
}

// TestMailboxWatcherFindsRefusedMailMovedAndSent refuses a message of a
// mailbox whose stored mail moves to Archive, and one of its Sent folder:
// with the limit raised, the first is found in Archive by its Message-ID,
// the second in Sent, and both are read; the inbox's new mail is stored
// as before.
func TestMailboxWatcherFindsRefusedMailMovedAndSent(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	acct := b.acct
	acct.MoveTo = "Archive"
	moved, sent := sampleMessageWithBody(1, 64<<10), sampleMessageWithBody(4, 64<<10)
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "INBOX",
		[]testenv.AppendMessage{{Raw: moved}, {Raw: sampleMessage(2)}})
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "Sent", []testenv.AppendMessage{{Raw: sent}})
	b.runMailboxOnce(t, acct, 16<<10)
	for _, i := range []int{1, 4} {
		if r := b.messageRow(t, i); r.Status != storage.StatusRejected {
			t.Fatalf("message %d over a limit of 16 KiB: %+v; want rejected", i, r)
		}
	}

	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "INBOX",
		[]testenv.AppendMessage{{Raw: sampleMessage(3)}})
	b.runMailboxOnce(t, acct, 128<<10)
	assertReadmitted(t, b, 1, moved)
	assertReadmitted(t, b, 4, sent)
	if r := b.messageRow(t, 3); r.Status != storage.StatusNew {
		t.Errorf("new mail of the inbox after looking in Archive: %+v; want stored", r)
	}
}
