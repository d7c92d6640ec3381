package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/claimdesk/claimdesk/storage"
)

// TestBrowserMoveToOfficeFromTriage is a coordinator of two offices
// finding the other office's mail in triage: the move fits a phone's
// width beside the filing form, and one click moves the message. With
// CLAIMDESK_SCREENSHOTS set to a directory, it saves triage there.
func TestBrowserMoveToOfficeFromTriage(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	ripley := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley"})
	hicks := b.addClaim(t, claimSeed{Job: "26-1002-FIR", Number: "0683449786", Insured: "Dwayne Hicks"})
	id := b.triageMessage(t, "Estimate for the loss at 12 Nostromo Way", ripley, hicks)
	north, err := b.db.CreateOffice(ctx, storage.Office{Slug: "north", Name: "North Territory", Domain: "north.example"})
	if err != nil {
		t.Fatal(err)
	}
	dana, err := b.db.GetUserByEmail(ctx, b.email)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetOfficeRole(ctx, dana.ID, north.ID, storage.RoleCoordinator); err != nil {
		t.Fatal(err)
	}

	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	form := fmt.Sprintf(`#triage-%d form.office-form`, id)
	for _, size := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		opts := []chromedp.EmulateViewportOption{}
		if size.mobile {
			opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateScale(2))
		}
		br.step("open triage at a "+size.name+"'s width", chromedp.EmulateViewport(size.width, size.height, opts...),
			chromedp.Navigate(b.ts.URL+"/triage"), chromedp.WaitVisible(chromedp.CSS(form)))
		if over := eval[float64](br, fmt.Sprintf(`Math.max(document.documentElement.scrollWidth, window.innerWidth) - %d`, size.width)); over > 1 {
			t.Errorf("triage is %v px too wide at a %s's width", over, size.name)
		}
		if dir == "" {
			continue
		}
		shot, err := chromedp.Run(br.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, size.name+"-triage-offices.png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Once moved, the message is North's: triage offers to move it back.
	br.step("move the message to North",
		chromedp.SetValue(chromedp.CSS(form+` select[name="office_id"]`), fmt.Sprint(north.ID)),
		chromedp.Click(chromedp.CSS(form+` button[type="submit"]`)),
		chromedp.WaitReady(chromedp.CSS(fmt.Sprintf(`%s option[value="%d"]`, form, storage.DefaultOfficeID))))
	if got := b.officeOf(t, id); got != north.ID {
		t.Errorf("after the move the message is in office %d, want north %d", got, north.ID)
	}
}
