package web

import (
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestClaimPageClosingNote: a closed claim's page offers its closing note,
// worded by the office's template, to copy into the job system; an open
// job in progress offers none.
func TestClaimPageClosingNote(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	open := b.addClaim(t, claimSeed{Job: "26-1005-WTR", Number: "60-8H77-8H1", Insured: "Fox Mulder", LossType: "Water"})
	closed := b.addClaim(t, claimSeed{Job: "26-1006-WTR", Number: "60-8H77-8H2", Insured: "Dana Scully", LossType: "Water", Status: "closed",
		Opened: b.clock.Now().Add(-240 * time.Hour)})
	b.addDocument(t, closed, docSeed{Filename: "COS.pdf", ContentType: "application/pdf", DocType: "cos", Folder: "Contracts", Data: onePagePDF()})

	if body := b.get(t, fmt.Sprintf("/claims/%d", open), http.StatusOK); strings.Contains(body, "<h3>Closing note</h3>") {
		t.Error("an open claim with no completed job offers a closing note")
	}
	body := html.UnescapeString(b.get(t, fmt.Sprintf("/claims/%d", closed), http.StatusOK))
	i := strings.Index(body, "<h3>Closing note</h3>")
	if i < 0 {
		t.Fatal("the closed claim's page has no closing note")
	}
	note := body[i:]
	for _, want := range []string{"Copy for Restore 365 / XACT", "Job 26-1006-WTR / Claim 60-8H77-8H2 - Dana Scully",
		"Status of our part: claim closed", "Mitigation complete on job 26-1006-WTR for Dana Scully, claim 60-8H77-8H2.",
		"- On file: COS (certificate of satisfaction), signature not verified yet", "- Still missing: Photos",
		// signed by the person's name, not their sign-in address
		"please let us know if anything else is needed.\nTest dana@office.example\n"} {
		if !strings.Contains(note, want) {
			t.Errorf("closing note lacks %q:\n%.1500s", want, note)
		}
	}
}
