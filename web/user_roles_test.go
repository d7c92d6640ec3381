package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// TestUsersPageSetsRoles: an administrator adds a read-only member, who
// sees the claims but may change nothing, then makes them a coordinator
// and back; nobody changes their own role, and the last administrator
// who can sign in stays one.
func TestUsersPageSetsRoles(t *testing.T) {
	t.Parallel()
	b := setup(t)
	first := b.addUser(t, "admin@office.example", "correct horse battery")
	admin := b.client(t)
	csrf := b.login(t, admin, "admin@office.example", "correct horse battery")
	post := func(path string, form url.Values) (*http.Response, string) {
		t.Helper()
		form.Set("csrf_token", csrf)
		return b.followUsers(t, admin, path, form)
	}
	resp, body := post("/settings/users", url.Values{"email": {"ops@office.example"}, "role": {"readonly"}})
	m := shownPasswordRe.FindStringSubmatch(body)
	if resp.StatusCode != 200 || m == nil || !strings.Contains(body, "Added ops@office.example as read only.") {
		t.Fatalf("add a read-only member: %d\n%s", resp.StatusCode, body)
	}
	ops, err := b.db.GetUserByEmail(context.Background(), "ops@office.example")
	if err != nil {
		t.Fatal(err)
	}
	roleOf := func() storage.Role {
		t.Helper()
		roles, err := b.db.UsersRoles(context.Background(), []int64{ops.ID})
		if err != nil {
			t.Fatal(err)
		}
		return roles[ops.ID][storage.DefaultOfficeID]
	}
	if r := roleOf(); r != storage.RoleReadOnly || ops.IsAdmin {
		t.Fatalf("ops: role %q, administrator %v; want read only", r, ops.IsAdmin)
	}
	row := fmt.Sprintf(`id="user-%d"`, ops.ID)
	if i := strings.Index(body, row); i < 0 || !strings.Contains(body[i:], `<span class="badge">Read only</span>`) {
		t.Errorf("the page does not say ops is read only:\n%s", body)
	}

	// Read only: the claims list opens, a change is refused.
	c := b.client(t)
	opsCSRF := b.login(t, c, "ops@office.example", m[1])
	if resp, _ := b.do(t, c, "GET", "/claims", nil, nil); resp.StatusCode != 200 {
		t.Errorf("read-only member's claims list: %d", resp.StatusCode)
	}
	form := url.Values{"csrf_token": {opsCSRF}, "job_number": {"26-1001-WTR"}, "insured_name": {"Pat"}}
	if resp, _ := b.do(t, c, "POST", "/claims/new", form, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("read-only member creating a claim: %d, want 403", resp.StatusCode)
	}

	resp, body = post(fmt.Sprintf("/settings/users/%d/role", ops.ID), url.Values{"role": {"coordinator"}})
	if resp.StatusCode != 200 || !strings.Contains(body, "ops@office.example is now coordinator.") || roleOf() != storage.RoleCoordinator {
		t.Fatalf("make ops a coordinator: %d, role %q\n%s", resp.StatusCode, roleOf(), body)
	}
	if resp, _ := b.do(t, c, "POST", "/claims/new", form, nil); resp.StatusCode == http.StatusForbidden {
		t.Errorf("coordinator creating a claim: %d", resp.StatusCode)
	}
	if resp, _ := post(fmt.Sprintf("/settings/users/%d/role", ops.ID), url.Values{"role": {"owner"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown role: %d, want 400", resp.StatusCode)
	}
	if resp, body := post(fmt.Sprintf("/settings/users/%d/role", first.ID), url.Values{"role": {"readonly"}}); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "You cannot change your own role") {
		t.Errorf("changing your own role: %d", resp.StatusCode)
	}
	if err := b.db.SetUserRole(context.Background(), first.ID, []int64{storage.DefaultOfficeID}, storage.RoleCoordinator); !errors.Is(err, storage.ErrLastAdmin) {
		t.Errorf("the last administrator made a coordinator: %v, want ErrLastAdmin", err)
	}
	if err := b.db.SetUserRole(context.Background(), ops.ID, []int64{storage.DefaultOfficeID}, storage.RoleAdministrator); err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetUserRole(context.Background(), first.ID, []int64{storage.DefaultOfficeID}, storage.RoleCoordinator); err != nil {
		t.Errorf("an administrator made a coordinator while another one is: %v", err)
	}
	if u, _ := b.db.GetUser(context.Background(), first.ID); u.IsAdmin {
		t.Error("a coordinator still flagged administrator")
	}
}
