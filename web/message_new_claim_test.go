package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The message page offers "Create a claim from this message" as triage
// does: for mail that came in, not for the office's own sent mail, whose
// sender is the office and never the insured.
func TestMessagePageOffersNewClaimForMailIn(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	in := kesslerMail(t, b, now.Add(-time.Hour), now.Add(time.Hour))
	out := b.addMessage(t, msgSeed{Subject: "Your copy", Status: "triage", Direction: "out", From: "claims@office.example"})
	for id, offered := range map[int64]bool{in: true, out: false} {
		page := b.get(t, fmt.Sprintf("/messages/%d", id), http.StatusOK)
		if got := strings.Contains(page, fmt.Sprintf(`href="/messages/%d/claim"`, id)); got != offered {
			t.Errorf("message %d offers a new claim: %v, want %v", id, got, offered)
		}
	}
}
