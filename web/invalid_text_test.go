package web

import (
	"net/http"
	"testing"
)

// TestTextPostgresCannotHoldIsRefused sends what no text column takes (a
// NUL character, bytes that are not UTF-8) in searches, filters and a new
// claim's fields: each is the client's mistake, a 400 that says so, not a
// server error.
func TestTextPostgresCannotHoldIsRefused(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	for _, path := range []string{
		"/api/search?q=a%00b",
		"/api/search?q=water%C3",
		"/api/claims?q=%FF%FE",
		"/api/claims?carrier=%00",
		"/api/claims?adjuster=Pat%00",
	} {
		resp, body := b.call(t, "GET", path, nil, nil)
		wantError(t, "GET "+path, resp, body, http.StatusBadRequest, "UTF-8")
	}
	for field, value := range map[string]string{"claim_number": "LA\x00123", "insured_name": "Robert\x00 O'Brien"} {
		claim := map[string]any{"claim_number": "LA123-456789-02", "loss_type": "Water"}
		claim[field] = value
		resp, body := b.call(t, "POST", "/api/claims", claim, nil)
		wantError(t, "new claim with a NUL in "+field, resp, body, http.StatusBadRequest, "UTF-8")
	}
}
