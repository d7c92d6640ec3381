package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestDismissedProposalRestored: "Dismiss" on what a crew's mail said
// about the equipment leaves the log as it was, but not without a trace:
// the claim page keeps the proposal, folded among the dismissed, with who
// dismissed it and when, and the claim's history says so. Restore puts it
// back to confirm, and the history says that too.
func TestDismissedProposalRestored(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour))
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1102-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley"})
	msg := b.addMessage(t, msgSeed{Subject: "Ripley set up", ClaimID: claim, Status: "filed", Arrived: now.Add(-time.Hour)})
	var id int64
	b.query(t, `INSERT INTO equipment_proposals (claim_id, message_id, seq, action, kind, count, at, text)
		VALUES ($1, $2, 1, 'placed', 'air_mover', 4, $3, 'set 4 air movers') RETURNING id`, []any{claim, msg, now.Add(-time.Hour)}, &id)
	page := fmt.Sprintf("/claims/%d", claim)
	restore := fmt.Sprintf(`action="/equipment-proposals/%d/restore"`, id)

	if resp, _ := b.post(t, fmt.Sprintf("/equipment-proposals/%d", id), url.Values{"decision": {"dismiss"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("dismiss: %d", resp.StatusCode)
	}
	body := b.get(t, page, http.StatusOK)
	equipment := section(t, body, `id="equipment"`, "</section>")
	if strings.Contains(equipment, "From mail, to confirm") {
		t.Errorf("a dismissed proposal is still to confirm:\n%s", equipment)
	}
	dismissed := section(t, equipment, `id="proposals-dismissed"`, "</details>")
	for _, want := range []string{"1 dismissed from mail", "Placed 4 air movers", "dismissed by Test dana@office.example", restore} {
		if !strings.Contains(dismissed, want) {
			t.Errorf("the dismissed fold lacks %q:\n%s", want, dismissed)
		}
	}
	history := section(t, body, `id="history"`, "</section>")
	if !strings.Contains(history, "<strong>Equipment from mail: Placed 4 air movers</strong>") ||
		!strings.Contains(history, `<span class="old">to confirm</span> → <span class="new">dismissed</span>`) {
		t.Errorf("the history keeps no trace of the dismissal:\n%s", history)
	}

	for range 2 { // the second is a tap on a page left open: nothing more
		if resp, body := b.post(t, fmt.Sprintf("/equipment-proposals/%d/restore", id), url.Values{"next": {page}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("restore: %d %s", resp.StatusCode, body)
		}
	}
	var status, by string
	b.query(t, `SELECT status, decided_by FROM equipment_proposals WHERE id = $1`, []any{id}, &status, &by)
	if status != "proposed" || by != "" {
		t.Errorf("restored proposal is %s by %q, want proposed again", status, by)
	}
	body = b.get(t, page, http.StatusOK)
	equipment = section(t, body, `id="equipment"`, "</section>")
	if !strings.Contains(equipment, "From mail, to confirm") || strings.Contains(equipment, `id="proposals-dismissed"`) ||
		!strings.Contains(equipment, fmt.Sprintf(`action="/equipment-proposals/%d"`, id)) {
		t.Errorf("the restored proposal is not back to confirm:\n%s", equipment)
	}
	history = section(t, body, `id="history"`, "</section>")
	if !strings.Contains(history, `<span class="old">dismissed</span> → <span class="new">to confirm</span>`) ||
		strings.Count(history, "Equipment from mail") != 2 {
		t.Errorf("the history does not say the proposal was restored, once:\n%s", history)
	}
}
