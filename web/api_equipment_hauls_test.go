package web

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestAPIHauls logs a dumpster's swaps through the API, at a time given
// and now, and removes one logged by mistake. Each haul the claim page's
// form refuses is refused in its words: on an air mover, on a dumpster not
// placed yet, before the placement, after the pickup, still to come.
func TestAPIHauls(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	placed := b.at(3, 1, 9, 0)
	box := b.add(t, map[string]any{"kind": "dumpster", "vendor": "Metro Roll-Off", "placed_at": placed})
	fan := b.add(t, map[string]any{"kind": "air_mover", "placed_at": placed})
	later := b.add(t, map[string]any{"kind": "pod", "placed_at": nil})
	gone := b.add(t, map[string]any{"kind": "pod", "placed_at": placed, "picked_up_at": b.at(3, 2, 12, 0)})
	hauls := func(id int64) string { return fmt.Sprintf("/api/equipment/%d/hauls", id) }

	first := b.at(3, 2, 10, 30)
	var got equipmentItem
	b.send(t, "POST", hauls(box.ID), map[string]any{"hauled_at": first, "note": " 30 yd, ticket 4471 "}, http.StatusCreated, &got)
	if len(got.Hauls) != 1 || got.Hauls[0].ID == 0 || !got.Hauls[0].At.Equal(first) || got.Hauls[0].By != "ana-script" ||
		got.Hauls[0].ByName != "ana-script" || got.Hauls[0].Note != "30 yd, ticket 4471" || !got.PlacedAt.Equal(placed) || *got.Days != *box.Days {
		t.Fatalf("the line after its first haul: %+v", got)
	}
	b.send(t, "POST", hauls(box.ID), map[string]any{}, http.StatusCreated, &got)
	if len(got.Hauls) != 2 || !got.Hauls[1].At.Equal(b.clock.Now()) {
		t.Fatalf("a haul with no time is now: %+v", got.Hauls)
	}

	for _, tc := range []struct {
		name, path string
		body       any
		status     int
		want       string
	}{
		{"still to come", hauls(box.ID), map[string]any{"hauled_at": b.clock.Now().Add(time.Hour)}, 400, "the haul time is still to come"},
		{"before the placement", hauls(box.ID), map[string]any{"hauled_at": placed.Add(-time.Hour)}, 400, "the haul time is before the time the Dumpster was placed"},
		{"after the pickup", hauls(gone.ID), map[string]any{"hauled_at": b.at(3, 3, 8, 0)}, 400, "the haul time is after the Pod was picked up"},
		{"not placed", hauls(later.ID), map[string]any{}, 400, "the line is not placed yet"},
		{"an air mover", hauls(fan.ID), map[string]any{}, 400, "only a dumpster or pod is swapped by the hauler"},
		{"unknown field", hauls(box.ID), map[string]any{"swapped_at": first}, 400, "unknown field"},
		{"no body", hauls(box.ID), nil, 400, "want a JSON object"},
		{"unknown line", hauls(999999), map[string]any{}, 404, "equipment 999999 not found"},
		{"no haul named", hauls(box.ID) + "/remove", map[string]any{}, 400, "haul_id"},
		{"another line's haul", hauls(fan.ID) + "/remove", map[string]any{"haul_id": got.Hauls[0].ID}, 404,
			fmt.Sprintf("equipment %d has no haul %d", fan.ID, got.Hauls[0].ID)},
	} {
		resp, body := b.call(t, "POST", tc.path, tc.body, nil)
		wantError(t, tc.name, resp, body, tc.status, tc.want)
	}

	var lines listResponse[equipmentItem]
	b.get(t, fmt.Sprintf("/api/claims/%d/equipment", b.claim), &lines)
	for _, e := range lines.Items {
		if n := len(e.Hauls); n != map[int64]int{box.ID: 2}[e.ID] {
			t.Errorf("line %d (%s) has %d hauls after the refusals", e.ID, e.Kind, n)
		}
	}

	// The first haul was logged by mistake.
	mistake := map[string]any{"haul_id": got.Hauls[0].ID}
	b.send(t, "POST", hauls(box.ID)+"/remove", mistake, http.StatusOK, &got)
	if len(got.Hauls) != 1 || !got.Hauls[0].At.Equal(b.clock.Now()) {
		t.Errorf("after removing the first haul: %+v", got.Hauls)
	}
	resp, body := b.call(t, "POST", hauls(box.ID)+"/remove", mistake, nil)
	wantError(t, "removed twice", resp, body, http.StatusNotFound, "has no haul")
}

// TestAPIApprovalRequestMarkedSent marks through the API an approval
// request sent from a mail program, as "I sent it" does: the line says its
// adjuster was asked, when and by whom, keeping its hauls; marking it again
// changes nothing, and a line whose approval is not awaited is refused.
func TestAPIApprovalRequestMarkedSent(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	b.srv.opts.Outbox = nil
	box := b.add(t, map[string]any{"kind": "dumpster", "placed_at": b.at(3, 1, 9, 0), "approval": "requested"})
	if box.ApprovalAsked {
		t.Fatalf("a line just requested approval is asked already: %+v", box)
	}
	var got equipmentItem
	b.send(t, "POST", fmt.Sprintf("/api/equipment/%d/hauls", box.ID), map[string]any{"hauled_at": b.at(3, 3, 8, 0)}, http.StatusCreated, &got)

	b.clock.Advance(time.Hour)
	marked := b.clock.Now()
	sent := fmt.Sprintf("/api/equipment/%d/approval-request/sent", box.ID)
	b.send(t, "POST", sent, nil, http.StatusOK, &got)
	if !got.ApprovalAsked || got.Approval != "requested" || got.ApprovalAt == nil || !got.ApprovalAt.Equal(marked) ||
		got.ApprovalBy != "ana-script" || len(got.Hauls) != 1 {
		t.Errorf("marked sent: %+v; want asked now by ana-script, still waiting, with its haul", got)
	}
	b.clock.Advance(time.Hour)
	b.send(t, "POST", sent, nil, http.StatusOK, &got)
	if !got.ApprovalAt.Equal(marked) {
		t.Errorf("marked sent again: asked at %v, want %v still", got.ApprovalAt, marked)
	}
	var board slaBoard
	b.send(t, "GET", "/api/sla", nil, http.StatusOK, &board)
	if len(board.AwaitingApproval) != 1 || !board.AwaitingApproval[0].RequestMarkedSent {
		t.Errorf("/api/sla once marked sent: %+v", board.AwaitingApproval)
	}

	fan := b.add(t, map[string]any{"kind": "air_mover"})
	resp, body := b.call(t, "POST", fmt.Sprintf("/api/equipment/%d/approval-request/sent", fan.ID), nil, nil)
	wantError(t, "a line needing no approval", resp, body, http.StatusConflict, "no longer waits for the carrier's approval")
	resp, body = b.call(t, "POST", "/api/equipment/999999/approval-request/sent", nil, nil)
	wantError(t, "unknown line", resp, body, http.StatusNotFound, "equipment 999999 not found")
}
