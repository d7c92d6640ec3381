package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/storage"
)

// signIn signs a coordinator in and returns the client and its CSRF token.
func (b *equipmentBundle) signIn(t *testing.T) (*http.Client, string) {
	t.Helper()
	// The cookie jar judges the session's expiry by the real clock.
	b.clock.Advance(-time.Until(b.clock.Now()))
	b.addUser(t, "dana@smrestore.example", "correct horse battery")
	c := b.client(t)
	return c, b.login(t, c, "dana@smrestore.example", "correct horse battery")
}

// TestClaimPageEquipmentForms adds a line from the claim page, marks it
// picked up, and sets an approval, all with plain forms.
func TestClaimPageEquipmentForms(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	c, csrf := b.signIn(t)
	page := fmt.Sprintf("/claims/%d", b.claim)
	_, body := b.do(t, c, "GET", page, nil, nil)
	if !strings.Contains(body, `id="equipment"`) || !strings.Contains(body, "No equipment logged") || !strings.Contains(body, `<option value="equipment_picked_up">`) {
		t.Fatalf("claim page without its equipment section:\n%s", body)
	}
	resp, body := b.do(t, c, "POST", page+"/equipment", url.Values{"csrf_token": {csrf}, "kind": {"dehumidifier"}, "count": {"3"},
		"placed_at": {"2026-03-02T09:00"}, "vendor": {"Sunbelt"}, "approval": {"requested"}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d %s", resp.StatusCode, body)
	}
	es, err := b.db.ClaimEquipment(context.Background(), b.claim)
	if err != nil || len(es) != 1 {
		t.Fatalf("log %+v (%v)", es, err)
	}
	e := es[0]
	if e.Kind != "dehumidifier" || e.Count != 3 || e.Vendor != "Sunbelt" || !e.PlacedAt.Equal(b.at(3, 2, 9, 0)) || e.Approval != "requested" || e.CreatedBy != "dana@smrestore.example" {
		t.Fatalf("added %+v", e)
	}
	_, body = b.do(t, c, "GET", page, nil, nil)
	for _, want := range []string{"3 × Dehumidifier", "Sunbelt", "Approval requested", "Mark picked up", "from the equipment log"} {
		if !strings.Contains(body, want) {
			t.Errorf("claim page lacks %q", want)
		}
	}
	if strings.Contains(body, `<option value="equipment_picked_up">`) {
		t.Errorf("the stage form offers the pickup the equipment log sets")
	}

	resp, body = b.do(t, c, "POST", fmt.Sprintf("/equipment/%d", e.ID), url.Values{"csrf_token": {csrf}, "action": {"pickup"}, "picked_up_at": {"2026-03-04T10:15"}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("pickup: %d %s", resp.StatusCode, body)
	}
	resp, body = b.do(t, c, "POST", fmt.Sprintf("/equipment/%d", e.ID), url.Values{"csrf_token": {csrf}, "action": {"approval"}, "approval": {"approved"}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approval: %d %s", resp.StatusCode, body)
	}
	got, err := b.db.GetEquipment(context.Background(), e.ID)
	if err != nil || got.PickedUpAt == nil || !got.PickedUpAt.Equal(b.at(3, 4, 10, 15)) || got.Approval != "approved" || got.ApprovalBy != "dana@smrestore.example" {
		t.Fatalf("after the forms: %+v (%v)", got, err)
	}
	_, body = b.do(t, c, "GET", page, nil, nil)
	if strings.Contains(body, "Mark picked up") || !strings.Contains(body, "Approved by the carrier") || !strings.Contains(body, "2 days") {
		t.Errorf("picked-up, approved line still offers a pickup or lacks its approval:\n%s", body)
	}
	resp, body = b.do(t, c, "POST", page+"/equipment", url.Values{"csrf_token": {csrf}, "kind": {"crane"}}, nil)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "kind: want one of") {
		t.Errorf("unknown kind: %d", resp.StatusCode)
	}
}

// TestEquipmentProposalsConfirmed confirms what mail proposed: a placement
// becomes a line, a pickup marks the line picked up and notifies, and a
// dismissed proposal changes nothing; a proposal decided twice is a 409.
func TestEquipmentProposalsConfirmed(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	c, csrf := b.signIn(t)
	ctx := context.Background()
	msg := b.addMessage(t, testMessage{from: "tom@smrestore.example", subject: "Ripley", arrived: b.at(3, 2, 8, 0), status: storage.StatusFiled})
	later := b.addMessage(t, testMessage{from: "tom@smrestore.example", subject: "Ripley pickup", arrived: b.at(3, 4, 9, 0), status: storage.StatusFiled})
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		if err := storage.RecordEquipmentProposals(ctx, tx, b.claim, msg, []storage.EquipmentProposal{
			{Action: equipment.ActionPlaced, Kind: equipment.AirMover, Count: 4, At: b.at(3, 2, 8, 0), Text: "set 4 air movers"},
			{Action: equipment.ActionPlaced, Kind: equipment.Pod, Count: 1, At: b.at(3, 2, 8, 0), Text: "pod delivered"},
		}); err != nil {
			return err
		}
		return storage.RecordEquipmentProposals(ctx, tx, b.claim, later, []storage.EquipmentProposal{
			{Action: equipment.ActionPickedUp, Kind: equipment.AirMover, Count: 4, At: b.at(3, 4, 9, 0), Text: "picked up 4 air movers"},
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := b.db.ClaimEquipmentProposals(ctx, b.claim)
	if err != nil || len(ps) != 3 {
		t.Fatalf("proposals %+v (%v)", ps, err)
	}
	page := fmt.Sprintf("/claims/%d", b.claim)
	_, body := b.do(t, c, "GET", page, nil, nil)
	for _, want := range []string{"Placed 4 air movers", "Placed 1 pod", "Picked up 4 air movers", "Confirm", "Dismiss"} {
		if !strings.Contains(body, want) {
			t.Errorf("claim page lacks %q", want)
		}
	}
	decide := func(id int64, decision string, status int) {
		t.Helper()
		resp, body := b.do(t, c, "POST", fmt.Sprintf("/equipment-proposals/%d", id), url.Values{"csrf_token": {csrf}, "decision": {decision}}, nil)
		if resp.StatusCode != status {
			t.Fatalf("%s proposal %d: %d, want %d: %s", decision, id, resp.StatusCode, status, body)
		}
	}
	decide(ps[0].ID, "confirm", http.StatusSeeOther)
	decide(ps[1].ID, "dismiss", http.StatusSeeOther)
	decide(ps[2].ID, "confirm", http.StatusSeeOther)
	decide(ps[2].ID, "confirm", http.StatusConflict)

	es, err := b.db.ClaimEquipment(ctx, b.claim)
	if err != nil || len(es) != 1 {
		t.Fatalf("log %+v (%v), want the air movers alone", es, err)
	}
	if e := es[0]; e.Kind != equipment.AirMover || e.Count != 4 || !e.PlacedAt.Equal(b.at(3, 2, 8, 0)) || e.PickedUpAt == nil ||
		!e.PickedUpAt.Equal(b.at(3, 4, 9, 0)) || e.SourceMessageID == nil || *e.SourceMessageID != msg || e.PickupNotifiedAt == nil {
		t.Errorf("line %+v", e)
	}
	if n := len(b.notices(t)); n != 1 {
		t.Errorf("%d pickup notices, want 1", n)
	}
	if ps, _ := b.db.ClaimEquipmentProposals(ctx, b.claim); len(ps) != 0 {
		t.Errorf("proposals still open: %+v", ps)
	}
}

// TestProposalOfEquipmentAlreadyLogged: scrubbers logged by hand from the
// vendor's invoice, then the crew's mail "air scrubbers running". The
// proposal says what is logged and offers it as the same equipment first;
// the API's listing says the same; the same equipment dismissed leaves the
// log as it was, billed once.
func TestProposalOfEquipmentAlreadyLogged(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	c, csrf := b.signIn(t)
	ctx := context.Background()
	logged := b.add(t, map[string]any{"kind": "air_scrubber", "count": 2, "placed_at": b.at(3, 2, 14, 0), "vendor": "TC Equipment"})
	other := b.add(t, map[string]any{"kind": "air_mover", "count": 4, "placed_at": b.at(3, 2, 14, 0)})
	msg := b.addMessage(t, testMessage{from: "tom@smrestore.example", subject: "Air scrubbers running", arrived: b.at(3, 2, 20, 14), status: storage.StatusFiled})
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		return storage.RecordEquipmentProposals(ctx, tx, b.claim, msg, []storage.EquipmentProposal{
			{Action: equipment.ActionPlaced, Kind: equipment.AirScrubber, Count: 1, At: b.at(3, 2, 20, 14), Text: "air scrubbers running"},
			{Action: equipment.ActionPlaced, Kind: equipment.Dehumidifier, Count: 2, At: b.at(3, 2, 20, 14), Text: "2 dehus set"},
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	says := "2 air scrubbers already logged, placed Mon Mar 2 14:00"
	_, body := b.do(t, c, "GET", fmt.Sprintf("/claims/%d", b.claim), nil, nil)
	scrubber := body[strings.Index(body, "Placed 1 air scrubber"):]
	scrubber = scrubber[:strings.Index(scrubber, "</li>")]
	same, confirm := strings.Index(scrubber, "Same equipment (dismiss)"), strings.Index(scrubber, "Confirm: add 1 more")
	if !strings.Contains(scrubber, says) || same < 0 || confirm < same {
		t.Errorf("the scrubber proposal does not say what is logged, or offer the same equipment before confirming:\n%s", scrubber)
	}
	dehu := body[strings.Index(body, "Placed 2 dehumidifiers"):]
	dehu = dehu[:strings.Index(dehu, "</li>")]
	if strings.Contains(dehu, "already logged") || strings.Contains(dehu, "Same equipment") || !strings.Contains(dehu, ">Confirm<") {
		t.Errorf("the dehumidifiers, none logged, are offered as logged already:\n%s", dehu)
	}

	var list listResponse[proposalItem]
	b.send(t, "GET", fmt.Sprintf("/api/claims/%d/equipment/proposals", b.claim), nil, http.StatusOK, &list)
	if len(list.Items) != 2 {
		t.Fatalf("proposals %+v, want 2", list.Items)
	}
	if p := list.Items[0]; p.Kind != equipment.AirScrubber || len(p.AlreadyLogged) != 1 || p.AlreadyLogged[0] != logged.ID || p.AlreadyLoggedSays != says {
		t.Errorf("the API's scrubber proposal %+v: want line %d already logged, %q", p, logged.ID, says)
	}
	if p := list.Items[1]; p.AlreadyLogged == nil || len(p.AlreadyLogged) != 0 || p.AlreadyLoggedSays != "" {
		t.Errorf("the API's dehumidifier proposal %+v: want nothing already logged, an empty list", p)
	}

	resp, body := b.do(t, c, "POST", fmt.Sprintf("/equipment-proposals/%d", list.Items[0].ID), url.Values{"csrf_token": {csrf}, "decision": {"dismiss"}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("same equipment: %d %s", resp.StatusCode, body)
	}
	es, err := b.db.ClaimEquipment(ctx, b.claim)
	if err != nil || len(es) != 2 || es[0].ID != logged.ID && es[1].ID != logged.ID || es[0].ID != other.ID && es[1].ID != other.ID {
		t.Errorf("log after the same equipment was dismissed: %+v (%v), want the lines logged by hand alone", es, err)
	}
}

// TestFuturePickupRefusedInWords: a dumpster still in the driveway marked
// picked up tomorrow, from the claim page's pickup and edit forms and from
// the API, is refused, in the page's words on the page; the card still
// shows it on the job.
func TestFuturePickupRefusedInWords(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	c, csrf := b.signIn(t)
	now := b.clock.Now()
	box := b.add(t, map[string]any{"kind": "dumpster", "placed_at": now.Add(-48 * time.Hour), "vendor": "Metro Roll-Off"})
	tomorrow := now.Add(24 * time.Hour).In(b.loc).Format("2006-01-02T15:04")
	placed := now.Add(-48 * time.Hour).In(b.loc).Format("2006-01-02T15:04")
	line := fmt.Sprintf("/equipment/%d", box.ID)
	for _, form := range []url.Values{
		{"csrf_token": {csrf}, "action": {"pickup"}, "picked_up_at": {tomorrow}},
		{"csrf_token": {csrf}, "action": {"edit"}, "kind": {"dumpster"}, "count": {"1"}, "vendor": {"Metro Roll-Off"},
			"placed_at": {placed}, "placed_at_was": {placed}, "picked_up_at": {tomorrow}, "picked_up_at_was": {""}},
	} {
		resp, body := b.do(t, c, "POST", line, form, nil)
		if resp.StatusCode != http.StatusBadRequest ||
			!strings.Contains(body, "the pickup time is still to come: mark the equipment picked up once it has left the job") {
			t.Errorf("%s picked up tomorrow: %d, want 400 in words:\n%s", form.Get("action"), resp.StatusCode, body)
		}
	}
	resp, body := b.call(t, "PATCH", fmt.Sprintf("/api/equipment/%d", box.ID), map[string]any{"picked_up_at": now.Add(24 * time.Hour)}, nil)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "picked_up_at: in the future") {
		t.Errorf("API pickup tomorrow: %d %s, want 400", resp.StatusCode, body)
	}
	_, body = b.do(t, c, "GET", fmt.Sprintf("/claims/%d", b.claim), nil, nil)
	card := body[strings.Index(body, fmt.Sprintf(`id="equipment-%d"`, box.ID)):]
	if card = card[:strings.Index(card, "</li>")]; strings.Contains(card, "picked up <time") || !strings.Contains(card, "on the job") {
		t.Errorf("the dumpster after refused pickups is not on the job:\n%s", card)
	}
}
