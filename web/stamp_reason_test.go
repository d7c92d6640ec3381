package web

import (
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// lockedPDFReason is what the stamp job records for a password-protected
// PDF.
const lockedPDFReason = "Not stamped: the PDF is password-protected. The original is filed unchanged. " +
	"Ask the sender for a copy without a password (an unlocked PDF): that copy is stamped when it comes."

// titles are title attributes: what only a pointer's hover shows.
var titles = regexp.MustCompile(`\stitle="[^"]*"`)

// TestClaimPageSaysWhyNotStamped lists an ATP whose PDF could not be
// stamped next to one that was: the failed one's reason, and what to do
// about it, is in the page itself, folded under "not stamped" for a tap to
// open, since a phone has no hover to show a title; the stamped one says
// nothing of a failure.
func TestClaimPageSaysWhyNotStamped(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	claim := b.addClaim(t, claimSeed{Job: "26-1015-WTR", Number: "60-8H77-8J2", Insured: "Maria Pena", LossType: "Water",
		Address: "4410 Maple Avenue, Worthington Heights", Opened: b.clock.Now().Add(-30 * time.Hour)})
	locked := b.addDocument(t, claim, docSeed{Filename: "ATP_signed.pdf", ContentType: "application/pdf", DocType: "atp",
		Folder: "Contracts", Data: []byte("%PDF-1.7 encrypted")})
	fine := b.addDocument(t, claim, docSeed{Filename: "COS_signed.pdf", ContentType: "application/pdf", DocType: "cos",
		Folder: "Contracts", Data: []byte("%PDF-1.7 fine"), Stamped: true})
	if _, err := b.sql.Exec(t.Context(), `UPDATE documents SET stamp_error = $2 WHERE id = $1`, locked, lockedPDFReason); err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK))

	item := titles.ReplaceAllString(docItem(t, page, locked), "")
	why := regexp.MustCompile(`(?s)<details class="stamp-why">\s*<summary>not stamped: why\?</summary>\s*<p>(.*?)</p>\s*</details>`).
		FindStringSubmatch(item)
	if why == nil || why[1] != lockedPDFReason {
		t.Errorf("unstamped ATP, want its reason and what to do under a not stamped to open, not in a title:\n%s", item)
	}
	if item := docItem(t, page, fine); strings.Contains(item, "stamp-why") || strings.Contains(item, "not stamped") {
		t.Errorf("stamped COS speaks of a failed stamp:\n%s", item)
	}
}
