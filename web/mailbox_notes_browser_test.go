package web

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestBrowserMailboxDownOnAPhone: a mailbox whose password the server
// refuses takes a coordinator's phone two or three lines, not its first
// screen, and the administrator's next step fits beside it with the
// server's answer folded; nothing needs sideways scrolling. With
// CLAIMDESK_SCREENSHOTS set to a directory, it saves screenshots there.
func TestBrowserMailboxDownOnAPhone(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	if _, err := b.db.CreateMailboxAccount(ctx, storage.MailboxAccount{Name: "frontdesk@demo-restoration.example", Host: "127.0.0.1:39549",
		TLS: "none", User: "frontdesk@demo-restoration.example", Auth: storage.MailboxAuthPassword, Secret: []byte("sealed")}); err != nil {
		t.Fatal(err)
	}
	now := b.clock.Now()
	if err := b.db.RecordMailboxFailure(ctx, "frontdesk@demo-restoration.example", "INBOX", storage.MailboxProblemPassword,
		"log in to 127.0.0.1:39549 as frontdesk@demo-restoration.example: imap: NO [AUTHENTICATIONFAILED] Authentication failed.",
		now, now.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	// The bundle's user, the first, is an administrator.
	coordinator := "sam@office.example"
	b.addUser(t, coordinator, "correct horse battery")
	for _, who := range []struct{ name, email string }{{"coordinator", coordinator}, {"administrator", b.email}} {
		b.email = who.email
		br := newBrowser(t, b)
		for _, v := range layoutViewports {
			br.emulate(v)
			br.openSettled("/")
			if over := br.overflow(v); over > 0 {
				t.Errorf("%s's board at %s width: %v px too wide: %v", who.name, v.name, over, eval[[]string](br, fmt.Sprintf(tooWide, v.width)))
			}
			if small := eval[[]string](br, smallTargets); v.phone && len(small) > 0 {
				t.Errorf("%s's board at %s width: controls under 44px high: %v", who.name, v.name, small)
			}
			height := eval[float64](br, `document.querySelector(".mailbox-down").getBoundingClientRect().height`)
			if v.phone && who.name == "coordinator" && height > 130 {
				t.Errorf("the coordinator's warning is %v px high on a phone; want a few lines", height)
			}
			br.screenshot(dir, fmt.Sprintf("mailbox-down-%s-%d", who.name, v.width))
		}
	}
}

// TestBrowserNoMailboxYetOnAPhone: before any mailbox is added, the
// administrator's pages say so with the command that adds one, and the
// note fits a phone. With CLAIMDESK_SCREENSHOTS set to a directory, it
// saves screenshots there.
func TestBrowserNoMailboxYetOnAPhone(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	b.srv.opts.WarnNoMailbox = true
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range layoutViewports {
		br.emulate(v)
		br.openSettled("/")
		if over := br.overflow(v); over > 0 {
			t.Errorf("board at %s width: %v px too wide: %v", v.name, over, eval[[]string](br, fmt.Sprintf(tooWide, v.width)))
		}
		if text := eval[string](br, `document.querySelector(".mailbox-none").textContent`); !strings.Contains(text, "claimdesk mailbox add") {
			t.Errorf("the administrator's note at %s width: %q", v.name, text)
		}
		br.screenshot(dir, fmt.Sprintf("no-mailbox-administrator-%d", v.width))
	}
}
