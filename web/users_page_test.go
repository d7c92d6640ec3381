package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// apiStatus calls the API with token and returns the status.
func (b *bundle) apiStatus(t *testing.T, token string) int {
	t.Helper()
	resp, _ := b.do(t, b.client(t), "GET", "/api/messages", nil, http.Header{"Authorization": {"Bearer " + token}})
	return resp.StatusCode
}

// userToken makes an API token owned by u (0: the operator's).
func (b *bundle) userToken(t *testing.T, userID int64) string {
	t.Helper()
	token, hash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(context.Background(), "script", hash, userID, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	return token
}

// followUsers posts a users page form and, when it goes back to the page
// (POST-redirect-GET), returns the page it goes back to.
func (b *bundle) followUsers(t *testing.T, c *http.Client, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	resp, body := b.do(t, c, "POST", path, form, nil)
	if resp.StatusCode != http.StatusSeeOther {
		return resp, body
	}
	if to := resp.Header.Get("Location"); to != "/settings/users" {
		t.Fatalf("POST %s goes to %q, want the users page", path, to)
	}
	return b.do(t, c, "GET", "/settings/users", nil, nil)
}

var shownPasswordRe = regexp.MustCompile(`<p class="password-text mono">([A-Z2-7]{26})</p>`)

func TestOffboardingEndsAccessAtOnce(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addAdmin(t, "admin@office.example", "correct horse battery")
	lee := b.addUser(t, "lee@office.example", "correct horse battery")
	admin := b.client(t)
	csrf := b.login(t, admin, "admin@office.example", "correct horse battery")
	post := func(path string, form url.Values) (*http.Response, string) {
		t.Helper()
		if form == nil {
			form = url.Values{}
		}
		form.Set("csrf_token", csrf)
		return b.followUsers(t, admin, path, form)
	}

	// Lee is signed in on two browsers and has a token; the operator's
	// token belongs to nobody.
	phone, desk := b.client(t), b.client(t)
	b.login(t, phone, "lee@office.example", "correct horse battery")
	b.login(t, desk, "lee@office.example", "correct horse battery")
	leesToken, operatorToken := b.userToken(t, lee.ID), b.userToken(t, 0)
	if b.apiStatus(t, leesToken) != 200 {
		t.Fatal("lee's token does not work to begin with")
	}

	resp, body := post(fmt.Sprintf("/settings/users/%d/disable", lee.ID), nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "Disabled lee@office.example. Signed out of 2 sessions. 1 API token they made revoked.") {
		t.Fatalf("disable: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := b.do(t, phone, "GET", "/claims", nil, nil); !isLoginRedirect(resp) {
		t.Errorf("lee's session after disable: %d, want a redirect to sign in", resp.StatusCode)
	}
	if resp, _ := b.do(t, desk, "GET", "/api/messages", nil, nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("lee's session on the API after disable: %d, want 401", resp.StatusCode)
	}
	if got := b.apiStatus(t, leesToken); got != http.StatusUnauthorized {
		t.Errorf("lee's token after disable: %d, want 401", got)
	}
	if got := b.apiStatus(t, operatorToken); got != 200 {
		t.Errorf("the operator's token after lee left: %d, want 200", got)
	}
	c := b.client(t)
	if resp, body := b.postLogin(t, c, "lee@office.example", "correct horse battery"); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "This account is disabled") {
		t.Errorf("lee signing in while disabled: %d", resp.StatusCode)
	}

	// Enabled again, lee signs in with the same password; a reset one
	// replaces it and signs them out.
	if resp, _ := post(fmt.Sprintf("/settings/users/%d/enable", lee.ID), nil); resp.StatusCode != 200 {
		t.Fatalf("enable: %d", resp.StatusCode)
	}
	b.login(t, phone, "lee@office.example", "correct horse battery")
	resp, body = post(fmt.Sprintf("/settings/users/%d/password", lee.ID), nil)
	m := shownPasswordRe.FindStringSubmatch(body)
	if resp.StatusCode != 200 || m == nil || !strings.Contains(body, "Signed out of 1 session.") {
		t.Fatalf("reset password: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := b.do(t, phone, "GET", "/claims", nil, nil); !isLoginRedirect(resp) {
		t.Errorf("lee's session after a password reset: %d", resp.StatusCode)
	}
	if resp, _ := b.postLogin(t, b.client(t), "lee@office.example", "correct horse battery"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the old password after a reset: %d", resp.StatusCode)
	}
	b.login(t, phone, "lee@office.example", m[1])

	// Removed, lee is gone with their session and a new token.
	leesToken = b.userToken(t, lee.ID)
	resp, body = post(fmt.Sprintf("/settings/users/%d/remove", lee.ID), nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "Removed lee@office.example. Signed out of 1 session. 1 API token they made deleted.") {
		t.Fatalf("remove: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := b.do(t, phone, "GET", "/claims", nil, nil); !isLoginRedirect(resp) {
		t.Errorf("lee's session after remove: %d", resp.StatusCode)
	}
	if got := b.apiStatus(t, leesToken); got != http.StatusUnauthorized {
		t.Errorf("lee's token after remove: %d", got)
	}
	if _, err := b.db.GetUser(context.Background(), lee.ID); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("lee after remove: %v", err)
	}
}

func TestUsersPageAddsAndGuards(t *testing.T) {
	t.Parallel()
	b := setup(t)
	first := b.addUser(t, "admin@office.example", "correct horse battery") // the first user is an administrator
	admin := b.client(t)
	csrf := b.login(t, admin, "admin@office.example", "correct horse battery")
	post := func(path string, form url.Values) (*http.Response, string) {
		t.Helper()
		form.Set("csrf_token", csrf)
		return b.followUsers(t, admin, path, form)
	}

	resp, body := post("/settings/users", url.Values{"email": {" kim@office.example "}, "name": {"Kim Lee"}, "admin": {"1"}})
	m := shownPasswordRe.FindStringSubmatch(body)
	if resp.StatusCode != 200 || m == nil || !strings.Contains(body, "Added kim@office.example as administrator.") {
		t.Fatalf("add: %d\n%s", resp.StatusCode, body)
	}
	kim, err := b.db.GetUserByEmail(context.Background(), "kim@office.example")
	if err != nil || !kim.IsAdmin || kim.Name != "Kim Lee" || !CheckPassword(kim.PasswordHash, m[1]) {
		t.Fatalf("kim %+v, %v", kim, err)
	}
	if _, body := b.do(t, admin, "GET", "/settings/users", nil, nil); strings.Contains(body, m[1]) {
		t.Error("the password shows again on the next visit")
	}
	for _, tc := range []struct {
		form url.Values
		code int
		want string
	}{
		{url.Values{"email": {"KIM@office.example"}}, http.StatusConflict, "There is a user with the email KIM@office.example already."},
		{url.Values{"email": {"not an address"}}, http.StatusUnprocessableEntity, "Enter the person&#39;s email address"},
		{url.Values{"email": {"a@b@c"}}, http.StatusUnprocessableEntity, "Enter the person&#39;s email address"},
	} {
		resp, body := post("/settings/users", tc.form)
		if resp.StatusCode != tc.code || !strings.Contains(body, tc.want) {
			t.Errorf("add %v: %d, want %d saying %q", tc.form, resp.StatusCode, tc.code, tc.want)
		}
	}

	// Nobody disables or removes themselves, nor the last administrator.
	for _, action := range []string{"disable", "remove"} {
		resp, body := post(fmt.Sprintf("/settings/users/%d/%s", first.ID, action), url.Values{})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "You cannot "+action+" yourself") {
			t.Errorf("%s yourself: %d", action, resp.StatusCode)
		}
	}
	if _, err := b.db.DisableUser(context.Background(), kim.ID, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := b.db.DisableUser(context.Background(), first.ID, b.clock.Now()); !errors.Is(err, storage.ErrLastAdmin) {
		t.Errorf("disabling the last administrator: %v, want ErrLastAdmin", err)
	}
	if _, err := b.db.RemoveUser(context.Background(), first.ID); !errors.Is(err, storage.ErrLastAdmin) {
		t.Errorf("removing the last administrator: %v, want ErrLastAdmin", err)
	}
	if resp, _ := post("/settings/users/999999/disable", url.Values{}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("disable a user who does not exist: %d", resp.StatusCode)
	}
	// Resetting your own password keeps you signed in here.
	resp, body = post(fmt.Sprintf("/settings/users/%d/password", first.ID), url.Values{})
	if resp.StatusCode != 200 || shownPasswordRe.FindStringSubmatch(body) == nil {
		t.Fatalf("reset your own password: %d", resp.StatusCode)
	}
	if resp, _ := b.do(t, admin, "GET", "/settings/users", nil, nil); resp.StatusCode != 200 {
		t.Errorf("after resetting your own password: %d", resp.StatusCode)
	}
}

func TestOnlyAdministratorsManage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addUser(t, "admin@office.example", "correct horse battery")
	lee := b.addUser(t, "lee@office.example", "correct horse battery")
	c := b.client(t)
	csrf := b.login(t, c, "lee@office.example", "correct horse battery")

	_, board := b.do(t, c, "GET", "/", nil, nil)
	if strings.Contains(board, `href="/settings/users"`) || strings.Contains(board, `href="/settings/templates"`) {
		t.Error("a coordinator's menu offers the settings")
	}
	for _, req := range []struct{ method, path string }{
		{"GET", "/settings/users"}, {"POST", "/settings/users"}, {"GET", "/settings/templates"}, {"POST", "/settings/templates"},
		{"POST", fmt.Sprintf("/settings/users/%d/password", lee.ID)}, {"POST", "/settings/users/1/disable"},
		{"POST", "/settings/users/1/remove"},
	} {
		resp, _ := b.do(t, c, req.method, req.path, url.Values{"csrf_token": {csrf}, "email": {"x@office.example"},
			"kind": {"ack"}, "language": {"en"}, "body": {"hi"}}, nil)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s %s as a coordinator: %d, want 403", req.method, req.path, resp.StatusCode)
		}
	}
	if n, _ := b.db.CountUsers(context.Background()); n != 2 {
		t.Errorf("%d users after a coordinator's tries", n)
	}

	admin := b.client(t)
	b.login(t, admin, "admin@office.example", "correct horse battery")
	_, board = b.do(t, admin, "GET", "/", nil, nil)
	if !strings.Contains(board, `href="/settings/users"`) {
		t.Error("an administrator's menu lacks the settings")
	}
	_, page := b.do(t, admin, "GET", "/settings/users", nil, nil)
	if !strings.Contains(page, `href="/settings/templates"`) || !strings.Contains(page, "lee@office.example") {
		t.Errorf("users page:\n%s", page)
	}
}
