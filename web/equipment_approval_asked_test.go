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

	"github.com/claimdesk/claimdesk/sla"
)

// TestApprovalRequestMarkedSent: in an office that cannot send mail, the
// approval request goes from the coordinator's mail program. Beside its
// link, on the claim's Next card, its equipment line and the request's
// page, "I sent it" records that it went, when and by whom: the claim then
// says the adjuster was asked, as it does of a request claimdesk sent, and
// is due for a follow-up two days later. Marking it again changes nothing;
// a line whose approval is not awaited cannot be marked.
func TestApprovalRequestMarkedSent(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	b.srv.opts.Outbox = nil
	c, csrf := b.signIn(t)
	resp, body := b.call(t, "PATCH", fmt.Sprintf("/api/claims/%d", b.claim), map[string]any{"adjuster_name": "Pat Lee"}, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("adjuster: %d %s", resp.StatusCode, body)
	}
	box := b.add(t, map[string]any{"kind": "dumpster", "vendor": "Metro Roll-Off", "approval": "requested"})
	page := fmt.Sprintf("/claims/%d", b.claim)
	form := fmt.Sprintf(`<form method="post" action="/equipment/%d" class="inline asked-form">`, box.ID)
	_, body = b.do(t, c, "GET", page, nil, nil)
	if n := strings.Count(body, form); n != 2 || !strings.Contains(body, "Email Pat for approval") ||
		!strings.Contains(body, "needs approval since") {
		t.Fatalf("the claim page offers “I sent it” %d times (want on the Next card and the line), or no request to write:\n%s", n, body)
	}
	if update := approvalsInUpdate(t, body); update == "" || strings.Contains(update, "requested on") {
		t.Errorf("the daily update, before the request went, says: %q", update)
	}
	request := fmt.Sprintf("/equipment/%d/approval-request", box.ID)
	if _, body := b.do(t, c, "GET", request, nil, nil); !strings.Contains(body, form) ||
		!strings.Contains(body, "a new thread of its own") || strings.Contains(body, "no mail with") {
		t.Errorf("the request's page offers no “I sent it”, or says no mail was had with the adjuster:\n%s", body)
	}

	b.clock.Advance(time.Hour)
	marked := b.clock.Now().Truncate(time.Microsecond)
	mark := url.Values{"csrf_token": {csrf}, "action": {"asked"}}
	resp, body = b.do(t, c, "POST", fmt.Sprintf("/equipment/%d", box.ID), mark, nil)
	if want := fmt.Sprintf("%s#equipment-%d", page, box.ID); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
		t.Fatalf("I sent it: %d to %q, want back to the line\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	var askedAt, approvalAt time.Time
	var askedBy string
	b.query(t, `SELECT approval_asked_at, approval_asked_by, approval_at FROM equipment WHERE id = $1`, []any{box.ID},
		&askedAt, &askedBy, &approvalAt)
	if !askedAt.Equal(marked) || !approvalAt.Equal(marked) || askedBy != "dana@smrestore.example" {
		t.Errorf("recorded asked at %v by %q (approval at %v), want %v by dana", askedAt, askedBy, approvalAt, marked)
	}

	says := fmt.Sprintf("Get carrier approval for 1 dumpster (Metro Roll-Off) from Pat (adjuster): asked %s, today",
		marked.In(b.loc).Format("Mon Jan 2"))
	_, body = b.do(t, c, "GET", page, nil, nil)
	if !strings.Contains(body, says) || strings.Contains(body, form) || strings.Contains(body, "Email Pat for approval") ||
		!strings.Contains(body, "(marked sent by Test dana@smrestore.example), waiting for the answer") {
		t.Errorf("the claim page once the request is marked sent: want %q, no request to write:\n%s", says, body)
	}
	if update := approvalsInUpdate(t, body); !strings.Contains(update, ", requested on "+marked.In(b.loc).Format("Mon Jan 2")) {
		t.Errorf("the daily update does not say when the adjuster was asked: %q", update)
	}
	if _, body := b.do(t, c, "GET", request, nil, nil); strings.Contains(body, form) {
		t.Error("the request's page still offers “I sent it”")
	}
	if _, body := b.do(t, c, "GET", "/", nil, nil); !strings.Contains(body, "request sent from a mail program") || !strings.Contains(body, says) {
		t.Errorf("the board does not say the request went:\n%s", body)
	}

	// Again: nothing changes. A line needing no approval: refused.
	if resp, _ := b.do(t, c, "POST", fmt.Sprintf("/equipment/%d", box.ID), mark, nil); resp.StatusCode != http.StatusSeeOther ||
		!strings.HasPrefix(resp.Header.Get("Location"), page) {
		t.Errorf("I sent it again: %d to %q, want back to the claim", resp.StatusCode, resp.Header.Get("Location"))
	}
	b.query(t, `SELECT approval_asked_at FROM equipment WHERE id = $1`, []any{box.ID}, &askedAt)
	if !askedAt.Equal(marked) {
		t.Errorf("marked again, asked at %v, want %v still", askedAt, marked)
	}
	fan := b.add(t, map[string]any{"kind": "air_mover"})
	if resp, body := b.do(t, c, "POST", fmt.Sprintf("/equipment/%d", fan.ID), mark, nil); resp.StatusCode != http.StatusConflict ||
		!strings.Contains(body, "no longer waits for the carrier") {
		t.Errorf("I sent it on a line needing no approval: %d\n%s", resp.StatusCode, body)
	}

	// Two days on, it is due for a follow-up.
	b.clock.Advance(approvalChaseDays * 24 * time.Hour)
	var board slaBoard
	b.send(t, "GET", "/api/sla", nil, http.StatusOK, &board)
	if len(board.AwaitingApproval) != 1 || !board.AwaitingApproval[0].RequestMarkedSent || board.AwaitingApproval[0].RequestSent ||
		!board.AwaitingApproval[0].RequestedAt.Equal(marked) || board.AwaitingApproval[0].State != sla.StateDueSoon {
		t.Errorf("/api/sla two days after the request was marked sent: %+v", board.AwaitingApproval)
	}
}

// mailtoRe finds a page's mail-program links.
var mailtoRe = regexp.MustCompile(`href="(mailto:[^"]+)"`)

// approvalsInUpdate is the line of the daily update the claim page writes
// in the mail program that lists the approvals awaited; empty when none.
func approvalsInUpdate(t *testing.T, page string) string {
	t.Helper()
	for _, m := range mailtoRe.FindAllStringSubmatch(page, -1) {
		text, err := url.PathUnescape(html.UnescapeString(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		if _, line, ok := strings.Cut(text, "Needed from you"); ok && strings.Contains(text, "Daily update") {
			line, _, _ = strings.Cut(line, "\n")
			return line
		}
	}
	return ""
}
