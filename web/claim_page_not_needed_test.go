package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestClaimPageSaysNoAnswerNeeded lists, on the claim page, a message
// marked as needing no answer as such, not as answered.
func TestClaimPageSaysNoAnswerNeeded(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour))
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-0101-WTR", Number: "CLM-1", Insured: "Ann Smith"})
	due, marked := now.Add(-30*time.Minute), now.Add(-10*time.Minute)
	b.addMessage(t, msgSeed{Subject: "Invoice 4411", ClaimID: claim, Status: storage.StatusFiled, NeedsAck: true,
		Arrived: now.Add(-time.Hour), Due: &due, Acked: &marked, AckSource: storage.AckNotNeeded})
	page := b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK)
	row := between(t, page, "Invoice 4411", "</li>")
	if !strings.Contains(row, "no answer needed") || strings.Contains(row, "answered") {
		t.Errorf("the claim page's row of a message needing no answer:\n%s", row)
	}
}
