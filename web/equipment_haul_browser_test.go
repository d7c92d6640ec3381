package web

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/emersion/go-message/mail"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

// TestBrowserDumpsterSwapped, at a phone's width and a desktop's: a
// dumpster placed Tue Dec 1 and swapped that afternoon is swapped again
// with the line's "Swap (haul)" form, for Fri Dec 4 with the hauler's
// ticket, the form sent three times (twice from the page's script, then
// the click): the line, still placed Dec 1 and on the job, says "2 hauls:
// Tue Dec 1, Fri Dec 4" and lists them under Hauls, each with the name of
// who logged it. Nothing scrolls sideways
// and every control is big enough for a thumb. With CLAIMDESK_SCREENSHOTS
// set to a directory, it saves screenshots of the claim's equipment
// before and after the swap, and with the hauls opened.
func TestBrowserDumpsterSwapped(t *testing.T) {
	t.Parallel()
	b, claim, now := sundayMoldJob(t)
	loc := now.Location()
	ctx := context.Background()
	placed := time.Date(2026, time.December, 1, 9, 0, 0, 0, loc)
	box := b.addEquipment(t, storage.Equipment{ClaimID: claim, Kind: equipment.Dumpster, Count: 1,
		PlacedAt: &placed, Vendor: "Metro Roll-Off", Note: "30 yd, driveway"},
		storage.Equipment{ClaimID: claim, Kind: equipment.AirMover, Count: 4, PlacedAt: &placed})[0]
	if _, _, err := b.db.AddHaul(ctx, box.ID, storage.Haul{At: placed.Add(6 * time.Hour), By: b.email}, now); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(ctx, `UPDATE users SET name = 'Dana Whitfield' WHERE email = $1`, b.email); err != nil {
		t.Fatal(err)
	}
	line := fmt.Sprintf("#equipment-%d", box.ID)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		if _, err := b.sql.Exec(ctx, `DELETE FROM equipment_hauls WHERE equipment_id = $1 AND hauled_at > $2`, box.ID, placed.Add(6*time.Hour)); err != nil {
			t.Fatal(err)
		}
		br.emulate(v)
		br.openSettled(fmt.Sprintf("/claims/%d", claim))
		if n := eval[int](br, `document.querySelectorAll(".haul-form").length`); n != 1 {
			t.Errorf("at %s width the claim offers %d swaps, want the dumpster's alone", v.name, n)
		}
		br.checkFits(v, "the claim page")
		br.elementShot(dir, "haul-before-"+v.name, "#equipment")
		br.step("fill the swap form for Fri Dec 4",
			chromedp.SetValue(chromedp.CSS(line+` .haul-form input[name=hauled_at]`), "2026-12-04T10:30"),
			chromedp.SendKeys(chromedp.CSS(line+` .haul-form input[name=note]`), "30 yd, Metro Roll-Off ticket 4471"))
		// The form sent twice before the click sends it a third time, as a
		// double click and a page sent again do: one swap is logged.
		sent, err := chromedp.Run(br.ctx, chromedp.Evaluate[[]int](`(f => Promise.all([1, 2].map(() =>
			fetch(f.getAttribute("action"), {method: "POST", body: new URLSearchParams(new FormData(f))}).then(r => r.status))))(
			document.querySelector("`+line+` .haul-form"))`, chromedp.EvalAwaitPromise))
		if err != nil || len(sent) != 2 || sent[0] != 200 || sent[1] != 200 {
			t.Fatalf("the swap form sent twice from the page: %v (%v), want both back on the claim page", sent, err)
		}
		br.step("swap the dumpster",
			chromedp.Click(chromedp.CSS(line+` .haul-form button`)),
			chromedp.WaitVisible(chromedp.CSS(line+` .equipment-hauls-edit .hauls li:nth-child(2)`)))
		text := eval[string](br, fmt.Sprintf(`document.querySelector("%s").innerText.replace(/\s+/g, " ")`, line))
		if !strings.Contains(text, "2 hauls: Tue Dec 1, Fri Dec 4") || !strings.Contains(text, "placed Tue Dec 1") ||
			!strings.Contains(text, "on the job") {
			t.Errorf("at %s width, once swapped, the dumpster's line reads:\n%s", v.name, text)
		}
		br.checkFits(v, "the claim page once swapped")
		br.elementShot(dir, "haul-swapped-"+v.name, "#equipment")
		br.step("open the hauls", chromedp.Click(chromedp.CSS(line+` .equipment-hauls-edit summary`)))
		if text := eval[string](br, fmt.Sprintf(`document.querySelector("%s .hauls").innerText.replace(/\s+/g, " ")`, line)); !strings.Contains(text, "30 yd, Metro Roll-Off ticket 4471") ||
			strings.Count(text, "Remove") != 2 || strings.Count(text, "Dana Whitfield") != 2 || strings.Contains(text, b.email) {
			t.Errorf("at %s width the hauls read: %s", v.name, text)
		}
		br.checkFits(v, "the claim page with the hauls open")
		br.elementShot(dir, "haul-list-"+v.name, line)
	}
}

// TestBrowserUpdateTellsSwaps, at a phone's width and a desktop's: the
// daily update of a job whose dumpster was swapped since its last update
// opens saying so, on the swaps' days, above the coordinator's bullets.
// Nothing scrolls sideways and every control is big enough for a thumb.
// With CLAIMDESK_SCREENSHOTS set to a directory, it saves the form.
func TestBrowserUpdateTellsSwaps(t *testing.T) {
	t.Parallel()
	b, claim, now := sundayMoldJob(t)
	ctx := context.Background()
	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.srv.opts.Outbox = outbox.NewOutbox(b.db, rc, outbox.OutboxConfig{From: mail.Address{Address: "claims@office.example"}, Now: b.clock.Now})
	placed := time.Date(2026, time.December, 1, 9, 0, 0, 0, now.Location())
	box := b.addEquipment(t, storage.Equipment{ClaimID: claim, Kind: equipment.Dumpster, Count: 1, PlacedAt: &placed, Vendor: "Metro Roll-Off"})[0]
	for _, at := range []time.Time{placed.Add(6 * time.Hour), placed.Add(3*24*time.Hour + 90*time.Minute)} {
		if _, _, err := b.db.AddHaul(ctx, box.ID, storage.Haul{At: at, By: b.email}, now); err != nil {
			t.Fatal(err)
		}
	}
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		br.emulate(v)
		br.openSettled(fmt.Sprintf("/claims/%d/update", claim))
		draft := eval[string](br, `document.querySelector("textarea[name=body]").value`)
		if !strings.Contains(draft, "the dumpster was swapped on Tue Dec 1 and Fri Dec 4.\n") {
			t.Errorf("at %s width the update opens:\n%s", v.name, draft)
		}
		br.checkFits(v, "the update form")
		br.elementShot(dir, "haul-update-"+v.name, "main")
	}
}
