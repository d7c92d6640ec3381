package web

import (
	"net/http"
	"testing"
)

// TestAPIWrongMethodIs405: a path the API serves, asked with a method it
// does not take, is 405 naming the ones it does; an unknown path is 404.
func TestAPIWrongMethodIs405(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	resp, body := b.call(t, "DELETE", "/api/claims/6", nil, nil)
	wantError(t, "a claim deleted", resp, body, http.StatusMethodNotAllowed, "DELETE is not taken here; this path takes GET, PATCH")
	if got := resp.Header.Get("Allow"); got != "GET, PATCH" {
		t.Errorf("Allow %q, want GET, PATCH", got)
	}
	resp, body = b.call(t, "GET", "/api/claims/6/close", nil, nil)
	wantError(t, "closing read", resp, body, http.StatusMethodNotAllowed, "GET is not taken here; this path takes POST")
	resp, body = b.call(t, "DELETE", "/api/nothing-here", nil, nil)
	wantError(t, "an unknown path", resp, body, http.StatusNotFound, "not found")
}
