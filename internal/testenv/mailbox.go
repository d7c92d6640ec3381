package testenv

import (
	"fmt"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// MailboxMessage is one message as the IMAP server holds it.
type MailboxMessage struct {
	UID       imap.UID
	MessageID string // without angle brackets, as IMAP envelopes give it
	Flags     []imap.Flag
}

// HasFlag reports whether the message carries flag (a keyword or a system flag).
func (m MailboxMessage) HasFlag(flag imap.Flag) bool {
	for _, f := range m.Flags {
		if f == flag {
			return true
		}
	}
	return false
}

// ListMailbox returns every message of mailbox, UID order, with its
// Message-ID and flags, read without changing anything (EXAMINE).
func ListMailbox(t testing.TB, addr, user, pass, mailbox string) []MailboxMessage {
	t.Helper()
	msgs, err := listMailbox(addr, user, pass, mailbox)
	if err != nil {
		t.Fatalf("list %s as %s: %v", mailbox, user, err)
	}
	return msgs
}

func listMailbox(addr, user, pass, mailbox string) ([]MailboxMessage, error) {
	c, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		return nil, fmt.Errorf("dial: %w", err)
	}
	defer c.Close()
	if err := c.Login(user, pass).Wait(); err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	sel, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return nil, fmt.Errorf("examine: %w", err)
	}
	var out []MailboxMessage
	if sel.NumMessages > 0 {
		all := imap.UIDSet{imap.UIDRange{Start: 1, Stop: 0}}
		bufs, err := c.Fetch(all, &imap.FetchOptions{UID: true, Envelope: true, Flags: true}).Collect()
		if err != nil {
			return nil, fmt.Errorf("fetch: %w", err)
		}
		for _, b := range bufs {
			m := MailboxMessage{UID: b.UID, Flags: b.Flags}
			if b.Envelope != nil {
				m.MessageID = b.Envelope.MessageID
			}
			out = append(out, m)
		}
	}
	if err := c.Logout().Wait(); err != nil {
		return nil, fmt.Errorf("logout: %w", err)
	}
	return out, nil
}
