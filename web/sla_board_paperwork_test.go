package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestBoardPaperworkOneRowPerClaim gives a claim several milestones due at
// once: the board shows it once, with its most urgent next action in words
// naming the person to ask, and the others behind it in the same words; no
// document or milestone code shows. Each missing document is asked once,
// of the person whose job it is: the photos of the foreman by the first
// documents' line alone (the chase and the paperwork ask nothing more of
// them), the estimate and sketch of the estimator; the billing line says
// what the packet lacks before the invoice can go.
func TestBoardPaperworkOneRowPerClaim(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Carrier: "State Farm", Insured: "Ellen Ripley",
		LossType: "Water", Opened: now.Add(-30 * 24 * time.Hour)})
	if _, err := b.sql.Exec(context.Background(), `INSERT INTO claim_participants (claim_id, role, name) VALUES ($1, 'foreman', 'Marcus Lee')`, claim); err != nil {
		t.Fatal(err)
	}
	body := b.get(t, "/", http.StatusOK)
	row := fmt.Sprintf(`id="paperwork-%d"`, claim)
	if n := strings.Count(body, row); n != 1 {
		t.Fatalf("the claim has %d rows in the paperwork section, want 1", n)
	}
	section := body[strings.Index(body, row):]
	section = section[:strings.Index(section, "</li>\n")]
	for _, want := range []string{"Ask Marcus for the photos, scope (overdue since", "more</summary>",
		"<li>Add the estimator to the claim to ask them for the estimate, sketch; ask Marcus for the drying log (overdue since",
		"<li>Before the invoice can go: ask Marcus for the signed ATP (work authorization), signed COS (certificate of satisfaction); " +
			"still missing the photos, scope, estimate, sketch, drying log (overdue since"} {
		if !strings.Contains(section, want) {
			t.Errorf("the claim's row lacks %q:\n%s", want, section)
		}
	}
	if n := strings.Count(section, "for the photos"); n != 1 || strings.Contains(section, "first documents from the job") {
		t.Errorf("the photos are asked for %d times, or in other words:\n%s", n, section)
	}
	// The rest behind it reads in the same words, not the rules'.
	for _, rule := range []string{"due: missing", "Chase technician"} {
		if strings.Contains(section, rule) {
			t.Errorf("the claim's row shows the rule's text %q:\n%s", rule, section)
		}
	}
	for _, code := range []string{"drying_log", "lab_report", "first_docs", "chase_technician", "atp_before_work"} {
		if strings.Contains(body, code) {
			t.Errorf("the board shows the code %q", code)
		}
	}
	if !strings.Contains(body, `Paperwork <span class="count">1</span>`) {
		t.Error("the board's jump link does not count claims")
	}
}
