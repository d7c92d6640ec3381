package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"

	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

// hiddenFields are the hidden inputs of the first form in part.
func hiddenFields(part string) url.Values {
	form := part[:strings.Index(part, "</form>")]
	out := url.Values{}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([a-z_]+)" value="([^"]*)">`).FindAllStringSubmatch(form, -1) {
		out.Add(m[1], html.UnescapeString(m[2]))
	}
	return out
}

// TestRemindLandsOnItsLine: where claimdesk sends mail, "Remind Marcus"
// pressed on a line of the claim's Next card comes back to that line, as
// "I sent it" does; pressed on the reminders card, to the reminders.
func TestRemindLandsOnItsLine(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.srv.opts.Outbox = outbox.NewOutbox(b.db, rc, outbox.OutboxConfig{
		From: mail.Address{Address: "claims@office.example"}, OfficeDomain: "office.example", Now: b.clock.Now,
	})
	claim := billedJob(t, b, "26-2103-FIR", "technician", "Marcus Lee", "marcus@field.example")
	page := b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK)
	next := between(t, page, `id="next-h"`, "</section>")
	line := next[strings.LastIndex(between(t, next, "", "Before the invoice can go: ask Marcus"), "<li"):]
	id := regexp.MustCompile(`^<li class="[^"]*" id="([^"]+)"`).FindStringSubmatch(line)
	if id == nil {
		t.Fatalf("the billing line has no id:\n%.300s", line)
	}
	fromLine := hiddenFields(between(t, line, `action="/claims/`+fmt.Sprint(claim)+`/remind"`, "</li>"))
	fromCard := hiddenFields(between(t, between(t, page, `id="reminders-h"`, "</section>"), "/remind", "</details>"))
	for _, tc := range []struct {
		where string
		form  url.Values
		want  string
	}{
		{"the Next line", fromLine, fmt.Sprintf("/claims/%d#%s", claim, id[1])},
		{"the reminders card", fromCard, fmt.Sprintf("/claims/%d#reminders-h", claim)},
	} {
		b.clock.Advance(time.Minute) // clicks within a minute are one reminder
		resp, body := b.post(t, fmt.Sprintf("/claims/%d/remind", claim), tc.form)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != tc.want {
			t.Errorf("Remind on %s: %d to %q, want %q\n%s", tc.where, resp.StatusCode, resp.Header.Get("Location"), tc.want, body)
		}
	}
}
