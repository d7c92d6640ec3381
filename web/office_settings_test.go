package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// TestSettingsPagesAreTheOfficesOwn keeps people and reply templates in
// two offices: each office's coordinators edit their own list, its claims
// offer only its people, an office without its own template shows the
// default office's, and a read-only member of an office reads its settings
// without being able to change them; someone in no office sees none.
func TestSettingsPagesAreTheOfficesOwn(t *testing.T) {
	t.Parallel()
	b := setupPages(t) // dana: administrator of the default office
	ctx := context.Background()
	east, err := b.db.CreateOffice(ctx, storage.Office{Slug: "east", Name: "East Office", Domain: "east.example"})
	if err != nil {
		t.Fatal(err)
	}
	dana, err := b.db.GetUserByEmail(ctx, b.email)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetOfficeRole(ctx, dana.ID, east.ID, storage.RoleReadOnly); err != nil {
		t.Fatal(err)
	}
	cora := b.addUser(t, "cora@east.example", "cora-password-1")
	if err := b.db.SetOfficeRole(ctx, cora.ID, east.ID, storage.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	coraClient := b.client(t)
	coraCSRF := b.login(t, coraClient, cora.Email, "cora-password-1")
	eastID := strconv.FormatInt(east.ID, 10)

	post := func(c *http.Client, csrf, path string, form url.Values, want int) {
		t.Helper()
		form.Set("csrf_token", csrf)
		if resp, body := b.do(t, c, "POST", path, form, nil); resp.StatusCode != want {
			t.Fatalf("POST %s %v: %d, want %d\n%.300s", path, form, resp.StatusCode, want, body)
		}
	}
	post(b.c, b.csrf, "/settings/people", url.Values{"name": {"Ray Main"}, "role": {"technician"}}, http.StatusSeeOther)
	post(coraClient, coraCSRF, "/settings/people", url.Values{"name": {"Sol East"}, "role": {"technician"}}, http.StatusSeeOther)
	// dana only reads East's settings.
	post(b.c, b.csrf, "/settings/people", url.Values{"office": {eastID}, "name": {"Eve"}, "role": {"technician"}}, http.StatusForbidden)
	post(b.c, b.csrf, "/settings/templates", url.Values{"office": {eastID}, "kind": {"ack"}, "language": {"en"},
		"subject": {"East"}, "body": {"East"}}, http.StatusForbidden)
	post(b.c, b.csrf, "/settings/templates", url.Values{"kind": {"ack"}, "language": {"en"},
		"subject": {"Main office got it"}, "body": {"Thanks, {{.AdjusterFirstName}}."}}, http.StatusSeeOther)

	for _, office := range []int64{storage.DefaultOfficeID, east.ID} {
		people, err := b.db.People(ctx, office)
		if err != nil || len(people) != 1 {
			t.Fatalf("office %d's people: %+v %v, want one each", office, people, err)
		}
	}
	resp, page := b.do(t, coraClient, "GET", "/settings/people", nil, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "Sol East") || strings.Contains(page, "Ray Main") {
		t.Errorf("East's people page for its coordinator: %d\n%s", resp.StatusCode, page)
	}
	page = b.get(t, "/settings/people?office="+eastID, http.StatusOK)
	if !strings.Contains(page, "Sol East") || strings.Contains(page, "Ray Main") || strings.Contains(page, `name="name"`) ||
		strings.Contains(page, "/remove") || !strings.Contains(page, "read-only") {
		t.Errorf("East's people page for its read-only member shows other people or forms:\n%s", page)
	}
	page = b.get(t, "/settings/templates?office="+eastID, http.StatusOK)
	if !strings.Contains(page, "Main office got it") || !strings.Contains(page, "the default office’s") || strings.Contains(page, ">Save<") {
		t.Errorf("East's templates, read-only, do not show the default office's wording without forms:\n%s", page)
	}

	// Someone in no office yet sees no office's people.
	b.addUser(t, "nina@office.example", "nina-password-1")
	ninaClient := b.client(t)
	b.login(t, ninaClient, "nina@office.example", "nina-password-1")
	if resp, page := b.do(t, ninaClient, "GET", "/settings/people", nil, nil); resp.StatusCode != http.StatusNotFound ||
		strings.Contains(page, "Ray Main") {
		t.Errorf("the people page of someone in no office: %d\n%.300s", resp.StatusCode, page)
	}

	claim := b.addClaim(t, claimSeed{Job: "26-0009-EST", Number: "E-9", Insured: "East Insured", Status: "open"})
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET office_id = $2 WHERE id = $1`, claim, east.ID); err != nil {
		t.Fatal(err)
	}
	resp, page = b.do(t, coraClient, "GET", fmt.Sprintf("/claims/%d", claim), nil, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, `value="Sol East"`) || strings.Contains(page, "Ray Main") {
		t.Errorf("East's claim does not offer only East's people: %d", resp.StatusCode)
	}
}
