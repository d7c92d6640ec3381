package web

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// TestBrowserEquipmentToCheck opens, at a phone's width and a desktop's,
// the walkthrough's mold job on a Sunday of an office that does not send
// mail: scrubbers logged from the vendor's invoice and the crew's mail
// saying one was placed, a dumpster waiting five days for the carrier's
// approval. The claim says the scrubbers are logged and offers the same
// equipment first; its Next card and the board ask for the approval, with
// the request written for the mail program. Nothing scrolls sideways and
// every control is big enough for a thumb.
func TestBrowserEquipmentToCheck(t *testing.T) {
	t.Parallel()
	b, claim, now := sundayMoldJob(t)
	loc := now.Location()
	ctx := context.Background()
	var err error
	msg := b.addMessage(t, msgSeed{Subject: "Air scrubbers running", ClaimID: claim, From: "tom@office.example", Status: "filed",
		Arrived: time.Date(2026, time.November, 27, 20, 14, 0, 0, loc)})
	scrubbers := time.Date(2026, time.November, 27, 14, 0, 0, 0, loc)
	dumpster, asked := time.Date(2026, time.December, 1, 9, 0, 0, 0, loc), time.Date(2026, time.December, 1, 9, 30, 0, 0, loc)
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := storage.AddEquipment(ctx, tx, storage.Equipment{ClaimID: claim, Kind: equipment.AirScrubber, Count: 2,
			PlacedAt: &scrubbers, Vendor: "TC Equipment"}); err != nil {
			return err
		}
		if _, err := storage.AddEquipment(ctx, tx, storage.Equipment{ClaimID: claim, Kind: equipment.Dumpster, Count: 1,
			PlacedAt: &dumpster, Vendor: "Metro Roll-Off", Note: "20 yd", Approval: equipment.ApprovalRequested,
			ApprovalBy: b.email, ApprovalAt: &asked}); err != nil {
			return err
		}
		return storage.RecordEquipmentProposals(ctx, tx, claim, msg, []storage.EquipmentProposal{{Action: equipment.ActionPlaced,
			Kind: equipment.AirScrubber, Count: 1, At: time.Date(2026, time.November, 27, 20, 14, 0, 0, loc), Text: "Air scrubbers running"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	const approval = "Get carrier approval for 1 dumpster (Metro Roll-Off) from Pat (adjuster): needs approval since Tue Dec 1, 5 days ago"
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		br.emulate(v)
		for _, page := range []struct {
			name, path, section string
			want                []string
		}{
			{"claim", fmt.Sprintf("/claims/%d", claim), "main", []string{approval, "Email Pat for approval",
				"2 air scrubbers already logged, placed Fri Nov 27 14:00", "Same equipment (dismiss)", "Confirm: add 1 more"}},
			{"board", "/", "#approvals-h", nil},
		} {
			br.openSettled(page.path)
			if over := br.overflow(v); over > 0 {
				t.Errorf("%s at %s width is %v px too wide: %v", page.name, v.name, over, eval[[]string](br, fmt.Sprintf(tooWide, v.width)))
			}
			if v.phone {
				if small := eval[[]string](br, smallTargets); len(small) > 0 {
					t.Errorf("%s on a phone: controls under 44px high: %v", page.name, small)
				}
			}
			text := eval[string](br, `document.querySelector("main").innerText.replace(/\s+/g, " ")`)
			for _, want := range append(page.want, approval) {
				if !strings.Contains(text, want) {
					t.Errorf("%s at %s width lacks %q:\n%s", page.name, v.name, want, text)
				}
			}
			br.screenshot(dir, "equipment-check-"+page.name+"-"+v.name)
		}
	}
}

// sundayMoldJob is the walkthrough's mold job, ten days old, in an office
// that sends no mail, on a Sunday afternoon: the pages, the claim and now.
func sundayMoldJob(t *testing.T) (*pageBundle, int64, time.Time) {
	t.Helper()
	loc, err := time.LoadLocation(officeZone)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, time.December, 6, 13, 0, 0, 0, loc)
	b := setupPagesIn(t, loc, sla.DefaultHours(), now)
	claim := b.addClaim(t, claimSeed{Job: "26-2104-MLD", Number: "0683449786", Carrier: "Allstate", Insured: "Dwayne Hicks",
		LossType: "Mold", Adjuster: "Pat Lee", AdjusterEmail: "pat.lee@allstate.example", Opened: now.Add(-10 * 24 * time.Hour)})
	return b, claim, now
}
