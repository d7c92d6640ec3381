package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/officerules"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// setupReminderSentLate is the office in Chicago that cannot send mail, at
// 11:40 on Tue Apr 14 2026, with Marcus's chase to remind him of: the
// coordinator emailed him at 09:10 from the mail program, he wrote back at
// 10:30, and only now is "I sent it" pressed.
func setupReminderSentLate(t *testing.T) (b *remindersBundle, at func(hour, min int) time.Time) {
	t.Helper()
	loc, err := time.LoadLocation(officeZone)
	if err != nil {
		t.Fatal(err)
	}
	at = func(hour, min int) time.Time { return time.Date(2026, time.April, 14, hour, min, 0, 0, loc) }
	b = mailProgramReminders(t, setupPagesIn(t, loc, sla.AlwaysOpen(), at(11, 40)))
	b.addMessage(t, msgSeed{Subject: "Re: photos", From: "marcus@field.example", ClaimID: b.claim, Status: storage.StatusFiled,
		Arrived: at(10, 30)})
	return b, at
}

// TestReminderMarkedSentAtTheTimeItWent: "I sent it" offers the time the
// reminder went, now in the office's time, from the claim's opening to now;
// given 09:10, Marcus's 10:30 reply answers it, on the claim page and in
// the API, where it went at 09:10 and was marked at 11:40. A time still to
// come or before the claim opened is refused in words; the time shown and
// left as it was is the moment the form is sent, however long the page
// stayed open.
func TestReminderMarkedSentAtTheTimeItWent(t *testing.T) {
	t.Parallel()
	b, at := setupReminderSentLate(t)
	page := fmt.Sprintf("/claims/%d", b.claim)
	body := b.get(t, page, http.StatusOK)
	field := `<input type="datetime-local" name="sent_at" value="2026-04-14T11:40" min="2026-04-11T11:40" required`
	if n := strings.Count(body, field); n != 3 || strings.Count(body, `<input type="hidden" name="sent_at_was" value="2026-04-14T11:40">`) != 3 {
		t.Fatalf("the claim page's 3 “I sent it” offer %d times %s:\n%s", n, field, body)
	}

	mark := func(sent string) (*http.Response, string) {
		t.Helper()
		return b.post(t, page+"/reminders/sent", url.Values{"kind": {storage.ReminderChaseUpload}, "to": {"marcus@field.example"},
			"sent_at": {sent}, "sent_at_was": {"2026-04-14T11:40"}})
	}
	if resp, body := mark("2026-04-14T09:10"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("I sent it, at 09:10: %d\n%s", resp.StatusCode, body)
	}
	const says = "reminded Marcus 09:10, answered 10:30 (sent from a mail program)"
	if body := b.get(t, page, http.StatusOK); strings.Count(body, says) != 2 {
		t.Errorf("the claim page does not say %q on the Next card's two lines asking Marcus (the photos, the billing packet):\n%s", says, body)
	}
	items := b.claimReminderItems(t)
	if len(items) != 1 || items[0].Status != "answered" || !items[0].CreatedAt.Equal(at(9, 10)) || items[0].AnsweredAt == nil ||
		!items[0].AnsweredAt.Equal(at(10, 30)) || items[0].MarkedSentAt == nil || !items[0].MarkedSentAt.Equal(at(11, 40)) {
		t.Errorf("API reminders %+v: want one sent 09:10, answered 10:30, marked 11:40", items)
	}

	for sent, words := range map[string]string{
		"2026-04-14T12:00": "the time the reminder was sent is still to come",
		"2026-04-11T11:00": "the time the reminder was sent is before the claim opened",
		"9:10":             "sent_at: want a date and time like 2026-03-04T15:30",
	} {
		if resp, body := mark(sent); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, words) {
			t.Errorf("I sent it, at %s: %d, want refused saying %q\n%s", sent, resp.StatusCode, words, body)
		}
	}

	b.clock.Advance(5 * time.Minute)
	if resp, body := mark("2026-04-14T11:40"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("I sent it, the time left as shown: %d\n%s", resp.StatusCode, body)
	}
	if items := b.claimReminderItems(t); len(items) != 2 || !items[0].CreatedAt.Equal(at(11, 45)) || items[0].Status != "waiting" {
		t.Errorf("API reminders once marked with the time left as shown five minutes later: %+v; want the newest sent 11:45, waiting", items)
	}
}

// POST /api/claims/{id}/reminders/sent takes when the reminder went:
// marked at 11:40 as sent at 09:10, Marcus's 10:30 reply answers it; the
// call retried is the reminder recorded; a time still to come or before
// the claim opened is refused.
func TestAPIReminderMarkedSentAt(t *testing.T) {
	t.Parallel()
	b, at := setupReminderSentLate(t)
	markSent := b.markSentByAPI(t)
	post := func(sent time.Time) (*http.Response, reminderItem, string) {
		t.Helper()
		return markSent("", fmt.Sprintf(`{"kind": "chase_upload", "to": "marcus@field.example", "sent_at": %q}`, sent.Format(time.RFC3339)))
	}
	resp, first, body := post(at(9, 10))
	if resp.StatusCode != http.StatusOK || !first.CreatedAt.Equal(at(9, 10)) || first.MarkedSentAt == nil ||
		!first.MarkedSentAt.Equal(at(11, 40)) || first.Status != "answered" || first.StatusInWords != "reminded Marcus 09:10, answered 10:30" {
		t.Fatalf("marked at 11:40 as sent at 09:10: %d %+v\n%s", resp.StatusCode, first, body)
	}
	if resp, again, body := post(at(9, 10)); resp.StatusCode != http.StatusOK || again.ID != first.ID {
		t.Errorf("the call retried: %d %+v, want reminder %d\n%s", resp.StatusCode, again, first.ID, body)
	}
	for _, sent := range []time.Time{at(11, 50), at(9, 10).AddDate(0, 0, -4)} {
		if resp, _, body := post(sent); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "the time the reminder was sent is") {
			t.Errorf("sent at %v: %d, want 400\n%s", sent, resp.StatusCode, body)
		}
	}
	if items := b.claimReminderItems(t); len(items) != 1 {
		t.Errorf("the claim's reminders: %+v, want the one sent at 09:10", items)
	}
}

// TestReminderMarkedSentOnTheOfficesClock: the office is in Los Angeles,
// the server's clock in Chicago. Marked sent at 09:10 in the office's time,
// the form's, and answered at 10:30, the claim page's Next card and
// alerts, the board and the API say so on the office's clock, as the
// claim's reminders list does, not two hours later.
func TestReminderMarkedSentOnTheOfficesClock(t *testing.T) {
	t.Parallel()
	chicago, err := time.LoadLocation(officeZone)
	if err != nil {
		t.Fatal(err)
	}
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	at := func(hour, min int) time.Time { return time.Date(2026, time.April, 14, hour, min, 0, 0, la) }
	b := mailProgramReminders(t, setupPagesIn(t, chicago, sla.AlwaysOpen(), at(11, 40)))
	ctx := t.Context()
	if _, err := b.sql.Exec(ctx, `UPDATE offices SET timezone = 'America/Los_Angeles' WHERE id = $1`, storage.DefaultOfficeID); err != nil {
		t.Fatal(err)
	}
	rules, err := officerules.Load(ctx, b.db, b.srv.configuredRules(), b.srv.log)
	if err != nil {
		t.Fatal(err)
	}
	b.srv.opts.Offices = rules
	b.addMessage(t, msgSeed{Subject: "Re: photos", From: "marcus@field.example", ClaimID: b.claim, Status: storage.StatusFiled,
		Arrived: at(10, 30)})
	page := fmt.Sprintf("/claims/%d", b.claim)
	if body := b.get(t, page, http.StatusOK); !strings.Contains(body, `name="sent_at" value="2026-04-14T11:40"`) {
		t.Fatalf("the claim page's sent at is not now on the office's clock, 11:40:\n%s", body)
	}
	if resp, body := b.post(t, page+"/reminders/sent", url.Values{"kind": {storage.ReminderChaseUpload}, "to": {"marcus@field.example"},
		"sent_at": {"2026-04-14T09:10"}, "sent_at_was": {"2026-04-14T11:40"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("I sent it, at 09:10: %d\n%s", resp.StatusCode, body)
	}
	const says = "reminded Marcus 09:10, answered 10:30"
	body := b.get(t, page, http.StatusOK)
	if n := strings.Count(body, says+" (sent from a mail program)"); n != 2 || !strings.Contains(body, "<strong>"+says+"</strong>") {
		t.Errorf("the claim page says %q %d times on the Next card's lines asking Marcus, want 2, and in its reminders:\n%s", says, n, body)
	}
	if row := b.paperworkRow(t); !strings.Contains(row, says) {
		t.Errorf("the board's alert does not say %q:\n%s", says, row)
	}
	if items := b.claimReminderItems(t); len(items) != 1 || items[0].StatusInWords != says {
		t.Errorf("API reminders %+v, want one saying %q", items, says)
	}
}

// markSentByAPI returns a call of the claim's POST
// /api/claims/{id}/reminders/sent, as an integration with a token of its
// own: with the Idempotency-Key key (none when empty) and the JSON body,
// it answers the response, the reminder when 200, and the body.
func (b *remindersBundle) markSentByAPI(t *testing.T) func(key, body string) (*http.Response, reminderItem, string) {
	t.Helper()
	token, hash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(t.Context(), "dispatch", hash, 0, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	c := b.client(t)
	return func(key, body string) (*http.Response, reminderItem, string) {
		t.Helper()
		req, err := http.NewRequest("POST", b.ts.URL+fmt.Sprintf("/api/claims/%d/reminders/sent", b.claim), strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header = http.Header{"Authorization": {"Bearer " + token}, "Content-Type": {"application/json"}}
		if key != "" {
			req.Header.Set("Idempotency-Key", key)
		}
		resp, answer := send(t, c, req)
		var got reminderItem
		if resp.StatusCode == http.StatusOK {
			if err := json.Unmarshal([]byte(answer), &got); err != nil {
				t.Fatal(err)
			}
		}
		return resp, got, answer
	}
}
