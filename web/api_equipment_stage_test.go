package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
)

// TestEquipmentLogSetsPickupStage checks that the log is the one source of
// the claim's equipment pickup once it holds drying equipment: the pickup
// is the last item's, not yet while any is on the job, a person cannot set
// it apart from the log, and a COS signed at pickup closes the COS
// milestone while the pickup stage reads done too.
func TestEquipmentLogSetsPickupStage(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	ctx := context.Background()
	pickup := func() *time.Time {
		t.Helper()
		f, err := b.db.ClaimFacts(ctx, b.claim)
		if err != nil {
			t.Fatal(err)
		}
		return f.EquipmentPickedUpAt
	}
	// A dumpster is not drying equipment: a pickup recorded by hand stands.
	b.add(t, map[string]any{"kind": "dumpster", "placed_at": b.at(3, 1, 8, 0)})
	if resp, body := b.call(t, "POST", fmt.Sprintf("/api/claims/%d/stages", b.claim),
		map[string]any{"stage": "equipment_picked_up", "at": b.at(3, 2, 8, 0)}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("stage by hand before drying equipment is logged: %d %s", resp.StatusCode, body)
	}
	if p := pickup(); p == nil || !p.Equal(b.at(3, 2, 8, 0)) {
		t.Fatalf("pickup by hand: %v", p)
	}

	am := b.add(t, map[string]any{"kind": "air_mover", "count": 6, "placed_at": b.at(3, 1, 9, 0)})
	dh := b.add(t, map[string]any{"kind": "dehumidifier", "count": 2, "placed_at": b.at(3, 1, 10, 0)})
	if p := pickup(); p != nil {
		t.Fatalf("drying equipment on the job, pickup reads %v", p)
	}
	// Its first placement is when drying began: the job owes drying logs
	// (and reminders for them) whatever its loss type says.
	if f, err := b.db.ClaimFacts(ctx, b.claim); err != nil || f.EquipmentPlacedAt == nil || !f.EquipmentPlacedAt.Equal(b.at(3, 1, 9, 0)) || !f.Drying {
		t.Fatalf("facts with drying equipment placed: placed %v, drying %v (%v)", f.EquipmentPlacedAt, f.Drying, err)
	}
	resp, body := b.call(t, "POST", fmt.Sprintf("/api/claims/%d/stages", b.claim), map[string]any{"stage": "equipment_picked_up"}, nil)
	wantError(t, "stage by hand beside the log", resp, body, http.StatusConflict, "equipment log")

	var got equipmentItem
	b.send(t, "PATCH", fmt.Sprintf("/api/equipment/%d", am.ID), map[string]any{"picked_up_at": b.at(3, 3, 10, 0)}, http.StatusOK, &got)
	if p := pickup(); p != nil {
		t.Fatalf("dehumidifiers still on the job, pickup reads %v", p)
	}
	last := b.at(3, 4, 11, 0)
	b.send(t, "PATCH", fmt.Sprintf("/api/equipment/%d", dh.ID), map[string]any{"picked_up_at": last}, http.StatusOK, &got)
	if p := pickup(); p == nil || !p.Equal(last) {
		t.Fatalf("all drying equipment picked up, pickup reads %v, want %v", p, last)
	}

	// The COS signed at pickup, filed and verified: the milestone is met
	// by the pickup's day.
	_, err := b.sql.Exec(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, verified_at, office_id)
		VALUES ($1, $2, 1, 'cos.pdf', 'cos', 'Contracts', 'claims/x/cos', $3, $3, 1)`, b.claim, fmt.Sprintf("%064x", 7), last.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	f, err := b.db.ClaimFacts(ctx, b.claim)
	if err != nil {
		t.Fatal(err)
	}
	rep := b.cal.CheckClaim(f, sla.DefaultRules(), b.at(3, 4, 15, 0))
	for _, m := range rep.Milestones {
		if m.Name == sla.MilestoneCOS && (m.State != sla.StateMet || m.Due.IsZero()) {
			t.Errorf("COS milestone %+v, want met by the pickup's day", m)
		}
	}

	// Back on the job: the pickup reads not yet again.
	b.send(t, "PATCH", fmt.Sprintf("/api/equipment/%d", dh.ID), map[string]any{"picked_up_at": nil}, http.StatusOK, &got)
	if p := pickup(); p != nil {
		t.Fatalf("pickup cleared on the log, stage reads %v", p)
	}
}
