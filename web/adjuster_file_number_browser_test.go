package web

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// TestBrowserAdjusterFileNumber shows, at a phone's width and a desktop's,
// the adjusting firm's file number where a coordinator meets it: the
// new-claim form filled in from the firm's first report, the claims list
// and the search found by it; nothing scrolls sideways. With
// CLAIMDESK_SCREENSHOTS set to a directory, it saves screenshots there.
func TestBrowserAdjusterFileNumber(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	report := b.addMessage(t, msgSeed{Subject: "New loss for you - Banks", Status: "triage", Decision: classify.Decision{
		Outcome: classify.OutcomeTriage, Reason: "an assignment for an unknown claim",
		Assignment: &classify.Assignment{ClaimNumber: "054419377206", Carrier: "Safeco", InsuredName: "Gloria Banks",
			AdjusterName: "Dana Whitfield", FileNumber: "PCS-GA-26-45102"},
	}})
	id := b.addClaim(t, claimSeed{Job: "26-2644-WTR", Number: "054419283017", Carrier: "Safeco", Insured: "Brian O'Neal",
		Address: "37 Kennesaw Ave NW, Marietta, GA 30060", Adjuster: "Dana Whitfield"})
	if _, err := b.db.UpdateClaim(t.Context(), id, storage.ClaimPatch{Fields: map[string]string{"adjuster_file_number": "PCS-GA-26-44817"}}, ""); err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range layoutViewports {
		br.emulate(v)
		for _, page := range []struct{ name, path, read, want string }{
			{"new-claim-file-number", fmt.Sprintf("/messages/%d/claim", report),
				`document.querySelector('input[name="adjuster_file_number"]')?.value ?? ""`, "PCS-GA-26-45102"},
			{"claims-file-number", "/claims?q=PCS-GA-26-44817", `document.body.innerText`, "adjuster's file PCS-GA-26-44817"},
			{"search-file-number", "/search?q=PCS-GA-26-44817", `document.body.innerText`, "adjuster's file PCS-GA-26-44817"},
		} {
			br.openSettled(page.path)
			if over := br.overflow(v); over > 0 {
				t.Errorf("at %s width %s is %v px too wide: %v", v.name, page.path, over, eval[[]string](br, fmt.Sprintf(tooWide, v.width)))
			}
			if got := eval[string](br, page.read); !strings.Contains(got, page.want) {
				t.Errorf("at %s width %s does not show %q", v.name, page.path, page.want)
			}
			br.screenshot(dir, v.name+"-"+page.name)
		}
	}
}
