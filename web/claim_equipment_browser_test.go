package web

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/storage"
)

// TestBrowserClaimEquipment opens a claim's equipment section at a
// phone's width and a desktop's, with a long vendor and a proposal from
// mail: nothing scrolls sideways and every control is big enough for a
// thumb. With scripts off, a coordinator adds a line and marks it picked
// up with the section's plain forms, and confirms mail that did not say
// how many, saying it.
func TestBrowserClaimEquipment(t *testing.T) {
	t.Parallel()
	b := setupReplyPages(t)
	ctx := context.Background()
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley", LossType: "water",
		Adjuster: "Ann Adjuster", AdjusterEmail: "ann@carrier.example"})
	msg := b.addMessage(t, msgSeed{Subject: "Container delivered", ClaimID: claim, From: "dispatch@rollaway.example", Status: "filed", Arrived: now.Add(-time.Hour)})
	placed := time.Date(now.Year(), now.Month(), now.Day()-3, 9, 0, 0, 0, time.UTC) // three days ago, in the office's UTC
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := storage.AddEquipment(ctx, tx, storage.Equipment{ClaimID: claim, Kind: equipment.Dumpster, Count: 1, PlacedAt: &placed,
			Vendor: "Rollaway Container Services of Greater Worthington County LLC", Note: "30 yard roll-off in the driveway beside the detached garage",
			Approval: equipment.ApprovalRequested}); err != nil {
			return err
		}
		return storage.RecordEquipmentProposals(ctx, tx, claim, msg, []storage.EquipmentProposal{{Action: equipment.ActionPlaced,
			Kind: equipment.Pod, Count: 1, At: now.Add(-time.Hour), Address: "1418 W. Pine Avenue, Apartment 12B, Worthington Heights",
			Text: "Your 16 foot portable storage container was delivered to 1418 W. Pine Avenue, Apartment 12B, Worthington Heights"},
			{Action: equipment.ActionPlaced, Kind: equipment.AirMover, At: placed, Text: "Your guys set up fans in the bedroom yesterday"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/claims/%d", claim)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range layoutViewports {
		br.emulate(v)
		br.openSettled(page)
		br.step("open the add form and a line's edit", chromedp.Evaluate[chromedp.Void](
			`document.querySelector(".equipment-add").open = true; document.querySelector(".equipment-edit").open = true`))
		if over := br.overflow(v); over > 0 {
			t.Errorf("claim page at %s width is %v px too wide: %v", v.name, over, eval[[]string](br, fmt.Sprintf(tooWide, v.width)))
		}
		if v.phone {
			if small := eval[[]string](br, smallTargets); len(small) > 0 {
				t.Errorf("claim page on a phone: controls under 44px high: %v", small)
			}
		}
		if tall := eval[[]string](br, tallFields); len(tall) > 0 {
			t.Errorf("claim page at %s width: one-line fields stretched tall: %v", v.name, tall)
		}
		if cut := eval[[]string](br, fmt.Sprintf(clippedFields, ".equipment-add-form", ".equipment-add-form")); len(cut) > 0 {
			t.Errorf("equipment form at %s width cuts off what its fields show: %v", v.name, cut)
		}
		shown := eval[map[string]any](br, `(() => {
			const s = document.getElementById("equipment"), w = s.getBoundingClientRect();
			return {text: s.innerText, inside: [...s.querySelectorAll("button, select, input:not([type=hidden]), a.button")]
				.every(e => e.getBoundingClientRect().right <= w.right + 0.5)};
		})()`)
		text, _ := shown["text"].(string)
		for _, want := range []string{"1 × Dumpster", "3 days", "Approval requested", "Write the approval request", "Placed 1 pod at 1418 W. Pine Avenue",
			"Placed air movers", "How many?"} {
			if !strings.Contains(text, want) {
				t.Errorf("equipment section at %s width lacks %q:\n%s", v.name, want, text)
			}
		}
		if shown["inside"] != true {
			t.Errorf("equipment section at %s width: a control sticks out of its card", v.name)
		}
		br.screenshot(dir, "equipment-"+v.name)
	}

	br.emulate(layoutViewports[0])
	br.step("turn scripts off", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	br.step("add two dehumidifiers",
		chromedp.Navigate(b.ts.URL+page),
		chromedp.WaitVisible(chromedp.CSS("#equipment")),
		chromedp.Click(chromedp.CSS(".equipment-add summary")),
		chromedp.SetValue(chromedp.CSS(`.equipment-add-form select[name="kind"]`), "dehumidifier"),
		chromedp.SetValue(chromedp.CSS(`.equipment-add-form input[name="count"]`), "2"),
		chromedp.Click(chromedp.CSS(`.equipment-add-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#equipment .equipment-lines li:nth-child(2)`)))
	lines, err := b.db.ClaimEquipment(ctx, claim)
	if err != nil || len(lines) != 2 || lines[1].Kind != equipment.Dehumidifier || lines[1].Count != 2 {
		t.Fatalf("log after the add form: %+v (%v)", lines, err)
	}
	row := fmt.Sprintf("#equipment-%d", lines[1].ID)
	br.step("mark them picked up",
		chromedp.Click(chromedp.CSS(row+` input[name="action"][value="pickup"] ~ button`)),
		chromedp.WaitVisible(chromedp.CSS(row+`.state-done`)))
	got, err := b.db.GetEquipment(ctx, lines[1].ID)
	if err != nil || got.PickedUpAt == nil {
		t.Fatalf("after Mark picked up: %+v (%v)", got, err)
	}
	f, err := b.db.ClaimFacts(ctx, claim)
	if err != nil || f.EquipmentPickedUpAt == nil || !f.EquipmentPickedUpAt.Equal(*got.PickedUpAt) {
		t.Errorf("pickup stage %v, want the dehumidifiers' pickup %v (%v)", f.EquipmentPickedUpAt, got.PickedUpAt, err)
	}
	confirmFans(t, b, br, claim)
}

// confirmFans confirms, with the claim page's plain form, the proposal
// of claim's air movers whose mail did not say how many: five, a line of
// its own.
func confirmFans(t *testing.T, b *pageBundle, br *browser, claim int64) {
	t.Helper()
	ctx := context.Background()
	ps, err := b.db.ClaimEquipmentProposals(ctx, claim)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(ps, func(p storage.EquipmentProposal) bool { return p.Count == 0 })
	if i < 0 {
		t.Fatalf("no proposal without a count: %+v", ps)
	}
	row := fmt.Sprintf("#proposal-%d", ps[i].ID)
	br.step("confirm the fans, saying how many",
		chromedp.SetValue(chromedp.CSS(row+` input[name="count"]`), "5"),
		chromedp.Click(chromedp.CSS(row+` button[value="confirm"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#equipment .equipment-lines li:nth-child(3)`)))
	lines, err := b.db.ClaimEquipment(ctx, claim)
	if err != nil || !slices.ContainsFunc(lines, func(e storage.Equipment) bool { return e.Kind == equipment.AirMover && e.Count == 5 }) {
		t.Errorf("log after confirming the fans: %+v (%v)", lines, err)
	}
}
