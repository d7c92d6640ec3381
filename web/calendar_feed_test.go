package web

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
)

var feedURL = regexp.MustCompile(`id="feed-url">([^<]+)<`)

// makeFeed asks for a new feed address and returns it.
func (b *pageBundle) makeFeed(t *testing.T) string {
	t.Helper()
	resp, body := b.post(t, "/calendar", nil)
	m := feedURL.FindStringSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("make a feed: %d\n%s", resp.StatusCode, body)
	}
	return html.UnescapeString(m[1])
}

// fetchFeed gets a feed's address without credentials, as a calendar
// program does.
func (b *pageBundle) fetchFeed(t *testing.T, url string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, body := send(t, http.DefaultClient, req)
	return resp.StatusCode, body
}

func TestCalendarFeed(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	open := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "José Peña", Address: "12 Elm St", Status: "open"})
	b.addClaim(t, claimSeed{Job: "26-1002-WTR", Number: "X-2", Status: "closed"})
	// Two dehumidifiers to pick up the day after tomorrow; a dumpster still
	// on the job, with no pickup yet, is no event.
	pickupAt := b.clock.Now().Add(48 * time.Hour).Truncate(time.Second)
	if _, err := b.sql.Exec(context.Background(), `INSERT INTO equipment (claim_id, kind, count, placed_at, picked_up_at, vendor, office_id) VALUES
		($1, 'dehumidifier', 2, $2, $3, 'Sunbelt', 1), ($1, 'dumpster', 1, $2, NULL, '', 1)`, open, b.clock.Now().Add(-24*time.Hour), pickupAt); err != nil {
		t.Fatal(err)
	}

	url := b.makeFeed(t)
	if !strings.HasPrefix(url, b.ts.URL+"/calendar/") || !strings.HasSuffix(url, ".ics") {
		t.Fatalf("feed address %q", url)
	}
	status, body := b.fetchFeed(t, url)
	if status != http.StatusOK {
		t.Fatalf("feed: %d %s", status, body)
	}
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("feed does not parse: %v\n%s", err, body)
	}
	facts, err := b.db.ClaimFacts(context.Background(), open)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, m := range b.srv.calendar().CheckClaim(facts, b.srv.opts.Milestones, b.clock.Now()).Milestones {
		if !m.Due.IsZero() && m.MetAt == nil {
			want["26-1001-WTR: "+milestoneLabels[m.Name]+" "+m.Due.UTC().Format("20060102T150405Z")] = true
		}
	}
	want["26-1001-WTR: pick up 2 × dehumidifier (Sunbelt) "+pickupAt.UTC().Format("20060102T150405Z")] = true
	events := cal.Events()
	if len(want) == 1 || len(events) != len(want) {
		t.Errorf("%d events, want %d: %s", len(events), len(want), body)
	}
	for _, ev := range events {
		summary, _ := ev.Props.Text(ical.PropSummary)
		start, err := ev.DateTimeStart(nil)
		if err != nil || !want[summary+" "+start.UTC().Format("20060102T150405Z")] {
			t.Errorf("event %q at %v (%v) is not an open deadline", summary, start, err)
		}
		if loc, _ := ev.Props.Text(ical.PropLocation); loc != "12 Elm St" {
			t.Errorf("event location %q", loc)
		}
		if uid, _ := ev.Props.Text(ical.PropUID); uid == "" {
			t.Error("event without UID")
		}
	}
	if strings.Contains(body, "26-1002-WTR") {
		t.Error("a closed claim's deadlines are in the feed")
	}

	// A new address ends the old one; stopping ends the new one.
	again := b.makeFeed(t)
	if status, _ := b.fetchFeed(t, url); status != http.StatusNotFound {
		t.Errorf("replaced address: %d", status)
	}
	if status, _ := b.fetchFeed(t, again); status != http.StatusOK {
		t.Errorf("new address: %d", status)
	}
	if resp, body := b.post(t, "/calendar/revoke", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d %s", resp.StatusCode, body)
	}
	if status, _ := b.fetchFeed(t, again); status != http.StatusNotFound {
		t.Errorf("revoked address: %d", status)
	}
	if page := b.get(t, "/calendar", http.StatusOK); !strings.Contains(page, "You have no address yet.") {
		t.Errorf("calendar page after revoking:\n%s", page)
	}
}
