package web

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserPageClocksFollowTheServer opens the message page and triage
// on a Monday at 09:00, the office open since 08:00: once the page's
// script has run, the clocks still say the server's business time ("25
// business min left", "overdue 1 business hour 37 min"), not the wall
// clock's 2½ days. With CLAIMDESK_SCREENSHOTS set to a directory, it saves
// the message page, triage and the claim page at phone and desktop width.
func TestBrowserPageClocksFollowTheServer(t *testing.T) {
	t.Parallel()
	b, at := decemberOffice(t, 7, 9, 0)
	claim := b.addClaim(t, claimSeed{Job: "26-2104-MLD", Number: "60-8H77-8H5", Insured: "Harold Becker", LossType: "Mold",
		Opened: at(1, 9, 0)})
	soon := b.addMessage(t, msgSeed{Subject: "Inspection time?", ClaimID: claim, NeedsAck: true, Status: "filed",
		Arrived: at(7, 8, 55), Due: ptr(at(7, 9, 25))})
	// Due at half past a minute: a second of the script's own does not
	// start another minute.
	b.addMessage(t, msgSeed{Subject: "Homeowner called twice", NeedsAck: true, Status: "triage",
		Arrived: at(4, 16, 53), Due: ptr(at(4, 17, 23).Add(30 * time.Second))})
	if _, err := b.sql.Exec(context.Background(), `INSERT INTO requests (claim_id, message_id, from_addr, doc_types, text, asked_at, due_at, office_id)
		VALUES ($1, $2, 'ann@carrier.example', '{cos}', 'Please send the COS', $3, $4, 1)`, claim, soon, at(4, 15, 0), at(4, 17, 30)); err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, size := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		opts := []chromedp.EmulateViewportOption{}
		if size.mobile {
			opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateScale(2))
		}
		br.step("set the window to a "+size.name, chromedp.EmulateViewport(size.width, size.height, opts...))
		for _, page := range []struct{ name, path, want string }{
			{"message", fmt.Sprintf("/messages/%d", soon), "25 business min left"},
			{"triage", "/triage", "overdue 1 business hour 37 min"},
			{"claim", fmt.Sprintf("/claims/%d", claim), ""},
		} {
			br.step("open the "+page.name+" page", chromedp.Navigate(b.ts.URL+page.path), chromedp.WaitReady(chromedp.CSS("main")))
			if page.want != "" {
				if got := eval[string](br, `document.querySelector(".countdown[data-clock]").textContent`); got != page.want {
					t.Errorf("%s, %s: the script says %q, want the server's %q", page.name, size.name, got, page.want)
				}
			}
			br.screenshot(dir, "clocks-"+page.name+"-"+size.name)
		}
	}
}
