package web

import (
	"fmt"
	"os"
	"testing"
)

// TestBrowserMailboxesPageFitsAPhone: the mailboxes page, with a failing
// mailbox's long server answer opened and the commands' long lines, needs
// no sideways scrolling on a phone, and reads on a desktop. With
// CLAIMDESK_SCREENSHOTS set to a directory, it saves screenshots there.
func TestBrowserMailboxesPageFitsAPhone(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	b.seedMailboxes(t)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range []viewport{layoutViewports[0], {"desktop", 1280, 900, false}} {
		br.emulate(v)
		br.openSettled("/settings/mailboxes")
		// Opened, what the mail server said is the longest line.
		eval[int](br, `[...document.querySelectorAll("details.server-said")].map(d => d.open = true).length`)
		if over := br.overflow(v); over > 0 {
			t.Errorf("%s: %v px too wide: %v", v.name, over, eval[[]string](br, fmt.Sprintf(tooWide, v.width)))
		}
		br.screenshot(dir, fmt.Sprintf("mailboxes-%d", v.width))
	}
}
