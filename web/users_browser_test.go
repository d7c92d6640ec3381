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

// TestBrowserUsersPageOnAPhoneWithoutScripts adds a person, resets their
// password and removes them again on a phone with JavaScript off: the
// forms post as plain HTML, what cannot be taken back asks first, the
// password shows once, whole, a reload neither shows nor resets it again,
// and nothing needs sideways scrolling.
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

	// Reset password asks first, then shows the new one once: the page
	// it lands on is the list, which reloading does not reset again.
	row := fmt.Sprintf("#user-%d", u.ID)
	br.step("open Reset password",
		chromedp.Click(chromedp.CSS(row+" .reset summary")),
		chromedp.WaitVisible(chromedp.CSS(row+" .reset button.danger")))
	fits("Reset password, opened")
	br.screenshot(dir, "users-phone-reset")
	br.step("reset", chromedp.Click(chromedp.CSS(row+" .reset button.danger")), chromedp.WaitVisible(chromedp.CSS(`.password-text`)))
	reset := eval[string](br, `document.querySelector(".password-text").textContent.trim()`)
	if at := eval[string](br, `location.pathname`); at != "/settings/users" || reset == password {
		t.Errorf("after a reset the browser is at %s, shown %q", at, reset)
	}
	br.step("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`.user-list`)))
	if shown := eval[string](br, `document.body.textContent`); strings.Contains(shown, reset) {
		t.Error("reloading after a reset shows the password again")
	}
	if u, err := b.db.GetUserByEmail(context.Background(), longEmail); err != nil || !CheckPassword(u.PasswordHash, reset) {
		t.Errorf("after a reload the password shown no longer works (%v)", err)
	}

	br.step("open Remove",
		chromedp.Click(chromedp.CSS(row+" .remove summary")),
		chromedp.WaitVisible(chromedp.CSS(row+" .remove button.danger")))
	fits("Remove, opened")
	br.screenshot(dir, "users-phone-remove")
	br.step("remove", chromedp.Click(chromedp.CSS(row+" .remove button.danger")), chromedp.WaitVisible(chromedp.CSS(".notice")))
	if _, err := b.db.GetUser(context.Background(), u.ID); err == nil {
		t.Error("the user is still there")
	}
	if n := eval[int](br, fmt.Sprintf(`document.querySelectorAll(%q).length`, row)); n != 0 {
		t.Error("the removed user is still listed")
	}
}
