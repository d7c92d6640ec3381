package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

// TestBrowserSignInAndOut drives the real sign-in form in Chromium: the
// pages' own CSP is in force, so what works here works for a coordinator.
func TestBrowserSignInAndOut(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addUser(t, "dana@office.example", "correct horse battery")
	b.seedMessages(t, 3)
	ctx := testenv.Browser(t)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()

	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	location := func() string {
		t.Helper()
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimPrefix(loc, b.ts.URL)
	}
	signInForm := chromedp.CSS(`input[name="password"]`)
	signOutButton := chromedp.CSS(`form.signout button`)

	step("open a page signed out",
		chromedp.Navigate(b.ts.URL+"/messages"),
		chromedp.WaitVisible(signInForm))
	if loc := location(); loc != "/login?next=%2Fmessages" {
		t.Errorf("sent to %s, want the sign-in page with the way back", loc)
	}
	// The stylesheet loads under the page's CSP.
	bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
	if err != nil || bg != "rgb(245, 246, 247)" {
		t.Errorf("page background %q (%v): app.css not applied", bg, err)
	}

	step("sign in with a wrong password",
		chromedp.SetValue(chromedp.CSS(`input[name="email"]`), "dana@office.example"),
		chromedp.SetValue(signInForm, "wrong horse battery"),
		chromedp.Click(chromedp.CSS(`button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.error`)))
	if got := text(".error"); got != "Wrong email or password." {
		t.Errorf("error shown: %q", got)
	}

	step("sign in",
		chromedp.SetValue(chromedp.CSS(`input[name="email"]`), "dana@office.example"),
		chromedp.SetValue(signInForm, "correct horse battery"),
		chromedp.Click(chromedp.CSS(`button[type="submit"]`)),
		chromedp.WaitVisible(signOutButton))
	if loc := location(); loc != "/messages" {
		t.Errorf("after sign-in at %s, want /messages", loc)
	}
	step("open the SLA board", chromedp.Navigate(b.ts.URL+"/"), chromedp.WaitVisible(signOutButton))
	if h1 := text("h1"); h1 != "SLA board" {
		t.Errorf("board heading %q", h1)
	}
	step("open the messages", chromedp.Navigate(b.ts.URL+"/messages"), chromedp.WaitVisible(signOutButton))
	if rows := text("table.list tbody"); !strings.Contains(rows, "Message number 3") || !strings.Contains(rows, "Sender 1") {
		t.Errorf("message rows:\n%s", rows)
	}

	step("sign out without the form's CSRF token",
		chromedp.Evaluate[chromedp.Void](`document.querySelector('form.signout input[name="csrf_token"]').remove()`),
		chromedp.Click(signOutButton),
		chromedp.WaitVisible(chromedp.CSS(`#error`)))
	if msg := text("#error"); !strings.Contains(msg, "did not come from claimdesk") {
		t.Errorf("refusal page: %q", msg)
	}
	step("still signed in", chromedp.Navigate(b.ts.URL+"/"), chromedp.WaitVisible(signOutButton))

	step("sign out", chromedp.Click(signOutButton), chromedp.WaitVisible(signInForm))
	step("open the board signed out", chromedp.Navigate(b.ts.URL+"/"), chromedp.WaitVisible(signInForm))
	if loc := location(); loc != "/login" {
		t.Errorf("signed out, the board sent to %s", loc)
	}
}
