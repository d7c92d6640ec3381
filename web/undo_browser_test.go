package web

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserOneTapActionsTakenBack taps, at a phone's width and a
// desktop's, each button that acted for good in one tap, and takes it
// back: "Mark done" on the board (its notice offers Undo), "Mark signature
// verified" and "Dismiss" on the claim page (Undo, and Restore in the
// dismissed fold); a note opens its edit and its delete; the users page's
// Disable asks first. Every page fits its width with controls a thumb can
// tap. With CLAIMDESK_SCREENSHOTS set to a directory, it saves screenshots
// there.
func TestBrowserOneTapActionsTakenBack(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(15*time.Hour))
	lee := b.addUser(t, "lee@office.example", "lee battery staple")
	b.userToken(t, lee.ID)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for i, v := range []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		s := b.seedTakeBack(t, fmt.Sprintf("26-12%02d-WTR", i), fmt.Sprintf("60-8H77-8H%d", i))
		br.emulate(v)

		br.openSettled("/")
		row := fmt.Sprintf("#request-%d", s.request)
		br.step("mark the request done", chromedp.Click(chromedp.CSS(row+" .request-done button")),
			chromedp.WaitVisible(chromedp.CSS("#request-done")))
		br.settle()
		br.checkFits(v, "the board after Mark done")
		br.screenshot(dir, "undo-board-request-done-"+v.name)
		br.step("undo it", chromedp.Click(chromedp.CSS("#request-done button")), chromedp.WaitVisible(chromedp.CSS(row)))

		claim := fmt.Sprintf("/claims/%d", s.claim)
		doc := fmt.Sprintf("#doc-%d", s.form)
		br.openSettled(claim)
		br.unfold("section[aria-labelledby='docs-h'] details.fold > summary")
		br.step("verify the form", chromedp.Click(chromedp.CSS(doc+" .verify-form:not(.reject-form) button")),
			chromedp.WaitVisible(chromedp.CSS(doc+" .undo-verify button")))
		br.settle()
		br.checkFits(v, "the claim page after Mark signature verified")
		br.elementShot(dir, "undo-claim-verified-"+v.name, doc)
		br.step("undo it", chromedp.Click(chromedp.CSS(doc+" .undo-verify button")),
			chromedp.WaitVisible(chromedp.CSS(doc+" .reject-form")))
		br.settle()

		proposal := fmt.Sprintf("#proposal-%d", s.proposal)
		br.step("dismiss the proposal", chromedp.Click(chromedp.CSS(proposal+` button[value="dismiss"]`)),
			chromedp.WaitVisible(chromedp.CSS("#proposals-dismissed")))
		br.settle()
		br.unfold("#proposals-dismissed > summary")
		br.checkFits(v, "the claim page with a dismissed proposal")
		br.elementShot(dir, "undo-claim-dismissed-"+v.name, "#equipment")
		br.step("restore it", chromedp.Click(chromedp.CSS(proposal+" button")),
			chromedp.WaitVisible(chromedp.CSS(proposal+` button[value="confirm"]`)))

		note := fmt.Sprintf("#update-%d", s.note)
		br.unfold("section[aria-labelledby='updates-h'] details.fold > summary")
		br.unfold(note + " .note-change > summary")
		br.unfold(note + " .confirm > summary")
		br.checkFits(v, "the claim page with a note's edit and delete open")
		br.elementShot(dir, "undo-claim-note-"+v.name, `section[aria-labelledby="updates-h"]`)

		br.openSettled("/settings/users")
		user := fmt.Sprintf("#user-%d", lee.ID)
		br.unfold(user + " .reset > summary")
		br.unfold(user + " .disable > summary")
		br.checkFits(v, "the users page with Reset password and Disable open")
		br.screenshot(dir, "undo-users-confirm-"+v.name)
	}
}

// settle waits for the page a form led to to stop moving: its images
// loaded and the board's live status shown, so that a tap lands where
// the button is.
func (br *browser) settle() {
	br.t.Helper()
	br.step("load every image", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("img[loading=lazy]").forEach(i => i.loading = "eager")`))
	_, err := chromedp.Run(br.ctx, chromedp.Poll[bool](`document.readyState === "complete" && [...document.images].every(i => i.complete) &&
		[...document.querySelectorAll(".live-status")].every(e => !e.hidden)`, chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil {
		br.t.Fatalf("the page never settled: %v", err)
	}
}

// takeBackSeed is a claim with one of each thing a tap can take back.
type takeBackSeed struct{ claim, request, form, proposal, note int64 }

// seedTakeBack stores claim job (carrier's number) with an open request,
// an ATP to verify, a proposal from mail and a note of the signed-in
// coordinator's.
func (b *pageBundle) seedTakeBack(t *testing.T, job, number string) takeBackSeed {
	t.Helper()
	now := b.clock.Now()
	var s takeBackSeed
	s.claim = b.addClaim(t, claimSeed{Job: job, Number: number, Insured: "Ellen Ripley", Adjuster: "Ann Adjuster",
		AdjusterEmail: "ann@carrier.example", Opened: now.Add(-50 * time.Hour)})
	msg := b.addMessage(t, msgSeed{Subject: "Photos and the dry-out date, please", ClaimID: s.claim, Status: "filed",
		FromName: "Ann Adjuster", From: "ann@carrier.example", Arrived: now.Add(-2 * time.Hour)})
	b.query(t, `INSERT INTO requests (claim_id, message_id, from_addr, doc_types, text, asked_at, due_at, office_id)
		VALUES ($1, $2, 'ann@carrier.example', '{photo}', 'Photos and the dry-out date, please', $3, $4, 1) RETURNING id`,
		[]any{s.claim, msg, now.Add(-2 * time.Hour), now.Add(22 * time.Hour)}, &s.request)
	s.form = b.addDocument(t, s.claim, docSeed{Filename: "ATP Ripley signed.pdf", ContentType: "application/pdf",
		DocType: "atp", Folder: "Contracts", Data: append(onePagePDF(), job...)})
	b.query(t, `INSERT INTO equipment_proposals (claim_id, message_id, seq, action, kind, count, at, text)
		VALUES ($1, $2, 1, 'placed', 'air_mover', 4, $3, 'set 4 air movers in the kitchen') RETURNING id`,
		[]any{s.claim, msg, now.Add(-2 * time.Hour)}, &s.proposal)
	b.query(t, `INSERT INTO claim_updates (claim_id, at, source, author, note)
		VALUES ($1, $2, 'note', $3, 'Called Ann: dry-out expected Thursday') RETURNING id`,
		[]any{s.claim, now.Add(-time.Hour), b.email}, &s.note)
	return s
}
