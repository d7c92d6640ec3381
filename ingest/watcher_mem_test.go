package ingest

import (
	"bytes"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/storage"
)

// plainSession is a server session whose folders accept no new keywords, on
// a server offering neither MOVE nor UIDPLUS: the oldest servers claimdesk
// must still work with.
type plainSession struct{ imapserver.Session }

func (s plainSession) Select(mailbox string, options *imap.SelectOptions) (*imap.SelectData, error) {
	data, err := s.Session.Select(mailbox, options)
	if data != nil {
		var flags []imap.Flag
		for _, f := range data.PermanentFlags {
			if f != imap.FlagWildcard {
				flags = append(flags, f)
			}
		}
		data.PermanentFlags = flags
	}
	return data, err
}

func TestWatcherOnServerWithoutMoveOrKeywords(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	user := imapmemserver.NewUser("claims", "secret")
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	if err := user.Create("Processed", nil); err != nil {
		t.Fatal(err)
	}
	ln := serveMemIMAPWith(t, user, imap.CapSet{imap.CapIMAP4rev1: {}}, func(s imapserver.Session) imapserver.Session { return plainSession{s} })

	acct := mailbox.Account{Host: ln.Addr().String(), User: "claims", Password: "secret", TLS: "none", MoveTo: "Processed"}
	ch := b.startWatcher(t, acct, "INBOX", storage.RoleInbox, WatcherConfig{NoIdle: true, PollInterval: 20 * time.Millisecond})
	waitPass(t, ch)
	for i := 1; i <= 3; i++ {
		if _, err := user.Append("INBOX", bytes.NewReader(sampleMessage(i)), &imap.AppendOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	waitUID(t, ch, 3)
	if n := b.count(t, `SELECT count(*) FROM messages`); n != 3 {
		t.Fatalf("stored %d messages, want 3", n)
	}
	// Nothing could be marked or moved; the mail stays where it was.
	st, err := user.Status("INBOX", &imap.StatusOptions{NumMessages: true})
	if err != nil || *st.NumMessages != 3 {
		t.Errorf("INBOX holds %v messages (err %v), want all 3 left in place", st.NumMessages, err)
	}
}
