package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestBoardShowsMailOnAClosedClaim opens the board with mail filed into a
// closed claim and an incomplete record: the section lists the message with
// its claim and a way to mark it seen, and the header links to the
// incomplete records; marking the message seen takes it off.
func TestBoardShowsMailOnAClosedClaim(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	id := b.addClaim(t, claimSeed{Job: "26-1701-WTR", Number: "60-8H77-8H5", Insured: "Kim Park", Status: "closed"})
	m := b.addMessage(t, msgSeed{Subject: "Supplement for the closed job", ClaimID: id, Status: "filed", Arrived: time.Now()})
	b.addClaim(t, claimSeed{Job: "26-1702-WTR", Number: "0683449786", Insured: "Open One"})
	body := b.get(t, "/", http.StatusOK)
	for _, want := range []string{
		`id="closed-mail-h"`, "Supplement for the closed job", fmt.Sprintf(`href="/claims/%d"><strong>26-1701-WTR`, id),
		fmt.Sprintf(`action="/messages/%d/acknowledge"`, m), `href="/claims?incomplete=1" id="records-incomplete">Records incomplete <span class="count">1</span>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("board lacks %q", want)
		}
	}
	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/acknowledge", m), url.Values{"note": {"seen"}, "next": {"/"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark seen: %d", resp.StatusCode)
	}
	if body := b.get(t, "/", http.StatusOK); strings.Contains(body, "Supplement for the closed job") {
		t.Error("mail marked seen is still on the board")
	}
}
