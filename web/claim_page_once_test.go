package web

import (
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// A claim page says each missing thing once: one line in Next per thing
// to do, each alert's own line rather than "then 1 more"; the billing
// packet's line asks only for what no other line asks. The paperwork
// card refers to Next, the milestones name only what the checklist does
// not show, and none of six steps is folded behind "1 more".
func TestClaimPageSaysEachThingOnce(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	risk, _ := seedBilling(t, b)
	now := b.clock.Now()
	// Four questions: with the billing, paperwork and signature lines,
	// more steps than Next shows unfolded (the claim has no adjuster, so
	// no update is owed).
	for i := range 4 {
		b.addMessage(t, msgSeed{Subject: fmt.Sprintf("Question %d on Lindqvist", i+1), ClaimID: risk, NeedsAck: true,
			From: "pat@carrier.example", FromName: "Pat Adjuster", Status: storage.StatusFiled,
			Arrived: now.Add(-time.Duration(40+i) * time.Minute), Due: ptr(now.Add(-time.Duration(10+i) * time.Minute))})
	}
	page := b.get(t, fmt.Sprintf("/claims/%d", risk), http.StatusOK)

	next := between(t, page, `id="next-h"`, "</section>")
	for _, want := range []string{
		"Ask Sam for the estimate, sketch (overdue since",
		"Before the invoice can go: ask Marcus for the signed ATP (work authorization), signed COS (certificate of satisfaction) (due",
	} {
		if !strings.Contains(next, want) {
			t.Errorf("Next lacks %q:\n%s", want, next)
		}
	}
	for _, unwanted := range []string{"more paperwork item", "still missing", `class="next-more"`} {
		if strings.Contains(next, unwanted) {
			t.Errorf("Next says %q:\n%s", unwanted, next)
		}
	}
	if n := strings.Count(next, `<li class="state-`); n < claimNextShown+1 {
		t.Errorf("Next shows %d steps, want every step of the claim:\n%s", n, next)
	}

	paperwork := section(t, page, `id="paperwork-h"`, `id="stages-h"`)
	for _, unwanted := range []string{"Ask Sam", "Before the invoice", "missing Estimate", "Estimate, Sketch"} {
		if strings.Contains(paperwork, unwanted) {
			t.Errorf("the paperwork card says %q again:\n%s", unwanted, paperwork)
		}
	}
	if !strings.Contains(paperwork, `what to do is in <a href="#next-h">Next</a>`) {
		t.Errorf("the paperwork card does not refer to Next:\n%s", paperwork)
	}
	if billing := milestoneLine(t, page, "Billing packet complete"); !strings.Contains(billing, "missing COS (certificate of satisfaction), Invoice") ||
		!strings.Contains(billing, "see the checklist") {
		t.Errorf("the billing milestone reads %s", billing)
	}
}

// An email filed as a PDF is offered beside its message in the claim's
// messages; the documents do not list it a second time.
func TestClaimPageListsEachEmailOnce(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	claim := b.addClaim(t, claimSeed{Job: "26-2108-WTR", Number: "60-8H77-8H8", Insured: "Ellen Ripley", LossType: "Water"})
	msg := b.addMessage(t, msgSeed{Subject: "Pickup done", ClaimID: claim, From: "jake@field.example", Status: storage.StatusFiled})
	doc := b.addDocument(t, claim, docSeed{Filename: "Pickup done.pdf", ContentType: "application/pdf", DocType: storage.DocTypeCorrespondence,
		Folder: storage.FolderCorrespondence, Data: []byte("%PDF pickup done")})
	if _, err := b.sql.Exec(t.Context(), `INSERT INTO document_messages (document_id, message_id) VALUES ($1, $2)`, doc, msg); err != nil {
		t.Fatal(err)
	}
	page := b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK)
	if strings.Contains(page, `<span class="folder-name">Correspondence</span>`) || strings.Contains(page, fmt.Sprintf(`id="doc-%d"`, doc)) {
		t.Error("the documents list the email the messages list")
	}
	msgs := section(t, page, `id="msgs-h"`, "</section>")
	if !strings.Contains(msgs, fmt.Sprintf(`href="/messages/%d">Pickup done</a>`, msg)) || !strings.Contains(msgs, `class="mail-pdf"`) {
		t.Errorf("the message's row lacks its PDF:\n%s", msgs)
	}
}

// One more paperwork line is said, not counted: the morning page lists it
// as a step of its own rather than "then 1 more paperwork item", and the
// board's paperwork row shows it rather than folding it behind "1 more".
func TestOneMorePaperworkLineIsShown(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	b.seedNextSteps(t)
	morning := html.UnescapeString(b.get(t, "/morning", http.StatusOK))
	if !strings.Contains(morning, "Ask Jake for the photos, scope (overdue since") || !strings.Contains(morning, "Add the estimator to the claim to ask them for the estimate, sketch") ||
		strings.Contains(morning, "more paperwork item") {
		t.Errorf("the morning page does not list the second paperwork line:\n%s", morning)
	}
	risk, _ := seedBilling(t, b)
	row := boardRow(t, b, risk)
	if !strings.Contains(row, `<div class="next-action rest-one">Before the invoice can go:`) || strings.Contains(row, "<summary>1 more</summary>") {
		t.Errorf("the board's paperwork row of %d folds its one more line:\n%s", risk, row)
	}
}

// The signatures to check are a line of Next whose button goes to the
// signed form, where it is checked.
func TestClaimPageSignatureStepGoesToTheForm(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-2109-WTR", Number: "60-8H77-8H9", Insured: "Ruth Sandoval", LossType: "Water",
		Opened: now.Add(-48 * time.Hour)})
	atp := b.addDocument(t, claim, docSeed{Filename: "ATP - Sandoval.pdf", ContentType: "application/pdf", DocType: "atp", Folder: "Contracts",
		Data: []byte("%PDF atp"), Received: now.Add(-40 * time.Hour)})
	next := between(t, b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK), `id="next-h"`, "</section>")
	want := fmt.Sprintf(`<a class="button primary" href="#doc-%d">Check the signature</a>`, atp)
	if !strings.Contains(next, "Verify the signatures on the signed ATP (work authorization)") || !strings.Contains(next, want) {
		t.Errorf("Next lacks the signatures' line with %s:\n%s", want, next)
	}
}
