package web

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSearchShowsClaimsSpeltClose searches at the top for a name as heard
// on the phone and for a part of a job number: the page and the API find
// the claims, the one spelt otherwise with the word that found it and what
// was typed. The filing box offers the claim spelt otherwise apart.
func TestSearchShowsClaimsSpeltClose(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	lind := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Insured: "Erik Lindqvist", Address: "12 Maple Ave, Edina, MN 55424"})

	body := html.UnescapeString(b.get(t, "/search?q=Lindquist", http.StatusOK))
	hit := section(t, body, fmt.Sprintf(`<a href="/claims/%d">`, lind), "</li>")
	if !strings.Contains(hit, `Spelt differently: <mark>Lindqvist</mark> <span class="meta">in the insured’s name, not “Lindquist”</span>`) ||
		!strings.Contains(hit, "Erik <mark>Lindqvist</mark>") {
		t.Errorf("the claim spelt otherwise does not say why it was found:\n%s", hit)
	}
	if body := b.get(t, "/search?q=26-100", http.StatusOK); !strings.Contains(body, fmt.Sprintf(`<a href="/claims/%d">26-1001-WTR</a>`, lind)) {
		t.Errorf("a part of the job number does not find its claim:\n%s", body)
	}

	resp, raw := b.apiClient(t)("/api/search?q=Lindquist")
	var page struct {
		Items []struct {
			Kind      string `json:"kind"`
			ID        int64  `json:"id"`
			Spellings []struct {
				Typed, Found, Field string
			} `json:"spellings"`
		} `json:"items"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(raw), &page) != nil || len(page.Items) != 1 ||
		page.Items[0].ID != lind || fmt.Sprint(page.Items[0].Spellings) != "[{Lindquist Lindqvist insured}]" {
		t.Errorf("/api/search?q=Lindquist: %d %s", resp.StatusCode, raw)
	}

	// The filing box offers it too, apart, saying how it is spelt.
	msg := b.addMessage(t, msgSeed{Subject: "Photos", Status: "triage"})
	resp, filing := b.post(t, fmt.Sprintf("/messages/%d/assign", msg), url.Values{"claim": {"Lindquist"}, "next": {"/triage"}})
	spelt := section(t, html.UnescapeString(filing), "Spelt differently", "</ul>")
	if resp.StatusCode != http.StatusOK || !strings.Contains(filing, "No claim matches “Lindquist” as typed") ||
		!strings.Contains(spelt, "File to 26-1001-WTR") || !strings.Contains(spelt, "<mark>Lindqvist</mark>") {
		t.Errorf("filing by a name spelt otherwise: %d, want the claim offered apart\n%s", resp.StatusCode, filing)
	}
}
