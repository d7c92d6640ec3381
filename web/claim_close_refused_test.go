package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestClaimCloseRefusedLeadsBackToTheClaim: a close the checklist refuses
// leads back to the claim page (POST, redirect, GET), which says what is
// lacking; reloading it asks nothing again and closes nothing.
func TestClaimCloseRefusedLeadsBackToTheClaim(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	claim := b.addClaim(t, claimSeed{Job: "26-2108-WTR", Number: "IB218-611902-01", Insured: "Carla Jensen"})
	page := fmt.Sprintf("/claims/%d", claim)

	resp, _ := b.post(t, page+"/close", url.Values{"note": {"job done"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page+"?close=refused" {
		t.Fatalf("refused close: %d to %q, want 303 to %s?close=refused", resp.StatusCode, resp.Header.Get("Location"), page)
	}
	for range 2 { // the reload shows the same
		body := html.UnescapeString(b.get(t, page+"?close=refused", http.StatusOK))
		if !strings.Contains(body, `id="close-refused"`) || !strings.Contains(body, "The claim cannot close yet. Lacking: ") {
			t.Fatalf("the claim page after a refused close does not say why:\n%s", body)
		}
	}
	if c, err := b.db.GetClaim(t.Context(), claim); err != nil || c.Status != "open" {
		t.Fatalf("claim after a refused close: %q, %v", c.Status, err)
	}
	if body := b.get(t, page, http.StatusOK); strings.Contains(body, `id="close-refused"`) {
		t.Error("the claim page says a close was refused when none was asked")
	}
}
