package web

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/storage"
)

// TestBrowserClaimStagesAgree opens, at a phone's width and a laptop's, a
// claim whose equipment was placed two days ago, whose signed COS came in
// unchecked and whose technician wrote that the equipment was picked up:
// the stages, the checklist and the milestones tell one story, and nothing
// scrolls sideways. With CLAIMDESK_SCREENSHOTS set to a directory, it
// saves the page there.
func TestBrowserClaimStagesAgree(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1007-WTR", Number: "60-8H77-8J1", Insured: "Dana Scully", LossType: "Water",
		Address: "4410 Maple Avenue, Worthington Heights", Opened: now.Add(-72 * time.Hour)})
	placed := now.Add(-48 * time.Hour).Truncate(time.Minute)
	if _, err := b.sql.Exec(ctx, `INSERT INTO equipment (claim_id, kind, count, placed_at, office_id)
		VALUES ($1, 'air_mover', 4, $2, 1), ($1, 'dehumidifier', 1, $2, 1)`, claim, placed); err != nil {
		t.Fatal(err)
	}
	b.addDocument(t, claim, docSeed{Filename: "COS signed by the homeowner.pdf", ContentType: "application/pdf", DocType: "cos",
		Folder: "Contracts", Data: onePagePDF()})
	wrote := now.Add(-time.Hour).Truncate(time.Minute)
	msg := b.addMessage(t, msgSeed{Subject: "Scully final readings", FromName: "Marcus Reyes", From: "marcus@crew.example",
		ClaimID: claim, Status: "filed", Arrived: wrote})
	if err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		return storage.RecordEquipmentProposals(ctx, tx, claim, msg, []storage.EquipmentProposal{
			{Action: equipment.ActionPickedUp, Kind: equipment.AllDrying, At: wrote, Text: "Readings at goal, we pulled all the equipment."}})
	}); err != nil {
		t.Fatal(err)
	}
	if err := b.db.AddClaimNote(ctx, claim, b.email, "Drying day 2: readings falling.", now.Add(-24*time.Hour)); err != nil {
		t.Fatal(err)
	}

	page := fmt.Sprintf("/claims/%d", claim)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range []viewport{layoutViewports[0], {"laptop", 1366, 768, false}} {
		br.emulate(v)
		br.openSettled(page)
		if over := br.overflow(v); over > 0 {
			t.Errorf("claim page at %s width is %v px too wide: %v", v.name, over, eval[[]string](br, fmt.Sprintf(tooWide, v.width)))
		}
		text := func(sel string) string { return eval[string](br, `document.querySelector("`+sel+`")?.innerText ?? ""`) }
		if st := text("#stage-work_started"); !strings.Contains(st, "from the equipment log") || strings.Contains(st, "not yet") {
			t.Errorf("work started at %s width reads %q", v.name, st)
		}
		if st := text("#stage-equipment_picked_up"); !strings.Contains(st, "says so: confirm it") {
			t.Errorf("equipment picked up at %s width reads %q", v.name, st)
		}
		if cos := text(".checklist .item-unverified"); !strings.Contains(cos, "COS") || strings.Contains(cos, "extra") ||
			!strings.Contains(cos, "signature not verified") {
			t.Errorf("the checklist's COS at %s width reads %q", v.name, cos)
		}
		if ms := text(".timeline"); !strings.Contains(ms, "COS at equipment pickup\non file") {
			t.Errorf("the milestones at %s width read %q", v.name, ms)
		}
		br.screenshot(dir, "claim-stages-"+v.name)
	}
}

// TestBrowserClaimStageClear takes back, at a phone's width and a
// laptop's, a start recorded by a tap: the stage says who recorded it, its
// Clear opens to say what it takes back, and taking it back leaves the
// stage not yet, the ATP no longer overdue and the history saying who did.
// The form to record a stage sends nothing until a stage is chosen. With
// CLAIMDESK_SCREENSHOTS set, it saves the page with the Clear open, and
// once cleared.
func TestBrowserClaimStageClear(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1008-WTR", Number: "60-8H77-8J2", Insured: "Dana Scully", LossType: "Water",
		Address: "4410 Maple Avenue, Worthington Heights", Opened: now.Add(-72 * time.Hour)})
	itel := b.addDocument(t, claim, docSeed{Filename: "ITEL 4471 moisture map.pdf", ContentType: "application/pdf", DocType: "lab_report",
		Folder: "Lab Reports", Data: []byte("%PDF ITEL 4471"), Received: now.Add(-26 * time.Hour)})
	if err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		_, err := storage.SetSampledFromEvidence(ctx, tx, claim, storage.SampleEvidence{DocumentID: itel, File: "ITEL 4471 moisture map.pdf",
			At: now.Add(-30 * time.Hour).Truncate(time.Minute)})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/claims/%d", claim)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range []viewport{layoutViewports[0], {"laptop", 1366, 768, false}} {
		if err := b.db.SetJobStage(ctx, claim, storage.StageWorkStarted, now.Add(-5*time.Minute).Truncate(time.Minute), b.email); err != nil {
			t.Fatal(err)
		}
		br.emulate(v)
		br.openSettled(page)
		text := func(sel string) string { return eval[string](br, `document.querySelector("`+sel+`")?.innerText ?? ""`) }
		if st := text("#stage-work_started"); !strings.Contains(st, "recorded by "+b.email) {
			t.Errorf("work started at %s width reads %q", v.name, st)
		}
		if st := text("#stage-sampled"); !strings.Contains(st, "from the lab report ITEL 4471 moisture map.pdf") || strings.Contains(st, "Clear") {
			t.Errorf("the sample at %s width reads %q", v.name, st)
		}
		br.step("record with no stage chosen", chromedp.Click(chromedp.CSS(".stage-form button")))
		if !eval[bool](br, `document.querySelector(".stage-form select").validity.valueMissing`) {
			t.Errorf("the stage form at %s width sent with no stage chosen", v.name)
		}
		br.screenshot(dir, "claim-stage-recorded-"+v.name)
		br.step("open the start's Clear", chromedp.Click(chromedp.CSS("#stage-work_started .stage-clear summary")))
		if over := br.overflow(v); over > 0 {
			t.Errorf("claim page at %s width is %v px too wide: %v", v.name, over, eval[[]string](br, fmt.Sprintf(tooWide, v.width)))
		}
		if clear := text("#stage-work_started .stage-clear form"); !strings.Contains(clear, "Take back the time "+b.email+" recorded") ||
			!strings.Contains(clear, "Not yet after all") {
			t.Errorf("the start's Clear at %s width reads %q", v.name, clear)
		}
		br.screenshot(dir, "claim-stage-clear-"+v.name)
		br.step("take the start back",
			chromedp.Click(chromedp.CSS("#stage-work_started .stage-clear button")),
			chromedp.WaitVisible(chromedp.CSS("#stage-work_started.item-todo")))
		if st := text("#stage-work_started"); !strings.Contains(st, "not yet") || strings.Contains(st, "Clear") {
			t.Errorf("work started once cleared at %s width reads %q", v.name, st)
		}
		if ms := text(".timeline"); strings.Contains(ms, "ATP signed before work\noverdue") {
			t.Errorf("the milestones once the start is cleared at %s width read %q", v.name, ms)
		}
		br.unfold("#history-h")
		if h := text("#history"); !strings.Contains(h, b.email+" · Work started") || !strings.Contains(h, "→ not yet") {
			t.Errorf("the history at %s width reads %q", v.name, h)
		}
		br.screenshot(dir, "claim-stage-cleared-"+v.name)
	}
}
