package web

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/storage"
)

// TestATPDueOnADayAloneOnPages: mail says the dehumidifiers went in on
// Tuesday, no time (a day alone), and no ATP came. On Wednesday afternoon
// the ATP is overdue since Tuesday, a day: the claim page's Next, its
// milestones, the board and the morning page tell the day without a clock
// time, not the noon the day stands at nor the close it ends at.
func TestATPDueOnADayAloneOnPages(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	c, csrf := b.signIn(t)
	msg := b.addMessage(t, testMessage{from: "tom@smrestore.example", subject: "Ripley", arrived: b.at(3, 4, 9, 0), status: storage.StatusFiled})
	b.propose(t, msg, []storage.EquipmentProposal{{Action: equipment.ActionPlaced,
		Kind: equipment.Dehumidifier, Count: 2, At: equipment.OnDay(b.at(3, 3, 0, 0), b.loc), DayOnly: true, Text: "set 2 dehus Tuesday"}})
	clockless := func(where, text string) {
		t.Helper()
		text = strings.NewReplacer(`<time datetime="2026-03-03">`, "", "</time>", "").Replace(text)
		if !strings.Contains(text, "overdue since Tue Mar 3") && !strings.Contains(text, "due Tue Mar 3") {
			t.Errorf("%s does not tell the ATP's day:\n%s", where, text)
		}
		if strings.Contains(text, "Mar 3, 12:00") || strings.Contains(text, "Mar 3, 18:00") {
			t.Errorf("%s tells the ATP's day with a clock time:\n%s", where, text)
		}
	}
	_, page := b.do(t, c, "GET", fmt.Sprintf("/claims/%d", b.claim), nil, nil)
	_, next, _ := strings.Cut(page, `id="next-atp_before_work"`)
	next, _, _ = strings.Cut(next, "</li>")
	clockless("the claim page's Next", next)
	_, milestones, _ := strings.Cut(page, "<h3>Milestones</h3>")
	milestones, _, _ = strings.Cut(milestones, "</ol>")
	_, atp, _ := strings.Cut(milestones, "ATP signed before work")
	atp, _, _ = strings.Cut(atp, "</li>")
	clockless("the claim page's milestones", atp)
	for _, path := range []string{"/", "/morning"} {
		_, body := b.do(t, c, "GET", path, nil, nil)
		_, row, _ := strings.Cut(body, "26-1001-WTR")
		if i := strings.Index(row, "ATP"); i >= 0 {
			row = row[i:min(len(row), i+300)]
		}
		clockless(path, row)
	}
	// The calendar feed has the day as an all-day event.
	_, body := b.do(t, c, "POST", "/calendar", url.Values{"csrf_token": {csrf}}, nil)
	m := feedURL.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no feed address:\n%s", body)
	}
	_, feed := b.do(t, http.DefaultClient, "GET", strings.TrimPrefix(html.UnescapeString(m[1]), b.ts.URL), nil, nil)
	var event string
	for _, ev := range strings.Split(feed, "BEGIN:VEVENT") {
		if strings.Contains(ev, "UID:claim-"+fmt.Sprint(b.claim)+"-atp_before_work@claimdesk") {
			event = ev
		}
	}
	if !strings.Contains(event, "DTSTART;VALUE=DATE:20260303") || !strings.Contains(event, "DTEND;VALUE=DATE:20260304") {
		t.Errorf("the feed's ATP event is not the day:\n%s", feed)
	}
}

// TestAPISLAGivesATPDueDay: mail says the dehumidifiers went in on
// Tuesday, no time, and no ATP came. GET /api/sla gives the ATP alert's
// deadline as the office's close that Tuesday (00:00 UTC on Wednesday, in
// Chicago) and says it is a whole day, the Tuesday on the office's clock;
// the ATP of another claim, whose work started at a time recorded, is due
// at that instant and says no day.
func TestAPISLAGivesATPDueDay(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	msg := b.addMessage(t, testMessage{from: "tom@smrestore.example", subject: "Ripley", arrived: b.at(3, 4, 9, 0), status: storage.StatusFiled})
	b.propose(t, msg, []storage.EquipmentProposal{{Action: equipment.ActionPlaced,
		Kind: equipment.Dehumidifier, Count: 2, At: equipment.OnDay(b.at(3, 3, 0, 0), b.loc), DayOnly: true, Text: "set 2 dehus Tuesday"}})
	timed := b.addClaim(t, storage.Claim{JobNumber: "26-1002-WTR", InsuredName: "Dallas", LossType: "water"})
	if err := b.db.SetJobStage(t.Context(), timed, storage.StageWorkStarted, b.at(3, 4, 10, 30), "dana@smrestore.example"); err != nil {
		t.Fatal(err)
	}
	var board struct {
		Alerts []struct {
			ClaimID   int64           `json:"claim_id"`
			Milestone string          `json:"milestone"`
			State     string          `json:"state"`
			DueAt     *time.Time      `json:"due_at"`
			DueDay    json.RawMessage `json:"due_day"`
		} `json:"alerts"`
	}
	b.get(t, "/api/sla", &board)
	var dayATP, timedATP bool
	for _, a := range board.Alerts {
		switch {
		case a.ClaimID == b.claim && a.Milestone == "atp_before_work":
			dayATP = true
			if string(a.DueDay) != `"2026-03-03"` || a.DueAt == nil || !a.DueAt.Equal(b.at(3, 3, 18, 0)) || a.State != "overdue" {
				t.Errorf("ATP alert: %s due %v, due_day %s; want overdue, due %v, due_day \"2026-03-03\"", a.State, a.DueAt, a.DueDay, b.at(3, 3, 18, 0))
			}
		case a.ClaimID == timed && a.Milestone == "atp_before_work":
			timedATP = true
			if string(a.DueDay) != "null" || a.DueAt == nil || !a.DueAt.Equal(b.at(3, 4, 10, 30)) {
				t.Errorf("ATP alert of work started at 10:30: due %v, due_day %s; want due then, due_day null", a.DueAt, a.DueDay)
			}
		}
	}
	if !dayATP || !timedATP {
		t.Errorf("ATP alerts: of the day alone %v, of the time recorded %v, want both: %+v", dayATP, timedATP, board.Alerts)
	}
}

// TestAPISLAGivesATPDueDayOnItsOfficesClock: a claim of the West office
// (Los Angeles, two hours behind the server's Chicago) had its
// dehumidifier placed on Tuesday, a date typed alone. Its ATP is due by
// West's close that day, which GET /api/sla gives on West's clock, with
// the day.
func TestAPISLAGivesATPDueDayOnItsOfficesClock(t *testing.T) {
	t.Parallel()
	b := setupWestEquipment(t)
	resp, body := b.do(t, b.c, "POST", fmt.Sprintf("/claims/%d/equipment", b.westClaim), url.Values{"csrf_token": {b.csrf},
		"kind": {"dehumidifier"}, "count": {"1"}, "placed_at": {"2026-03-03"}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add with a date alone: %d %s", resp.StatusCode, body)
	}
	var board struct {
		Alerts []struct {
			ClaimID   int64           `json:"claim_id"`
			Milestone string          `json:"milestone"`
			DueAt     json.RawMessage `json:"due_at"`
			DueDay    json.RawMessage `json:"due_day"`
		} `json:"alerts"`
	}
	b.get(t, "/api/sla", &board)
	for _, a := range board.Alerts {
		if a.ClaimID == b.westClaim && a.Milestone == "atp_before_work" {
			if string(a.DueAt) != `"2026-03-03T18:00:00-08:00"` || string(a.DueDay) != `"2026-03-03"` {
				t.Errorf("West's ATP alert due %s, due_day %s; want West's close on Tuesday, \"2026-03-03T18:00:00-08:00\", and \"2026-03-03\"", a.DueAt, a.DueDay)
			}
			return
		}
	}
	t.Errorf("no ATP alert of West's claim: %+v", board.Alerts)
}
