package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/storage"
)

// TestBrowserApprovalMarkedSent, at a phone's width and a desktop's, in an
// office that does not send mail: the approval request's page offers "I
// sent it" under the mail-program link; on the claim, pressing it beside
// "Email Pat for approval" on the Next card makes the step say the adjuster
// was asked today, the line who marked it, and the board that the request
// went from a mail program. Nothing scrolls sideways and every control is
// big enough for a thumb. With CLAIMDESK_SCREENSHOTS set to a directory, it
// saves screenshots of the request's page, of the claim's Next card before
// and after, and of its equipment and the board's approvals once marked.
func TestBrowserApprovalMarkedSent(t *testing.T) {
	t.Parallel()
	b, claim, now := sundayMoldJob(t)
	loc := now.Location()
	ctx := context.Background()
	placed := time.Date(2026, time.December, 1, 9, 0, 0, 0, loc)
	box := b.addEquipment(t, storage.Equipment{ClaimID: claim, Kind: equipment.Dumpster, Count: 1,
		PlacedAt: &placed, Vendor: "Metro Roll-Off", Note: "20 yd", Approval: equipment.ApprovalRequested,
		ApprovalBy: b.email, ApprovalAt: &placed})[0]
	const asked = "Get carrier approval for 1 dumpster (Metro Roll-Off) from Pat (adjuster): asked Sun Dec 6, today"
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		if _, err := b.sql.Exec(ctx, `UPDATE equipment SET approval_asked_at = NULL, approval_asked_by = '', approval_at = $2
			WHERE id = $1`, box.ID, placed); err != nil {
			t.Fatal(err)
		}
		br.emulate(v)
		br.openSettled(fmt.Sprintf("/equipment/%d/approval-request", box.ID))
		br.checkFits(v, "the approval request's page")
		br.elementShot(dir, "approval-request-"+v.name, "main")

		br.openSettled(fmt.Sprintf("/claims/%d", claim))
		br.checkFits(v, "the claim page")
		br.elementShot(dir, "approval-ask-next-"+v.name, ".next-card")
		br.step("press I sent it on the Next card",
			chromedp.Click(chromedp.CSS(`.next-do .asked-form button`)),
			chromedp.WaitNotPresent(chromedp.CSS(`.asked-form`)))
		next := eval[string](br, `document.querySelector(".next-card").innerText.replace(/\s+/g, " ")`)
		line := eval[string](br, fmt.Sprintf(`document.querySelector("#equipment-%d").innerText.replace(/\s+/g, " ")`, box.ID))
		if !strings.Contains(next, asked) || strings.Contains(next, "Email Pat for approval") ||
			!strings.Contains(line, "(marked sent by Test dana@office.example), waiting for the answer") {
			t.Errorf("at %s width, once marked sent, the Next card reads:\n%s\nand the line:\n%s", v.name, next, line)
		}
		br.checkFits(v, "the claim page once marked sent")
		br.elementShot(dir, "approval-marked-sent-next-"+v.name, ".next-card")
		br.elementShot(dir, "approval-marked-sent-equipment-"+v.name, fmt.Sprintf("#equipment-%d", box.ID))

		br.openSettled("/")
		if text := eval[string](br, `document.querySelector(".approvals").innerText.replace(/\s+/g, " ")`); !strings.Contains(text, asked) ||
			!strings.Contains(text, "request sent from a mail program") {
			t.Errorf("the board's approvals at %s width:\n%s", v.name, text)
		}
		br.elementShot(dir, "approval-marked-sent-board-"+v.name, ".approvals")
	}
}

// elementShot saves the page's first element matching css under dir when
// the test is asked to.
func (br *browser) elementShot(dir, name, css string) {
	br.t.Helper()
	if dir == "" {
		return
	}
	shot, err := chromedp.Run(br.ctx, chromedp.Screenshot(chromedp.CSS(css)))
	if err != nil {
		br.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), shot, 0o644); err != nil {
		br.t.Fatal(err)
	}
}
