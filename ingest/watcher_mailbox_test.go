package ingest

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/storage"
)

// startMailboxWatcher runs acct's INBOX and Sent on a MailboxWatcher until
// the test ends, and returns the channels each folder's catch-ups are
// reported on.
func (b *watchBundle) startMailboxWatcher(t *testing.T, acct mailbox.Account, cfg WatcherConfig) (inbox, sent <-chan CatchUp) {
	t.Helper()
	cfg.TempDir = t.TempDir()
	cfg.BackoffMin = cmpDur(cfg.BackoffMin, 10*time.Millisecond)
	cfg.ReconnectSpread = cmpDur(cfg.ReconnectSpread, 10*time.Millisecond)
	in := NewWatcher(acct, "INBOX", storage.RoleInbox, b.db, b.blobs, b.queue, cfg, testenv.Logger(t))
	out := NewWatcher(acct, "Sent", storage.RoleSent, b.db, b.blobs, b.queue, cfg, testenv.Logger(t))
	inCh, outCh := make(chan CatchUp, 100), make(chan CatchUp, 100)
	in.NotifyCatchUp(inCh)
	out.NotifyCatchUp(outCh)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); NewMailboxWatcher(in, out).RunHeld(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return inCh, outCh
}

// A mailbox's inbox and Sent are watched over one connection: mail that
// arrives in either while the inbox IDLEs is stored once, Sent's as
// outgoing, and no second connection is opened.
func TestMailboxWatcherWatchesSentOnTheInboxConnection(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "INBOX",
		[]testenv.AppendMessage{{Raw: sampleMessage(1)}})
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "Sent",
		[]testenv.AppendMessage{{Raw: sampleMessage(2)}})
	proxy := newCutProxy(t, b.server.Addr)
	acct := b.acct
	acct.Host = proxy.addr
	inbox, sent := b.startMailboxWatcher(t, acct, WatcherConfig{SentPoll: 100 * time.Millisecond})
	waitUID(t, inbox, 1)
	waitUID(t, sent, 1)

	// A reply lands in Sent while the inbox IDLEs: found by the next look
	// at Sent, well within the SLA clock's budget.
	start := time.Now()
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "Sent",
		[]testenv.AppendMessage{{Raw: sampleMessage(3)}})
	waitUID(t, sent, 2)
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("a reply in Sent was stored %s after it arrived", took)
	}
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "INBOX",
		[]testenv.AppendMessage{{Raw: sampleMessage(4)}})
	waitUID(t, inbox, 2)

	if n := b.count(t, `SELECT count(*) FROM messages`); n != 4 {
		t.Errorf("stored %d messages, want 4", n)
	}
	if n := b.count(t, `SELECT count(*) FROM messages m JOIN mailboxes mb ON mb.id = m.mailbox_id
		WHERE m.direction = 'out' AND mb.role = 'sent'`); n != 2 {
		t.Errorf("%d outgoing messages from Sent, want 2", n)
	}
	if n := proxy.accepted(); n != 1 {
		t.Errorf("the mailbox was watched over %d connections, want 1", n)
	}
}

// A dropped connection is opened again and both folders caught up: mail
// that came into Sent while it was down is stored once.
func TestMailboxWatcherReconnectsAndCatchesUpSent(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	proxy := newCutProxy(t, b.server.Addr)
	acct := b.acct
	acct.Host = proxy.addr
	inbox, sent := b.startMailboxWatcher(t, acct, WatcherConfig{SentPoll: time.Hour})
	waitPass(t, inbox)
	waitPass(t, sent)
	proxy.cut()
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "Sent",
		[]testenv.AppendMessage{{Raw: sampleMessage(1)}})
	waitUID(t, sent, 1)
	if n := b.count(t, `SELECT count(*) FROM messages`); n != 1 {
		t.Errorf("stored %d messages, want 1", n)
	}
	if n := proxy.accepted(); n != 2 {
		t.Errorf("connected %d times, want 2", n)
	}
}

// noStatusSession refuses STATUS of any folder but the selected one, as a
// server that will not report on a second folder might.
type noStatusSession struct {
	imapserver.Session
	selected string
}

func (s *noStatusSession) Select(name string, options *imap.SelectOptions) (*imap.SelectData, error) {
	s.selected = name
	return s.Session.Select(name, options)
}

func (s *noStatusSession) Status(name string, options *imap.StatusOptions) (*imap.StatusData, error) {
	if name != s.selected {
		return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Text: "STATUS of another folder is not allowed"}
	}
	return s.Session.Status(name, options)
}

// A server that refuses STATUS of Sent beside the inbox gets a connection
// per folder: Sent is
// still watched.
func TestMailboxWatcherFallsBackToAConnectionPerFolder(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	user := imapmemserver.NewUser("claims", "secret")
	for _, f := range []string{"INBOX", "Sent"} {
		if err := user.Create(f, nil); err != nil {
			t.Fatal(err)
		}
	}
	ln := serveMemIMAPWith(t, user, imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIdle: {}}, func(s imapserver.Session) imapserver.Session { return &noStatusSession{Session: s} })

	acct := mailbox.Account{Host: ln.Addr().String(), User: "claims", Password: "secret", TLS: "none"}
	inbox, sent := b.startMailboxWatcher(t, acct, WatcherConfig{NoIdle: true, PollInterval: 20 * time.Millisecond})
	waitPass(t, inbox)
	if _, err := user.Append("Sent", bytes.NewReader(sampleMessage(1)), &imap.AppendOptions{}); err != nil {
		t.Fatal(err)
	}
	waitUID(t, sent, 1)
	if n := b.count(t, `SELECT count(*) FROM messages WHERE direction = 'out'`); n != 1 {
		t.Errorf("stored %d outgoing messages, want 1", n)
	}
}

// The looks at Sent prove the connection alive: one that went silent is
// given up within SentPoll and the liveness timeout, and the inbox's mail
// comes over the next.
func TestMailboxWatcherNoticesABlackHoledConnection(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	proxy := testenv.StartTCPProxy(t, b.server.Addr)
	acct := b.acct
	acct.Host = proxy.Addr
	cfg := WatcherConfig{IdleRestart: time.Hour, LivenessInterval: time.Hour,
		SentPoll: 300 * time.Millisecond, LivenessTimeout: time.Second}
	inbox, sent := b.startMailboxWatcher(t, acct, cfg)
	// The inbox is caught up, then Sent, then the inbox again and IDLEd.
	waitPass(t, inbox)
	waitPass(t, sent)
	waitPass(t, inbox)
	if n := proxy.BlackHole(); n != 1 {
		t.Fatalf("black-holed %d connections, want the watcher's one", n)
	}
	holed := time.Now()
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "INBOX",
		[]testenv.AppendMessage{{Raw: sampleMessage(1)}})
	waitUID(t, inbox, 1)
	if bound := cfg.SentPoll + cfg.LivenessTimeout + 15*time.Second; time.Since(holed) > bound {
		t.Errorf("mail after the black hole stored after %s, want within %s", time.Since(holed).Round(time.Millisecond), bound)
	}
	if st, _ := proxy.Stats(); st.Forwarded != 2 {
		t.Errorf("want exactly one reconnect: %+v", st)
	}
}

// A reply this process files in Sent is looked for at once, not at the
// next SentPoll: the dashboard's Acknowledge answers within a second or
// two.
func TestMailboxWatcherLooksAtSentWhenNudged(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	nudges := NewSentNudges()
	inbox, sent := b.startMailboxWatcher(t, b.acct, WatcherConfig{SentPoll: time.Hour, Nudges: nudges})
	waitPass(t, inbox)
	waitPass(t, sent)
	waitPass(t, inbox) // IDLEs now
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "Sent",
		[]testenv.AppendMessage{{Raw: sampleMessage(1)}})
	nudged := time.Now()
	nudges.Nudge(b.acct.Name())
	waitUID(t, sent, 1)
	if took := time.Since(nudged); took > 10*time.Second {
		t.Errorf("a reply filed in Sent was stored %s after the nudge", took)
	}
}
