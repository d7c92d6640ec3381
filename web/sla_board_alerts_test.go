package web

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// apiAlert is an alert as /api/sla gives it.
type apiAlert struct {
	ClaimID   int64      `json:"claim_id"`
	JobNumber string     `json:"job_number"`
	Milestone string     `json:"milestone"`
	State     string     `json:"state"`
	DueAt     *time.Time `json:"due_at"`
	Message   string     `json:"message"`
}

func (a apiAlert) String() string {
	due := "none"
	if a.DueAt != nil {
		due = a.DueAt.UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf("%d %s %s due %s %q", a.ClaimID, a.Milestone, a.State, due, a.Message)
}

// boardAlerts returns the paperwork alerts /api/sla lists, and their total.
func (b *apiBundle) boardAlerts(t *testing.T, limit int) ([]apiAlert, int) {
	t.Helper()
	var board struct {
		Alerts      []apiAlert `json:"alerts"`
		AlertsTotal int        `json:"alerts_total"`
	}
	b.get(t, fmt.Sprintf("/api/sla?limit=%d", limit), &board)
	return board.Alerts, board.AlertsTotal
}

// TestBoardAlertsMatchCheckClaim checks the board's alerts, read from the
// database, against sla.CheckClaim run on every open claim at the time
// asked, sorted as the board sorts: the same alerts, states, deadlines,
// messages, order and total. The claims have all sorts of paperwork, forms
// verified or not, job stages, some of it later than the time asked; the
// board is asked at several times, going forward and back.
func TestBoardAlertsMatchCheckClaim(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	rnd := rand.New(rand.NewPCG(7, 8))
	now := b.clock.Now()
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := b.sql.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	around := func(days int) time.Time {
		return now.Add(time.Duration(rnd.IntN(days*24*60)-(days-3)*24*60) * time.Minute)
	}
	types := []string{"photo", "scope", "estimate", "sketch", "atp", "cos", "waiver", "drying_log", "lab_report", "invoice", "correspondence"}
	for i := range 40 {
		status := "open"
		if i%7 == 6 {
			status = "closed"
		}
		id := b.addClaim(t, storage.Claim{JobNumber: fmt.Sprintf("26-%04d-WTR", 3000+i), InsuredName: fmt.Sprintf("Insured %d", i),
			LossType: []string{"Water", "Fire", "Mold"}[i%3], Status: status})
		exec(`UPDATE claims SET created_at = $2 WHERE id = $1`, id, around(20))
		for k := range rnd.IntN(8) {
			typ := types[rnd.IntN(len(types))]
			var verified *time.Time
			if rnd.IntN(2) == 0 {
				v := around(15)
				verified = &v
			}
			exec(`INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, verified_at, office_id)
				VALUES ($1, $2, 1, $3, $3, 'Other', $4, $5, $6, 1)`,
				id, fmt.Sprintf("%064x", i*100+k), typ, fmt.Sprintf("claims/%d/%d", id, k), around(15), verified)
		}
		for _, stage := range []storage.JobStage{storage.StageWorkStarted, storage.StageEquipmentPickedUp, storage.StageCompleted, storage.StageSampled} {
			if rnd.IntN(3) == 0 {
				if err := b.db.SetJobStage(ctx, id, stage, around(15), "dana@smrestore.example"); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	shown := 0
	for _, at := range []time.Time{now, now.Add(26 * time.Hour), now.Add(-9 * 24 * time.Hour), now.Add(10 * 24 * time.Hour), now.Add(90 * time.Minute)} {
		b.clock.mu.Lock()
		b.clock.now = at
		b.clock.mu.Unlock()
		got, total := b.boardAlerts(t, maxLimit)
		want := referenceAlerts(t, b, at)
		if len(want) > maxLimit {
			t.Fatalf("%d alerts: more than one page", len(want))
		}
		if total != len(want) || !slices.EqualFunc(got, want, sameAPIAlert) {
			t.Fatalf("at %s: %d alerts\n%v\nwant %d\n%v", at, total, got, len(want), want)
		}
		shown += total
		if got, total := b.boardAlerts(t, 3); total != len(want) || !slices.EqualFunc(got, want[:min(3, len(want))], sameAPIAlert) {
			t.Errorf("at %s, limit 3: %d alerts %v", at, total, got)
		}
	}
	if shown < 50 {
		t.Fatalf("%d alerts in all: too few for the comparison to mean much", shown)
	}
}

// TestBoardAlertsFollowChanges checks that the board shows a change of a
// claim's paperwork, job stages or status on the very next request.
func TestBoardAlertsFollowChanges(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	now := b.clock.Now()
	id := b.addClaim(t, storage.Claim{JobNumber: "26-1001-WTR", LossType: "Fire", Status: "open"})
	milestones := func() string {
		t.Helper()
		alerts, _ := b.boardAlerts(t, 50)
		var out []string
		for _, a := range alerts {
			out = append(out, a.Milestone+":"+a.State)
		}
		return fmt.Sprint(out)
	}
	// Opened two weeks ago, nothing came since.
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET created_at = $2 WHERE id = $1`, id, now.Add(-14*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := milestones(); got != "[first_docs:overdue chase_technician:overdue paperwork:overdue billing:overdue]" {
		t.Fatalf("claim without paperwork: %s", got)
	}
	for i, typ := range []string{"photo", "scope", "estimate", "sketch", "atp"} {
		_, err := b.sql.Exec(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
			VALUES ($1, $2, 1, $3, $3, 'Other', $4, $5, 1)`, id, fmt.Sprintf("%064x", i+1), typ, fmt.Sprintf("claims/x/%d", i), now.Add(-13*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := milestones(); got != "[billing:overdue signatures_verified:pending]" {
		t.Fatalf("once the paperwork came: %s", got)
	}
	if err := b.db.SetJobStage(ctx, id, storage.StageCompleted, now.Add(-time.Hour), "dana@smrestore.example"); err != nil {
		t.Fatal(err)
	}
	if got := milestones(); got != "[billing:overdue cos_at_pickup:due_soon signatures_verified:pending]" {
		t.Fatalf("once the job is done: %s", got)
	}
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET status = 'closed' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if got := milestones(); got != "[]" {
		t.Fatalf("once the claim is closed: %s", got)
	}
}

// referenceAlerts works out the board's alerts at now as the board did
// before it kept them: sla.CheckClaim on every open claim's facts, overdue
// first, then by deadline and claim.
func referenceAlerts(t *testing.T, b *apiBundle, now time.Time) []apiAlert {
	t.Helper()
	ctx := context.Background()
	claims, err := b.db.ListClaims(ctx, storage.ClaimFilter{Status: "open", Offices: storage.AllOffices})
	if err != nil {
		t.Fatal(err)
	}
	type item struct {
		apiAlert
		state sla.State
	}
	var out []item
	for _, c := range claims {
		facts, err := b.db.ClaimFacts(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range b.cal.CheckClaim(facts, sla.Rules{}, now).Alerts {
			it := item{apiAlert{ClaimID: c.ID, JobNumber: c.JobNumber, Milestone: string(a.Milestone), State: string(a.State), Message: a.Message}, a.State}
			if !a.Due.IsZero() {
				due := a.Due
				it.DueAt = &due
			}
			out = append(out, it)
		}
	}
	slices.SortStableFunc(out, func(a, b item) int {
		return cmp.Or(cmp.Compare(slaUrgency[a.state], slaUrgency[b.state]), compareDue(a.DueAt, b.DueAt), cmp.Compare(a.ClaimID, b.ClaimID))
	})
	alerts := []apiAlert{}
	for _, it := range out {
		alerts = append(alerts, it.apiAlert)
	}
	return alerts
}

// compareDue orders deadlines soonest first, none last.
func compareDue(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return a.Compare(*b)
}

func sameAPIAlert(a, b apiAlert) bool {
	sameDue := (a.DueAt == nil) == (b.DueAt == nil) && (a.DueAt == nil || a.DueAt.Equal(*b.DueAt))
	return a.ClaimID == b.ClaimID && a.JobNumber == b.JobNumber && a.Milestone == b.Milestone && a.State == b.State && sameDue && a.Message == b.Message
}
