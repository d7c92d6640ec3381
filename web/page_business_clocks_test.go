package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestPagesClocksInBusinessTime opens the message page, triage and the
// claim page on a Monday at 06:00, before the office opens, as the board
// tells its clocks: an answer due Friday 17:23 is 37 business minutes
// late, not 2½ days; one due 08:29 is told by its time; a request asked
// Friday 15:00 was asked 3 business hours ago and, due Friday 17:30, is
// 30 business minutes late. Each clock carries what the page's script
// runs it on.
func TestPagesClocksInBusinessTime(t *testing.T) {
	t.Parallel()
	b, at := decemberOffice(t, 7, 6, 0)
	claim := b.addClaim(t, claimSeed{Job: "26-2104-MLD", Number: "60-8H77-8H5", Insured: "Harold Becker", LossType: "Mold",
		Opened: at(1, 9, 0)})
	late := b.addMessage(t, msgSeed{Subject: "Re: electric bill", ClaimID: claim, NeedsAck: true, Status: "filed",
		Arrived: at(4, 16, 53), Due: ptr(at(4, 17, 23))})
	early := b.addMessage(t, msgSeed{Subject: "Jensen - equipment pickup", ClaimID: claim, NeedsAck: true, Status: "filed",
		Arrived: at(4, 17, 59), Due: ptr(at(7, 8, 29))})
	b.addMessage(t, msgSeed{Subject: "Homeowner called twice", NeedsAck: true, Status: "triage",
		Arrived: at(4, 16, 53), Due: ptr(at(4, 17, 23))})
	if _, err := b.sql.Exec(context.Background(), `INSERT INTO requests (claim_id, message_id, from_addr, doc_types, text, asked_at, due_at, office_id)
		VALUES ($1, $2, 'ann@carrier.example', '{cos}', 'Please send the COS', $3, $4, 1)`, claim, late, at(4, 15, 0), at(4, 17, 30)); err != nil {
		t.Fatal(err)
	}
	serverNow := `data-server-now="` + at(7, 6, 0).UTC().Format(time.RFC3339) + `"`
	for _, tc := range []struct {
		path string
		want []string
	}{
		{fmt.Sprintf("/messages/%d", late), []string{">overdue 37 business min</span>", "since <time", "Fri Dec 4, 17:23</time>",
			`data-clock="-2220 `, serverNow}},
		{fmt.Sprintf("/messages/%d", early), []string{">due 08:29</span>", "office opens <time", "Mon Dec 7, 08:00</time>"}},
		{"/triage", []string{"waiting for an answer</span> <span", ">overdue 37 business min</span>", "Fri Dec 4, 17:23</time>", serverNow}},
		{fmt.Sprintf("/claims/%d", claim), []string{`<span class="nowrap">(3 business hours ago)</span>`,
			`<span class="nowrap">overdue 30 business min</span>`}},
	} {
		page := b.get(t, tc.path, http.StatusOK)
		for _, want := range tc.want {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %q", tc.path, want)
			}
		}
		// No wall-clock spans: "2 d 12 h", "2 d 15 h ago".
		for _, wall := range []string{" d 12 h", " d 15 h", " d 13 h"} {
			if strings.Contains(page, wall) {
				t.Errorf("%s counts in wall-clock time: %q", tc.path, wall)
			}
		}
	}
}

// TestStepAddsTheMissingPerson: a claim that names no technician is not
// told to "ask the technician": the claim page, the morning page and the
// board say to add the technician to the claim, linking to the record's
// technician; once one is added, the step asks them by name.
func TestStepAddsTheMissingPerson(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley", Opened: now.Add(-50 * time.Hour)})
	link := fmt.Sprintf(`href="/claims/%d#record-role-technician">Add the technician to the claim to ask them for the photos, scope (overdue since`, claim)
	for _, path := range []string{fmt.Sprintf("/claims/%d", claim), "/morning", "/"} {
		page := b.get(t, path, http.StatusOK)
		if !strings.Contains(page, link) {
			t.Errorf("%s lacks %q", path, link)
		}
		if strings.Contains(page, "sk the technician") {
			t.Errorf("%s asks the technician the claim does not name", path)
		}
	}
	claimPage := fmt.Sprintf("/claims/%d", claim)
	if page := b.get(t, claimPage, http.StatusOK); !strings.Contains(page, `id="record-role-technician"`) {
		t.Fatal("the record has no technician's row to link to")
	}
	resp, body := b.post(t, claimPage+"/participants", url.Values{"role": {"technician"}, "name": {"Jake Halvorsen"}, "next": {claimPage}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add the technician: %d\n%s", resp.StatusCode, body)
	}
	want := fmt.Sprintf(`href="/claims/%d#paperwork-h">Ask Jake for the photos, scope (overdue since`, claim)
	if page := b.get(t, claimPage, http.StatusOK); !strings.Contains(page, want) {
		t.Errorf("with Jake on the claim, the claim page lacks %q", want)
	}
}
