package web

import (
	"fmt"
	"os"
	"testing"
)

// TestBrowserClaimRequestsOpenOnAPhone: on a phone a claim's Requests stay
// open while one is open, as on a desktop, so the coordinator sees what is
// asked without a tap; once all are done they fold like the other lists.
func TestBrowserClaimRequestsOpenOnAPhone(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	s := b.seedTakeBack(t, "26-1001-WTR", "60-8H77-8H5")
	page := fmt.Sprintf("/claims/%d", s.claim)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	requestsOpen := `document.getElementById("requests-h").closest("details").open`

	br.emulate(layoutViewports[0])
	br.openSettled(page)
	br.screenshot(dir, "claim-requests-phone")
	if !eval[bool](br, requestsOpen) {
		t.Error("on a phone the Requests with an open request are folded")
	}

	b.query(t, `UPDATE requests SET status = 'done', done_at = now() WHERE id = $1 RETURNING id`, []any{s.request}, new(int64))
	br.openSettled(page)
	if eval[bool](br, requestsOpen) {
		t.Error("on a phone the Requests, all done, are open")
	}

	br.emulate(layoutViewports[1])
	br.openSettled(page)
	br.screenshot(dir, "claim-requests-desktop")
	if !eval[bool](br, requestsOpen) {
		t.Error("on a desktop the Requests are folded")
	}
}
