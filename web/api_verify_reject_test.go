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

// TestAPIRejectSignedForm rejects a COS over the API: the reason is
// required, the documents list says so, the checklist does not count the
// form, and the claim has an urgent task until a right COS is verified.
func TestAPIRejectSignedForm(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	claim := b.addClaim(t, storage.Claim{JobNumber: "26-3102-WTR", ClaimNumber: "CL-10", LossType: "Water"})
	addCOS := func(n int, day int) int64 {
		var id int64
		err := b.sql.QueryRow(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
			VALUES ($1, $2, 1, $3, 'cos', 'Contracts', $4, $5, 1) RETURNING id`,
			claim, fmt.Sprintf("%064x", 100+n), fmt.Sprintf("COS%d.pdf", n), fmt.Sprintf("claims/26-3102-WTR/Contracts/x_COS%d.pdf", n),
			b.at(time.March, day, 10, 0)).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	wrong := addCOS(1, 2)
	if resp, body := b.call(t, "POST", fmt.Sprintf("/api/claims/%d/stages", claim),
		map[string]any{"stage": "equipment_picked_up", "at": b.at(time.March, 2, 9, 0)}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("stage: %d %s", resp.StatusCode, body)
	}

	verify := fmt.Sprintf("/api/documents/%d/verify", wrong)
	resp, body := b.call(t, "POST", verify, map[string]any{"ok": false}, nil)
	wantError(t, "reject without a reason", resp, body, http.StatusBadRequest, "reason")
	resp, body = b.call(t, "POST", verify, map[string]any{"ok": false, "reason": "  "}, nil)
	wantError(t, "reject with a blank reason", resp, body, http.StatusBadRequest, "reason")
	resp, body = b.call(t, "POST", verify, map[string]any{"reason": "wrong form signed"}, nil)
	wantError(t, "a reason without a verdict", resp, body, http.StatusBadRequest, "ok")
	if resp, body := b.call(t, "POST", verify, map[string]any{"ok": false, "reason": "wrong form signed"}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("reject: %d %s", resp.StatusCode, body)
	}

	type listed struct {
		Items []struct {
			ID           int64  `json:"id"`
			Verified     *bool  `json:"verified"`
			VerifyReason string `json:"verify_reason"`
		} `json:"items"`
	}
	right := addCOS(2, 3)
	var docs listed
	b.get(t, fmt.Sprintf("/api/claims/%d/documents", claim), &docs)
	got := map[int64]string{}
	for _, d := range docs.Items {
		switch {
		case d.Verified == nil:
			got[d.ID] = "null"
		default:
			got[d.ID] = fmt.Sprintf("%v %q", *d.Verified, d.VerifyReason)
		}
	}
	if got[wrong] != `false "wrong form signed"` || got[right] != "null" {
		t.Errorf("documents say %v, want the first COS false for its reason and the second null", got)
	}

	cosStatus := func(at time.Time) (sla.ItemStatus, []sla.Alert) {
		t.Helper()
		facts, err := b.db.ClaimFacts(ctx, claim)
		if err != nil {
			t.Fatal(err)
		}
		rep := b.cal.CheckClaim(facts, sla.DefaultRules(), at)
		for _, it := range rep.Checklist {
			if it.Type == sla.DocCOS {
				return it.Status, rep.Alerts
			}
		}
		return "", rep.Alerts
	}
	const task = "COS rejected: wrong form signed — get the right one signed"
	status, alerts := cosStatus(b.clock.Now())
	if status != sla.ItemUnverified || !hasAlert(alerts, sla.MilestoneSignatures, task) {
		t.Errorf("after the rejection: COS %q, alerts %+v; want unverified and %q", status, alerts, task)
	}

	b.clock.Advance(time.Hour)
	if resp, body := b.call(t, "POST", fmt.Sprintf("/api/documents/%d/verify", right), map[string]any{"ok": true}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("verify the right COS: %d %s", resp.StatusCode, body)
	}
	status, alerts = cosStatus(b.clock.Now())
	if status != sla.ItemPresent || hasAlert(alerts, sla.MilestoneSignatures, task) {
		t.Errorf("after a right COS was verified: COS %q, alerts %+v; want present and no task", status, alerts)
	}
	b.get(t, fmt.Sprintf("/api/claims/%d/documents", claim), &docs)
	for _, d := range docs.Items {
		if d.ID == right && (d.Verified == nil || !*d.Verified || d.VerifyReason != "") {
			t.Errorf("the right COS lists verified %v, reason %q; want true and none", d.Verified, d.VerifyReason)
		}
	}
}

// hasAlert reports whether alerts hold one of milestone m saying message.
func hasAlert(alerts []sla.Alert, m sla.MilestoneName, message string) bool {
	for _, a := range alerts {
		if a.Milestone == m && a.Message == message {
			return true
		}
	}
	return false
}
