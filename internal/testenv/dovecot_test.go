package testenv

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

func TestMain(m *testing.M) { Main(m) }

func TestDovecotSmoke(t *testing.T) {
	t.Parallel()
	srv := Dovecot(t)

	raw := []byte("From: Dana Whitfield <dwhitfield@carrier.example>\r\n" +
		"To: claims@office.example\r\n" +
		"Subject: Status on claim 0091-22-4471?\r\n" +
		"Date: Tue, 03 Nov 2026 09:14:00 -0600\r\n" +
		"Message-ID: <smoke-1@carrier.example>\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n" +
		"\r\n" +
		"Any update on drying?\r\n")
	// The server's arrival time differs from the Date header on purpose: the
	// pipeline must read the former.
	received := time.Date(2026, 11, 3, 9, 16, 30, 0, time.FixedZone("CST", -6*3600))
	AppendFiles(t, srv.Addr, srv.User, srv.Password, "INBOX", []AppendMessage{{Raw: raw, InternalDate: received}})

	c := dovecotLogin(t, srv)
	for _, want := range []imap.Cap{imap.CapIdle, imap.CapMove, imap.CapUIDPlus} {
		if !c.Caps().Has(want) {
			t.Errorf("capability %s not offered", want)
		}
	}

	special := map[string]imap.MailboxAttr{
		"Sent": imap.MailboxAttrSent, "Drafts": imap.MailboxAttrDrafts,
		"Trash": imap.MailboxAttrTrash, "Archive": imap.MailboxAttrArchive,
	}
	boxes, err := c.List("", "*", &imap.ListOptions{ReturnSpecialUse: true}).Collect()
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	for _, b := range boxes {
		if attr, ok := special[b.Mailbox]; ok {
			if !slices.Contains(b.Attrs, attr) {
				t.Errorf("mailbox %s has attrs %v, want %s", b.Mailbox, b.Attrs, attr)
			}
			delete(special, b.Mailbox)
		}
	}
	if len(special) > 0 {
		t.Errorf("special-use mailboxes missing: %v", special)
	}

	sel, err := c.Select("INBOX", nil).Wait()
	if err != nil {
		t.Fatalf("select: %v", err)
	}
	if sel.NumMessages != 1 {
		t.Fatalf("INBOX has %d messages, want 1", sel.NumMessages)
	}
	msgs, err := c.Fetch(imap.UIDSetNum(1), &imap.FetchOptions{
		UID: true, Flags: true, InternalDate: true,
		BodySection: []*imap.FetchItemBodySection{{Peek: true}},
	}).Collect()
	if err != nil {
		t.Fatalf("uid fetch: %v", err)
	}
	if len(msgs) != 1 || len(msgs[0].BodySection) != 1 {
		t.Fatalf("uid fetch 1 returned %d messages", len(msgs))
	}
	m := msgs[0]
	if got := m.BodySection[0].Bytes; !bytes.Equal(got, raw) {
		t.Errorf("BODY[] differs from what was appended:\n%q\nwant\n%q", got, raw)
	}
	if !m.InternalDate.Equal(received) {
		t.Errorf("INTERNALDATE = %s, want %s", m.InternalDate, received)
	}
	if slices.Contains(m.Flags, imap.FlagSeen) {
		t.Errorf("BODY.PEEK[] set \\Seen: flags %v", m.Flags)
	}

	// A second account shares the server but none of the mail.
	other := Dovecot(t)
	if other.User == srv.User || other.Addr != srv.Addr {
		t.Fatalf("second account %s@%s, first %s@%s", other.User, other.Addr, srv.User, srv.Addr)
	}
	c2 := dovecotLogin(t, other)
	sel2, err := c2.Select("INBOX", nil).Wait()
	if err != nil {
		t.Fatalf("select as %s: %v", other.User, err)
	}
	if sel2.NumMessages != 0 {
		t.Errorf("%s sees %d messages in INBOX, want 0", other.User, sel2.NumMessages)
	}
	bad, err := imapclient.DialInsecure(srv.Addr, nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer bad.Close()
	if err := bad.Login(other.User, srv.Password).Wait(); err == nil {
		t.Errorf("%s logged in with %s's password", other.User, srv.User)
	}
}

func TestDovecotURL(t *testing.T) {
	s := DovecotServer{Addr: "127.0.0.1:1430", User: "user7", Password: "p@ss/word"}
	got := s.URL("")
	want := "imap://user7:p%40ss%2Fword@127.0.0.1:1430/INBOX?tls=none&sent=Sent"
	if got != want {
		t.Errorf("URL(\"\") = %s, want %s", got, want)
	}
	if got := s.URL("Claims/New"); !strings.Contains(got, "@127.0.0.1:1430/Claims/New?") {
		t.Errorf("URL(Claims/New) = %s", got)
	}
}

// dovecotLogin opens an authenticated connection that the test closes at its end.
func dovecotLogin(t *testing.T, s DovecotServer) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure(s.Addr, nil)
	if err != nil {
		t.Fatalf("dial %s: %v", s.Addr, err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login(s.User, s.Password).Wait(); err != nil {
		t.Fatalf("login %s: %v", s.User, err)
	}
	return c
}
