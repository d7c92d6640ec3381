package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/officerules"
	"github.com/claimdesk/claimdesk/storage"
)

// withOfficeRules gives b's server the offices' calendars from the
// database, as claimdesk serve does, and returns them.
func withOfficeRules(t *testing.T, b *pageBundle) *officerules.Registry {
	t.Helper()
	r, err := officerules.Load(context.Background(), b.db, b.srv.configuredRules(), b.srv.log)
	if err != nil {
		t.Fatal(err)
	}
	b.srv.opts.Offices = r
	return r
}

// An office's administrator sets its time zone, hours, holidays and
// milestone deadlines on the settings page: wrong settings are refused with
// the error next to what was typed, another office's cannot be changed, and
// the API shows what the office counts by.
func TestOfficeCalendarSettings(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	rules := withOfficeRules(t, b)
	dana, err := b.db.GetUserByEmail(ctx, b.email)
	if err != nil {
		t.Fatal(err)
	}
	west, err := b.db.CreateOffice(ctx, storage.Office{Slug: "west", Name: "West Territory"})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetOfficeRole(ctx, dana.ID, storage.DefaultOfficeID, storage.RoleAdministrator); err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetOfficeRole(ctx, dana.ID, west.ID, storage.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	main := strconv.FormatInt(storage.DefaultOfficeID, 10)
	page := b.get(t, "/settings/calendars", http.StatusOK)
	if !strings.Contains(page, `id="office-`+main+`"`) || strings.Contains(page, `id="office-`+strconv.FormatInt(west.ID, 10)+`"`) {
		t.Errorf("the page does not show exactly the office dana administers:\n%s", page)
	}
	if !strings.Contains(page, `<span class="badge">as configured</span>`) || strings.Contains(page, "set here") {
		t.Errorf("the page does not say the default office's settings are as configured:\n%s", page)
	}

	save := func(office string, fields ...string) (*http.Response, string) {
		t.Helper()
		form := url.Values{"office": {office}}
		for i := 0; i+1 < len(fields); i += 2 {
			form.Set(fields[i], fields[i+1])
		}
		resp, body := b.post(t, "/settings/calendars", form)
		return resp, html.UnescapeString(body)
	}
	if resp, _ := save(strconv.FormatInt(west.ID, 10), "timezone", "America/Los_Angeles"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a coordinator changing west: %d, want 404", resp.StatusCode)
	}
	resp, body := save(main, "timezone", "Mars/Olympus", "business_hours", "mon-fri 9-5")
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `unknown time zone "Mars/Olympus"`) ||
		!strings.Contains(body, "business hours: ") || !strings.Contains(body, `value="Mars/Olympus"`) {
		t.Errorf("wrong settings: %d, want 400 naming both, with what was typed:\n%s", resp.StatusCode, body)
	}
	resp, _ = save(main, "timezone", "America/Los_Angeles", "business_hours", "mon-fri 09:00-18:00",
		"holidays", "2026-04-06", "milestones", "billing=5-6")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("good settings: %d, want 303", resp.StatusCode)
	}
	for id, want := range map[int64]storage.Office{
		storage.DefaultOfficeID: {TimeZone: "America/Los_Angeles", BusinessHours: "mon-fri 09:00-18:00", Holidays: "2026-04-06", Milestones: "billing=5-6"},
		west.ID:                 {},
	} {
		o, err := b.srv.officeByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if o.TimeZone != want.TimeZone || o.BusinessHours != want.BusinessHours || o.Holidays != want.Holidays || o.Milestones != want.Milestones {
			t.Errorf("office %d after the saves: %+v, want %+v", id, o, want)
		}
	}
	if page := html.UnescapeString(b.get(t, "/settings/calendars?saved="+main, http.StatusOK)); !strings.Contains(page,
		"Counts by America/Los_Angeles, mon-fri 09:00-18:00. Deadlines: photos and scope within 24 hours, "+
			"or by the next business day's close when that falls while the office is closed (due soon 4 hours before); "+
			"chase the technician on business day 3 (due soon from day 2); paperwork complete on business day 4 (due soon from day 3); "+
			"billing packet on business day 6 (due soon from day 5);") {
		t.Errorf("the page does not say what the office counts by:\n%s", page)
	} else if !strings.Contains(page, `<span class="badge">set here</span>`) || strings.Contains(page, "as configured") {
		t.Errorf("the page does not say the saved office's settings are set here:\n%s", page)
	}

	// What every process learns from the database's announcement.
	if err := rules.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	resp, body = b.do(t, b.c, "GET", "/api/offices", nil, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `"timezone":"America/Los_Angeles","role":"administrator",`+
		`"business_hours":"mon-fri 09:00-18:00","holidays":"2026-04-06","holidays_calendar":false,`+
		`"milestones":"first_docs=24h/4h; chase=2-3; paperwork=3-4; billing=5-6; lab_report=3-5","settings":"set_here"`) {
		t.Errorf("GET /api/offices: %d %s", resp.StatusCode, body)
	}
}

// The board shows a message's answer deadline and a request's due time on
// their office's clock, with the zone named when it is not the configured
// one.
func TestBoardShowsDueTimesOnTheOfficesClock(t *testing.T) {
	t.Parallel()
	b := setupPages(t) // signing in needs the real time
	ctx := context.Background()
	west, _ := coordinatedOffice(t, b, storage.Office{Slug: "west", Name: "West", TimeZone: "America/Los_Angeles"})
	due := b.clock.Now().Add(time.Hour).Truncate(time.Minute)
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	here := b.addMessage(t, msgSeed{Subject: "Main office loss", NeedsAck: true, Due: &due})
	there := b.addMessage(t, msgSeed{Subject: "West office loss", NeedsAck: true, Due: &due})
	if _, err := b.sql.Exec(ctx, `UPDATE messages SET office_id = $2 WHERE id = $1`, there, west.ID); err != nil {
		t.Fatal(err)
	}
	claim := b.addClaim(t, claimSeed{Job: "26-2001-WTR", Number: "W-1", Insured: "Westfield", Status: "open"})
	var request int64
	if err := b.sql.QueryRow(ctx, `INSERT INTO requests (claim_id, message_id, from_addr, doc_types, text, asked_at, due_at, office_id)
		VALUES ($1, $2, 'adjuster@carrier.example', '{photo}', 'Send the photos', $3, $4, 1) RETURNING id`,
		claim, there, b.clock.Now(), due).Scan(&request); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET office_id = $2 WHERE id = $1`, claim, west.ID); err != nil {
		t.Fatal(err)
	}
	page := b.get(t, "/", http.StatusOK)
	for anchor, want := range map[string]string{
		"/messages/" + strconv.FormatInt(here, 10):  "due " + due.UTC().Format("Mon Jan 2, 15:04") + "<",
		"/messages/" + strconv.FormatInt(there, 10): "due " + due.In(la).Format("Mon Jan 2, 15:04 MST") + "<",
		`id="request-` + strconv.FormatInt(request, 10): "due <time datetime=\"" + due.UTC().Format(time.RFC3339) + "\">" +
			due.In(la).Format("Mon Jan 2, 15:04 MST") + "<",
	} {
		i := strings.Index(page, anchor)
		if i < 0 || !strings.Contains(page[i:min(len(page), i+3000)], want) {
			t.Errorf("%s: the board does not show %q", anchor, want)
		}
	}
}

// A claim owes its daily update on its office's business days: on a day
// one office is closed, its claims are not missing today's update while
// the other office's are.
func TestMissingUpdatesOnEachOfficesBusinessDay(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	west, err := b.db.CreateOffice(ctx, storage.Office{Slug: "west", Name: "West", TimeZone: officeZone,
		Holidays: b.clock.Now().Format(time.DateOnly)})
	if err != nil {
		t.Fatal(err)
	}
	r, err := officerules.Load(ctx, b.db, b.srv.configuredRules(), b.srv.log)
	if err != nil {
		t.Fatal(err)
	}
	b.srv.opts.Offices = r
	claims := map[int64]int64{}
	for office, job := range map[int64]string{storage.DefaultOfficeID: "26-1001-WTR", west.ID: "26-2001-WTR"} {
		id := b.addClaim(t, storage.Claim{JobNumber: job, ClaimNumber: "C" + job, InsuredName: "Insured " + job, Status: "open",
			AdjusterName: "Ann Adjuster"})
		if _, err := b.sql.Exec(ctx, `UPDATE claims SET created_at = $2, office_id = $3 WHERE id = $1`,
			id, b.at(time.February, 2, 9, 0), office); err != nil {
			t.Fatal(err)
		}
		claims[office] = id
	}
	var board struct {
		MissingUpdates []struct {
			ClaimID int64 `json:"claim_id"`
		} `json:"missing_updates"`
		MissingUpdatesTotal int `json:"missing_updates_total"`
	}
	b.get(t, "/api/sla", &board)
	if board.MissingUpdatesTotal != 1 || len(board.MissingUpdates) != 1 || board.MissingUpdates[0].ClaimID != claims[storage.DefaultOfficeID] {
		t.Errorf("missing updates %+v (total %d), want the main office's claim %d alone", board.MissingUpdates,
			board.MissingUpdatesTotal, claims[storage.DefaultOfficeID])
	}
}

// The claims list counts each claim's daily update on its office's
// business day: on West's holiday its claim owes none, so it is neither
// overdue nor sorted ahead, while the main office's claim is.
func TestClaimsListOnEachOfficesBusinessDay(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	west, err := b.db.CreateOffice(ctx, storage.Office{Slug: "west", Name: "West", TimeZone: "America/Los_Angeles",
		Holidays: b.clock.Now().Format(time.DateOnly)})
	if err != nil {
		t.Fatal(err)
	}
	withRegistry, err := officerules.Load(ctx, b.db, b.srv.configuredRules(), b.srv.log)
	if err != nil {
		t.Fatal(err)
	}
	b.srv.opts.Offices = withRegistry
	jobs := map[int64]string{storage.DefaultOfficeID: "26-1001-WTR", west.ID: "26-2001-WTR"}
	for _, office := range []int64{storage.DefaultOfficeID, west.ID} {
		id := b.addClaim(t, storage.Claim{JobNumber: jobs[office], ClaimNumber: "C" + jobs[office], Status: "open", AdjusterName: "Ann Adjuster"})
		if _, err := b.sql.Exec(ctx, `UPDATE claims SET created_at = $2, office_id = $3 WHERE id = $1`,
			id, b.at(time.February, 2, 9, 0), office); err != nil {
			t.Fatal(err)
		}
	}
	var list struct {
		Items []struct {
			JobNumber string `json:"job_number"`
		} `json:"items"`
	}
	listed := func(path string) []string {
		t.Helper()
		b.get(t, path, &list)
		var out []string
		for _, c := range list.Items {
			out = append(out, c.JobNumber)
		}
		return out
	}
	// At 17:00 the main office's update is due soon; newest first would
	// put West's claim first.
	b.clock.Advance(2 * time.Hour)
	if got := listed("/api/claims?sort=attention"); !slices.Equal(got, []string{jobs[storage.DefaultOfficeID], jobs[west.ID]}) {
		t.Errorf("claims by attention: %v, want the main office's first", got)
	}
	// Once the main office has closed, its claim's missing update is
	// overdue; West's claim owes none.
	b.clock.Advance(90 * time.Minute)
	if got := listed("/api/claims?overdue=true"); !slices.Equal(got, []string{jobs[storage.DefaultOfficeID]}) {
		t.Errorf("overdue claims: %v, want the main office's alone", got)
	}
}

// The morning page asks for today's update of each claim on its office's
// day: on West's holiday its claim owes none, the main office's owes one.
func TestMorningPageOnEachOfficesDay(t *testing.T) {
	t.Parallel()
	b := setupPages(t) // signing in needs the real time
	ctx := context.Background()
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	west, _ := coordinatedOffice(t, b, storage.Office{Slug: "west", Name: "West", TimeZone: la.String(),
		Holidays: b.clock.Now().In(la).Format(time.DateOnly)})
	opened := b.clock.Now().Add(-72 * time.Hour)
	b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "M-1", Insured: "Mainfield", Status: "open", Opened: opened, Adjuster: "Ann Adjuster"})
	westClaim := b.addClaim(t, claimSeed{Job: "26-2001-WTR", Number: "W-1", Insured: "Westfield", Status: "open", Opened: opened,
		Adjuster: "Bob Adjuster"})
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET office_id = $2 WHERE id = $1`, westClaim, west.ID); err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(b.get(t, "/morning", http.StatusOK))
	main := strings.Index(page, "26-1001-WTR")
	end := strings.Index(page[max(main, 0):], "</ul>") // the end of its things to do
	if strings.Count(page, "Send today's update") != 1 || main < 0 || end < 0 ||
		!strings.Contains(page[main:main+end], "Send today's update") {
		t.Errorf("the morning page does not ask for the main office's update alone:\n%s", page)
	}
}

// The morning page and the board name the zone of times on the clock of
// an office in another zone than the viewer's first office; a viewer of
// that office alone reads them as before, without a zone.
func TestPagesNameOtherOfficesZones(t *testing.T) {
	t.Parallel()
	b := setupPages(t) // signing in needs the real time
	z := seedTwoZones(t, b)
	// within returns the part of page from the first anchor on.
	within := func(page, anchor string) string {
		i := strings.Index(page, anchor)
		if i < 0 {
			return ""
		}
		return page[i:min(len(page), i+1500)]
	}
	check := func(who string, want map[string]string) {
		t.Helper()
		morning := html.UnescapeString(b.get(t, "/morning", http.StatusOK))
		board := html.UnescapeString(b.get(t, "/", http.StatusOK))
		for job, clock := range want {
			if !strings.Contains(within(morning, "<strong>"+job+"</strong>"), clock+")") {
				t.Errorf("%s: the morning page's %s does not say it is due %q:\n%s", who, job, clock, within(morning, job))
			}
			if !strings.Contains(within(board, "<strong>"+job+"</strong></a> Photos"), clock+"</time>") {
				t.Errorf("%s: the board's request of %s is not due %q:\n%s", who, job, clock, within(board, job))
			}
		}
	}
	check("a viewer of both offices", map[string]string{
		"26-1001-WTR": z.due.UTC().Format("15:04"),
		"26-2001-WTR": z.due.In(z.west).Format("15:04 MST"),
	})
	if _, err := b.sql.Exec(context.Background(), `DELETE FROM user_offices WHERE user_id = $1 AND office_id = $2`,
		z.viewer, storage.DefaultOfficeID); err != nil {
		t.Fatal(err)
	}
	check("a viewer of West alone", map[string]string{"26-2001-WTR": z.due.In(z.west).Format("15:04")})
}

// twoZones is what seedTwoZones made.
type twoZones struct {
	viewer int64          // the signed-in user, of both offices
	west   *time.Location // the West office's zone
	due    time.Time      // when each claim's request is due
}

// seedTwoZones adds a West office in Los Angeles' zone (the configured one
// is UTC), gives the signed-in user a role in it too, and an open claim in
// each office, 26-1001-WTR and 26-2001-WTR, with a request for photos due
// in an hour.
func seedTwoZones(t *testing.T, b *pageBundle) twoZones {
	t.Helper()
	ctx := context.Background()
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	west, viewer := coordinatedOffice(t, b, storage.Office{Slug: "west", Name: "West", TimeZone: la.String()})
	due := b.clock.Now().Add(time.Hour).Truncate(time.Minute)
	for _, job := range []string{"26-1001-WTR", "26-2001-WTR"} {
		claim := b.addClaim(t, claimSeed{Job: job, Number: job, Insured: "Insured " + job, Status: "open"})
		msg := b.addMessage(t, msgSeed{Subject: "Photos for " + job, ClaimID: claim, Status: "filed"})
		if _, err := b.sql.Exec(ctx, `INSERT INTO requests (claim_id, message_id, from_addr, doc_types, text, asked_at, due_at, office_id)
			VALUES ($1, $2, 'adjuster@carrier.example', '{photo}', 'Send the photos', $3, $4, 1)`,
			claim, msg, b.clock.Now(), due); err != nil {
			t.Fatal(err)
		}
		if job == "26-2001-WTR" {
			if _, err := b.sql.Exec(ctx, `UPDATE claims SET office_id = $2 WHERE id = $1`, claim, west.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	return twoZones{viewer: viewer, west: la, due: due}
}

// coordinatedOffice creates office beside the default one, with office
// rules on, and makes the signed-in user its coordinator; it returns the
// office and the user's id.
func coordinatedOffice(t *testing.T, b *pageBundle, office storage.Office) (storage.Office, int64) {
	t.Helper()
	ctx := context.Background()
	created, err := b.db.CreateOffice(ctx, office)
	if err != nil {
		t.Fatal(err)
	}
	withOfficeRules(t, b)
	user, err := b.db.GetUserByEmail(ctx, b.email)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetOfficeRole(ctx, user.ID, created.ID, storage.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	return created, user.ID
}
