package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"

	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

// remindersBundle is a signed-in dashboard that can send mail, with a claim
// opened three days ago from which nothing has come, whose technician
// Marcus has an address.
type remindersBundle struct {
	*pageBundle
	claim int64
}

func setupReminderPages(t *testing.T) *remindersBundle {
	t.Helper()
	b := &remindersBundle{pageBundle: setupPages(t)}
	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.srv.opts.Outbox = outbox.NewOutbox(b.db, rc, outbox.OutboxConfig{
		From: mail.Address{Address: "claims@office.example"}, OfficeDomain: "office.example", Now: b.clock.Now,
	})
	b.claim = b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley",
		Opened: b.clock.Now().Add(-72 * time.Hour)})
	if _, err := b.sql.Exec(context.Background(), `INSERT INTO claim_participants (claim_id, role, name, email)
		VALUES ($1, 'technician', 'Marcus Lee', 'marcus@field.example')`, b.claim); err != nil {
		t.Fatal(err)
	}
	return b
}

// paperworkRow is the claim's row of the board's paperwork section.
func (b *remindersBundle) paperworkRow(t *testing.T) string {
	t.Helper()
	body := b.get(t, "/", http.StatusOK)
	row := fmt.Sprintf(`id="paperwork-%d"`, b.claim)
	i := strings.Index(body, row)
	if i < 0 {
		t.Fatalf("the board has no paperwork row for the claim:\n%s", body)
	}
	section := body[i:]
	return section[:strings.Index(section, "</li>\n")]
}

// TestRemindFromTheBoard: the claim's chase alert offers "Remind Marcus";
// one click queues the reminder, a second is refused, and the alert then
// says when Marcus was reminded until he writes back. The API lists it.
func TestRemindFromTheBoard(t *testing.T) {
	t.Parallel()
	b := setupReminderPages(t)
	row := b.paperworkRow(t)
	if !strings.Contains(row, ">Remind Marcus</button>") || strings.Contains(row, "reminded") {
		t.Fatalf("the alert offers no reminder, or says one was sent:\n%s", row)
	}
	click := url.Values{"kind": {storage.ReminderChaseUpload}, "to": {"marcus@field.example"}, "back": {"/"}}
	resp, body := b.post(t, fmt.Sprintf("/claims/%d/remind", b.claim), click)
	if back := fmt.Sprintf("/#paperwork-%d", b.claim); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != back {
		t.Fatalf("one click: %d to %q, want 303 back to %s:\n%s", resp.StatusCode, resp.Header.Get("Location"), back, body)
	}
	if resp, _ := b.post(t, fmt.Sprintf("/claims/%d/remind", b.claim), click); resp.StatusCode != http.StatusConflict {
		t.Errorf("double click: %d, want 409", resp.StatusCode)
	}
	rs, err := b.db.ClaimReminders(context.Background(), b.claim)
	if err != nil || len(rs) != 1 {
		t.Fatalf("%d reminders recorded (%v), want 1", len(rs), err)
	}
	m, err := b.db.GetOutbox(context.Background(), *rs[0].OutboxID)
	if err != nil || m.Kind != storage.ReplyReminder || m.Recipients[0] != "marcus@field.example" || !strings.Contains(m.Subject, "26-1001-WTR") {
		t.Errorf("queued message %+v (%v): want a reminder to Marcus naming the job", m, err)
	}
	at := b.clock.Now().UTC().Format("15:04")
	if row := b.paperworkRow(t); !strings.Contains(row, "reminded Marcus "+at+", no answer yet") {
		t.Errorf("the alert does not say Marcus was reminded at %s:\n%s", at, row)
	}
	claimPage := b.get(t, fmt.Sprintf("/claims/%d", b.claim), http.StatusOK)
	if !strings.Contains(claimPage, fmt.Sprintf(`id="reminder-%d"`, rs[0].ID)) || !strings.Contains(claimPage, "reminded Marcus "+at+", no answer yet") {
		t.Errorf("the claim page does not show the reminder")
	}

	sent := b.clock.Now().UTC()
	b.clock.Advance(time.Minute)
	b.addMessage(t, msgSeed{Subject: "Re: photos", From: "marcus@field.example", ClaimID: b.claim, Status: storage.StatusFiled})
	now := b.clock.Now().UTC()
	if sent.Day() != now.Day() {
		// Past midnight, the reminder's time says its day.
		at = sent.Format("Mon Jan 2, 15:04")
	}
	if row := b.paperworkRow(t); !strings.Contains(row, "reminded Marcus "+at+", answered "+now.Format("15:04")) {
		t.Errorf("after Marcus wrote, the alert says:\n%s", row)
	}
	_, body = b.apiClient(t)(fmt.Sprintf("/api/claims/%d/reminders", b.claim))
	var list struct {
		Items []reminderItem `json:"items"`
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list.Items) != 1 {
		t.Fatalf("API reminders %s (%v), want 1", body, err)
	}
	if it := list.Items[0]; it.Kind != storage.ReminderChaseUpload || it.To != "marcus@field.example" || it.Status != "answered" || it.AnsweredAt == nil {
		t.Errorf("API reminder %+v: want Marcus's chase, answered", it)
	}
}

// TestAPIRemind sends a reminder over the API: 201 with it; to someone who
// is no technician or foreman of the claim, 400; one that asks for nothing
// the claim lacks (the COS at pickup with no equipment on site), 409.
func TestAPIRemind(t *testing.T) {
	t.Parallel()
	b := setupReminderPages(t)
	token, hash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(context.Background(), "test", hash, 0, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	post := func(body string) (*http.Response, string) {
		req, err := http.NewRequest("POST", b.ts.URL+fmt.Sprintf("/api/claims/%d/reminders", b.claim), strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		return send(t, b.client(t), req)
	}
	if resp, body := post(`{"kind": "cos_at_pickup", "to": "marcus@field.example"}`); resp.StatusCode != http.StatusConflict {
		t.Errorf("the COS at pickup with no equipment on site: %d %s, want 409", resp.StatusCode, body)
	}
	resp, body := post(`{"kind": "chase_upload", "to": "marcus@field.example"}`)
	var it reminderItem
	if resp.StatusCode != http.StatusCreated || json.Unmarshal([]byte(body), &it) != nil || it.Kind != storage.ReminderChaseUpload || it.State != storage.OutboxQueued {
		t.Fatalf("POST reminder: %d %s, want 201 with the queued reminder", resp.StatusCode, body)
	}
	if resp, body := post(`{"kind": "chase_upload", "to": "ann@carrier.example"}`); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("reminder to a stranger: %d %s, want 400", resp.StatusCode, body)
	}
	if resp, body := post(`{"kind": "birthday", "to": "marcus@field.example"}`); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("reminder of no kind: %d %s, want 400", resp.StatusCode, body)
	}
}
