package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
)

// TestOwnEmailTimeOnTheNightTheClockMoves reads the time a coordinator
// says they replied from their own mail as calendars do: 01:30 the night
// London's clock went back is the first 01:30, not one still to come at
// 01:45 of the first pass; 02:30 the morning Chicago's clock skipped it is
// 03:30, not 01:30.
func TestOwnEmailTimeOnTheNightTheClockMoves(t *testing.T) {
	t.Parallel()
	for zone, c := range map[string]struct {
		now, arrived, want time.Time
		typed              string
	}{
		"Europe/London": {now: time.Date(2026, 10, 25, 0, 45, 0, 0, time.UTC), arrived: time.Date(2026, 10, 25, 0, 0, 0, 0, time.UTC),
			typed: "01:30", want: time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)},
		"America/Chicago": {now: time.Date(2026, 3, 8, 9, 0, 0, 0, time.UTC), arrived: time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC),
			typed: "02:30", want: time.Date(2026, 3, 8, 8, 30, 0, 0, time.UTC)},
	} {
		t.Run(zone, func(t *testing.T) {
			t.Parallel()
			loc, err := time.LoadLocation(zone)
			if err != nil {
				t.Fatal(err)
			}
			b := setupPagesIn(t, loc, sla.AlwaysOpen(), c.now)
			asked := b.addMessage(t, msgSeed{Subject: "Readings?", NeedsAck: true, Arrived: c.arrived})
			path := fmt.Sprintf("/messages/%d", asked)
			resp, body := b.post(t, path+"/acknowledge", url.Values{"how": {"own_email"}, "at": {c.typed}, "next": {path}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("replied from own email at %s: %d\n%.400s", c.typed, resp.StatusCode, body)
			}
			var acked time.Time
			b.query(t, `SELECT acknowledged_at FROM messages WHERE id = $1`, []any{asked}, &acked)
			if !acked.Equal(c.want) {
				t.Errorf("%s read as %v, want %v", c.typed, acked.UTC(), c.want)
			}
		})
	}
}

// TestOwnEmailTimeIsNotLostToAnotherButton refuses a time sent with a way
// of answering other than one's own email: Enter in the time field
// presses the form's first button, Answered by phone, which would record
// an answer by phone now and drop the time given.
func TestOwnEmailTimeIsNotLostToAnotherButton(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour))
	now := b.clock.Now()
	asked := b.addMessage(t, msgSeed{Subject: "Readings?", NeedsAck: true, Arrived: now.Add(-time.Hour)})
	path := fmt.Sprintf("/messages/%d", asked)
	for _, how := range []string{"phone", "not_needed"} {
		resp, body := b.post(t, path+"/acknowledge", url.Values{"how": {how}, "at": {"11:50"}, "next": {path}})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Mark replied") {
			t.Errorf("%s with a time sent: %d, want refused\n%.300s", how, resp.StatusCode, body)
		}
	}
	var source string
	b.query(t, `SELECT ack_source FROM messages WHERE id = $1`, []any{asked}, &source)
	if source != "" {
		t.Errorf("stored %q, want still waiting", source)
	}
}
