package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// TestPeoplePageForCoordinators keeps the office's people list as a
// coordinator who is not an administrator: add, change by role and name,
// refuse a role that does not exist, remove.
func TestPeoplePageForCoordinators(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	c := b.client(t)
	b.addUser(t, "cora@office.example", "correct horse battery")
	csrf := b.login(t, c, "cora@office.example", "correct horse battery")
	post := func(path string, form url.Values) *http.Response {
		t.Helper()
		form.Set("csrf_token", csrf)
		resp, _ := b.do(t, c, "POST", path, form, nil)
		return resp
	}
	if resp := post("/settings/people", url.Values{"name": {"Ray Kim"}, "role": {"technician"}, "phone": {"1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", resp.StatusCode)
	}
	if resp := post("/settings/people", url.Values{"name": {"Ray Kim"}, "role": {"technician"}, "phone": {"214-555-0002"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d", resp.StatusCode)
	}
	if resp := post("/settings/people", url.Values{"name": {"X"}, "role": {"plumber"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown role: %d, want 400", resp.StatusCode)
	}
	people, err := b.db.People(ctx, storage.DefaultOfficeID)
	if err != nil || len(people) != 1 || people[0].Phone != "214-555-0002" {
		t.Fatalf("people: %+v %v", people, err)
	}
	resp, body := b.do(t, c, "GET", "/settings/people", nil, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Ray Kim") {
		t.Errorf("people page: %d", resp.StatusCode)
	}
	if resp := post(fmt.Sprintf("/settings/people/%d/remove", people[0].ID), url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", resp.StatusCode)
	}
	if people, _ := b.db.People(ctx, storage.DefaultOfficeID); len(people) != 0 {
		t.Errorf("after removing: %+v", people)
	}
	if resp := post(fmt.Sprintf("/settings/people/%d/remove", people[0].ID), url.Values{}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("removing again: %d, want 404", resp.StatusCode)
	}
}

// TestPeoplePageLanguage records that a technician reads Spanish, which
// reminders to them follow; a language claimdesk has no templates in is
// refused.
func TestPeoplePageLanguage(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	form := url.Values{"name": {"Luis Campo"}, "role": {"technician"}, "email": {"luis@field.example"}, "language": {"es"}}
	if resp, _ := b.post(t, "/settings/people", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", resp.StatusCode)
	}
	form.Set("language", "fr")
	if resp, _ := b.post(t, "/settings/people", form); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("French: %d, want 400", resp.StatusCode)
	}
	people, err := b.db.People(context.Background(), storage.DefaultOfficeID)
	if err != nil || len(people) != 1 || people[0].Language != "es" {
		t.Fatalf("people: %+v %v, want Luis in Spanish", people, err)
	}
	if body := b.get(t, "/settings/people", http.StatusOK); !strings.Contains(body, `<span class="tag">Spanish</span>`) {
		t.Errorf("the people list does not say Luis writes in Spanish")
	}
}
