package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/storage"
)

// TestAPIEquipmentProposals lists what mail proposed and decides it over
// the API: a confirmed pickup marks the line picked up and notifies, a
// dismissed one changes nothing, and a decision made twice is a 409.
func TestAPIEquipmentProposals(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	am := b.add(t, map[string]any{"kind": "air_mover", "count": 4, "placed_at": b.at(3, 1, 9, 0)})
	msg := b.addMessage(t, testMessage{from: "tom@smrestore.example", subject: "Ripley", arrived: b.at(3, 4, 9, 0), status: storage.StatusFiled})
	b.propose(t, msg, []storage.EquipmentProposal{
		{Action: equipment.ActionPickedUp, Kind: equipment.AirMover, Count: 4, At: b.at(3, 4, 9, 0), Text: "picked up 4 air movers"},
		{Action: equipment.ActionPickedUp, Kind: equipment.Dehumidifier, Count: 2, At: b.at(3, 4, 9, 0), Text: "and 2 dehus"},
	})
	var ps listResponse[proposalItem]
	b.get(t, fmt.Sprintf("/api/claims/%d/equipment/proposals", b.claim), &ps)
	if len(ps.Items) != 2 || ps.Items[0].Says != "Picked up 4 air movers" || ps.Items[0].MessageID != msg || ps.Items[1].Kind != "dehumidifier" {
		t.Fatalf("proposals %+v", ps.Items)
	}
	var log listResponse[equipmentItem]
	b.send(t, "POST", fmt.Sprintf("/api/equipment-proposals/%d", ps.Items[0].ID), map[string]string{"decision": "confirm"}, http.StatusOK, &log)
	if len(log.Items) != 1 || log.Items[0].ID != am.ID || log.Items[0].PickedUpAt == nil || !log.Items[0].PickedUpAt.Equal(b.at(3, 4, 9, 0)) ||
		!log.Items[0].PickupNotified {
		t.Fatalf("log after confirming the pickup: %+v", log.Items)
	}
	b.send(t, "POST", fmt.Sprintf("/api/equipment-proposals/%d", ps.Items[1].ID), map[string]string{"decision": "dismiss"}, http.StatusOK, &log)
	if len(log.Items) != 1 {
		t.Errorf("a dismissed proposal changed the log: %+v", log.Items)
	}
	if n := len(b.notices(t)); n != 1 {
		t.Errorf("%d pickup notices, want 1", n)
	}
	first := ps.Items[0].ID
	b.get(t, fmt.Sprintf("/api/claims/%d/equipment/proposals", b.claim), &ps)
	if len(ps.Items) != 0 {
		t.Errorf("proposals left: %+v", ps.Items)
	}
	resp, body := b.call(t, "POST", fmt.Sprintf("/api/equipment-proposals/%d", first), map[string]string{"decision": "confirm"}, nil)
	wantError(t, "decided twice", resp, body, http.StatusConflict, "decided already")
	resp, body = b.call(t, "POST", "/api/equipment-proposals/999999", map[string]string{"decision": "confirm"}, nil)
	wantError(t, "unknown proposal", resp, body, http.StatusNotFound, "proposal 999999 not found")
	resp, body = b.call(t, "POST", "/api/equipment-proposals/1", map[string]string{"decision": "maybe"}, nil)
	wantError(t, "unknown decision", resp, body, http.StatusBadRequest, "decision: want confirm or dismiss")
	resp, body = b.call(t, "GET", "/api/claims/999999/equipment/proposals", nil, nil)
	wantError(t, "unknown claim", resp, body, http.StatusNotFound, "claim 999999 not found")
}

// TestAPIEquipmentPartialPickup confirms "picked up 2 air movers" on a job
// with 6: the line splits, 2 picked up and 4 still drying, so the pickup
// stage stays open.
func TestAPIEquipmentPartialPickup(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	ctx := context.Background()
	b.add(t, map[string]any{"kind": "air_mover", "count": 6, "placed_at": b.at(3, 1, 9, 0), "vendor": "Sunbelt"})
	msg := b.addMessage(t, testMessage{from: "tom@smrestore.example", subject: "Ripley", arrived: b.at(3, 3, 9, 0), status: storage.StatusFiled})
	b.propose(t, msg, []storage.EquipmentProposal{
		{Action: equipment.ActionPickedUp, Kind: equipment.AirMover, Count: 2, At: b.at(3, 3, 9, 0), Text: "picked up 2 air movers"}})
	var ps listResponse[proposalItem]
	b.get(t, fmt.Sprintf("/api/claims/%d/equipment/proposals", b.claim), &ps)
	if len(ps.Items) != 1 {
		t.Fatalf("proposals %+v", ps.Items)
	}
	var log listResponse[equipmentItem]
	b.send(t, "POST", fmt.Sprintf("/api/equipment-proposals/%d", ps.Items[0].ID), map[string]string{"decision": "confirm"}, http.StatusOK, &log)
	var onJob, picked int
	for _, e := range log.Items {
		switch {
		case e.PickedUpAt == nil:
			onJob += e.Count
		case e.PickedUpAt.Equal(b.at(3, 3, 9, 0)) && e.Vendor == "Sunbelt":
			picked += e.Count
		}
	}
	if onJob != 4 || picked != 2 || len(log.Items) != 2 {
		t.Errorf("log after picking up 2 of 6: %d on the job, %d picked up: %+v", onJob, picked, log.Items)
	}
	if f, err := b.db.ClaimFacts(ctx, b.claim); err != nil || f.EquipmentPickedUpAt != nil {
		t.Errorf("pickup stage %v (%v) while 4 air movers still dry", f.EquipmentPickedUpAt, err)
	}
}

// TestAPIEquipmentProposalCountNotSaid confirms "set up fans", whose mail
// does not say how many: the listing says so, confirming it without a
// count is refused, and the count given makes the line.
func TestAPIEquipmentProposalCountNotSaid(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	msg := b.addMessage(t, testMessage{from: "naomi@example.com", subject: "Fans", arrived: b.at(3, 4, 9, 0), status: storage.StatusFiled})
	b.propose(t, msg, []storage.EquipmentProposal{
		{Action: equipment.ActionPlaced, Kind: equipment.AirMover, At: b.at(3, 3, 12, 0), Text: "set up fans yesterday"}})
	var ps listResponse[proposalItem]
	b.get(t, fmt.Sprintf("/api/claims/%d/equipment/proposals", b.claim), &ps)
	if len(ps.Items) != 1 || ps.Items[0].Count != 0 || ps.Items[0].Says != "Placed air movers" {
		t.Fatalf("proposals %+v", ps.Items)
	}
	path := fmt.Sprintf("/api/equipment-proposals/%d", ps.Items[0].ID)
	resp, body := b.call(t, "POST", path, map[string]string{"decision": "confirm"}, nil)
	wantError(t, "no count", resp, body, http.StatusBadRequest, "say how many")
	var log listResponse[equipmentItem]
	b.send(t, "POST", path, map[string]any{"decision": "confirm", "count": 3}, http.StatusOK, &log)
	if len(log.Items) != 1 || log.Items[0].Count != 3 || log.Items[0].PlacedAt == nil || !log.Items[0].PlacedAt.Equal(b.at(3, 3, 12, 0)) {
		t.Fatalf("log after confirming with a count: %+v", log.Items)
	}
}
