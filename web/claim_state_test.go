package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The claims list colours each claim by its worst state, says it in words,
// and puts the claims that need attention first when asked.
func TestClaimsListStateAndAttentionOrder(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := t.Context()
	now := b.clock.Now()
	late := b.addClaim(t, claimSeed{Job: "26-2001-OVD", Number: "CLM-1", Carrier: "State Farm", Insured: "Ann Late"})
	soon := b.addClaim(t, claimSeed{Job: "26-2002-SON", Number: "CLM-2", Carrier: "State Farm", Insured: "Bo Soon"})
	b.addClaim(t, claimSeed{Job: "26-2003-OKK", Number: "CLM-3", Carrier: "State Farm", Insured: "Cy Fine"})

	// The board works out every claim's alerts once first, so the
	// alert written here stays: only claims whose facts change are redone.
	b.get(t, "/", http.StatusOK)
	// A paperwork alert past its deadline: the claim is overdue, though no
	// mail waits on it.
	b.addAlert(t, late, "drying_log", "Drying log due", now.Add(-48*time.Hour), now.Add(-time.Hour))
	// An open request due in two hours: due soon.
	asked := b.addMessage(t, msgSeed{Subject: "Need the moisture map", ClaimID: soon, Arrived: now.Add(-time.Hour)})
	if _, err := b.sql.Exec(ctx, `INSERT INTO requests (claim_id, message_id, from_addr, doc_types, text, asked_at, due_at, office_id)
		VALUES ($1, $2, 'adj@carrier.example', '{drying_log}', 'Send the moisture map', $3, $4, 1)`,
		soon, asked, now.Add(-time.Hour), now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}

	row := regexp.MustCompile(`<tr class="claim-state-([a-z-]+)">\s*<td class="nowrap"><a href="/claims/\d+"><strong>([0-9A-Z-]+)</strong>.*?\s*<td class="claim-state"><span class="state-label">([^<]+)</span>(?:<div class="meta">([^<]*)</div>)?`)
	rows := func(body string) []string {
		var out []string
		for _, m := range row.FindAllStringSubmatch(body, -1) {
			out = append(out, m[2]+" "+m[1]+" "+m[3]+" ("+m[4]+")")
		}
		return out
	}
	body := b.get(t, "/claims", http.StatusOK)
	want := []string{
		"26-2003-OKK ok On track ()",
		"26-2002-SON due-soon Due soon (requests)",
		"26-2001-OVD overdue Overdue (paperwork)",
	}
	if got := rows(body); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("newest first:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(body, `<option value="attention">needs attention first</option>`) {
		t.Error("no order by attention offered")
	}
	body = b.get(t, "/claims?sort=attention", http.StatusOK)
	want = []string{want[2], want[1], want[0]}
	if got := rows(body); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("needs attention first:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(body, `<option value="attention" selected>needs attention first</option>`) {
		t.Error("the order chosen is not shown")
	}
	b.get(t, "/claims?sort=oldest", http.StatusBadRequest)
	// Overdue only keeps what the list labels overdue, paperwork too.
	if got := rows(b.get(t, "/claims?overdue=1", http.StatusOK)); strings.Join(got, "\n") != want[0] {
		t.Errorf("overdue only:\n%s\nwant\n%s", strings.Join(got, "\n"), want[0])
	}
}

// TestWorkWithoutADeadlineIsNotDueSoon: a claim whose only paperwork is a
// signature to verify (an alert without a deadline) is on track in the
// claims list and its attention order, as the board shows it "to do".
func TestWorkWithoutADeadlineIsNotDueSoon(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	verify := b.addClaim(t, claimSeed{Job: "26-2004-SIG", Number: "CLM-4", Carrier: "State Farm", Insured: "Di Verify"})
	b.get(t, "/", http.StatusOK) // the claims' alerts worked out once
	if _, err := b.sql.Exec(t.Context(), `
		WITH a AS (INSERT INTO claim_alerts (claim_id, office_id, milestone, rank, shows_from, due_at, message)
		           VALUES ($1, 1, 'signatures', 1, $2, NULL, 'Verify the signature on the signed ATP'))
		INSERT INTO claim_alert_firsts (claim_id, office_id, shows_from, shows_until, first_due, alerts)
		VALUES ($1, 1, $2, 'infinity', NULL, 1)`, verify, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	body := b.get(t, "/claims?sort=attention", http.StatusOK)
	row := regexp.MustCompile(`<tr class="claim-state-([a-z-]+)">\s*<td class="nowrap"><a href="/claims/\d+"><strong>26-2004-SIG</strong>`).FindStringSubmatch(body)
	if row == nil || row[1] != "ok" {
		t.Errorf("the claim with a signature to verify is %v in the claims list, want on track (ok)", row)
	}
}
