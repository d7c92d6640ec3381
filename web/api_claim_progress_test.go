package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

func TestAPIVerifyAndStages(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	claim := b.addClaim(t, storage.Claim{JobNumber: "26-3101-WTR", ClaimNumber: "CL-9", LossType: "Water"})
	var doc int64
	err := b.sql.QueryRow(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
		VALUES ($1, $2, 1, 'ATP.pdf', 'atp', 'Contracts', 'claims/26-3101-WTR/Contracts/x_ATP.pdf', $3, 1) RETURNING id`,
		claim, fmt.Sprintf("%064x", 7), b.at(time.March, 2, 10, 0)).Scan(&doc)
	if err != nil {
		t.Fatal(err)
	}

	if resp, body := b.call(t, "POST", fmt.Sprintf("/api/documents/%d/verify", doc), map[string]any{}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("verify: %d %s", resp.StatusCode, body)
	}
	picked := b.at(time.March, 3, 16, 0)
	if resp, body := b.call(t, "POST", fmt.Sprintf("/api/claims/%d/stages", claim),
		map[string]any{"stage": "equipment_picked_up", "at": picked}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("stage: %d %s", resp.StatusCode, body)
	}
	facts, err := b.db.ClaimFacts(ctx, claim)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := facts.Verified[sla.DocATP]; !ok {
		t.Errorf("the ATP is not verified: %+v", facts.Verified)
	}
	if facts.EquipmentPickedUpAt == nil || !facts.EquipmentPickedUpAt.Equal(picked) {
		t.Errorf("equipment picked up at %v, want %v", facts.EquipmentPickedUpAt, picked)
	}
	// Once the equipment is picked up, the COS is required and missing.
	report := b.cal.CheckClaim(facts, sla.DefaultRules(), b.at(time.March, 4, 15, 0))
	var cos, atp sla.ItemStatus
	for _, it := range report.Checklist {
		switch it.Type {
		case sla.DocCOS:
			cos = it.Status
		case sla.DocATP:
			atp = it.Status
		}
	}
	if atp != sla.ItemPresent || cos != sla.ItemMissing {
		t.Errorf("checklist: atp %q, cos %q; want present and missing", atp, cos)
	}

	if resp, body := b.call(t, "POST", "/api/documents/999999/verify", map[string]any{"ok": true}, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("verify an unknown document: %d %s, want 404", resp.StatusCode, body)
	}
	for path, want := range map[string]int{
		fmt.Sprintf("/api/claims/%d/stages", claim): http.StatusBadRequest,
		"/api/claims/999999/stages":                 http.StatusBadRequest,
	} {
		resp, body := b.call(t, "POST", path, map[string]any{"stage": "painted"}, nil)
		if resp.StatusCode != want {
			t.Errorf("%s: %d %s, want %d", path, resp.StatusCode, body, want)
		}
	}
	if resp, body := b.call(t, "POST", "/api/claims/999999/stages", map[string]any{"stage": "completed"}, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown claim: %d %s, want 404", resp.StatusCode, body)
	}
}
