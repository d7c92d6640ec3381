package web

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// The claims list's billing column says each lack as "what: what to do",
// the signatures to check too: "ATP (work authorization): verify the
// signature", as "COS (certificate of satisfaction): ask Luis".
func TestClaimsBillingSignatureWords(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-2103-FIR", Number: "482019337-215", Insured: "Denise Okafor", LossType: "Fire",
		Opened: now.Add(-6 * 24 * time.Hour)})
	b.addDocument(t, claim, docSeed{Filename: "ATP - Okafor.pdf", ContentType: "application/pdf", DocType: "atp", Folder: "Contracts",
		Data: []byte("%PDF atp"), Received: now.Add(-5 * 24 * time.Hour)})
	b.get(t, "/", http.StatusOK) // the board works the billing out, as the sweep does
	page := b.get(t, "/claims", http.StatusOK)
	if !strings.Contains(page, `<div class="meta">ATP (work authorization): verify the signature</div>`) || strings.Contains(page, "verify the signature: ") {
		t.Errorf("the billing column does not say the signature to verify as it says the rest:\n%s", between(t, page, `class="billing"`, "</td>"))
	}
}
