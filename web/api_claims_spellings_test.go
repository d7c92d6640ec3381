package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// apiClaimsPage is a page of GET /api/claims as a client reads it.
type apiClaimsPage struct {
	Items []struct {
		ID int64 `json:"id"`
	} `json:"items"`
	NextCursor       string `json:"next_cursor"`
	SpeltDifferently []struct {
		ID          int64  `json:"id"`
		JobNumber   string `json:"job_number"`
		InsuredName string `json:"insured_name"`
		Spellings   []struct {
			Typed, Found, Field string
		} `json:"spellings"`
	} `json:"spelt_differently"`
}

// TestAPIClaimsSearchGivesCloseSpellingsApart searches the claims through
// the API for a name as heard on the phone: the items are the claims found
// as typed, and the claim whose record spells it otherwise comes apart, on
// the last page only, with the word that found it, as the claims page
// shows it.
func TestAPIClaimsSearchGivesCloseSpellingsApart(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	erik := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Insured: "Erik Lindqvist", Address: "12 Maple Ave, Edina, MN 55424"})
	anna := b.addClaim(t, claimSeed{Job: "26-1002-WTR", Insured: "Anna Lindquist", Address: "5 Oak Dr, Edina, MN 55424"})
	get := b.apiClient(t)
	page := func(query url.Values) (apiClaimsPage, string) {
		t.Helper()
		resp, raw := get("/api/claims?" + query.Encode())
		var p apiClaimsPage
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("/api/claims?%s: %d %s", query.Encode(), resp.StatusCode, raw)
		}
		if err := json.Unmarshal([]byte(raw), &p); err != nil {
			t.Fatalf("/api/claims?%s: %v\n%s", query.Encode(), err, raw)
		}
		return p, raw
	}

	p, raw := page(url.Values{"q": {"Lindquist"}})
	if len(p.Items) != 1 || p.Items[0].ID != anna {
		t.Errorf("q=Lindquist: items are not Anna Lindquist's claim alone:\n%s", raw)
	}
	if len(p.SpeltDifferently) != 1 || p.SpeltDifferently[0].ID != erik || p.SpeltDifferently[0].JobNumber != "26-1001-WTR" ||
		p.SpeltDifferently[0].InsuredName != "Erik Lindqvist" ||
		fmt.Sprint(p.SpeltDifferently[0].Spellings) != "[{Lindquist Lindqvist insured}]" {
		t.Errorf("q=Lindquist: Erik Lindqvist's claim is not given apart with the name that found it:\n%s", raw)
	}

	// Paged: the claims spelt otherwise follow the last page of those found
	// as typed.
	bo := b.addClaim(t, claimSeed{Job: "26-1003-WTR", Insured: "Bo Lindquist", Address: "7 Elm St, Edina, MN 55424"})
	p, raw = page(url.Values{"q": {"Lindquist"}, "limit": {"1"}})
	if len(p.Items) != 1 || p.Items[0].ID != bo || p.NextCursor == "" || p.SpeltDifferently != nil {
		t.Errorf("q=Lindquist, first of two pages: want Bo Lindquist's claim alone and nothing spelt otherwise:\n%s", raw)
	}
	p, raw = page(url.Values{"q": {"Lindquist"}, "limit": {"1"}, "cursor": {p.NextCursor}})
	if len(p.Items) != 1 || p.Items[0].ID != anna || p.NextCursor != "" ||
		len(p.SpeltDifferently) != 1 || p.SpeltDifferently[0].ID != erik {
		t.Errorf("q=Lindquist, last page: want Anna Lindquist's claim, then Erik Lindqvist's apart:\n%s", raw)
	}

	// The other filters keep the claims spelt otherwise as they keep items.
	if p, raw = page(url.Values{"q": {"Lindquist"}, "adjuster": {"nobody@example.com"}}); len(p.Items) != 0 || p.SpeltDifferently != nil {
		t.Errorf("q=Lindquist of another adjuster: claims given:\n%s", raw)
	}
	if p, raw = page(url.Values{"q": {"Edina"}}); len(p.Items) != 3 || p.SpeltDifferently != nil {
		t.Errorf("q=Edina: want the three claims and nothing spelt otherwise:\n%s", raw)
	}
	if p, raw = page(url.Values{}); len(p.Items) != 3 || p.SpeltDifferently != nil {
		t.Errorf("no q: want the three claims and nothing spelt otherwise:\n%s", raw)
	}
}
