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

	"github.com/claimdesk/claimdesk/storage"
)

// setupMailProgramReminders is an office that cannot send mail, at 12:14
// today, with a claim opened three days before from which nothing
// has come, whose technician Marcus has an address: its chase alert offers
// to write the reminder in the mail program.
func setupMailProgramReminders(t *testing.T) *remindersBundle {
	t.Helper()
	return mailProgramReminders(t, setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour+14*time.Minute)))
}

// mailProgramReminders is setupMailProgramReminders's claim in the office
// of pb, at its clock.
func mailProgramReminders(t *testing.T, pb *pageBundle) *remindersBundle {
	t.Helper()
	b := &remindersBundle{pageBundle: pb}
	b.claim = b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley",
		Opened: b.clock.Now().Add(-72 * time.Hour)})
	if _, err := b.sql.Exec(context.Background(), `INSERT INTO claim_participants (claim_id, role, name, email)
		VALUES ($1, 'technician', 'Marcus Lee', 'marcus@field.example')`, b.claim); err != nil {
		t.Fatal(err)
	}
	return b
}

// claimReminderItems are the claim's reminders as the API lists them.
func (b *remindersBundle) claimReminderItems(t *testing.T) []reminderItem {
	t.Helper()
	resp, body := b.apiClient(t)(fmt.Sprintf("/api/claims/%d/reminders", b.claim))
	var list struct {
		Items []reminderItem `json:"items"`
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("API reminders: %d %s (%v)", resp.StatusCode, body, err)
	}
	return list.Items
}

// TestReminderMarkedSentFromTheMailProgram: where claimdesk cannot send,
// the chase is written in the coordinator's mail program; "I sent it"
// beside its link records it, by whom and when, to Marcus, and the claim
// page, the board and the API then show it as one claimdesk sent ("reminded
// Marcus 12:14, no answer yet", then answered), noting it went from a mail
// program. Marking it again at once records nothing more.
func TestReminderMarkedSentFromTheMailProgram(t *testing.T) {
	t.Parallel()
	b := setupMailProgramReminders(t)
	page := fmt.Sprintf("/claims/%d", b.claim)
	form := fmt.Sprintf(`<form method="post" action="/claims/%d/reminders/sent" class="inline asked-form">`, b.claim)
	body := b.get(t, page, http.StatusOK)
	// Beside the chase's link on the Next card's lines asking Marcus (the
	// first documents', and the billing packet's, which asks him for the
	// ATP and the COS; the estimate's asks to add an estimator) and beside
	// its link under Write a reminder: no equipment is on site, so the COS
	// at pickup and the drying log are not offered.
	if n := strings.Count(body, form); n != 3 || !strings.Contains(body, `aria-label="I sent it: mark the reminder to Marcus sent"`) ||
		strings.Contains(body, "reminded Marcus") || !strings.Contains(body, "No reminder sent yet.") {
		t.Fatalf("the claim page offers “I sent it” %d times, want 3, and no reminder sent:\n%s", n, body)
	}

	b.clock.Advance(time.Minute)
	marked := b.clock.Now()
	mark := url.Values{"kind": {storage.ReminderChaseUpload}, "to": {"marcus@field.example"}}
	for range 2 {
		resp, body := b.post(t, page+"/reminders/sent", mark)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page+"#reminders-h" {
			t.Fatalf("I sent it: %d to %q, want back to the claim's reminders\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
		}
	}
	var n int
	var outboxID *int64
	var markedAt time.Time
	var markedBy, createdBy string
	b.query(t, `SELECT count(*) OVER (), outbox_id, marked_sent_at, marked_sent_by, created_by FROM claim_reminders WHERE claim_id = $1`,
		[]any{b.claim}, &n, &outboxID, &markedAt, &markedBy, &createdBy)
	if n != 1 || outboxID != nil || !markedAt.Equal(marked) || markedBy != b.email || createdBy != b.email {
		t.Errorf("recorded %d reminders, outbox %v, marked at %v by %q; want one, marked at %v by dana", n, outboxID, markedAt, markedBy, marked)
	}

	says := "reminded Marcus 12:15, no answer yet (sent from a mail program)"
	body = b.get(t, page, http.StatusOK)
	// The estimate's line asks to add an estimator: it asks Marcus nothing.
	if strings.Count(body, says) != 2 || !strings.Contains(body, "sent from a mail program (marked sent by Test dana@office.example)") {
		t.Errorf("the claim page does not say, on the Next card's two lines asking Marcus, %q, nor who marked it:\n%s", says, body)
	}
	if row := b.paperworkRow(t); !strings.Contains(row, says) {
		t.Errorf("the board's alert does not say %q:\n%s", says, row)
	}
	items := b.claimReminderItems(t)
	if len(items) != 1 || !items[0].MarkedSent || items[0].OutboxID != nil || items[0].State != storage.OutboxSent ||
		items[0].Status != "waiting" || items[0].CreatedBy != b.email || items[0].Kind != storage.ReminderChaseUpload {
		t.Errorf("API reminders %+v: want Marcus's chase, marked sent by dana, waiting", items)
	}

	b.clock.Advance(time.Minute)
	b.addMessage(t, msgSeed{Subject: "Re: photos", From: "marcus@field.example", ClaimID: b.claim, Status: storage.StatusFiled})
	if body := b.get(t, page, http.StatusOK); !strings.Contains(body, "reminded Marcus 12:15, answered 12:16 (sent from a mail program)") {
		t.Errorf("after Marcus wrote, the claim page does not say he answered:\n%s", body)
	}
	if items := b.claimReminderItems(t); len(items) != 1 || items[0].Status != "answered" {
		t.Errorf("API reminders after Marcus wrote: %+v, want answered", items)
	}

	if resp, body := b.post(t, page+"/reminders/sent", url.Values{"kind": {storage.ReminderChaseUpload}, "to": {"pat@carrier.example"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("marking a reminder to someone not on the claim: %d, want 400\n%s", resp.StatusCode, body)
	}
}

// TestReadOnlyMemberCannotMarkReminderSent: a read-only member is offered
// no "I sent it", and posting it is refused and records nothing; the same
// post by a coordinator records the reminder.
func TestReadOnlyMemberCannotMarkReminderSent(t *testing.T) {
	t.Parallel()
	b := setupMailProgramReminders(t)
	rita := b.addUser(t, "rita@office.example", "rita-password-1")
	if err := b.db.SetOfficeRole(context.Background(), rita.ID, storage.DefaultOfficeID, storage.RoleReadOnly); err != nil {
		t.Fatal(err)
	}
	c := b.client(t)
	csrf := b.login(t, c, rita.Email, "rita-password-1")
	page := fmt.Sprintf("/claims/%d", b.claim)
	if _, body := b.do(t, c, "GET", page, nil, nil); strings.Contains(body, "/reminders/sent") {
		t.Errorf("a read-only member is offered “I sent it”:\n%s", body)
	}
	mark := url.Values{"csrf_token": {csrf}, "kind": {storage.ReminderChaseUpload}, "to": {"marcus@field.example"}}
	if resp, body := b.do(t, c, "POST", page+"/reminders/sent", mark, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("I sent it by a read-only member: %d, want 403\n%s", resp.StatusCode, body)
	}
	if items := b.claimReminderItems(t); len(items) != 0 {
		t.Errorf("a read-only member's mark recorded %+v", items)
	}

	mark.Set("csrf_token", b.csrf)
	if resp, body := b.do(t, b.c, "POST", page+"/reminders/sent", mark, nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("I sent it by a coordinator: %d, want 303\n%s", resp.StatusCode, body)
	}
	if items := b.claimReminderItems(t); len(items) != 1 || items[0].CreatedBy != b.email {
		t.Errorf("a coordinator's mark recorded %+v, want one by dana", items)
	}
}
