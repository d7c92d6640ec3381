package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A claim found by search says when it was opened, as its page does.
func TestSearchClaimHitSaysOpened(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	b.addClaim(t, claimSeed{Job: "26-2106-WTR", Number: "7730415582", Insured: "Ruth Sandoval", Opened: b.clock.Now().Add(-48 * time.Hour)})
	page := b.get(t, "/search?q="+url.QueryEscape("Sandavol"), http.StatusOK)
	hit := between(t, page, `class="search-hit search-claim"`, "</li>")
	if !strings.Contains(hit, "opened <time") || strings.Contains(hit, "claim since") {
		t.Errorf("the claim's hit does not say when it was opened:\n%s", hit)
	}
}
