package web

import (
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
	"github.com/claimdesk/claimdesk/officerules"
	"github.com/claimdesk/claimdesk/storage"
)

// westBundle is setupEquipment's office, on the server's clock in
// Chicago, with a second office, West, in Los Angeles (two hours behind),
// whose claim has a foreman and an estimator to hear of pickups; dana,
// signed in, coordinates both offices.
type westBundle struct {
	*equipmentBundle
	c          *http.Client
	csrf       string
	westClaim  int64
	la         *time.Location
	westOffice int64
}

func setupWestEquipment(t *testing.T) *westBundle {
	t.Helper()
	ctx := t.Context()
	b := &westBundle{equipmentBundle: setupEquipment(t)}
	b.c, b.csrf = b.signIn(t)
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	b.la = la
	west, err := b.db.CreateOffice(ctx, storage.Office{Slug: "west", Name: "West", TimeZone: la.String()})
	if err != nil {
		t.Fatal(err)
	}
	b.westOffice = west.ID
	rules, err := officerules.Load(ctx, b.db, b.srv.configuredRules(), b.srv.log)
	if err != nil {
		t.Fatal(err)
	}
	b.srv.opts.Offices = rules
	dana, err := b.db.GetUserByEmail(ctx, "dana@smrestore.example")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetOfficeRole(ctx, dana.ID, west.ID, storage.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	b.westClaim = b.addClaim(t, storage.Claim{JobNumber: "26-2001-WTR", ClaimNumber: "W-77", InsuredName: "Ann West", LossType: "water"})
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET office_id = $2 WHERE id = $1`, b.westClaim, west.ID); err != nil {
		t.Fatal(err)
	}
	resp, body := b.call(t, "PATCH", fmt.Sprintf("/api/claims/%d", b.westClaim), map[string]any{"participants": []map[string]string{
		{"role": "foreman", "name": "Wes Foreman", "email": "wes@smrestore.example"},
		{"role": "estimator", "name": "Eve Estimator", "email": "eve@smrestore.example"},
	}}, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("participants: %d %s", resp.StatusCode, body)
	}
	return b
}

// dumpster logs a dumpster on claim, placed five days ago.
func (b *westBundle) dumpster(t *testing.T, claim int64) equipmentItem {
	t.Helper()
	var e equipmentItem
	b.send(t, "POST", fmt.Sprintf("/api/claims/%d/equipment", claim),
		map[string]any{"kind": "dumpster", "placed_at": b.clock.Now().AddDate(0, 0, -5)}, http.StatusCreated, &e)
	return e
}

// line is form's answer on equipment line id: back to the line.
func (b *westBundle) line(t *testing.T, id int64, form url.Values) {
	t.Helper()
	form.Set("csrf_token", b.csrf)
	if resp, body := b.do(t, b.c, "POST", fmt.Sprintf("/equipment/%d", id), form, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the %s form of line %d: %d\n%s", form.Get("action"), id, resp.StatusCode, body)
	}
}

// TestHaulTimesOnTheClaimOfficesClock: the server's clock is Chicago's;
// the West office's coordinator logs a swap typed "23:30" on the swap form
// and one given to the API as "07:30" without an offset: they are 23:30
// and 07:30 in Los Angeles, not in Chicago. The claim page shows the
// hauls, their days and the line's times on West's clock, naming its
// zone; the pickup typed on West's clock, and its notice's swaps, are on
// it too. A Chicago claim's swap typed "23:30" is 23:30 in Chicago.
func TestHaulTimesOnTheClaimOfficesClock(t *testing.T) {
	t.Parallel()
	b := setupWestEquipment(t)
	box := b.dumpster(t, b.westClaim)
	y, m, d := b.clock.Now().In(b.la).AddDate(0, 0, -2).Date()
	evening, morning := time.Date(y, m, d, 23, 30, 0, 0, b.la), time.Date(y, m, d+1, 7, 30, 0, 0, b.la)
	b.line(t, box.ID, url.Values{"action": {"haul"}, "hauled_at": {evening.Format(stageTimeLayout)}, "idempotency_key": {"west-1"}})
	if hauls := b.hauls(t, b.westClaim); len(hauls) != 1 || !hauls[0].At.Equal(evening) {
		t.Errorf("the swap form's haul typed %s: %+v; want it at %v", evening.Format(stageTimeLayout), hauls, evening)
	}
	var e equipmentItem
	b.send(t, "POST", fmt.Sprintf("/api/equipment/%d/hauls", box.ID), map[string]any{"hauled_at": morning.Format(stageTimeLayout)},
		http.StatusCreated, &e)
	if len(e.Hauls) != 2 || !e.Hauls[1].At.Equal(morning) {
		t.Fatalf("hauls %+v: want the API's at %v, Los Angeles time, after the form's", e.Hauls, morning)
	}

	_, page := b.do(t, b.c, "GET", fmt.Sprintf("/claims/%d", b.westClaim), nil, nil)
	page = html.UnescapeString(page)
	for _, want := range []string{
		"2 hauls: " + evening.Format("Mon Jan 2") + ", " + morning.Format("Mon Jan 2"),
		">" + evening.Format("Mon Jan 2, 15:04 MST") + "</time> · Test dana@smrestore.example",
		"placed <time datetime=\"" + box.PlacedAt.UTC().Format(time.RFC3339) + "\">" + box.PlacedAt.In(b.la).Format("Mon Jan 2, 15:04 MST") + "<",
		`name="hauled_at" max="` + b.clock.Now().In(b.la).Format(stageTimeLayout) + `"`,
		`name="placed_at" max="` + b.clock.Now().In(b.la).Format(stageTimeLayout) + `" value="` + box.PlacedAt.In(b.la).Format(stageTimeLayout) + `"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the West claim's page lacks %q", want)
		}
	}

	pickup := b.clock.Now().In(b.la).Add(-time.Hour).Truncate(time.Minute)
	b.line(t, box.ID, url.Values{"action": {"pickup"}, "picked_up_at": {pickup.Format(stageTimeLayout)}})
	notices := b.notices(t)
	if len(notices) != 1 || !strings.Contains(notices[0].Body, "- Picked up: "+pickup.Format("Mon Jan 2 15:04")+"\n") ||
		!strings.Contains(notices[0].Body, "- Swapped (hauled): "+evening.Format("Mon Jan 2")+", "+morning.Format("Mon Jan 2")+"\n") {
		t.Errorf("pickup notices %+v: want one telling the pickup at %v and the swaps on West's clock", notices, pickup)
	}

	here := b.dumpster(t, b.claim)
	b.line(t, here.ID, url.Values{"action": {"haul"}, "hauled_at": {evening.Format(stageTimeLayout)}})
	if hauls, chicago := b.hauls(t, b.claim), time.Date(y, m, d, 23, 30, 0, 0, b.loc); len(hauls) != 1 || !hauls[0].At.Equal(chicago) {
		t.Errorf("the Chicago claim's hauls %+v: want its swap at %v", hauls, chicago)
	}
}

// hauls are the hauls of claim's equipment, as the API lists them.
func (b *westBundle) hauls(t *testing.T, claim int64) []haulItem {
	t.Helper()
	var lines listResponse[equipmentItem]
	b.get(t, fmt.Sprintf("/api/claims/%d/equipment", claim), &lines)
	var out []haulItem
	for _, e := range lines.Items {
		out = append(out, e.Hauls...)
	}
	return out
}

// TestAPIHaulTimeWithoutOffset: hauled_at with an offset is that instant,
// whatever the line's office; to the second without one it is on the
// line's office's clock; a time that is neither is refused, naming the
// field, and one for a line that does not exist answers 404.
func TestAPIHaulTimeWithoutOffset(t *testing.T) {
	t.Parallel()
	b := setupWestEquipment(t)
	box := b.dumpster(t, b.westClaim)
	y, m, d := b.clock.Now().In(b.la).AddDate(0, 0, -1).Date()
	for given, want := range map[string]time.Time{
		fmt.Sprintf("%04d-%02d-%02dT06:15:30", y, m, d):       time.Date(y, m, d, 6, 15, 30, 0, b.la),
		fmt.Sprintf("%04d-%02d-%02dT06:20:00-05:00", y, m, d): time.Date(y, m, d, 6, 20, 0, 0, time.FixedZone("", -5*3600)),
	} {
		var e equipmentItem
		b.send(t, "POST", fmt.Sprintf("/api/equipment/%d/hauls", box.ID), map[string]any{"hauled_at": given}, http.StatusCreated, &e)
		if !slices.ContainsFunc(e.Hauls, func(h haulItem) bool { return h.At.Equal(want) }) {
			t.Errorf("hauled_at %q: hauls %+v, want one at %v", given, e.Hauls, want)
		}
	}
	resp, body := b.call(t, "POST", fmt.Sprintf("/api/equipment/%d/hauls", box.ID), map[string]any{"hauled_at": "yesterday 7:30"}, nil)
	wantError(t, "hauled_at in words", resp, body, http.StatusBadRequest, `hauled_at: want a time like 2026-12-03T07:30:00-06:00, or 2026-12-03T07:30 on the office's clock, got "yesterday 7:30"`)
	resp, body = b.call(t, "POST", "/api/equipment/999999/hauls", map[string]any{"hauled_at": "2026-03-03T07:30"}, nil)
	wantError(t, "a haul of no line", resp, body, http.StatusNotFound, "equipment 999999 not found")
}

// TestProposalTimeOnTheClaimOfficesClock: a West technician's mail
// saying a dumpster was placed, waiting to be confirmed on the claim
// page, tells when it came on West's clock, naming its zone, as the line
// it becomes tells its placement, not on the server's clock in Chicago;
// the dumpster already logged, which it may repeat, names the zone too.
func TestProposalTimeOnTheClaimOfficesClock(t *testing.T) {
	t.Parallel()
	b := setupWestEquipment(t)
	ctx := t.Context()
	box := b.dumpster(t, b.westClaim)
	arrived := b.clock.Now().Add(-3 * time.Hour).Truncate(time.Minute)
	msg := b.addMessage(t, testMessage{from: "wes@smrestore.example", subject: "Ann West", arrived: arrived, status: storage.StatusFiled})
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		return storage.RecordEquipmentProposals(ctx, tx, b.westClaim, msg, []storage.EquipmentProposal{
			{Action: equipment.ActionPlaced, Kind: equipment.Dumpster, Count: 1, At: arrived, Text: "dumpster dropped"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	_, page := b.do(t, b.c, "GET", fmt.Sprintf("/claims/%d", b.westClaim), nil, nil)
	item := regexp.MustCompile(`(?s)<li id="proposal-\d+">.*?</li>`).FindString(html.UnescapeString(page))
	for _, want := range []string{">" + arrived.In(b.la).Format("Mon Jan 2, 15:04 MST") + "</time>",
		"1 dumpster already logged, placed " + box.PlacedAt.In(b.la).Format("Mon Jan 2 15:04 MST")} {
		if !strings.Contains(item, want) {
			t.Errorf("the West claim's proposal lacks %q:\n%s", want, item)
		}
	}
}

// TestTypedTimeTheOfficeClockSkipped: on the morning Los Angeles moved
// its clocks from 02:00 to 03:00, a swap typed "02:30" in the West
// claim's swap form, and given to the API as 02:30 without an offset, is
// read on the clock before the move, as calendars read such a time: 03:30
// PDT, not an hour before anything typed (01:30 PST). A time the clock
// showed twice, the night it moved back, is the first.
func TestTypedTimeTheOfficeClockSkipped(t *testing.T) {
	t.Parallel()
	b := setupWestEquipment(t)
	var box equipmentItem
	b.send(t, "POST", fmt.Sprintf("/api/claims/%d/equipment", b.westClaim),
		map[string]any{"kind": "dumpster", "placed_at": time.Date(2026, time.March, 1, 9, 0, 0, 0, b.la)}, http.StatusCreated, &box)
	b.line(t, box.ID, url.Values{"action": {"haul"}, "hauled_at": {"2026-03-08T02:30"}, "idempotency_key": {"gap-1"}})
	var e equipmentItem
	b.send(t, "POST", fmt.Sprintf("/api/equipment/%d/hauls", box.ID), map[string]any{"hauled_at": "2026-03-08T02:45:00"}, http.StatusCreated, &e)
	b.send(t, "POST", fmt.Sprintf("/api/equipment/%d/hauls", box.ID), map[string]any{"hauled_at": "2026-11-01T01:30"}, http.StatusCreated, &e)
	want := []time.Time{time.Date(2026, time.March, 8, 10, 30, 0, 0, time.UTC), time.Date(2026, time.March, 8, 10, 45, 0, 0, time.UTC),
		time.Date(2026, time.November, 1, 8, 30, 0, 0, time.UTC)}
	hauls := b.hauls(t, b.westClaim)
	if len(hauls) != len(want) {
		t.Fatalf("hauls %+v, want %v", hauls, want)
	}
	for i, h := range hauls {
		if !h.At.Equal(want[i]) {
			t.Errorf("haul %d at %v (%v in Los Angeles), want %v", i+1, h.At.UTC(), h.At.In(b.la), want[i].In(b.la))
		}
	}
}
