package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// TestEquipmentAddFormAnswersAnotherOfficesClaimAsNone: the claim page's
// "Add equipment" form sent for a claim of an office the coordinator is
// not in answers as for a claim that does not exist, in the same words:
// the answer does not tell which claim numbers another office has.
func TestEquipmentAddFormAnswersAnotherOfficesClaimAsNone(t *testing.T) {
	t.Parallel()
	b := setupWestEquipment(t)
	ctx := t.Context()
	north, err := b.db.CreateOffice(ctx, storage.Office{Slug: "north", Name: "North", TimeZone: "America/Chicago"})
	if err != nil {
		t.Fatal(err)
	}
	theirs := b.addClaim(t, storage.Claim{JobNumber: "26-3001-WTR", ClaimNumber: "N-1", InsuredName: "Nora North", LossType: "water"})
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET office_id = $2 WHERE id = $1`, theirs, north.ID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{theirs, 999999} {
		form := url.Values{"csrf_token": {b.csrf}, "kind": {"dumpster"}, "placed_at": {"2026-03-02T07:30"}}
		resp, body := b.do(t, b.c, "POST", fmt.Sprintf("/claims/%d/equipment", id), form, nil)
		if want := fmt.Sprintf("claim %d not found", id); resp.StatusCode != http.StatusNotFound || !strings.Contains(html.UnescapeString(body), want) {
			t.Errorf("Add equipment on claim %d: %d, want 404 saying %q\n%.600s", id, resp.StatusCode, want, body)
		}
	}
}
