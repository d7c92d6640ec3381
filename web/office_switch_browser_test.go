package web

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/claimdesk/claimdesk/storage"
)

// chooseOffice picks an office in the switcher as a person does: the
// choice, then the change event its script answers.
const chooseOffice = `(s => { s.value = %q; s.dispatchEvent(new Event("change", {bubbles: true})) })(document.querySelector("form.office-switch select"))`

// TestBrowserOfficeSwitcher is a coordinator of two offices: the board
// shows both offices' mail, each row naming its office; the switcher
// narrows the board and the claims list to one office and back. Someone
// of one office sees neither the switcher nor office names. With
// CLAIMDESK_SCREENSHOTS set, it saves the combined and the narrowed board
// at a phone's width and a desktop's.
func TestBrowserOfficeSwitcher(t *testing.T) {
	t.Parallel()
	b := setupPages(t) // dana: administrator of the default office
	ctx := context.Background()
	now := b.clock.Now()
	east, err := b.db.CreateOffice(ctx, storage.Office{Slug: "east-bay", Name: "East Bay"})
	if err != nil {
		t.Fatal(err)
	}
	dana, err := b.db.GetUserByEmail(ctx, b.email)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetOfficeRole(ctx, dana.ID, east.ID, storage.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	mainClaim := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley", Status: "open"})
	eastClaim := b.addClaim(t, claimSeed{Job: "26-2001-WTR", Number: "EB-2001", Insured: "Dwayne Hicks", Status: "open"})
	mainMsg := b.addMessage(t, msgSeed{Subject: "Basement flood at the Ripley house", ClaimID: mainClaim, NeedsAck: true,
		Arrived: now.Add(-5 * time.Minute), Due: ptr(now.Add(25 * time.Minute))})
	eastMsg := b.addMessage(t, msgSeed{Subject: "Roof leak over the garage", Status: "triage", NeedsAck: true,
		Arrived: now.Add(-8 * time.Minute), Due: ptr(now.Add(22 * time.Minute))})
	for _, q := range []string{`UPDATE claims SET office_id = $2 WHERE id = $1`, `UPDATE messages SET office_id = $2 WHERE id = $1`} {
		id := eastClaim
		if strings.Contains(q, "messages") {
			id = eastMsg
		}
		if _, err := b.sql.Exec(ctx, q, id, east.ID); err != nil {
			t.Fatal(err)
		}
	}
	mainRow, eastRow := fmt.Sprintf("#ack-%d", mainMsg), fmt.Sprintf("#ack-%d", eastMsg)
	officeOf := func(br *browser, row string) string {
		t.Helper()
		return eval[string](br, fmt.Sprintf(`(r => r ? r.textContent.trim() : "")(document.querySelector("%s .tag-office"))`, row))
	}

	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		br.emulate(v)
		br.step("open the combined board", chromedp.Navigate(b.ts.URL+"/"),
			chromedp.WaitVisible(chromedp.CSS(mainRow)), chromedp.WaitVisible(chromedp.CSS(eastRow)))
		if got := officeOf(br, mainRow); got != "Main office" {
			t.Errorf("%s: the main office's row names office %q", v.name, got)
		}
		if got := officeOf(br, eastRow); got != "East Bay" {
			t.Errorf("%s: East Bay's row names office %q", v.name, got)
		}
		if v.phone && br.overflow(v) > 1 {
			t.Errorf("the combined board is %v px too wide for a phone", br.overflow(v))
		}
		br.screenshot(dir, v.name+"-board-all-offices")

		// Choosing East Bay reloads the page with East Bay's things alone.
		br.step("choose East Bay",
			chromedp.Evaluate[chromedp.Void](fmt.Sprintf(chooseOffice, fmt.Sprint(east.ID))),
			chromedp.WaitNotPresent(chromedp.CSS(mainRow)), chromedp.WaitVisible(chromedp.CSS(eastRow)))
		if h := eval[string](br, `document.querySelector("main h1").textContent`); !strings.Contains(h, "East Bay") {
			t.Errorf("%s: the board's heading %q does not say it shows East Bay", v.name, h)
		}
		if got := officeOf(br, eastRow); got != "" {
			t.Errorf("%s: one office's board still names the office on rows: %q", v.name, got)
		}
		br.screenshot(dir, v.name+"-board-east-bay")
		br.step("open the claims list", chromedp.Navigate(b.ts.URL+"/claims"), chromedp.WaitVisible(chromedp.CSS("main h1")))
		if list := eval[string](br, `document.querySelector("main").textContent`); !strings.Contains(list, "26-2001-WTR") ||
			strings.Contains(list, "26-1001-WTR") {
			t.Errorf("%s: East Bay's claims list:\n%s", v.name, list)
		}

		br.step("choose all offices again",
			chromedp.Evaluate[chromedp.Void](fmt.Sprintf(chooseOffice, "")),
			chromedp.WaitVisible(chromedp.CSS(`a[href="/claims/`+fmt.Sprint(mainClaim)+`"]`)))
		if path := eval[string](br, `location.pathname`); path != "/claims" {
			t.Errorf("%s: the switcher went to %s, want back to /claims", v.name, path)
		}
	}

	// The messages list names each row's office too, and triage East Bay's
	// message.
	if list := b.get(t, "/messages", http.StatusOK); !strings.Contains(list, `tag-office">East Bay`) ||
		!strings.Contains(list, `tag-office">Main office`) {
		t.Errorf("the messages list of two offices does not name each row's office:\n%.2000s", list)
	}
	if list := b.get(t, "/triage", http.StatusOK); !strings.Contains(list, `tag-office">East Bay`) {
		t.Errorf("triage of two offices does not name the office of East Bay's message:\n%.2000s", list)
	}

	// Someone of one office sees the board as before offices existed.
	rita := b.addUser(t, "rita@office.example", "rita-password-1")
	if err := b.db.SetOfficeRole(ctx, rita.ID, storage.DefaultOfficeID, storage.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	one := &pageBundle{office: b.office, email: rita.Email}
	one.c = b.client(t)
	one.csrf = one.login(t, one.c, rita.Email, "rita-password-1")
	body := one.get(t, "/", http.StatusOK) + one.get(t, "/messages", http.StatusOK) + one.get(t, "/claims", http.StatusOK) +
		one.get(t, "/triage", http.StatusOK)
	if strings.Contains(body, "office-switch") || strings.Contains(body, "tag-office") || strings.Contains(body, "Roof leak") {
		t.Errorf("a one-office board shows the switcher, office names or another office's mail:\n%.2000s", body)
	}
}
