package web

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/storage"
)

// TestBrowserWestDumpsterSwapped, at a phone's width and a desktop's: the
// server's clock is Chicago's, the claim is the West office's, in Los
// Angeles, and its coordinator also coordinates the Chicago office. The
// dumpster placed Tue Dec 1 09:00 and swapped Fri Dec 4 at 23:30, as
// typed in the swap form, on West's clock: it is logged then, and the
// line says so, in West's days ("Fri Dec 4", though it was Saturday in
// Chicago), its times naming West's zone. Nothing scrolls sideways and
// every control is big enough for a thumb. With CLAIMDESK_SCREENSHOTS set to a directory, it saves the
// line once swapped, with its hauls open.
func TestBrowserWestDumpsterSwapped(t *testing.T) {
	t.Parallel()
	b, claim, _ := sundayMoldJob(t)
	ctx := context.Background()
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	west, _ := coordinatedOffice(t, b, storage.Office{Slug: "west", Name: "West", TimeZone: la.String()})
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET office_id = $2 WHERE id = $1`, claim, west.ID); err != nil {
		t.Fatal(err)
	}
	placed := time.Date(2026, time.December, 1, 9, 0, 0, 0, la)
	box := b.addEquipment(t, storage.Equipment{ClaimID: claim, Kind: equipment.Dumpster, Count: 1, PlacedAt: &placed,
		Vendor: "Metro Roll-Off"})[0]
	line := fmt.Sprintf("#equipment-%d", box.ID)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		if _, err := b.sql.Exec(ctx, `DELETE FROM equipment_hauls WHERE equipment_id = $1`, box.ID); err != nil {
			t.Fatal(err)
		}
		br.emulate(v)
		br.openSettled(fmt.Sprintf("/claims/%d", claim))
		br.step("swap the dumpster at 23:30 on Fri Dec 4",
			chromedp.SetValue(chromedp.CSS(line+` .haul-form input[name=hauled_at]`), "2026-12-04T23:30"),
			chromedp.SendKeys(chromedp.CSS(line+` .haul-form input[name=note]`), "ticket 4471"),
			chromedp.Click(chromedp.CSS(line+` .haul-form button`)),
			chromedp.WaitVisible(chromedp.CSS(line+` .equipment-hauls-edit`)))
		br.step("open the hauls", chromedp.Click(chromedp.CSS(line+` .equipment-hauls-edit summary`)))
		text := eval[string](br, fmt.Sprintf(`document.querySelector("%s").innerText.replace(/\s+/g, " ")`, line))
		for _, want := range []string{"placed Tue Dec 1, 09:00 PST", "1 haul: Fri Dec 4", "Fri Dec 4, 23:30 PST"} {
			if !strings.Contains(text, want) {
				t.Errorf("at %s width the West dumpster's line lacks %q:\n%s", v.name, want, text)
			}
		}
		if lines, err := b.db.ClaimEquipment(ctx, claim); err != nil || len(lines[0].Hauls) != 1 ||
			!lines[0].Hauls[0].At.Equal(time.Date(2026, time.December, 4, 23, 30, 0, 0, la)) {
			t.Errorf("at %s width the swap typed 23:30 is logged %+v (%v), want 23:30 in Los Angeles", v.name, lines, err)
		}
		br.checkFits(v, "the West claim's page once swapped")
		br.elementShot(dir, "haul-west-"+v.name, line)
	}
}
