package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// sentFormFields are the hidden fields of an "I sent it" form as the claim
// page writes them: the reminder's kind and recipient, and the form's key.
var sentFormFields = regexp.MustCompile(`(?s)<form method="post" action="/claims/\d+/reminders/sent"[^>]*>.*?` +
	`name="kind" value="([^"]+)">.*?name="to" value="([^"]+)">.*?name="idempotency_key" value="([^"]+)"`)

// sentFormKeys returns the keys of the claim page's "I sent it" forms by
// reminder (kind and recipient), each in the order the page shows them.
func (b *remindersBundle) sentFormKeys(t *testing.T) map[string][]string {
	t.Helper()
	keys := map[string][]string{}
	for _, m := range sentFormFields.FindAllStringSubmatch(b.get(t, fmt.Sprintf("/claims/%d", b.claim), http.StatusOK), -1) {
		keys[m[1]+" "+m[2]] = append(keys[m[1]+" "+m[2]], m[3])
	}
	return keys
}

// TestReminderFormSentAgainLaterMarksOnce: "I sent it" pressed at 11:40
// and its form sent again five minutes later (a double click that lagged,
// the back button) records one reminder, at 11:40; the same form sent with
// another time is refused in words. The page shown again has new forms,
// and a reminder sent again later is recorded as a second one. The forms
// of one reminder on a page share their key; another reminder's differ.
func TestReminderFormSentAgainLaterMarksOnce(t *testing.T) {
	t.Parallel()
	b, at := setupReminderSentLate(t)
	page := fmt.Sprintf("/claims/%d", b.claim)
	chase := storage.ReminderChaseUpload + " marcus@field.example"
	keys := b.sentFormKeys(t)
	seen := map[string]bool{}
	for reminder, ks := range keys {
		if seen[ks[0]] || len(slices.Compact(slices.Clone(ks))) != 1 {
			t.Errorf("the forms of %s have keys %v: want one key of their own", reminder, ks)
		}
		seen[ks[0]] = true
	}
	if len(keys[chase]) != 3 {
		t.Fatalf("the claim page's “I sent it” forms by reminder: %v; want Marcus's chase on the Next card's lines asking him (the first documents', the billing packet's) and the list", keys)
	}
	mark := func(key string, form url.Values) (*http.Response, string) {
		t.Helper()
		form.Set("kind", storage.ReminderChaseUpload)
		form.Set("to", "marcus@field.example")
		form.Set("sent_at_was", "2026-04-14T11:40")
		form.Set("idempotency_key", key)
		return b.post(t, page+"/reminders/sent", form)
	}
	first := keys[chase][0]
	for range 2 {
		if resp, body := mark(first, url.Values{"sent_at": {"2026-04-14T11:40"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("I sent it: %d\n%s", resp.StatusCode, body)
		}
		b.clock.Advance(5 * time.Minute)
	}
	if items := b.claimReminderItems(t); len(items) != 1 || !items[0].CreatedAt.Equal(at(11, 40)) {
		t.Errorf("the form sent at 11:40 and again at 11:45: %+v; want one reminder, sent 11:40", items)
	}
	resp, body := mark(first, url.Values{"sent_at": {"2026-04-14T09:10"}, "sent_at_given": {"1"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "This form marked a reminder sent already, with another time.") {
		t.Errorf("the same form sent with another time: %d, want refused in words\n%s", resp.StatusCode, body)
	}

	b.clock.Advance(20 * time.Minute)
	second := b.sentFormKeys(t)[chase][0]
	if second == first {
		t.Fatalf("the page shown again has the same “I sent it” key %q", first)
	}
	if resp, body := mark(second, url.Values{"sent_at": {"2026-04-14T11:40"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("I sent it on the page shown again: %d\n%s", resp.StatusCode, body)
	}
	if items := b.claimReminderItems(t); len(items) != 2 || !items[0].CreatedAt.Equal(at(12, 10)) {
		t.Errorf("a second reminder marked at 12:10 with a new form: %+v; want it beside the first", items)
	}
}

// TestAPIReminderSentIdempotencyKey: a reminder marked sent with an
// Idempotency-Key, now, and the call retried minutes later records one
// reminder, answered with Idempotent-Replayed; the key sent for another
// time is refused (422), a key that is no key too (400). Another key
// records a reminder sent later.
func TestAPIReminderSentIdempotencyKey(t *testing.T) {
	t.Parallel()
	b, at := setupReminderSentLate(t)
	post := b.markSentByAPI(t)
	const now = `{"kind": "chase_upload", "to": "marcus@field.example"}`
	var answers [2]reminderItem
	for i := range answers {
		resp, got, body := post("dispatch-4410", now)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("call %d: %d %s", i+1, resp.StatusCode, body)
		}
		if replayed := resp.Header.Get("Idempotent-Replayed"); replayed != map[int]string{0: "", 1: "true"}[i] {
			t.Errorf("call %d: Idempotent-Replayed %q", i+1, replayed)
		}
		answers[i] = got
		b.clock.Advance(3 * time.Minute)
	}
	if answers[1].ID != answers[0].ID || !answers[1].CreatedAt.Equal(at(11, 40)) {
		t.Errorf("the call retried 3 minutes later answers %+v, want reminder %d sent 11:40", answers[1], answers[0].ID)
	}
	resp, _, body := post("dispatch-4410", `{"kind": "chase_upload", "to": "marcus@field.example", "sent_at": "2026-04-14T09:10:00-05:00"}`)
	wantError(t, "the key sent for another reminder", resp, body, http.StatusUnprocessableEntity, "this key marked a different reminder")
	resp, _, body = post("two words", now)
	wantError(t, "a key with a space", resp, body, http.StatusBadRequest, "Idempotency-Key: want up to 255 visible ASCII characters")

	resp, later, body := post("dispatch-4411", now)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Idempotent-Replayed") != "" || later.ID == answers[0].ID ||
		!later.CreatedAt.Equal(at(11, 46)) {
		t.Errorf("another key at 11:46: %d %+v\n%s; want a reminder of its own", resp.StatusCode, later, body)
	}
	if items := b.claimReminderItems(t); len(items) != 2 {
		t.Errorf("the claim's reminders: %+v, want the two keys' reminders", items)
	}
}
