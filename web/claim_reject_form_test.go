package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestClaimPageRejectSignedForm rejects a COS from the claim page: the
// claim page and the board's paperwork row show the urgent task, the
// checklist does not count the form, and a right COS verified later
// closes the task.
func TestClaimPageRejectSignedForm(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1002-WTR", Number: "60-8H77-8H6", Insured: "Sarah Connor", LossType: "Water",
		Opened: now.Add(-50 * time.Hour)})
	if _, err := b.sql.Exec(context.Background(), `UPDATE claims SET equipment_picked_up_at = $2 WHERE id = $1`, claim, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	wrong := b.addDocument(t, claim, docSeed{Filename: "COS signed.pdf", ContentType: "application/pdf", DocType: "cos",
		Folder: "Contracts", Data: onePagePDF()})
	page := fmt.Sprintf("/claims/%d", claim)
	verify := fmt.Sprintf("/documents/%d/verify", wrong)
	const task = "COS rejected: wrong form signed — get the right one signed"

	body := html.UnescapeString(b.get(t, page, http.StatusOK))
	if !strings.Contains(body, `<input type="hidden" name="verdict" value="reject">`) {
		t.Error("the claim page offers no Reject for the COS")
	}
	b.clock.Advance(time.Minute)
	if resp, body := b.post(t, verify, url.Values{"verdict": {"reject"}, "reason": {""}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("reject without a reason: %d, want 400\n%s", resp.StatusCode, body)
	}
	if resp, _ := b.post(t, verify, url.Values{"verdict": {"reject"}, "reason": {"wrong form signed"}, "next": {page}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("reject: %d, want 303", resp.StatusCode)
	}

	body = html.UnescapeString(b.get(t, page, http.StatusOK))
	for _, want := range []string{"✗ rejected: wrong form signed · by Test " + b.email, task, `<li class="item-rejected">`,
		"rejected: wrong form signed — new signed copy needed"} {
		if !strings.Contains(body, want) {
			t.Errorf("claim page after the rejection lacks %q", want)
		}
	}
	if alert := paperworkAlert(body, task); !strings.HasPrefix(alert, `due_soon"`) {
		t.Errorf("Next's line of the task is not due soon:\n%s", alert)
	}
	if row := boardRow(t, b, claim); !strings.Contains(row, task) {
		t.Errorf("the board's paperwork row lacks %q:\n%s", task, row)
	}

	// The right COS comes in and is verified: the task is gone.
	b.clock.Advance(time.Minute)
	right := b.addDocument(t, claim, docSeed{Filename: "COS signed again.pdf", ContentType: "application/pdf", DocType: "cos",
		Folder: "Contracts", Data: append(onePagePDF(), '\n')})
	body = html.UnescapeString(b.get(t, page, http.StatusOK))
	if want := "2 on file, signature not verified (another copy rejected: wrong form signed)"; !strings.Contains(body, want) {
		t.Errorf("claim page with a new COS to check lacks %q", want)
	}
	b.clock.Advance(time.Minute)
	if resp, _ := b.post(t, fmt.Sprintf("/documents/%d/verify", right), url.Values{"next": {page}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("verify the right COS: %d, want 303", resp.StatusCode)
	}
	body = html.UnescapeString(b.get(t, page, http.StatusOK))
	if strings.Contains(body, task) {
		t.Error("the claim page still shows the task after a right COS was verified")
	}
	if row := boardRow(t, b, claim); strings.Contains(row, task) {
		t.Errorf("the board still shows the task after a right COS was verified:\n%s", row)
	}
}

// boardRow returns claim's row of the board's paperwork section, empty
// when it has none.
func boardRow(t *testing.T, b *pageBundle, claim int64) string {
	t.Helper()
	body := html.UnescapeString(b.get(t, "/", http.StatusOK))
	i := strings.Index(body, fmt.Sprintf(`id="paperwork-%d"`, claim))
	if i < 0 {
		return ""
	}
	row := body[i:]
	return row[:strings.Index(row, "</li>\n")]
}
