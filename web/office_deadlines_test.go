package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// TestHoursAndDeadlinesInWords: the Hours and deadlines page gives each
// milestone's deadline its own labelled numbers, never the setting's
// text; an office that follows the configuration shows its hours as the
// configuration's, and saving the page as shown leaves it following it.
// A deadline changed is stored as the setting reads it, the hours left
// empty following the configuration still.
func TestHoursAndDeadlinesInWords(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := t.Context()
	withOfficeRules(t, b)
	dana, err := b.db.GetUserByEmail(ctx, b.email)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetOfficeRole(ctx, dana.ID, storage.DefaultOfficeID, storage.RoleAdministrator); err != nil {
		t.Fatal(err)
	}
	conf := b.srv.configuredRules().Calendar
	// What the configuration filled in at start, as claimdesk serve does.
	if _, err := b.db.ConfigureOffices(ctx, storage.Office{TimeZone: conf.Location().String(), BusinessHours: conf.Hours().String()}); err != nil {
		t.Fatal(err)
	}
	page := b.get(t, "/settings/calendars", http.StatusOK)
	for _, want := range []string{`name="business_hours" value=""`, "Billing packet complete", `name="due_billing" value="" placeholder="10"`,
		`name="due_first_docs" value="" placeholder="24"`, "Deadlines: photos and scope within 24 hours"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, "first_docs=") || strings.Contains(page, "lab_report=") {
		t.Error("the page shows the setting's text")
	}

	form := url.Values{"office": {"1"}, "timezone": {""}, "business_hours": {""}, "holidays": {""}}
	for _, n := range []string{"first_docs", "chase", "paperwork", "billing", "lab_report"} {
		form.Set("warn_"+n, "")
		form.Set("due_"+n, "")
	}
	if resp, _ := b.post(t, "/settings/calendars", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the page as shown: %d, want 303", resp.StatusCode)
	}
	o, err := b.srv.officeByID(ctx, storage.DefaultOfficeID)
	if err != nil {
		t.Fatal(err)
	}
	if !o.SettingsSetAt.IsZero() || o.BusinessHours != conf.Hours().String() {
		t.Errorf("saved as shown, the office no longer follows the configuration: %+v", o)
	}

	form.Set("due_billing", "12")
	if resp, _ := b.post(t, "/settings/calendars", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("a billing deadline: %d, want 303", resp.StatusCode)
	}
	if o, err = b.srv.officeByID(ctx, storage.DefaultOfficeID); err != nil {
		t.Fatal(err)
	}
	if o.Milestones != "billing=4-12" || o.BusinessHours != "" || o.SettingsSetAt.IsZero() {
		t.Errorf("after a billing deadline: milestones %q, business hours %q, set at %v", o.Milestones, o.BusinessHours, o.SettingsSetAt)
	}
	if page := b.get(t, "/settings/calendars", http.StatusOK); !strings.Contains(page, `name="due_billing" value="12"`) ||
		!strings.Contains(page, "billing packet on business day 12 (due soon from day 4)") {
		t.Errorf("the page does not show the billing deadline set:\n%s", page)
	}
}
