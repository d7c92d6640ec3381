package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// POST /api/claims/{id}/reminders/sent records a reminder an integration
// sent from the office's own mail, as "I sent it" on the claim page does:
// by the token, now, with no outbox message; marking it again within the
// minute answers the reminder recorded; a kind or a person the claim has
// no reminder for is refused.
func TestAPIReminderMarkedSent(t *testing.T) {
	t.Parallel()
	b := setupMailProgramReminders(t)
	token, hash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(t.Context(), "dispatch", hash, 0, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	c := b.client(t)
	post := func(body string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest("POST", b.ts.URL+fmt.Sprintf("/api/claims/%d/reminders/sent", b.claim), strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		return send(t, c, req)
	}
	b.clock.Advance(time.Minute)
	var first reminderItem
	for i := range 2 {
		resp, body := post(`{"kind": "chase_upload", "to": "marcus@field.example"}`)
		var got reminderItem
		if err := json.Unmarshal([]byte(body), &got); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("mark sent: %d %s (%v)", resp.StatusCode, body, err)
		}
		if i == 0 {
			first = got
		}
		if got.ID != first.ID || !got.MarkedSent || got.OutboxID != nil || got.CreatedBy != "dispatch" ||
			!got.CreatedAt.Equal(b.clock.Now()) || got.Kind != storage.ReminderChaseUpload || got.To != "marcus@field.example" {
			t.Errorf("mark %d: %+v, want the one reminder to Marcus marked sent now by the token", i+1, got)
		}
	}
	if items := b.claimReminderItems(t); len(items) != 1 || items[0].ID != first.ID || !items[0].MarkedSent {
		t.Errorf("the claim's reminders: %+v, want the one marked sent", items)
	}
	for _, body := range []string{`{"kind": "lunch", "to": "marcus@field.example"}`, `{"kind": "chase_upload", "to": "stranger@else.example"}`} {
		if resp, answer := post(body); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("mark %s: %d %s, want 400", body, resp.StatusCode, answer)
		}
	}
}
