package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestUserActionsAskFirstAndReloadSafely: on the users page, "Reset
// password" and "Disable" ask first, saying what they do (your own
// password too; the API tokens revoked for good). Done, each goes back to
// the page (POST-redirect-GET), which says what was done and shows the new
// password this once: reloading it resets nothing and shows nothing, and
// the password is in no address and not in the clear in the cookie that
// carries it.
func TestUserActionsAskFirstAndReloadSafely(t *testing.T) {
	t.Parallel()
	b := setupPages(t) // dana, an administrator
	lee := b.addUser(t, "lee@office.example", "correct horse battery")
	b.userToken(t, lee.ID)
	dana, err := b.db.GetUserByEmail(t.Context(), b.email)
	if err != nil {
		t.Fatal(err)
	}

	page := b.get(t, "/settings/users", http.StatusOK)
	row := func(id int64) string { return section(t, page, fmt.Sprintf(`id="user-%d"`, id), "</li>") }
	for id, wants := range map[int64][]string{
		lee.ID: {"<summary>Reset password…</summary>", "Make a new password for lee@office.example?",
			"<summary>Disable…</summary>",
			"The API token they made is revoked for good: enabling them does not bring it back"},
		dana.ID: {"<summary>Reset password…</summary>", "Make a new password for yourself?", "you stay signed in here"},
	} {
		r := row(id)
		for _, want := range wants {
			if !strings.Contains(r, want) {
				t.Errorf("user %d's row lacks %q:\n%s", id, want, r)
			}
		}
		// Each button that acts is inside its fold, after what it does.
		for _, action := range []string{"password", "disable"} {
			form := fmt.Sprintf(`action="/settings/users/%d/%s"`, id, action)
			if i := strings.Index(r, form); i >= 0 && !strings.Contains(r[:i], `<details class="confirm`) {
				t.Errorf("user %d's %s acts without asking first:\n%s", id, action, r)
			}
		}
	}

	resp, _ := b.post(t, fmt.Sprintf("/settings/users/%d/password", lee.ID), nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/settings/users" {
		t.Fatalf("reset password: %d to %q, want 303 to the page", resp.StatusCode, resp.Header.Get("Location"))
	}
	carried := ""
	for _, c := range resp.Cookies() {
		if c.Name == usersHandover.cookie && c.HttpOnly && c.Path == "/settings/users" {
			carried = c.Value
		}
	}
	page = b.get(t, "/settings/users", http.StatusOK)
	m := shownPasswordRe.FindStringSubmatch(page)
	if m == nil || carried == "" || strings.Contains(carried, m[1]) || !strings.Contains(page, "New password for lee@office.example.") {
		t.Fatalf("the page after a reset does not show the password once, carried sealed:\n%s", page)
	}
	again := b.get(t, "/settings/users", http.StatusOK)
	if strings.Contains(again, m[1]) || strings.Contains(again, "New password for") {
		t.Error("reloading the page shows the password again")
	}
	if resp, _ := b.postLogin(t, b.client(t), "lee@office.example", m[1]); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the password shown does not sign lee in: %d", resp.StatusCode)
	}

	resp, _ = b.post(t, fmt.Sprintf("/settings/users/%d/disable", lee.ID), nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d, want 303 to the page", resp.StatusCode)
	}
	page = b.get(t, "/settings/users", http.StatusOK)
	if !strings.Contains(page, "Disabled lee@office.example.") || !strings.Contains(page, "1 API token they made revoked.") {
		t.Errorf("the page after disabling does not say what was done:\n%s", page)
	}
	if again := b.get(t, "/settings/users", http.StatusOK); strings.Contains(again, "Disabled lee@office.example.") {
		t.Error("reloading the page says again what was done")
	}
	if resp, body := b.post(t, fmt.Sprintf("/settings/users/%d/disable", dana.ID), url.Values{}); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "You cannot disable yourself") {
		t.Errorf("disabling yourself: %d, want the page saying why not", resp.StatusCode)
	}
}
