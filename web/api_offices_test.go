package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// officesOf decodes a GET /api/offices answer.
func officesOf(t *testing.T, resp *http.Response, body string) []apiOffice {
	t.Helper()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/offices: %d %s", resp.StatusCode, body)
	}
	var got struct {
		Items      []apiOffice `json:"items"`
		NextCursor *string     `json:"next_cursor"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Items == nil || got.NextCursor == nil || *got.NextCursor != "" {
		t.Fatalf("not a one-page list: %s", body)
	}
	return got.Items
}

func TestAPIOfficesShowsOnlyTheCallersOffices(t *testing.T) {
	t.Parallel()
	// Signing in needs the real time: cookie jars judge expiry by it.
	loc, err := time.LoadLocation(officeZone)
	if err != nil {
		t.Fatal(err)
	}
	b := &apiBundle{office: setupOffice(t, loc, sla.DefaultHours(), "smrestore.example", time.Now())}
	ctx := context.Background()
	operator, hash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(ctx, "operator", hash, 0, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	b.token = operator
	// Made while the default office is the only one: ana joins it.
	ana := b.addAdmin(t, "ana@smrestore.example", "ana-password")
	east, err := b.db.CreateOffice(ctx, storage.Office{Slug: "east", Name: "SM Restore East",
		Domain: "east.smrestore.example", TimeZone: "America/New_York"})
	if err != nil {
		t.Fatal(err)
	}
	eve := b.addUser(t, "eve@smrestore.example", "eve-password")
	if err := b.db.SetOfficeRole(ctx, eve.ID, east.ID, storage.RoleReadOnly); err != nil {
		t.Fatal(err)
	}
	b.addUser(t, "nobody@smrestore.example", "nobody-password")

	c := b.client(t)
	b.login(t, c, ana.Email, "ana-password")
	resp, body := b.do(t, c, "GET", "/api/offices", nil, nil)
	got := officesOf(t, resp, body)
	// The default office, never configured here, is the one this server's
	// settings describe.
	want := apiOffice{ID: storage.DefaultOfficeID, Slug: "main", Name: "Main office", Domain: "smrestore.example",
		TimeZone: officeZone, Role: "administrator"}
	if len(got) != 1 || got[0] != want {
		t.Errorf("ana's offices: %+v, want [%+v]", got, want)
	}

	// A token carries the scope of the user who made it.
	token, hash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(ctx, "eve-script", hash, eve.ID, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	resp, body = b.call(t, "GET", "/api/offices", nil, http.Header{"Authorization": {"Bearer " + token}})
	got = officesOf(t, resp, body)
	want = apiOffice{ID: east.ID, Slug: "east", Name: "SM Restore East", Domain: "east.smrestore.example",
		TimeZone: "America/New_York", Role: "readonly"}
	if len(got) != 1 || got[0] != want {
		t.Errorf("eve's token's offices: %+v, want [%+v]", got, want)
	}

	// A user of no office sees none.
	c = b.client(t)
	b.login(t, c, "nobody@smrestore.example", "nobody-password")
	resp, body = b.do(t, c, "GET", "/api/offices", nil, nil)
	if got := officesOf(t, resp, body); len(got) != 0 {
		t.Errorf("a user of no office sees %+v", got)
	}

	// The operator's token, made on the command line, sees every office.
	resp, body = b.call(t, "GET", "/api/offices", nil, nil)
	got = officesOf(t, resp, body)
	if len(got) != 2 || got[0].Slug != "main" || got[1].Slug != "east" ||
		got[0].Role != "administrator" || got[1].Role != "administrator" {
		t.Errorf("operator token's offices: %+v", got)
	}
	// The default office follows the configuration; east was set by a person.
	asConfigured, eastAt, setHere := strings.Index(body, `"settings":"as_configured"`), strings.Index(body, `"slug":"east"`),
		strings.Index(body, `"settings":"set_here"`)
	if asConfigured < 0 || eastAt < asConfigured || setHere < eastAt {
		t.Errorf("operator token's offices do not say where their settings come from: %s", body)
	}
}
