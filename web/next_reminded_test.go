package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// morningLine and claimNextLine read a line of the morning page's claim
// and of the claim page's Next card: its text, then what follows it.
var (
	morningLine   = regexp.MustCompile(`(?s)<li class="state-[a-z_]+">(?:<a href="[^"]*">)?([^<]*)(?:</a>)?(.*?)</li>`)
	claimNextLine = regexp.MustCompile(`(?s)<li class="state-[a-z_]+" id="next-([a-z_]+)">\s*<a class="next-text" href="[^"]*">([^<]*)</a>(.*?)</li>`)
	reminderSays  = regexp.MustCompile(`class="(?:meta )?reminder-status">([^<]*)<`)
	reminderOffer = regexp.MustCompile(`class="button primary mail-link" href="mailto:[^"]*">([^<]*)</a>`)
)

// TestNextLinesSayTheSameReminder: Marcus was reminded of the field's
// documents at 09:10, Sam of the estimate at 10:05, both from a mail
// program. Each line of the claim says where the reminder to the person it
// asks stands, the same on the morning page as on the claim page's Next:
// Marcus's photos and the billing packet's ATP and COS his, the estimate
// Sam's; and each offers to write the reminder to the person it asks alone.
func TestNextLinesSayTheSameReminder(t *testing.T) {
	t.Parallel()
	loc, err := time.LoadLocation(officeZone)
	if err != nil {
		t.Fatal(err)
	}
	at := func(hour, min int) time.Time { return time.Date(2026, time.April, 14, hour, min, 0, 0, loc) }
	b := mailProgramReminders(t, setupPagesIn(t, loc, sla.AlwaysOpen(), at(11, 40)))
	if _, err := b.sql.Exec(context.Background(), `INSERT INTO claim_participants (claim_id, role, name, email)
		VALUES ($1, 'estimator', 'Sam Okafor', 'sam@estimates.example')`, b.claim); err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/claims/%d", b.claim)
	for _, m := range []struct{ to, at string }{{"marcus@field.example", "2026-04-14T09:10"}, {"sam@estimates.example", "2026-04-14T10:05"}} {
		if resp, body := b.post(t, page+"/reminders/sent", url.Values{"kind": {storage.ReminderChaseUpload}, "to": {m.to},
			"sent_at": {m.at}, "sent_at_given": {"1"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("I sent it to %s: %d\n%s", m.to, resp.StatusCode, body)
		}
	}
	const (
		marcus = "reminded Marcus 09:10, no answer yet (sent from a mail program)"
		sam    = "reminded Sam 10:05, no answer yet (sent from a mail program)"
	)
	want := map[string]string{"first_docs": marcus, "paperwork": sam, "billing": marcus}
	claimSays, claimOffers := map[string]string{}, map[string][]string{}
	for _, l := range claimNextLine.FindAllStringSubmatch(b.get(t, page, http.StatusOK), -1) {
		says := reminderStatusOf(l[3])
		claimSays[l[2]], claimOffers[l[2]] = says, reminderOffersOf(l[3])
		if w, ok := want[l[1]]; ok && says != w {
			t.Errorf("the claim page's %s line %q says %q, want %q", l[1], l[2], says, w)
		}
		delete(want, l[1])
	}
	if len(want) > 0 {
		t.Fatalf("the claim page's Next has no lines of %v", want)
	}
	morning := morningLine.FindAllStringSubmatch(b.get(t, "/morning", http.StatusOK), -1)
	if len(morning) != len(claimSays) {
		t.Errorf("the morning page has %d lines of the claim, the claim page's Next %d", len(morning), len(claimSays))
	}
	for _, l := range morning {
		if says, ok := claimSays[l[1]]; !ok || reminderStatusOf(l[2]) != says {
			t.Errorf("the morning page's line %q says %q, the claim page's %q", l[1], reminderStatusOf(l[2]), says)
		}
		if got, want := reminderOffersOf(l[2]), claimOffers[l[1]]; !slices.Equal(got, want) {
			t.Errorf("the morning page's line %q offers %q, the claim page's %q", l[1], got, want)
		}
	}
}

// reminderOffersOf are the reminders a line offers to write: "Email Sam".
func reminderOffersOf(line string) []string {
	var out []string
	for _, m := range reminderOffer.FindAllStringSubmatch(line, -1) {
		out = append(out, m[1])
	}
	return out
}

// reminderStatusOf is what a line says of its latest reminder; empty when
// it says nothing.
func reminderStatusOf(line string) string {
	if m := reminderSays.FindStringSubmatch(line); m != nil {
		return m[1]
	}
	return ""
}
