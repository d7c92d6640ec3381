package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/storage"
)

// TestEquipmentDayAloneFromMail: mail of Wed Mar 4 says the air movers
// were set "yesterday". The claim page and the API tell the day without a
// time (the proposal, and the work's start it gives), and confirming it places the line on that day alone, as the add
// form places a date typed without a time; the line tells the date until
// someone types a time.
func TestEquipmentDayAloneFromMail(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	c, csrf := b.signIn(t)
	ctx := context.Background()
	msg := b.addMessage(t, testMessage{from: "tom@smrestore.example", subject: "Ripley", arrived: b.at(3, 4, 9, 0), status: storage.StatusFiled})
	day := equipment.OnDay(b.at(3, 3, 0, 0), b.loc)
	b.propose(t, msg, []storage.EquipmentProposal{
		{Action: equipment.ActionPlaced, Kind: equipment.AirMover, Count: 3, At: day, DayOnly: true, Text: "set 3 air movers yesterday"}})
	page := fmt.Sprintf("/claims/%d", b.claim)
	_, body := b.do(t, c, "GET", page, nil, nil)
	if lines := equipmentSectionOf(body); !strings.Contains(lines, `<time datetime="2026-03-03">Tue Mar 3</time>`) || strings.Contains(lines, "Mar 3, 12:00") {
		t.Errorf("the proposal does not tell the day alone:\n%s", lines)
	}
	// The work's start the mail gives is the day alone too.
	_, started, _ := strings.Cut(body, `id="stage-work_started"`)
	if started, _, _ = strings.Cut(started, "</li>"); !strings.Contains(started, `<time datetime="2026-03-03">Tue Mar 3</time> · <a href="#proposal-`) ||
		!strings.Contains(started, "by mail saying equipment was placed") {
		t.Errorf("the work's start from the mail does not tell the day alone:\n%s", started)
	}
	var ps listResponse[proposalItem]
	b.get(t, fmt.Sprintf("/api/claims/%d/equipment/proposals", b.claim), &ps)
	if len(ps.Items) != 1 || !ps.Items[0].DayOnly || !ps.Items[0].At.Equal(day) {
		t.Fatalf("API proposals %+v, want the day alone", ps.Items)
	}
	resp, body := b.do(t, c, "POST", page+"/equipment", url.Values{"csrf_token": {csrf}, "kind": {"dehumidifier"}, "count": {"1"},
		"placed_at": {"2026-03-03"}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add with a date alone: %d %s", resp.StatusCode, body)
	}
	resp, body = b.do(t, c, "POST", fmt.Sprintf("/equipment-proposals/%d", ps.Items[0].ID), url.Values{"csrf_token": {csrf}, "decision": {"confirm"}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d %s", resp.StatusCode, body)
	}
	es, err := b.db.ClaimEquipment(ctx, b.claim)
	if err != nil || len(es) != 2 {
		t.Fatalf("log %+v (%v)", es, err)
	}
	for _, e := range es {
		if e.PlacedAt == nil || !e.PlacedAt.Equal(day) || !e.PlacedDayOnly {
			t.Errorf("%s placed %v (day alone %v), want the day %v alone, as a date typed alone", e.Kind, e.PlacedAt, e.PlacedDayOnly, day)
		}
	}
	_, body = b.do(t, c, "GET", page, nil, nil)
	if lines := equipmentSectionOf(body); strings.Count(lines, `placed <time datetime="2026-03-03">Tue Mar 3</time>`) != 2 ||
		strings.Contains(lines, "Mar 3, 12:00") {
		t.Errorf("want two lines placed on the day alone:\n%s", lines)
	}
	_, stage, _ := strings.Cut(body, `id="stage-work_started"`)
	if stage, _, _ = strings.Cut(stage, "</li>"); !strings.Contains(stage, `<time datetime="2026-03-03">Tue Mar 3</time> · <a href="#equipment">from the equipment log</a>`) {
		t.Errorf("work started by the lines placed on a day alone:\n%s", stage)
	}
	// Picked up on a date typed alone, and edited back to a time.
	resp, body = b.do(t, c, "POST", fmt.Sprintf("/equipment/%d", es[0].ID), url.Values{"csrf_token": {csrf}, "action": {"pickup"},
		"picked_up_at": {"2026-03-04"}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("pickup on a date alone: %d %s", resp.StatusCode, body)
	}
	var items listResponse[equipmentItem]
	b.get(t, fmt.Sprintf("/api/claims/%d/equipment", b.claim), &items)
	if len(items.Items) != 2 {
		t.Fatalf("API lines %+v, want 2", items.Items)
	}
	if item := items.Items[0]; !item.PlacedDayOnly || !item.PickedUpDayOnly || item.PickedUpAt == nil || !item.PickedUpAt.Equal(equipment.OnDay(b.at(3, 4, 0, 0), b.loc)) {
		t.Errorf("API lines %+v: want the first placed and picked up on days alone", items.Items)
	}
	resp, body = b.do(t, c, "POST", fmt.Sprintf("/equipment/%d", es[0].ID), url.Values{"csrf_token": {csrf}, "action": {"edit"},
		"kind": {es[0].Kind}, "count": {"3"}, "placed_at": {"2026-03-03T07:30"}, "placed_at_was": {"2026-03-03T12:00"},
		"picked_up_at": {"2026-03-04T12:00"}, "picked_up_at_was": {"2026-03-04T12:00"}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", resp.StatusCode, body)
	}
	if got, err := b.db.GetEquipment(ctx, es[0].ID); err != nil || got.PlacedDayOnly || !got.PickedUpDayOnly || !got.PlacedAt.Equal(b.at(3, 3, 7, 30)) {
		t.Errorf("after the edit %+v (%v): want placed at the time typed, picked up still on the day alone", got, err)
	}
}

// equipmentSectionOf is the claim page body's equipment section.
func equipmentSectionOf(body string) string {
	_, after, _ := strings.Cut(body, `id="equipment"`)
	section, _, _ := strings.Cut(after, "</section>")
	return section
}
