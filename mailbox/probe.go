package mailbox

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/emersion/go-imap/v2"
)

// Probe is what `claimdesk mailbox test` finds out about an account: that
// it logs in, what the server can do, and the folders it would watch.
type Probe struct {
	Mechanism string // how it logged in: LOGIN, XOAUTH2 or OAUTHBEARER
	Idle      bool
	Move      bool
	UIDPlus   bool
	CondStore bool
	// Keywords: the inbox takes custom keywords (\* in PERMANENTFLAGS).
	Keywords      bool
	Inbox         string
	InboxMessages uint32
	// SpecialSent is the folder the server marks \Sent, "" if none.
	SpecialSent string
	// SentExists: the configured Sent folder exists.
	SentExists bool
	// MoveToExists: the configured MoveTo folder exists.
	MoveToExists bool
	// Processed says in words what happens to processed inbox mail.
	Processed string
}

// Probe logs in, looks at the capabilities and the folders, and logs out,
// changing nothing.
func (a Account) Probe(ctx context.Context) (Probe, error) {
	c, mech, err := a.login(ctx, nil)
	if err != nil {
		return Probe{}, err
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	p := Probe{Mechanism: mech, Inbox: cmpOr(a.Inbox, "INBOX")}
	caps := c.Caps()
	p.Idle, p.Move, p.UIDPlus = caps.Has(imap.CapIdle), caps.Has(imap.CapMove), caps.Has(imap.CapUIDPlus)
	p.CondStore = caps.Has(imap.CapCondStore)

	boxes, err := c.List("", "*", &imap.ListOptions{ReturnSpecialUse: true}).Collect()
	if err != nil {
		return p, fmt.Errorf("list folders: %w", err)
	}
	sent := cmpOr(a.Sent, "Sent")
	for _, b := range boxes {
		if slices.Contains(b.Attrs, imap.MailboxAttrSent) && p.SpecialSent == "" {
			p.SpecialSent = b.Mailbox
		}
		p.SentExists = p.SentExists || b.Mailbox == sent
		p.MoveToExists = p.MoveToExists || (a.MoveTo != "" && b.Mailbox == a.MoveTo)
	}
	// A read-only EXAMINE would list no permanent flags.
	sel, err := c.Select(p.Inbox, nil).Wait()
	if err != nil {
		return p, fmt.Errorf("select %s: %w", p.Inbox, err)
	}
	p.InboxMessages = sel.NumMessages
	p.Keywords = PermanentKeywords(sel.PermanentFlags)
	p.Processed = a.processedMail(p)
	if err := c.Logout().Wait(); err != nil {
		return p, fmt.Errorf("log out: %w", err)
	}
	return p, nil
}

// processedMail says what the watcher will do to inbox mail it stored,
// following the watcher's choice (ingest's folderSync.markMode).
func (a Account) processedMail(p Probe) string {
	keyword := "marked with the keyword $ClaimdeskFiled"
	if a.MoveTo != "" {
		switch {
		case !p.MoveToExists:
			return fmt.Sprintf("moving to %s fails: the folder does not exist", a.MoveTo)
		case p.Move:
			return "moved to " + a.MoveTo
		case p.UIDPlus:
			return "copied to " + a.MoveTo + ", then removed from the inbox (the server lacks MOVE)"
		case p.Keywords:
			return keyword + " (the server can move neither with MOVE nor UIDPLUS)"
		}
	} else if p.Keywords {
		return keyword
	}
	return "left as it is (the inbox takes no custom keywords); claimdesk remembers what it read"
}

func cmpOr(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// PermanentKeywords reports whether a folder with these PERMANENTFLAGS
// accepts new keywords (\*).
func PermanentKeywords(flags []imap.Flag) bool {
	for _, f := range flags {
		if f == imap.FlagWildcard {
			return true
		}
	}
	return false
}
