package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The results come first, right under the box, and how to search after
// them: on a phone the explanation would take the first screen. A search
// that finds nothing, and the empty page, explain first.
func TestSearchResultsBeforeHowToSearch(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	b.addClaim(t, claimSeed{Job: "26-2106-WTR", Number: "7730415582", Insured: "Ruth Sandoval"})
	const how = `In the box at the top:`
	page := b.get(t, "/search?q="+url.QueryEscape("Sandoval"), http.StatusOK)
	hits, hint := strings.Index(page, `<ol class="search-hits">`), strings.Index(page, how)
	if hits < 0 || hint < hits {
		t.Errorf("results at %d, how to search at %d: want the results first", hits, hint)
	}
	for _, q := range []string{"", "Okafor"} {
		page := b.get(t, "/search?q="+url.QueryEscape(q), http.StatusOK)
		hint, empty := strings.Index(page, how), strings.Index(page, `<p class="empty">`)
		if hint < 0 || empty < hint {
			t.Errorf("search for %q: how to search at %d, the empty note at %d: want how to search first", q, hint, empty)
		}
	}
}
