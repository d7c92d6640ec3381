package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// TestApprovalAwaitedIsANextStep: a dumpster whose approval was requested
// five days ago, and a pod requested today, wait for the carrier. Each is
// said, with who to ask and its age, on the claim's Next card (with the
// request to write), the morning page, the board and /api/sla; the one
// waiting for days shows as due soon. An approved line is nowhere.
func TestApprovalAwaitedIsANextStep(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	c, _ := b.signIn(t)
	ctx := context.Background()
	resp, body := b.call(t, "PATCH", fmt.Sprintf("/api/claims/%d", b.claim), map[string]any{"adjuster_name": "Pat Lee"}, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("adjuster: %d %s", resp.StatusCode, body)
	}
	now := b.clock.Now()
	box := b.add(t, map[string]any{"kind": "dumpster", "vendor": "Metro Roll-Off", "placed_at": now.Add(-5 * 24 * time.Hour), "approval": "requested"})
	pod := b.add(t, map[string]any{"kind": "pod", "approval": "requested"})
	b.add(t, map[string]any{"kind": "dumpster", "vendor": "Other Roll-Off", "approval": "approved"})
	asked := now.Add(-5 * 24 * time.Hour).Truncate(time.Second)
	if _, err := b.sql.Exec(ctx, `UPDATE equipment SET approval_at = $2 WHERE id = $1`, box.ID, asked); err != nil {
		t.Fatal(err)
	}
	boxSays := fmt.Sprintf("Get carrier approval for 1 dumpster (Metro Roll-Off) from Pat (adjuster): needs approval since %s, 5 days ago",
		asked.In(b.loc).Format("Mon Jan 2"))
	podSays := fmt.Sprintf("Get carrier approval for 1 pod from Pat (adjuster): needs approval since %s, today", now.In(b.loc).Format("Mon Jan 2"))

	_, body = b.do(t, c, "GET", fmt.Sprintf("/claims/%d", b.claim), nil, nil)
	next := body[strings.Index(body, `id="next-h"`):]
	next = next[:strings.Index(next, "</section>")]
	for _, want := range []string{boxSays, podSays, fmt.Sprintf(`href="/equipment/%d/approval-request">Write the approval request`, box.ID)} {
		if !strings.Contains(next, want) {
			t.Errorf("the claim's Next card lacks %q:\n%s", want, next)
		}
	}
	if strings.Contains(next, "Other Roll-Off") {
		t.Errorf("the Next card asks for an approval given already:\n%s", next)
	}
	_, body = b.do(t, c, "GET", "/morning", nil, nil)
	if !strings.Contains(body, boxSays) || !strings.Contains(body, podSays) {
		t.Errorf("the morning page lacks the approvals awaited:\n%s", body)
	}
	_, body = b.do(t, c, "GET", "/", nil, nil)
	if !strings.Contains(body, `href="#approvals-h">Carrier approval <span class="count">2</span>`) || !strings.Contains(body, boxSays) ||
		!strings.Contains(body, fmt.Sprintf(`<li class="state-due_soon" id="approval-%d">`, box.ID)) {
		t.Errorf("the board lacks the approvals awaited:\n%s", body)
	}

	var board slaBoard
	b.send(t, "GET", "/api/sla", nil, http.StatusOK, &board)
	if board.AwaitingApprovalTotal != 2 || len(board.AwaitingApproval) != 2 {
		t.Fatalf("/api/sla awaiting approval: %d, %+v; want the dumpster and the pod", board.AwaitingApprovalTotal, board.AwaitingApproval)
	}
	a := board.AwaitingApproval[0]
	if a.EquipmentID != box.ID || a.ClaimID != b.claim || a.JobNumber != "26-1001-WTR" || a.Kind != "dumpster" || a.Vendor != "Metro Roll-Off" ||
		!a.RequestedAt.Equal(asked) || a.RequestSent || a.AdjusterName != "Pat Lee" || a.AdjusterEmail != "janderson@statefarm.example" ||
		a.State != sla.StateDueSoon || a.Says != boxSays {
		t.Errorf("/api/sla's dumpster: %+v", a)
	}
	if p := board.AwaitingApproval[1]; p.EquipmentID != pod.ID || p.State != sla.StatePending || p.Says != podSays {
		t.Errorf("/api/sla's pod: %+v, want pending since today", p)
	}
}

// An approval claimdesk asked for says when the adjuster was asked; a line
// only marked as needing one says since when it has needed it, never that
// anyone asked.
func TestApprovalStepSaysWhetherTheAdjusterWasAsked(t *testing.T) {
	t.Parallel()
	loc := time.UTC
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, loc)
	at := now.Add(-48 * time.Hour)
	line := storage.Equipment{Kind: "dumpster", Count: 1, ApprovalAt: &at}
	if says, _ := approvalStep("Pat Lee", line, now, loc, loc); says != "Get carrier approval for 1 dumpster from Pat (adjuster): needs approval since Fri Dec 4, 2 days ago" {
		t.Errorf("not asked: %q", says)
	}
	sent := int64(7)
	line.ApprovalOutboxID = &sent
	if says, state := approvalStep("", line, now, loc, loc); says != "Get carrier approval for 1 dumpster from the adjuster: asked Fri Dec 4, 2 days ago" || state != sla.StateDueSoon {
		t.Errorf("asked: %q (%s)", says, state)
	}
}
