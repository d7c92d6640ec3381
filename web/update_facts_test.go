package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/storage"
)

// The daily update form opens with the claim's state as a short note:
// where the job stands (drying, its day, the drying equipment on site),
// the documents since the last update (not those before it), what comes
// next, the adjuster's own open request and the equipment waiting for
// their approval; never a count of messages, a homeowner's request, what
// the office is late with or has still to check. Sent as drafted, its
// bullet for the day's work still empty, it is refused; filled in, it goes.
func TestUpdateFormPrefilledFromClaim(t *testing.T) {
	t.Parallel()
	b := setupReplies(t)
	ctx := context.Background()
	now := b.clock.Now()
	doc := func(n int, docType, folder, name string, at time.Time) {
		t.Helper()
		if _, err := b.sql.Exec(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
			VALUES ($1, $2, 1, $3, $4, $5, $6, $7, 1)`, b.claim.ID, fmt.Sprintf("%064x", n), name, docType, folder,
			fmt.Sprintf("claims/26-1001-WTR/%s/%d_%s", folder, n, name), at); err != nil {
			t.Fatal(err)
		}
	}
	doc(1, "photo", "Photos", "kitchen.jpg", now.Add(-5*time.Hour))
	if err := b.db.AddClaimNote(ctx, b.claim.ID, "dana@office.example", "equipment set in the kitchen", now.Add(-3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	doc(2, "drying_log", "Drying Logs", "day2.pdf", now.Add(-30*time.Minute))
	// A signed COS on file, its signatures not checked yet: the office's
	// work, not the carrier's to wait for.
	doc(3, "cos", "Contracts", "cos.pdf", now.Add(-20*time.Minute))
	for i, from := range []string{"ann@carrier.example", "ellen@home.example"} {
		if _, err := b.sql.Exec(ctx, `INSERT INTO requests (claim_id, message_id, from_addr, doc_types, text, asked_at, due_at, office_id)
			VALUES ($1, $2, $3, '{estimate,sketch}', 'Please send the estimate and sketch', $4, $5, 1)`,
			b.claim.ID, b.waiting[i], from, now.Add(-time.Hour), now.Add(24*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	// Noon yesterday on the office's calendar: drying is on day 2 whatever
	// the time the test runs.
	loc := b.srv.rulesOf(b.claim.OfficeID).Calendar.Location()
	y, m, d := now.In(loc).AddDate(0, 0, -1).Date()
	placed := time.Date(y, m, d, 12, 0, 0, 0, loc)
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		for _, e := range []storage.Equipment{
			{ClaimID: b.claim.ID, Kind: equipment.Dumpster, Count: 1, Vendor: "Metro Roll-Off", Note: "in the driveway", Approval: equipment.ApprovalRequested},
			{ClaimID: b.claim.ID, Kind: equipment.AirMover, Count: 3, PlacedAt: &placed},
			{ClaimID: b.claim.ID, Kind: equipment.Dehumidifier, Count: 1, PlacedAt: &placed},
		} {
			if _, err := storage.AddEquipment(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	path := fmt.Sprintf("/claims/%d/update", b.claim.ID)
	draft := b.updateDraft(t, b.c, b.claim.ID)
	lineOf := func(label string) string {
		for _, l := range strings.Split(draft, "\n") {
			if strings.HasPrefix(l, label) {
				return l
			}
		}
		t.Errorf("no %q line in the draft:\n%s", label, draft)
		return ""
	}
	if l, want := lineOf("Where the job stands: "), "drying, day 2, with 3 air movers and 1 dehumidifier on site since "+placed.Format("Mon Jan 2")+"."; !strings.HasSuffix(l, want) {
		t.Errorf("stage: %q, want it ending %q", l, want)
	}
	if l := lineOf("Since our last update ("); !strings.HasSuffix(l, "): we received the drying log and the signed COS (certificate of satisfaction).") {
		t.Errorf("arrived: %q, want the drying log, not the photo from before the last update nor the messages", l)
	}
	if l := lineOf("Still open from your request: "); !strings.Contains(l, "estimate and sketch (wanted by ") {
		t.Errorf("requests: %q, want Ann's ask for the estimate and sketch with the day it is wanted by", l)
	}
	if l := lineOf("Needed from you: "); !strings.Contains(l, "your approval of 1 × dumpster (Metro Roll-Off)") || strings.Contains(l, "driveway") {
		t.Errorf("approvals: %q, want the dumpster without the office's note", l)
	}
	// The equipment is on the job without a signed ATP: past due, which the
	// adjuster reads as what comes next, without the date.
	if l := lineOf("Next: "); !strings.Contains(l, "signed ATP") || strings.Contains(l, ", by ") {
		t.Errorf("next: %q, want the ATP without its passed due time", l)
	}
	for _, internal := range []string{"Still missing", "overdue", "carrier can pay", "billing", "verified", "overdue since",
		"message", "ellen@home.example", "drying_log", "Drying / readings"} {
		if strings.Contains(draft, internal) {
			t.Errorf("the draft to the adjuster says %q:\n%s", internal, draft)
		}
	}
	if stands, work := strings.Index(draft, "Where the job stands"), strings.Index(draft, "- Work done today:"); stands < 0 || work < stands || work > strings.Index(draft, "Next: ") {
		t.Errorf("the day's work is not asked for between where the job stands and what comes next:\n%s", draft)
	}

	// As drafted, its bullet empty, it is refused: the facts alone do not
	// make the template's placeholder filled.
	resp, body := b.do(t, b.c, "POST", path, url.Values{"csrf_token": {b.csrf}, "body": {draft}}, nil)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Work done today") {
		t.Errorf("draft sent unchanged: %d, want 400 naming the empty bullet:\n%s", resp.StatusCode, body)
	}
	if n := len(b.outboxRows(t)); n != 0 {
		t.Fatalf("%d updates queued, want none", n)
	}
	filled := strings.Replace(draft, "- Work done today:", "- Work done today: pulled the wet baseboards; subfloor down to 18%", 1)
	if resp, body := b.do(t, b.c, "POST", path, url.Values{"csrf_token": {b.csrf}, "body": {filled}}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("filled-in update: %d, want it queued:\n%s", resp.StatusCode, body)
	}
}

// updateDraft is the daily update the claim's update form drafts, as the
// signed-in client c reads it.
func (b *bundle) updateDraft(t *testing.T, c *http.Client, claim int64) string {
	t.Helper()
	_, form := b.do(t, c, "GET", fmt.Sprintf("/claims/%d/update", claim), nil, nil)
	m := regexp.MustCompile(`(?s)<textarea[^>]*name="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(form)
	if m == nil {
		t.Fatalf("no body on the update form:\n%s", form)
	}
	return html.UnescapeString(strings.TrimPrefix(m[1], "\n"))
}

// The update tells the adjuster of the carrier's own open requests: the
// adjuster's and those of the carrier's people on the claim, never a
// homeowner's because both write from one mail provider, nor a stranger's
// at the carrier's domain. A claim without an adjuster's address still
// shows its carrier desk's.
func TestUpdateTellsOnlyTheCarriersRequests(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	due := now.Add(24 * time.Hour)
	req := func(from string) storage.Request {
		return storage.Request{From: from, Status: storage.RequestOpen, DocTypes: []string{"estimate"}, DueAt: &due}
	}
	reqs := []storage.Request{req("ann.adjuster@gmail.com"), req("ellen.home@gmail.com"), req("desk@carrier.example"), req("bob@carrier.example")}
	for _, c := range []struct {
		name    string
		carrier []string
		want    []string
	}{
		{"adjuster on a mail provider", []string{"Ann.Adjuster@gmail.com", "desk@carrier.example"}, []string{"ann.adjuster@gmail.com*", "desk@carrier.example"}},
		{"no adjuster's address", []string{"", "desk@carrier.example"}, []string{"desk@carrier.example"}},
	} {
		var got []string
		for _, r := range carrierRequests(reqs, c.carrier, now) {
			if r.Yours {
				r.From += "*"
			}
			got = append(got, r.From)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: requests told %v, want %v (* the adjuster's own)", c.name, got, c.want)
		}
	}
}
