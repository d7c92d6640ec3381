package web

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

func TestAPISLAStats(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	chubb := b.addClaim(t, storage.Claim{JobNumber: "26-3001-WTR", ClaimNumber: "CH-1", Carrier: "Chubb", AdjusterName: "Ann Lee"})
	erie := b.addClaim(t, storage.Claim{JobNumber: "26-3002-WTR", ClaimNumber: "ER-1", Carrier: "Erie", AdjusterName: "Bo Diaz"})
	// now is Wednesday March 4, 15:00. Chubb: answered in 10 and in 40
	// business minutes on Monday; Erie: one answered in 20, one overdue
	// since Tuesday; and a message about no claim, pending.
	add := func(claim int64, arrived time.Time, minutes int) {
		t.Helper()
		id := b.addMessage(t, testMessage{from: "adj@carrier.example", subject: "update?", arrived: arrived, needsAck: true})
		if _, err := b.sql.Exec(ctx, `UPDATE messages SET claim_id = nullif($2, 0) WHERE id = $1`, id, claim); err != nil {
			t.Fatal(err)
		}
		if minutes > 0 {
			if _, err := b.sql.Exec(ctx, `UPDATE messages SET acknowledged_at = $2, ack_business_minutes = $3 WHERE id = $1`,
				id, arrived.Add(time.Duration(minutes)*time.Minute), minutes); err != nil {
				t.Fatal(err)
			}
		}
	}
	add(chubb, b.at(time.March, 2, 9, 0), 10)
	add(chubb, b.at(time.March, 2, 11, 0), 40)
	add(erie, b.at(time.March, 2, 13, 0), 20)
	add(erie, b.at(time.March, 3, 9, 0), 0)
	add(0, b.at(time.March, 4, 14, 50), 0)

	var byCarrier struct {
		By     string                  `json:"by"`
		Groups []storage.AckStatsGroup `json:"groups"`
	}
	b.get(t, "/api/sla/stats?by=carrier", &byCarrier)
	got := map[string]storage.AckStatsGroup{}
	for _, g := range byCarrier.Groups {
		got[g.Key] = g
	}
	if len(got) != 3 {
		t.Fatalf("groups %+v, want Chubb, Erie and (no claim)", byCarrier.Groups)
	}
	c, e, none := got["Chubb"], got["Erie"], got["(no claim)"]
	if c.Owed != 2 || c.Acknowledged != 2 || c.OnTime != 1 || c.P50Minutes == nil || *c.P50Minutes != 25 || c.OnTimeShare == nil || *c.OnTimeShare != 0.5 {
		t.Errorf("Chubb: %+v", c)
	}
	if e.Owed != 2 || e.Acknowledged != 1 || e.Overdue != 1 || e.OnTime != 1 || e.OnTimeShare == nil || *e.OnTimeShare != 0.5 {
		t.Errorf("Erie: %+v", e)
	}
	if none.Owed != 1 || none.Overdue != 0 || none.OnTimeShare != nil || none.P50Minutes != nil {
		t.Errorf("no claim (pending, outcome unknown): %+v", none)
	}

	var byDay struct {
		Groups []storage.AckStatsGroup `json:"groups"`
	}
	b.get(t, "/api/sla/stats?by=day&days=3", &byDay)
	days := map[string]int{}
	for _, g := range byDay.Groups {
		days[g.Key] = g.Owed
	}
	if days["2026-03-02"] != 3 || days["2026-03-03"] != 1 || days["2026-03-04"] != 1 {
		t.Errorf("by day: %v", days)
	}
	b.get(t, "/api/sla/stats?by=adjuster", &byCarrier)
	if len(byCarrier.Groups) != 3 || byCarrier.Groups[0].Key != "(no claim)" && byCarrier.Groups[0].Key != "Ann Lee" {
		t.Errorf("by adjuster: %+v", byCarrier.Groups)
	}

	for _, bad := range []string{"/api/sla/stats?by=insured", "/api/sla/stats?days=0", "/api/sla/stats?days=x"} {
		if resp, body := b.call(t, "GET", bad, nil, nil); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", bad, resp.StatusCode, body)
		}
	}
}
