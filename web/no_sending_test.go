package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// TestUpdateAndReplyWithoutSending: where claimdesk cannot send mail, the
// daily update's and the acknowledgment's pages give the text to copy or
// to open in the mail program, with a sentence a coordinator reads, not
// an error page; a form posted there anyway keeps its edits. The server
// setting is named once a page, to administrators alone.
func TestUpdateAndReplyWithoutSending(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	s := b.seedNextSteps(t)
	for _, path := range []string{fmt.Sprintf("/claims/%d/update", s.claim), fmt.Sprintf("/messages/%d/reply", s.waiting)} {
		page := b.get(t, path, http.StatusOK)
		for _, want := range []string{"Open in my mail program", `data-copy="`, "ask the administrator to set up sending"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %q", path, want)
			}
		}
		if n := strings.Count(page, "CLAIMDESK_SMTP_URL"); n != 1 {
			t.Errorf("%s names the setting %d times to an administrator, want once", path, n)
		}
		resp, body := b.post(t, path, url.Values{"subject": {"Edited subject"}, "body": {"Edited text of the mail."}})
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "Edited text of the mail.</textarea>") ||
			!strings.Contains(body, "ask the administrator to set up sending") || strings.Contains(body, "Conflict") {
			t.Errorf("POST %s: %d, want the page with the edited text to send from the mail program:\n%.600s", path, resp.StatusCode, body)
		}
	}
	// What cannot send says so in a coordinator's words.
	if resp, body := b.post(t, "/board/acknowledge", url.Values{"id": {fmt.Sprint(s.waiting)}}); resp.StatusCode != http.StatusConflict ||
		strings.Contains(body, "CLAIMDESK_SMTP_URL") || !strings.Contains(body, "ask the administrator to set up sending") {
		t.Errorf("acknowledging from the board: %d\n%.600s", resp.StatusCode, body)
	}
	if n := strings.Count(b.get(t, fmt.Sprintf("/claims/%d", s.claim), http.StatusOK), "CLAIMDESK_SMTP_URL"); n != 1 {
		t.Errorf("the claim page names the setting %d times to an administrator, want once", n)
	}

	lee := b.addUser(t, "lee@office.example", "lee-password-12")
	if err := b.db.SetOfficeRole(t.Context(), lee.ID, storage.DefaultOfficeID, storage.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	coord := &pageBundle{office: b.office, email: lee.Email}
	coord.c = b.client(t)
	coord.csrf = coord.login(t, coord.c, lee.Email, "lee-password-12")
	for _, path := range []string{fmt.Sprintf("/claims/%d", s.claim), fmt.Sprintf("/claims/%d/update", s.claim), fmt.Sprintf("/messages/%d", s.waiting)} {
		if page := coord.get(t, path, http.StatusOK); strings.Contains(page, "CLAIMDESK_SMTP_URL") || strings.Contains(page, "For the administrator</summary><p>Set") {
			t.Errorf("%s names the server setting to a coordinator", path)
		}
	}
}
