package web

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// TestBrowserOfficeSettingsFitAPhone opens the people and templates pages
// of both offices of a person of two (administrator of one, read-only in
// the other) at a phone's width and a desktop's: the office line and the
// read-only pages need no sideways scrolling. With CLAIMDESK_SCREENSHOTS
// set to a directory, it saves screenshots there.
func TestBrowserOfficeSettingsFitAPhone(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	east, err := b.db.CreateOffice(ctx, storage.Office{Slug: "east", Name: "East Plano and Richardson territory", Domain: "east.example"})
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
	for _, p := range []storage.Person{
		{OfficeID: storage.DefaultOfficeID, Name: "Ray Kim", Role: "technician", Email: "ray@office.example"},
		{OfficeID: east.ID, Name: "Sol Ortega", Role: "foreman", Email: "sol@east.example", Language: "es"},
	} {
		if _, err := b.db.SavePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	eastID := strconv.FormatInt(east.ID, 10)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		br.emulate(v)
		for _, p := range []struct{ name, path string }{
			{"people-main", "/settings/people"}, {"people-east", "/settings/people?office=" + eastID},
			{"templates-main", "/settings/templates"}, {"templates-east", "/settings/templates?office=" + eastID},
		} {
			br.openSettled(p.path)
			if over := br.overflow(v); over > 0 {
				t.Errorf("%s at %s width is %v px too wide", p.path, v.name, over)
			}
			br.screenshot(dir, "office-settings-"+v.name+"-"+p.name)
		}
	}
}
