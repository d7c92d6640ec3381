package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestUpdateTemplateNotSentUnchanged sends the daily update as drafted,
// bullets empty, and the template with a greeting changed only: both are
// refused with what to fill in, and nothing is queued. A filled-in update
// goes.
func TestUpdateTemplateNotSentUnchanged(t *testing.T) {
	t.Parallel()
	b := setupReplies(t)
	path := fmt.Sprintf("/claims/%d/update", b.claim.ID)
	_, form := b.do(t, b.c, "GET", path, nil, nil)
	if !strings.Contains(form, "- Work done today:") {
		t.Fatalf("update form without the template's bullets:\n%s", form)
	}
	resp, body := b.do(t, b.c, "POST", path, url.Values{"csrf_token": {b.csrf}}, nil)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Work done today") {
		t.Errorf("unchanged template: %d, want 400 naming the empty bullets:\n%s", resp.StatusCode, body)
	}
	bare := "Hello Ann,\n\nHere is today's update on job 26-1001-WTR for Ellen Ripley, claim 0683449786.\n\nPlease let us know if you have any questions.\n\nBest regards,\nDana"
	resp, body = b.do(t, b.c, "POST", path, url.Values{"csrf_token": {b.csrf}, "body": {bare}}, nil)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "says nothing beyond the template") {
		t.Errorf("template without bullets: %d, want 400:\n%s", resp.StatusCode, body)
	}
	if n := len(b.outboxRows(t)); n != 0 {
		t.Fatalf("%d updates queued, want none", n)
	}
	filled := "Hello Ann,\n\n- Work done today: removed the wet drywall in the kitchen\n- Drying / readings: subfloor at 19%\n- Next steps: pick up equipment Friday\n\nBest regards,\nDana"
	resp, body = b.do(t, b.c, "POST", path, url.Values{"csrf_token": {b.csrf}, "body": {filled}}, nil)
	if resp.StatusCode != http.StatusSeeOther || len(b.outboxRows(t)) != 1 {
		t.Errorf("filled-in update: %d, want it queued:\n%s", resp.StatusCode, body)
	}
}
