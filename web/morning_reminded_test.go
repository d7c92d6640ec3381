package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestMorningPageSaysReminded: once Marcus was reminded, the morning page's
// line asking him says so, as the claim page's Next does, and that it
// went from a mail program; its "I sent it" leads back to the claim's
// entry on the morning page.
func TestMorningPageSaysReminded(t *testing.T) {
	t.Parallel()
	b := setupMailProgramReminders(t)
	ask := regexp.MustCompile(`(?s)<li class="state-[a-z_]+"><a href="[^"]*">Ask Marcus [^<]*</a>(.*?)</li>`)
	before := ask.FindAllStringSubmatch(b.get(t, "/morning", http.StatusOK), -1)
	if len(before) == 0 || strings.Contains(before[0][1], "reminded") {
		t.Fatalf("before any reminder, the morning page's lines asking Marcus are %q", before)
	}

	// I sent it on the morning page comes back to the claim's entry there.
	if page := b.get(t, "/morning", http.StatusOK); !strings.Contains(page, `<input type="hidden" name="next" value="/morning#claim-`+strconv.FormatInt(b.claim, 10)+`">`) {
		t.Error("the morning page's I sent it does not lead back to the claim's entry on it")
	}

	b.clock.Advance(time.Minute)
	mark := url.Values{"kind": {storage.ReminderChaseUpload}, "to": {"marcus@field.example"}}
	if resp, body := b.post(t, "/claims/"+strconv.FormatInt(b.claim, 10)+"/reminders/sent", mark); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("I sent it: %d\n%s", resp.StatusCode, body)
	}
	after := ask.FindAllStringSubmatch(b.get(t, "/morning", http.StatusOK), -1)
	if len(after) == 0 || !strings.Contains(after[0][1], `<div class="meta reminder-status">reminded Marcus 12:15, no answer yet (sent from a mail program)</div>`) {
		t.Errorf("once Marcus was reminded, the morning page's lines asking him are %q", after)
	}
}
