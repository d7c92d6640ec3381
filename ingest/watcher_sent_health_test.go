package ingest

import (
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/claimdesk/claimdesk/mailbox"
)

// folderHealth is a HealthRecorder that sends the folder of each failure.
type folderHealth chan string

func (folderHealth) Connected(string) {}

func (h folderHealth) Failed(_, folder string, _ error, _ time.Duration) {
	select {
	case h <- folder:
	default:
	}
}

// sentLockedSession reports on Sent but will not select it, as a server
// rebuilding the folder might.
type sentLockedSession struct{ imapserver.Session }

func (s sentLockedSession) Select(name string, options *imap.SelectOptions) (*imap.SelectData, error) {
	if name == "Sent" {
		return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Text: "Sent is being rebuilt"}
	}
	return s.Session.Select(name, options)
}

// A failure in Sent on the connection it shares with the inbox is
// reported in the mailbox's health as Sent's, not the inbox's.
func TestMailboxWatcherReportsSentFailuresAsSents(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	user := imapmemserver.NewUser("claims", "secret")
	for _, f := range []string{"INBOX", "Sent"} {
		if err := user.Create(f, nil); err != nil {
			t.Fatal(err)
		}
	}
	ln := serveMemIMAPWith(t, user, imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIdle: {}}, func(s imapserver.Session) imapserver.Session { return sentLockedSession{s} })

	health := make(folderHealth, 1)
	acct := mailbox.Account{Host: ln.Addr().String(), User: "claims", Password: "secret", TLS: "none", Health: health}
	inbox, _ := b.startMailboxWatcher(t, acct, WatcherConfig{})
	waitPass(t, inbox)
	select {
	case folder := <-health:
		if folder != "Sent" {
			t.Errorf("a failure to select Sent was reported in %q, want Sent", folder)
		}
	case <-time.After(time.Minute):
		t.Fatal("the failure to select Sent was never reported")
	}
}
