package web

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

func TestAPISLA(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := b.sql.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}

	// Waiting: Tuesday's unanswered message is overdue, today's are due
	// soon and pending. Monday's three were answered in 10, 60 and 20
	// business minutes.
	overdue := b.addMessage(t, testMessage{from: "a@carrier.example", subject: "Tuesday", arrived: b.at(time.March, 3, 9, 0), needsAck: true})
	dueSoon := b.addMessage(t, testMessage{from: "b@carrier.example", subject: "today 14:40", arrived: b.at(time.March, 4, 14, 40), needsAck: true})
	pending := b.addMessage(t, testMessage{from: "c@carrier.example", subject: "today 14:55", arrived: b.at(time.March, 4, 14, 55), needsAck: true})
	for _, m := range [][2]int{{9, 10}, {10, 60}, {12, 20}} {
		arrived := b.at(time.March, 2, m[0], 0)
		id := b.addMessage(t, testMessage{from: "d@carrier.example", subject: "Monday", arrived: arrived, needsAck: true})
		exec(`UPDATE messages SET acknowledged_at = $2, ack_source = 'reply', ack_business_minutes = $3 WHERE id = $1`,
			id, arrived.Add(time.Duration(m[1])*time.Minute), m[1])
	}
	b.addMessage(t, testMessage{from: "ana@smrestore.example", subject: "Re: Tuesday", arrived: b.at(time.March, 4, 10, 0), out: true, status: storage.StatusFiled})
	b.addMessage(t, testMessage{from: "noreply@xactanalysis.example", subject: "notice", arrived: b.at(time.March, 4, 10, 0)})

	// Claims: one updated today, one not since Tuesday, one opened today,
	// one closed; one with an ATP on file that nobody has verified.
	long := b.at(time.February, 2, 9, 0)
	claim := func(job, status string, created time.Time) int64 {
		id := b.addClaim(t, storage.Claim{JobNumber: job, ClaimNumber: "C" + job, InsuredName: "Insured " + job, Status: status,
			AdjusterName: "Jennifer Anderson", AdjusterEmail: "janderson@statefarm.example"})
		exec(`UPDATE claims SET created_at = $2 WHERE id = $1`, id, created)
		return id
	}
	note := func(id int64, at time.Time) {
		if err := b.db.AddClaimNote(ctx, id, "ana@smrestore.example", "update", at); err != nil {
			t.Fatal(err)
		}
	}
	updated := claim("26-1001-WTR", "open", long)
	note(updated, b.at(time.March, 4, 9, 0))
	behind := claim("26-1002-WTR", "open", long)
	note(behind, b.at(time.March, 3, 9, 0))
	fresh := claim("26-1003-WTR", "open", b.at(time.March, 4, 11, 0))
	claim("26-1004-WTR", "closed", long)
	withATP := claim("26-1005-WTR", "open", long)
	note(withATP, b.at(time.March, 4, 9, 30))
	exec(`INSERT INTO documents (claim_id, sha256, size, filename, content_type, doc_type, folder, browse_key, received_at, office_id)
		VALUES ($1, $2, 10, 'ATP.pdf', 'application/pdf', 'atp', 'Contracts', 'claims/26-1005-WTR/Contracts/2026-02-03_ATP.pdf', $3, 1)`,
		withATP, fmt.Sprintf("%064x", 1), b.at(time.February, 3, 10, 0))

	var board struct {
		Now              time.Time `json:"now"`
		AckTargetMinutes int       `json:"ack_target_minutes"`
		Waiting          []struct {
			ID            int64      `json:"id"`
			State         string     `json:"state"`
			DueAt         *time.Time `json:"due_at"`
			ReceivedAt    time.Time  `json:"received_at"`
			WaitedMinutes int        `json:"waited_minutes"`
		} `json:"waiting"`
		WaitingTotal   int `json:"waiting_total"`
		MissingUpdates []struct {
			ClaimID      int64      `json:"claim_id"`
			JobNumber    string     `json:"job_number"`
			Date         string     `json:"date"`
			DueAt        time.Time  `json:"due_at"`
			State        string     `json:"state"`
			LastUpdateAt *time.Time `json:"last_update_at"`
			OverdueDays  []string   `json:"overdue_days"`
		} `json:"missing_updates"`
		MissingUpdatesTotal int `json:"missing_updates_total"`
		Alerts              []struct {
			ClaimID   int64      `json:"claim_id"`
			Milestone string     `json:"milestone"`
			State     string     `json:"state"`
			DueAt     *time.Time `json:"due_at"`
			Message   string     `json:"message"`
		} `json:"alerts"`
		AlertsTotal int `json:"alerts_total"`
		AckStats    []struct {
			Date          string   `json:"date"`
			Count         int      `json:"count"`
			Acknowledged  int      `json:"acknowledged"`
			MedianMinutes *float64 `json:"median_minutes"`
			WithinTarget  *float64 `json:"within_target"`
		} `json:"ack_stats"`
	}
	b.get(t, "/api/sla", &board)

	if !board.Now.Equal(b.clock.Now()) || board.AckTargetMinutes != 30 {
		t.Errorf("now %v, target %d", board.Now, board.AckTargetMinutes)
	}
	if board.WaitingTotal != 3 || len(board.Waiting) != 3 {
		t.Fatalf("waiting %+v (total %d)", board.Waiting, board.WaitingTotal)
	}
	for i, want := range []struct {
		id     int64
		state  string
		waited int
	}{{overdue, "overdue", 540 + 420}, {dueSoon, "due_soon", 20}, {pending, "pending", 5}} {
		w := board.Waiting[i]
		if w.ID != want.id || w.State != want.state || w.WaitedMinutes != want.waited || w.DueAt == nil || !w.DueAt.Equal(w.ReceivedAt.Add(30*time.Minute)) {
			t.Errorf("waiting %d: %+v, want %+v", i, w, want)
		}
	}

	if board.MissingUpdatesTotal != 1 || len(board.MissingUpdates) != 1 {
		t.Fatalf("missing updates %+v (updated %d, fresh %d)", board.MissingUpdates, updated, fresh)
	}
	mu := board.MissingUpdates[0]
	// Due at closing; pending until two hours before. The week before
	// Tuesday went without updates too.
	if mu.ClaimID != behind || mu.Date != "2026-03-04" || !mu.DueAt.Equal(b.at(time.March, 4, 18, 0)) || mu.State != "pending" ||
		mu.LastUpdateAt == nil || !mu.LastUpdateAt.Equal(b.at(time.March, 3, 9, 0)) ||
		fmt.Sprint(mu.OverdueDays) != "[2026-02-25 2026-02-26 2026-02-27 2026-03-02]" {
		t.Errorf("missing update %+v", mu)
	}

	alerts := map[int64]map[string]string{}
	for i, a := range board.Alerts {
		if alerts[a.ClaimID] == nil {
			alerts[a.ClaimID] = map[string]string{}
		}
		alerts[a.ClaimID][a.Milestone] = a.State
		if i > 0 && slaUrgency[sla.State(board.Alerts[i-1].State)] > slaUrgency[sla.State(a.State)] {
			t.Errorf("alert %d (%s) after a less urgent one", i, a.State)
		}
		if a.Message == "" {
			t.Errorf("alert without a message: %+v", a)
		}
		if a.ClaimID == behind && a.Milestone == "first_docs" && (a.DueAt == nil || !a.DueAt.Equal(long.Add(24*time.Hour))) {
			t.Errorf("first documents due %v, want a day after the claim opened", a.DueAt)
		}
	}
	if got := alerts[behind]; got["first_docs"] != "overdue" || got["chase_technician"] != "overdue" || got["paperwork"] != "overdue" || got["billing"] != "overdue" {
		t.Errorf("alerts of a claim without documents: %v", got)
	}
	if got := alerts[withATP]; got["signatures_verified"] != "pending" || got["chase_technician"] != "" {
		t.Errorf("alerts of a claim with an unverified ATP: %v", got)
	}
	if _, ok := alerts[fresh]; ok {
		t.Errorf("a claim opened an hour ago has alerts: %v", alerts[fresh])
	}
	if board.AlertsTotal != len(board.Alerts) {
		t.Errorf("alerts total %d for %d alerts", board.AlertsTotal, len(board.Alerts))
	}

	if len(board.AckStats) != 14 || board.AckStats[0].Date != "2026-02-19" || board.AckStats[13].Date != "2026-03-04" {
		t.Fatalf("ack stats %+v", board.AckStats)
	}
	byDate := map[string]int{}
	for i, d := range board.AckStats {
		byDate[d.Date] = i
	}
	num := func(p *float64) string {
		if p == nil {
			return "null"
		}
		return fmt.Sprintf("%.3f", math.Round(*p*1000)/1000)
	}
	for date, want := range map[string]string{
		"2026-03-02": "3 3 20.000 0.667", // two of three within 30 minutes
		"2026-03-03": "1 0 null 0.000",   // one overdue, none answered
		"2026-03-04": "2 0 null null",    // nothing decided yet
		"2026-02-19": "0 0 null null",
	} {
		d := board.AckStats[byDate[date]]
		if got := fmt.Sprintf("%d %d %s %s", d.Count, d.Acknowledged, num(d.MedianMinutes), num(d.WithinTarget)); got != want {
			t.Errorf("%s: %s, want %s", date, got, want)
		}
	}

	// The limit cuts each list; the totals still count everything.
	var small struct {
		Waiting      []any `json:"waiting"`
		WaitingTotal int   `json:"waiting_total"`
		Alerts       []any `json:"alerts"`
		AlertsTotal  int   `json:"alerts_total"`
	}
	b.get(t, "/api/sla?limit=1", &small)
	if len(small.Waiting) != 1 || small.WaitingTotal != 3 || len(small.Alerts) != 1 || small.AlertsTotal != board.AlertsTotal {
		t.Errorf("limit 1: %d waiting of %d, %d alerts of %d", len(small.Waiting), small.WaitingTotal, len(small.Alerts), small.AlertsTotal)
	}
	resp, body := b.call(t, "GET", "/api/sla?limit=0", nil, nil)
	wantError(t, "limit 0", resp, body, 400, "limit")
}
