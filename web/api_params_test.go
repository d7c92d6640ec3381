package web

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// A list asked with a parameter it does not take is refused, naming the
// parameter and what the route takes, rather than answered whole: a sync
// asking for claims ?since= a date got every claim before.
func TestAPIRefusesUnknownParameters(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	claim := b.addClaim(t, storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5", InsuredName: "Ruth Sandoval"})
	for _, c := range []struct{ path, want string }{
		{"/api/claims?since=2026-12-01", `unknown parameter "since": GET /api/claims takes adjuster, carrier, coordinator, cursor, incomplete, limit, overdue, q, sort, status`},
		{"/api/claims?status=open&updated_since=2026-12-01", `unknown parameter "updated_since"`},
		{"/api/messages?claim_id=1", `unknown parameter "claim_id": GET /api/messages takes claim, cursor, direction, limit, status`},
		{fmt.Sprintf("/api/claims/%d?fields=all", claim), `GET /api/claims/{id} takes no parameters`},
	} {
		resp, body := b.call(t, "GET", c.path, nil, nil)
		wantError(t, c.path, resp, body, http.StatusBadRequest, c.want)
	}
	for _, path := range []string{"/api/claims?status=open&carrier=State+Farm&limit=5", "/api/messages?status=filed", fmt.Sprintf("/api/claims/%d", claim)} {
		if resp, body := b.call(t, "GET", path, nil, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d %s, want 200", path, resp.StatusCode, body)
		}
	}
}

// A claim imported today whose mail began last week says when it opened,
// as its deadlines and days open count, beside when its record was made.
func TestAPIClaimSaysWhenItOpened(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	id := b.addClaim(t, storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5", InsuredName: "Ruth Sandoval"})
	first := b.at(2, 25, 9, 30)
	msg := b.addMessage(t, testMessage{from: "kevin@carrier.example", subject: "new loss", arrived: first, status: storage.StatusFiled})
	if _, err := b.sql.Exec(t.Context(), `UPDATE messages SET claim_id = $1 WHERE id = $2`, id, msg); err != nil {
		t.Fatal(err)
	}
	var got struct {
		CreatedAt time.Time `json:"created_at"`
		OpenedAt  time.Time `json:"opened_at"`
	}
	b.get(t, fmt.Sprintf("/api/claims/%d", id), &got)
	if !got.OpenedAt.Equal(first) || !got.CreatedAt.After(first) {
		t.Errorf("opened_at %v, created_at %v: want opened at its first mail, %v, and made later", got.OpenedAt, got.CreatedAt, first)
	}
	var list listResponse[struct {
		OpenedAt time.Time `json:"opened_at"`
	}]
	b.get(t, "/api/claims", &list)
	if len(list.Items) != 1 || !list.Items[0].OpenedAt.Equal(first) {
		t.Errorf("the list says opened %+v, want %v", list.Items, first)
	}
}
