package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/demo"
)

// typedSeed is the demo's claims, with mail about three of them.
type typedSeed struct {
	claims              map[string]int64 // by insured's last name
	musty, cos, billing int64
}

// seedDemoClaims adds the demo's claims (Becker's closed, Lindqvist's
// with mail past its deadline) and mail about three of them.
func (b *pageBundle) seedDemoClaims(t *testing.T) typedSeed {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(demo.ClaimsCSV())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	s := typedSeed{claims: map[string]int64{}}
	for _, r := range rows[1:] {
		name := r[4][strings.LastIndex(r[4], " ")+1:]
		status := ""
		if name == "Becker" {
			status = "closed"
		}
		s.claims[name] = b.addClaim(t, claimSeed{Job: r[0], Number: r[1], Carrier: r[2], Insured: r[4], Address: r[5], Status: status})
	}
	s.musty = b.addMessage(t, msgSeed{Subject: "7730415582 Sandoval - musty smell in the rec room closet", ClaimID: s.claims["Sandoval"]})
	late := b.clock.Now().Add(-time.Hour)
	s.cos = b.addMessage(t, msgSeed{Subject: "Lindqvist - COS + final photos - 26-2101-WTR", ClaimID: s.claims["Lindqvist"],
		NeedsAck: true, Due: &late})
	s.billing = b.addMessage(t, msgSeed{Subject: "electric bill", BodyText: "The electric bill for the fans.", ClaimID: s.claims["Becker"]})
	return s
}

// hitOf returns the search hit linking to href on page body.
func hitOf(t *testing.T, body, href string) string {
	t.Helper()
	i := strings.Index(body, `<a href="`+href+`">`)
	if i < 0 {
		t.Fatalf("no hit for %s:\n%s", href, body)
	}
	start := strings.LastIndex(body[:i], "<li")
	return body[start : i+strings.Index(body[i:], "</li>")]
}

// TestSearchAsACoordinatorTypes searches the demo's claims as a
// coordinator types: a misspelt name with a word of the mail about it, a
// last word not typed in full, a street with another street type. Each hit
// says its claim's state and the words it matched; what a close spelling
// found says so; a search that finds nothing names the words nothing holds.
func TestSearchAsACoordinatorTypes(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	s := b.seedDemoClaims(t)
	search := func(q string) string {
		return html.UnescapeString(b.get(t, "/search?q="+url.QueryEscape(q), http.StatusOK))
	}
	claimHref := func(name string) string { return fmt.Sprintf("/claims/%d", s.claims[name]) }

	body := search("Sandavol musty")
	if hit := hitOf(t, body, claimHref("Sandoval")); !strings.Contains(hit, `<span class="tag">open</span>`) ||
		!strings.Contains(hit, "Spelt differently: <mark>Sandoval</mark>") {
		t.Errorf("Sandavol musty: the claim hit\n%s", hit)
	}
	if hit := hitOf(t, body, fmt.Sprintf("/messages/%d", s.musty)); !strings.Contains(hit, "Spelt differently: <mark>Sandoval</mark>") ||
		!strings.Contains(hit, "Matched: “Sandoval”, “musty”") {
		t.Errorf("Sandavol musty: the mail hit\n%s", hit)
	}
	body = search("Lindquist COS")
	if hit := hitOf(t, body, claimHref("Lindqvist")); !strings.Contains(hit, "open · overdue") {
		t.Errorf("Lindquist COS: the claim hit does not say it is overdue\n%s", hit)
	}
	hitOf(t, body, fmt.Sprintf("/messages/%d", s.cos))
	body = search("Beker bill")
	if hit := hitOf(t, body, claimHref("Becker")); !strings.Contains(hit, `<span class="tag tag-closed">closed</span>`) {
		t.Errorf("Beker bill: the claim hit does not say it is closed\n%s", hit)
	}
	if hit := hitOf(t, body, fmt.Sprintf("/messages/%d", s.billing)); !strings.Contains(hit, "26-2104-MLD</a> (closed)") {
		t.Errorf("Beker bill: the mail hit does not say its claim is closed\n%s", hit)
	}
	if hit := hitOf(t, search("electric bil"), fmt.Sprintf("/messages/%d", s.billing)); !strings.Contains(hit, "Matched: “electric”, “bill”") {
		t.Errorf("electric bil: the mail hit\n%s", hit)
	}

	body = search("Maple Avenue")
	if hit := hitOf(t, body, claimHref("Sandoval")); !strings.Contains(hit, "Matched: “Maple Avenue” (its street)") || strings.Contains(hit, "Spelt differently") {
		t.Errorf("Maple Avenue: the claim hit\n%s", hit)
	}
	if n := strings.Count(body, `class="search-hit search-claim"`); n != 1 {
		t.Errorf("Maple Avenue: %d claims, want Sandoval's alone (Avenue alone tells none apart)", n)
	}

	if empty := section(t, search("Zzyzx musty"), `<p class="empty">`, "</p>"); !strings.Contains(empty, "Nothing holds the word “Zzyzx”") ||
		!strings.Contains(empty, "Try fewer words.") {
		t.Errorf("Zzyzx musty: the page does not name the word nothing holds, or speaks of a number: %s", empty)
	}
	if empty := section(t, search("26-9999"), `<p class="empty">`, "</p>"); !strings.Contains(empty, "another spelling of the number") {
		t.Errorf("26-9999: the page does not suggest another spelling of the number: %s", empty)
	}
}

// TestSearchHelpExampleIsTheDemos searches for the help's example on the
// demo's claims: it names one.
func TestSearchHelpExampleIsTheDemos(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	s := b.seedDemoClaims(t)
	hint := section(t, html.UnescapeString(b.get(t, "/search", http.StatusOK)), `<p class="hint">`, "</p>")
	example := regexp.MustCompile(`phone of a claim \(“([^”]+)”\)`).FindStringSubmatch(hint)
	if example == nil {
		t.Fatalf("the help gives no example of a claim's words: %s", hint)
	}
	// Each name of the example (its words with a capital) is the claim's.
	body := html.UnescapeString(b.get(t, "/search?q="+url.QueryEscape(example[1]), http.StatusOK))
	hit := section(t, hitOf(t, body, fmt.Sprintf("/claims/%d", s.claims["Sandoval"])), "Matched:", "</p>")
	for _, w := range strings.Fields(example[1]) {
		if w != strings.ToLower(w) && !regexp.MustCompile(`[“ ]`+w+`[” ]`).MatchString(hit) {
			t.Errorf("the help's example %q: the demo's claim does not hold %q:\n%s", example[1], w, hit)
		}
	}
}

// TestClaimsAndFilingBoxMatchAsTheSearch types in the claims list's box
// and triage's filing box as in the search at the top: a street with
// another street type, a misspelt name with a word of its mail; nothing
// found names the words no claim holds.
func TestClaimsAndFilingBoxMatchAsTheSearch(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	s := b.seedDemoClaims(t)
	if body := b.get(t, "/claims?q="+url.QueryEscape("Maple Avenue"), http.StatusOK); !strings.Contains(body, ">26-2106-WTR</strong>") {
		t.Errorf("the claims list does not find 812 Maple St on Maple Avenue")
	}
	body := html.UnescapeString(b.get(t, "/claims?q="+url.QueryEscape("Sandavol musty"), http.StatusOK))
	if close := section(t, body, "Spelt differently", "</table>"); !strings.Contains(close, ">26-2106-WTR</strong>") ||
		!strings.Contains(body, "No claim has the words “Sandavol”, “musty”") {
		t.Errorf("the claims list does not find Sandoval for Sandavol musty, spelt differently:\n%s", close)
	}
	msg := b.addMessage(t, msgSeed{Subject: "Photos", Status: "triage"})
	file := func(typed string) (*http.Response, string) {
		resp, body := b.post(t, fmt.Sprintf("/messages/%d/assign", msg), url.Values{"claim": {typed}, "next": {"/triage"}})
		return resp, html.UnescapeString(body)
	}
	resp, body := file("Lindquist COS")
	if resp.StatusCode != http.StatusOK || !strings.Contains(section(t, body, "Spelt differently", "</ul>"),
		fmt.Sprintf(`name="claim_id" value="%d"`, s.claims["Lindqvist"])) {
		t.Errorf("filing by Lindquist COS: %d, want Lindqvist's claim offered as spelt differently\n%s", resp.StatusCode, body)
	}
	resp, body = file("Zzyzx Sandoval")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "hold the other words: no claim has the word “Zzyzx”") ||
		!strings.Contains(body, fmt.Sprintf(`name="claim_id" value="%d"`, s.claims["Sandoval"])) {
		t.Errorf("filing by Zzyzx Sandoval: %d, want Sandoval's claim and the word no claim holds named\n%s", resp.StatusCode, body)
	}
	resp, body = file("Zzyzx")
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "No claim has the word “Zzyzx”") {
		t.Errorf("filing by Zzyzx: %d, want the word no claim holds named\n%s", resp.StatusCode, body)
	}
}
