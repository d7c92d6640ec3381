package web

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserUsersPageOnAPhoneWithoutScripts adds a person and removes
// them again on a phone with JavaScript off: the forms post as plain HTML,
// the password shows once, whole, and nothing needs sideways scrolling.
// With CLAIMDESK_SCREENSHOTS set to a directory, it saves screenshots
// there.
func TestBrowserUsersPageOnAPhoneWithoutScripts(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	phone := layoutViewports[0]
	br.emulate(phone)
	br.step("turn scripts off", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	fits := func(what string) {
		t.Helper()
		if over := br.overflow(phone); over > 0 {
			t.Errorf("%s: %v px too wide: %v", what, over, eval[[]string](br, fmt.Sprintf(tooWide, phone.width)))
		}
		if small := eval[[]string](br, smallTargets); len(small) > 0 {
			t.Errorf("%s: controls under 44px high: %v", what, small)
		}
	}

	br.openSettled("/settings/users")
	br.step("add a user",
		chromedp.SendKeys(chromedp.CSS(`.add-user input[name="email"]`), longEmail),
		chromedp.SendKeys(chromedp.CSS(`.add-user input[name="name"]`), "Bartholomew Worthington-Featherstonehaugh"),
		chromedp.Click(chromedp.CSS(`.add-user button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.password-text`)))
	password := eval[string](br, `document.querySelector(".password-text").textContent.trim()`)
	u, err := b.db.GetUserByEmail(context.Background(), longEmail)
	if err != nil || !CheckPassword(u.PasswordHash, password) || u.IsAdmin {
		t.Fatalf("added %+v (%v); the page shows the password %q", u, err, password)
	}
	fits("the new password")
	br.screenshot(dir, "users-phone-added")
	// Shown once: the page again does not have it.
	br.openSettled("/settings/users")
	if shown := eval[string](br, `document.body.textContent`); strings.Contains(shown, password) {
		t.Error("the password shows again")
	}

	row := fmt.Sprintf("#user-%d", u.ID)
	br.step("open Remove",
		chromedp.Click(chromedp.CSS(row+" .confirm summary")),
		chromedp.WaitVisible(chromedp.CSS(row+" button.danger")))
	fits("Remove, opened")
	br.screenshot(dir, "users-phone-remove")
	br.step("remove", chromedp.Click(chromedp.CSS(row+" button.danger")), chromedp.WaitVisible(chromedp.CSS(".notice")))
	if _, err := b.db.GetUser(context.Background(), u.ID); err == nil {
		t.Error("the user is still there")
	}
	if n := eval[int](br, fmt.Sprintf(`document.querySelectorAll(%q).length`, row)); n != 0 {
		t.Error("the removed user is still listed")
	}
}
