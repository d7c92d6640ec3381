package web

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// searchSeed gives the seeded messages bodies to search: 30 mention
// drywall; message 1 carries hostile markup around "mold".
func (b *bundle) searchSeed(t *testing.T) seed {
	t.Helper()
	s := b.seedMessages(t, 30)
	ctx := t.Context()
	for i, id := range s.ids {
		body := fmt.Sprintf("Drywall cut %d feet up in room %d.", i+1, i+1)
		if i == 0 {
			body = `Tech says: "><img src=x onerror=alert(1)> black mold behind the vanity`
		}
		if _, err := b.sql.Exec(ctx, `UPDATE messages SET body_text = $2 WHERE id = $1`, id, body); err != nil {
			t.Fatal(err)
		}
	}
	// Message 1 came in a backfill: its mailbox got it days before.
	if _, err := b.sql.Exec(ctx, `UPDATE messages SET subject = '<b>Mold</b> photos', internal_date = '2026-02-20T08:15:00Z'
		WHERE id = $1`, s.ids[0]); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSearchBoxOnEveryPage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addUser(t, "dana@office.example", "correct horse battery")
	s := b.seedMessages(t, 1)
	c := b.client(t)
	b.login(t, c, "dana@office.example", "correct horse battery")
	box := regexp.MustCompile(`<form class="site-search" method="get" action="/search" role="search">\s*<input type="search" name="q"`)
	for _, path := range []string{"/", "/claims", fmt.Sprintf("/claims/%d", s.claimID), "/triage", "/messages",
		fmt.Sprintf("/messages/%d", s.ids[0]), "/search", "/no/such/page"} {
		_, body := b.do(t, c, "GET", path, nil, nil)
		if !box.MatchString(body) {
			t.Errorf("%s has no search box", path)
		}
	}
	// Not to strangers: the sign-in page has no box, and searching needs a
	// session.
	anon := b.client(t)
	if _, body := b.do(t, anon, "GET", "/login", nil, nil); box.MatchString(body) {
		t.Error("the sign-in page shows the search box")
	}
	resp, _ := b.do(t, anon, "GET", "/search?q=mold", nil, nil)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Errorf("search signed out: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestSearchPage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addUser(t, "dana@office.example", "correct horse battery")
	s := b.searchSeed(t)
	c := b.client(t)
	b.login(t, c, "dana@office.example", "correct horse battery")

	resp, body := b.do(t, c, "GET", "/search?q=mold", nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("search: %d\n%s", resp.StatusCode, body)
	}
	if !strings.Contains(body, fmt.Sprintf(`<a href="/messages/%d">`, s.ids[0])) {
		t.Errorf("no link to the message:\n%s", body)
	}
	if !strings.Contains(body, "black <mark>mold</mark> behind") {
		t.Errorf("the match is not marked in the snippet:\n%s", body)
	}
	// The hit says when the mail arrived in its mailbox, not when it was
	// imported.
	if !strings.Contains(body, `received <time datetime="2026-02-20T08:15:00Z">`) {
		t.Errorf("the hit does not say when the mail arrived:\n%s", body)
	}
	// The mail's markup is shown as text, never as markup.
	if strings.Contains(body, "<img src=x") || strings.Contains(body, "<b>") ||
		!strings.Contains(body, `&#34;&gt;&lt;img src=x onerror=alert(1)&gt;`) {
		t.Errorf("hostile content not escaped:\n%s", body)
	}
	// The box keeps what was searched for.
	if !strings.Contains(body, `name="q" maxlength="200" aria-label="Search mail and documents" placeholder="Search mail and documents" value="mold">`) {
		t.Errorf("the header's box does not show the query:\n%s", body)
	}

	// 30 matches: two pages of 25 and 5.
	_, body = b.do(t, c, "GET", "/search?q=drywall", nil, nil)
	if n := strings.Count(body, `class="search-hit `); n != 25 {
		t.Fatalf("first page: %d hits", n)
	}
	next := regexp.MustCompile(`<a href="([^"]+)">More results</a>`).FindStringSubmatch(body)
	if next == nil {
		t.Fatal("no link to more results")
	}
	_, body = b.do(t, c, "GET", html.UnescapeString(next[1]), nil, nil)
	if n := strings.Count(body, `class="search-hit `); n != 4 || strings.Contains(body, "More results") {
		// 29 bodies mention drywall; message 1 is about mold.
		t.Errorf("second page: %d hits\n%s", n, body)
	}

	// The claim number finds the claim first.
	_, body = b.do(t, c, "GET", "/search?q=60-8H77-8H5", nil, nil)
	if !strings.Contains(body, fmt.Sprintf(`<a href="/claims/%d">26-1001-WTR</a>`, s.claimID)) {
		t.Errorf("claim number: no claim\n%s", body)
	}
	_, body = b.do(t, c, "GET", "/search?q=nothing+like+this", nil, nil)
	if !strings.Contains(body, "Nothing matches") {
		t.Errorf("no match: %s", body)
	}
	for _, bad := range []string{"/search?q=" + strings.Repeat("x", maxSearchChars+1), "/search?q=mold&cursor=zz"} {
		if resp, _ := b.do(t, c, "GET", bad, nil, nil); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%.40s: %d, want 400", bad, resp.StatusCode)
		}
	}
}

func TestAPISearch(t *testing.T) {
	t.Parallel()
	b := setup(t)
	s := b.searchSeed(t)
	get := b.apiClient(t)

	var seen []string
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatal("pagination does not end")
		}
		resp, body := get("/api/search?" + url.Values{"q": {"drywall"}, "limit": {"7"}, "cursor": {cursor}}.Encode())
		if resp.StatusCode != 200 {
			t.Fatalf("%d %s", resp.StatusCode, body)
		}
		var page listResponse[searchItem]
		if err := json.Unmarshal([]byte(body), &page); err != nil {
			t.Fatal(err)
		}
		if len(page.Items) > 7 {
			t.Fatalf("%d items on a page of 7", len(page.Items))
		}
		for _, it := range page.Items {
			seen = append(seen, fmt.Sprintf("%s:%d", it.Kind, it.ID))
			if it.Kind != storage.SearchKindMessage || it.URL != fmt.Sprintf("/messages/%d", it.ID) ||
				!strings.Contains(strings.ToLower(it.Snippet), "drywall") {
				t.Errorf("item %+v", it)
			}
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	unique := map[string]bool{}
	for _, k := range seen {
		unique[k] = true
	}
	if len(seen) != 29 || len(unique) != 29 {
		t.Errorf("pages gave %d items, %d distinct; want 29", len(seen), len(unique))
	}

	resp, body := get("/api/search?q=mold")
	var page struct {
		Items []struct {
			ID               int64  `json:"id"`
			Snippet          string `json:"snippet"`
			SnippetFragments []struct {
				Text  string `json:"text"`
				Match bool   `json:"match"`
			} `json:"snippet_fragments"`
			ClaimID *int64 `json:"claim_id"`
		} `json:"items"`
	}
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &page) != nil || len(page.Items) != 1 {
		t.Fatalf("mold: %d %s", resp.StatusCode, body)
	}
	it := page.Items[0]
	var marked []string
	for _, f := range it.SnippetFragments {
		if f.Match {
			marked = append(marked, f.Text)
		}
	}
	if it.ID != s.ids[0] || it.ClaimID != nil || len(marked) != 1 || marked[0] != "mold" ||
		!strings.Contains(it.Snippet, `"><img src=x`) {
		t.Errorf("mold: %s", body)
	}
	for _, bad := range []string{"/api/search", "/api/search?q=", "/api/search?q=mold&limit=0", "/api/search?q=mold&cursor=AAAA"} {
		if resp, body := get(bad); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `"error"`) {
			t.Errorf("%s: %d %s, want 400", bad, resp.StatusCode, body)
		}
	}
}
