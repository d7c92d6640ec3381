package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/officerules"
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
	// 30 minutes as clocks read them, yet half a minute past the deadline.
	zurich := b.addClaim(t, storage.Claim{JobNumber: "26-3003-WTR", ClaimNumber: "ZU-1", Carrier: "Zurich", AdjusterName: "Cy Ng"})
	add(zurich, b.at(time.March, 2, 14, 0), 30)
	if _, err := b.sql.Exec(ctx, `UPDATE messages SET acknowledged_at = acknowledged_at + interval '30 seconds' WHERE claim_id = $1`, zurich); err != nil {
		t.Fatal(err)
	}

	var byCarrier struct {
		By     string                  `json:"by"`
		Groups []storage.AckStatsGroup `json:"groups"`
	}
	b.get(t, "/api/sla/stats?by=carrier", &byCarrier)
	got := map[string]storage.AckStatsGroup{}
	for _, g := range byCarrier.Groups {
		got[g.Key] = g
	}
	if len(got) != 4 {
		t.Fatalf("groups %+v, want Chubb, Erie, Zurich and (no claim)", byCarrier.Groups)
	}
	if z := got["Zurich"]; z.Acknowledged != 1 || z.OnTime != 0 {
		t.Errorf("Zurich, answered 30 minutes as clocks read but 30 seconds past its deadline: %+v, want late", z)
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
	if days["2026-03-02"] != 4 || days["2026-03-03"] != 1 || days["2026-03-04"] != 1 {
		t.Errorf("by day: %v", days)
	}
	b.get(t, "/api/sla/stats?by=adjuster", &byCarrier)
	if len(byCarrier.Groups) != 4 || byCarrier.Groups[0].Key != "(no claim)" && byCarrier.Groups[0].Key != "Ann Lee" {
		t.Errorf("by adjuster: %+v", byCarrier.Groups)
	}

	for _, bad := range []string{"/api/sla/stats?by=insured", "/api/sla/stats?days=0", "/api/sla/stats?days=x"} {
		if resp, body := b.call(t, "GET", bad, nil, nil); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", bad, resp.StatusCode, body)
		}
	}
}

// TestAPISLAStatsPerOffice: the figures come for the caller's offices
// together and for each apart; office_id narrows them to one, and a token
// of one office's person sees that office's alone.
func TestAPISLAStatsPerOffice(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	east, err := b.db.CreateOffice(ctx, storage.Office{Slug: "east", Name: "East"})
	if err != nil {
		t.Fatal(err)
	}
	add := func(office int64, minutes int) {
		t.Helper()
		arrived := b.at(time.March, 3, 9, 0)
		id := b.addMessage(t, testMessage{from: "adj@carrier.example", subject: "update?", arrived: arrived, needsAck: true})
		if _, err := b.sql.Exec(ctx, `UPDATE messages SET office_id = $2, acknowledged_at = $3, ack_business_minutes = $4
			WHERE id = $1`, id, office, arrived.Add(time.Duration(minutes)*time.Minute), minutes); err != nil {
			t.Fatal(err)
		}
	}
	add(storage.DefaultOfficeID, 10)
	add(east.ID, 20)
	add(east.ID, 90)

	type stats struct {
		Groups  []storage.AckStatsGroup `json:"groups"`
		Offices []struct {
			OfficeID int64                   `json:"office_id"`
			Name     string                  `json:"name"`
			Groups   []storage.AckStatsGroup `json:"groups"`
		} `json:"offices"`
	}
	owed := func(gs []storage.AckStatsGroup) int {
		n := 0
		for _, g := range gs {
			n += g.Owed
		}
		return n
	}
	var all stats
	b.get(t, "/api/sla/stats?by=carrier", &all)
	if owed(all.Groups) != 3 || len(all.Offices) != 2 || owed(all.Offices[0].Groups) != 1 ||
		all.Offices[1].Name != "East" || owed(all.Offices[1].Groups) != 2 || all.Offices[1].Groups[0].OnTime != 1 {
		t.Errorf("every office's figures: %+v", all)
	}
	var one stats
	b.get(t, fmt.Sprintf("/api/sla/stats?office_id=%d", east.ID), &one)
	if owed(one.Groups) != 2 || len(one.Offices) != 1 || one.Offices[0].OfficeID != east.ID {
		t.Errorf("East's figures alone: %+v", one)
	}

	ana, err := b.db.CreateUser(ctx, storage.User{Email: "ana@smrestore.example", PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetOfficeRole(ctx, ana.ID, storage.DefaultOfficeID, storage.RoleReadOnly); err != nil {
		t.Fatal(err)
	}
	token, hash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(ctx, "ana-own", hash, ana.ID, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	auth := http.Header{"Authorization": {"Bearer " + token}}
	resp, body := b.call(t, "GET", "/api/sla/stats", nil, auth)
	var mine stats
	if err := json.Unmarshal([]byte(body), &mine); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("one office's token: %d %s", resp.StatusCode, body)
	}
	if owed(mine.Groups) != 1 || len(mine.Offices) != 1 || mine.Offices[0].OfficeID != storage.DefaultOfficeID {
		t.Errorf("one office's token sees: %+v", mine)
	}
	if resp, body := b.call(t, "GET", fmt.Sprintf("/api/sla/stats?office_id=%d", east.ID), nil, auth); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another office's figures: %d %s, want 404", resp.StatusCode, body)
	}
}

// TestAPISLAStatsOnEachOfficesClock: each office's figures count its own
// days, on its own clock: at 15:00 in Chicago it is already tomorrow in
// Tokyo, whose last day began at 09:00 Chicago time.
func TestAPISLAStatsOnEachOfficesClock(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	tokyo := b.addTokyoOffice(t)
	b.addAnsweredIn(t, storage.DefaultOfficeID, b.at(time.March, 4, 8, 0))
	b.addAnsweredIn(t, tokyo.ID, b.at(time.March, 4, 8, 0))  // 23:00 on the 4th in Tokyo: before its last day
	b.addAnsweredIn(t, tokyo.ID, b.at(time.March, 4, 10, 0)) // 01:00 on the 5th in Tokyo

	var got struct {
		Offices []struct {
			OfficeID int64                   `json:"office_id"`
			Since    time.Time               `json:"since"`
			Groups   []storage.AckStatsGroup `json:"groups"`
		} `json:"offices"`
	}
	b.get(t, "/api/sla/stats?by=day&days=1", &got)
	days := func(gs []storage.AckStatsGroup) []string {
		var out []string
		for _, g := range gs {
			if g.Owed > 0 {
				out = append(out, fmt.Sprintf("%s:%d", g.Key, g.Owed))
			}
		}
		return out
	}
	if len(got.Offices) != 2 {
		t.Fatalf("offices: %+v", got)
	}
	main, east := got.Offices[0], got.Offices[1]
	if d := days(main.Groups); !slices.Equal(d, []string{"2026-03-04:1"}) || !main.Since.Equal(b.at(time.March, 4, 0, 0)) {
		t.Errorf("the Chicago office's day: since %v, %v", main.Since, d)
	}
	if d := days(east.Groups); !slices.Equal(d, []string{"2026-03-05:1"}) || !east.Since.Equal(b.at(time.March, 4, 9, 0)) {
		t.Errorf("the Tokyo office's day: since %v, %v", east.Since, d)
	}
}

// TestAPISLAOnItsOfficesClock: the board's answer-time figures count the
// days of the office it shows: at 15:00 in Chicago, Tokyo's today is
// already the 5th, and its message of 01:00 that day is today's.
func TestAPISLAOnItsOfficesClock(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	tokyo := b.addTokyoOffice(t)
	arrived := b.at(time.March, 4, 10, 0)
	for _, office := range []int64{storage.DefaultOfficeID, tokyo.ID} {
		b.addAnsweredIn(t, office, arrived)
	}
	lastDay := func(office int64) ackDayStats {
		t.Helper()
		days := b.slaAnswerDaysAs(t, fmt.Sprintf("user%d@smrestore.example", office), office)
		return days[len(days)-1]
	}
	if got := lastDay(storage.DefaultOfficeID); got.Date != "2026-03-04" || got.Count != 1 {
		t.Errorf("the Chicago office's today: %+v", got)
	}
	if got := lastDay(tokyo.ID); got.Date != "2026-03-05" || got.Count != 1 {
		t.Errorf("the Tokyo office's today: %+v", got)
	}
}

// TestAPISLAOfficesTogetherOnTheirClocks: a user of offices in different
// zones reads /api/sla of both at once, and each message counts on its
// office's day: at 15:00 in Chicago, the Tokyo office's message of 01:00
// its time on the 5th is the 5th's, the Chicago one the 4th's.
func TestAPISLAOfficesTogetherOnTheirClocks(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	tokyo := b.addTokyoOffice(t)
	arrived := b.at(time.March, 4, 10, 0)
	for _, office := range []int64{storage.DefaultOfficeID, tokyo.ID} {
		b.addAnsweredIn(t, office, arrived)
	}
	days := b.slaAnswerDaysAs(t, "both@smrestore.example", storage.DefaultOfficeID, tokyo.ID)
	if len(days) < 2 {
		t.Fatalf("both offices' board: %+v", days)
	}
	counts := map[string]int{}
	for _, d := range days {
		counts[d.Date] = d.Count
	}
	if last := days[len(days)-1]; last.Date != "2026-03-05" || counts["2026-03-04"] != 1 || counts["2026-03-05"] != 1 {
		t.Errorf("answer times by day %v, last day %s; want one message on Chicago's 4th and one on Tokyo's 5th, the last day",
			counts, last.Date)
	}
}

// addTokyoOffice adds an office in Tokyo and has the server count by each
// office's rules.
func (b *apiBundle) addTokyoOffice(t *testing.T) storage.Office {
	t.Helper()
	tokyo, err := b.db.CreateOffice(t.Context(), storage.Office{Slug: "tokyo", Name: "Tokyo", TimeZone: "Asia/Tokyo"})
	if err != nil {
		t.Fatal(err)
	}
	rules, err := officerules.Load(t.Context(), b.db, b.srv.configuredRules(), b.srv.log)
	if err != nil {
		t.Fatal(err)
	}
	b.srv.opts.Offices = rules
	return tokyo
}

// addAnsweredIn adds a message of office that needed an answer, arrived at
// arrived and answered five minutes later.
func (b *apiBundle) addAnsweredIn(t *testing.T, office int64, arrived time.Time) {
	t.Helper()
	id := b.addMessage(t, testMessage{from: "adj@carrier.example", subject: "update?", arrived: arrived, needsAck: true})
	if _, err := b.sql.Exec(t.Context(), `UPDATE messages SET office_id = $2, acknowledged_at = $3, ack_business_minutes = 5
		WHERE id = $1`, id, office, arrived.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
}

// slaAnswerDaysAs returns the answer times by day of GET /api/sla, as a
// read-only member email of offices.
func (b *apiBundle) slaAnswerDaysAs(t *testing.T, email string, offices ...int64) []ackDayStats {
	t.Helper()
	ctx := t.Context()
	u, err := b.db.CreateUser(ctx, storage.User{Email: email, PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	for _, office := range offices {
		if err := b.db.SetOfficeRole(ctx, u.ID, office, storage.RoleReadOnly); err != nil {
			t.Fatal(err)
		}
	}
	token, hash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(ctx, u.Email, hash, u.ID, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	resp, body := b.call(t, "GET", "/api/sla", nil, http.Header{"Authorization": {"Bearer " + token}})
	var board struct {
		AckStats []ackDayStats `json:"ack_stats"`
	}
	if err := json.Unmarshal([]byte(body), &board); err != nil || resp.StatusCode != http.StatusOK || len(board.AckStats) == 0 {
		t.Fatalf("the board of offices %v: %d %s", offices, resp.StatusCode, body)
	}
	return board.AckStats
}
