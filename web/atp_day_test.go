package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

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
