package web

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestSearchNamesWordsNothingHoldsAndWhereClaimsMatch searches as a
// coordinator describes a loss, with a name nobody has, the street with
// another street type, and a town sharing the street's name: the page and
// the API name the word nothing holds, the claim on the street comes
// before the newer one in the town, and each says where it matched.
func TestSearchNamesWordsNothingHoldsAndWhereClaimsMatch(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	street := b.addClaim(t, claimSeed{Job: "26-4001-WTR", Insured: "Dana Whitfield", Address: "77 Cedar Rd, Waverly, IA 50677",
		Opened: now.Add(-72 * time.Hour)})
	town := b.addClaim(t, claimSeed{Job: "26-4002-WTR", Insured: "Omar Haddad", Address: "14 Birch Ln, Cedar Falls, IA 50613",
		Opened: now.Add(-24 * time.Hour)})
	b.addClaim(t, claimSeed{Job: "26-4003-WTR", Insured: "Ann Kowalcyk", Address: "9 Oak St, Waverly, IA 50677"}) // spelt a letter otherwise, elsewhere
	b.addMessage(t, msgSeed{Subject: "Readings", BodyText: "The house on Birch is drying.", ClaimID: town})
	const q = "the Kowalczyk house on Cedar Street"

	body := html.UnescapeString(b.get(t, "/search?q="+url.QueryEscape(q), http.StatusOK))
	if got := section(t, body, `<p class="search-unfound">`, "</p>"); got != `<p class="search-unfound">`+"Nothing holds the word “Kowalczyk”; results for “Cedar Street” alone:" {
		t.Errorf("the words nothing holds: %q", got)
	}
	streetHit, townHit := fmt.Sprintf(`<a href="/claims/%d">`, street), fmt.Sprintf(`<a href="/claims/%d">`, town)
	if i, j := strings.Index(body, streetHit), strings.Index(body, townHit); i < 0 || j < 0 || i > j {
		t.Errorf("the claim on Cedar Rd is not above the newer one in Cedar Falls (at %d, %d)", i, j)
	}
	if hit := hitOf(t, body, fmt.Sprintf("/claims/%d", street)); !strings.Contains(hit, "Matched: “Cedar Street” (its street)") {
		t.Errorf("the street's claim does not say it is on the street:\n%s", hit)
	}
	if hit := hitOf(t, body, fmt.Sprintf("/claims/%d", town)); !strings.Contains(hit, "Matched: “Cedar” (town only)</p>") {
		t.Errorf("the town's claim does not say only its town holds the word:\n%s", hit)
	}

	var api struct {
		Items []struct {
			ID              int64    `json:"id"`
			Kind            string   `json:"kind"`
			MatchedStreet   []string `json:"matched_street"`
			MatchedTownOnly []string `json:"matched_town_only"`
		} `json:"items"`
		Unfound []string `json:"unfound"`
	}
	if err := json.Unmarshal([]byte(b.get(t, "/api/search?q="+url.QueryEscape(q), http.StatusOK)), &api); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(api.Unfound, []string{"Kowalczyk"}) || len(api.Items) < 2 {
		t.Fatalf("/api/search: unfound %v, %d items", api.Unfound, len(api.Items))
	}
	if first, second := api.Items[0], api.Items[1]; first.ID != street || !slices.Equal(first.MatchedStreet, []string{"Cedar", "Street"}) ||
		second.ID != town || !slices.Equal(second.MatchedTownOnly, []string{"Cedar"}) {
		t.Errorf("/api/search: items %+v", api.Items[:2])
	}
}
