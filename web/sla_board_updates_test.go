package web

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestBoardMissingUpdatesMatchesCalendar checks the database's pick of the
// claims missing today's update against the calendar's own reckoning, claim
// by claim, on claims opened at all sorts of times (from an assignment, by
// import, before and after the office opened, on a weekend) with updates
// scattered over two weeks, some of them after the time asked; at several
// times of the week, open and closed.
func TestBoardMissingUpdatesMatchesCalendar(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	rnd := rand.New(rand.NewPCG(1, 2))
	wed := apiNow(b.loc) // Wednesday 15:00
	fileTo := func(message, claim int64) {
		t.Helper()
		if _, err := b.sql.Exec(ctx, `UPDATE messages SET claim_id = $2, status = 'filed' WHERE id = $1`, message, claim); err != nil {
			t.Fatal(err)
		}
	}
	cut := false // some case must have more claims than it shows
	for i := range 60 {
		created := wed.Add(-time.Duration(rnd.IntN(14*24*60)) * time.Minute)
		id := b.addClaim(t, storage.Claim{JobNumber: fmt.Sprintf("26-%04d-WTR", 2000+i), InsuredName: fmt.Sprintf("Insured %d", i),
			AdjusterName: "Dana Reyes", AdjusterEmail: "dreyes@carrier.example", Status: "open"})
		if _, err := b.sql.Exec(ctx, `UPDATE claims SET created_at = $2 WHERE id = $1`, id, created); err != nil {
			t.Fatal(err)
		}
		switch i % 4 {
		case 0: // from an assignment that arrived some time before
			m := b.addMessage(t, testMessage{from: "xa@carrier.example", subject: "assignment",
				arrived: created.Add(-time.Duration(rnd.IntN(3*24*60)) * time.Minute)})
			fileTo(m, id)
			if _, err := b.sql.Exec(ctx, `UPDATE claims SET source_message_id = $2 WHERE id = $1`, id, m); err != nil {
				t.Fatal(err)
			}
		case 1: // imported after its first mail came
			fileTo(b.addMessage(t, testMessage{from: "adj@carrier.example", subject: "first",
				arrived: created.Add(-time.Duration(rnd.IntN(5*24*60)) * time.Minute)}), id)
		case 2: // a claim of the last weeks, no mail
		case 3:
			if _, err := b.sql.Exec(ctx, `UPDATE claims SET status = 'closed' WHERE id = $1`, id); err != nil {
				t.Fatal(err)
			}
		}
		for range rnd.IntN(8) {
			at := wed.Add(time.Duration(rnd.IntN(16*24*60)-13*24*60) * time.Minute)
			if err := b.db.AddClaimNote(ctx, id, "ana@smrestore.example", "update", at); err != nil {
				t.Fatal(err)
			}
		}
	}

	// First with every claim's start still to be worked out, then with
	// the starts and latest updates the alerts' refresh keeps; then after
	// updates recorded and removed since that refresh, which queue their
	// claims again; then refreshed once more.
	refresh := func() {
		t.Helper()
		if _, err := b.db.RefreshAllClaimAlerts(ctx, storage.AlertRules{Calendar: b.cal}, 25); err != nil {
			t.Fatal(err)
		}
	}
	checkMissingUpdates(t, b, wed, &cut, "queued")
	refresh()
	checkMissingUpdates(t, b, wed, &cut, "refreshed")
	missing, _ := referenceMissingUpdates(t, b, wed, 100)
	if len(missing) < 2 {
		t.Fatalf("%d claims missing an update at %s, want at least 2 to change", len(missing), wed)
	}
	if err := b.db.AddClaimNote(ctx, missing[0].ClaimID, "ana@smrestore.example", "called the adjuster", wed.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	// The latest update of a claim that has some goes away.
	var gone int64
	if err := b.sql.QueryRow(ctx, `
		DELETE FROM claim_updates WHERE id = (
			SELECT id FROM claim_updates WHERE claim_id = (SELECT claim_id FROM claim_starts WHERE last_update_at IS NOT NULL ORDER BY claim_id LIMIT 1)
			ORDER BY at DESC LIMIT 1)
		RETURNING claim_id`).Scan(&gone); err != nil {
		t.Fatal(err)
	}
	var queued int
	if err := b.sql.QueryRow(ctx, `SELECT count(*) FROM claim_alerts_stale WHERE claim_id IN ($1, $2)`, missing[0].ClaimID, gone).Scan(&queued); err != nil {
		t.Fatal(err)
	}
	if queued != 2 {
		t.Errorf("%d of the 2 claims whose updates changed are queued, want both", queued)
	}
	checkMissingUpdates(t, b, wed, &cut, "updated")
	refresh()
	checkMissingUpdates(t, b, wed, &cut, "updated+refreshed")
	if !cut {
		t.Error("no case had more claims missing an update than it shows")
	}
}

// checkMissingUpdates compares the board's claims missing today's update
// with referenceMissingUpdates at several times around wed.
func checkMissingUpdates(t *testing.T, b *apiBundle, wed time.Time, cut *bool, phase string) {
	// The board is read as an operator's token would: every office.
	ctx := context.WithValue(context.Background(), scopeKey{}, scope{all: true})
	for _, now := range []time.Time{
		wed,                                   // Wednesday afternoon
		wed.Add(-8 * time.Hour),               // Wednesday 07:00, before opening
		wed.Add(4 * time.Hour),                // Wednesday 19:00, after closing
		wed.Add(3 * 24 * time.Hour),           // Saturday: closed
		wed.Add(5*24*time.Hour - 5*time.Hour), // Monday 10:00
	} {
		for _, limit := range []int{3, 100} {
			t.Run(fmt.Sprintf("%s/%s/limit=%d", phase, now.In(b.loc).Format("Mon_15:04"), limit), func(t *testing.T) {
				want, wantTotal := referenceMissingUpdates(t, b, now, limit)
				*cut = *cut || wantTotal > limit
				got := slaBoard{MissingUpdates: []missingUpdateItem{}}
				today := b.cal.DateOf(now).AddDays(-slaUpdateLookback)
				since := time.Date(today.Year, today.Month, today.Day, 0, 0, 0, 0, b.loc)
				if err := b.srv.boardMissingUpdates(ctx, &got, now, since, limit); err != nil {
					t.Fatal(err)
				}
				if got.MissingUpdatesTotal != wantTotal {
					t.Errorf("total %d, want %d", got.MissingUpdatesTotal, wantTotal)
				}
				if !reflect.DeepEqual(got.MissingUpdates, want) {
					t.Errorf("got\n%+v\nwant\n%+v", got.MissingUpdates, want)
				}
			})
		}
	}
}

// referenceMissingUpdates works out the board's claims missing today's
// update as the calendar does, reading every open claim.
func referenceMissingUpdates(t *testing.T, b *apiBundle, now time.Time, limit int) ([]missingUpdateItem, int) {
	t.Helper()
	ctx := context.Background()
	cal := b.cal
	today := cal.DateOf(now)
	lookback := today.AddDays(-slaUpdateLookback)
	since := time.Date(lookback.Year, lookback.Month, lookback.Day, 0, 0, 0, 0, b.loc)
	claims, err := b.db.ListClaims(ctx, storage.ClaimFilter{Status: "open", Offices: storage.AllOffices})
	if err != nil {
		t.Fatal(err)
	}
	out := []missingUpdateItem{}
	openedAt := map[int64]time.Time{}
	for _, c := range claims {
		facts, err := b.db.ClaimFacts(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := b.db.ClaimUpdateRows(ctx, c.ID, time.Time{}, 1000)
		if err != nil {
			t.Fatal(err)
		}
		var updates []time.Time
		var last *time.Time
		for _, u := range rows {
			if !u.At.Before(since) {
				updates = append(updates, u.At)
			}
			if u.At.After(now) {
				continue // not yet, at now
			}
			if last == nil || u.At.After(*last) {
				at := u.At
				last = &at
			}
		}
		opened := latestTime(facts.OpenedAt, since)
		it, ok := missingUpdateOf(cal.DailyUpdates(opened, nil, updates, now, 0), today)
		if !ok {
			continue
		}
		it.ClaimID, it.OfficeID, it.JobNumber, it.ClaimNumber, it.InsuredName = c.ID, c.OfficeID, c.JobNumber, c.ClaimNumber, c.InsuredName
		it.AdjusterName, it.AdjusterEmail, it.LastUpdateAt = c.AdjusterName, c.AdjusterEmail, last
		out = append(out, it)
		openedAt[c.ID] = facts.OpenedAt
	}
	// Longest without an update first: never updated, the longest open
	// first; then by the latest update.
	slices.SortFunc(out, func(a, b missingUpdateItem) int {
		switch {
		case a.LastUpdateAt == nil && b.LastUpdateAt == nil:
			return cmp.Or(openedAt[a.ClaimID].Compare(openedAt[b.ClaimID]), cmp.Compare(a.ClaimID, b.ClaimID))
		case a.LastUpdateAt == nil:
			return -1
		case b.LastUpdateAt == nil:
			return 1
		}
		return cmp.Or(a.LastUpdateAt.Compare(*b.LastUpdateAt), openedAt[a.ClaimID].Compare(openedAt[b.ClaimID]),
			cmp.Compare(a.ClaimID, b.ClaimID))
	})
	return out[:min(limit, len(out))], len(out)
}

// TestBoardUpdateRowsSayWhenAndWhatCameIn words each claim owing today's
// update by its facts: when it was last updated, in days, or that it never
// was, and what came in since then (so far, for a claim never updated),
// never "since the last update" of a claim that had none.
func TestBoardUpdateRowsSayWhenAndWhatCameIn(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour))
	ctx := context.Background()
	now := b.clock.Now()
	claim := func(job, insured string) int64 {
		return b.addClaim(t, claimSeed{Job: job, Number: "N-" + job, Insured: insured, Adjuster: "Ann Adjuster",
			AdjusterEmail: "ann@carrier.example", Opened: now.Add(-5 * 24 * time.Hour)})
	}
	note := func(id int64, at time.Time) {
		if err := b.db.AddClaimNote(ctx, id, "dana@office.example", "readings taken", at); err != nil {
			t.Fatal(err)
		}
	}
	neverWithNews := claim("26-1001-WTR", "Ellen Ripley")
	for i := range 2 {
		b.addDocument(t, neverWithNews, docSeed{Filename: fmt.Sprintf("IMG_%d.jpg", i), ContentType: "image/jpeg", DocType: "photo",
			Folder: "Photos", Data: []byte(fmt.Sprintf("\xff\xd8\xff\xe0 photo %d", i)), Received: now.Add(-time.Hour)})
	}
	b.addMessage(t, msgSeed{Subject: "Photos", ClaimID: neverWithNews, Status: "filed", Arrived: now.Add(-time.Hour)})
	never := claim("26-1002-WTR", "Dwayne Hicks")
	quiet := claim("26-1003-WTR", "Carter Burke")
	note(quiet, now.Add(-3*24*time.Hour))
	b.addMessage(t, msgSeed{Subject: "Before the update", ClaimID: quiet, Status: "filed", Arrived: now.Add(-4 * 24 * time.Hour)})
	yesterday := claim("26-1004-WTR", "Rebecca Jorden")
	note(yesterday, now.Add(-24*time.Hour))
	b.addMessage(t, msgSeed{Subject: "Since the update", ClaimID: yesterday, Status: "filed", Arrived: now.Add(-2 * time.Hour)})

	body := b.get(t, "/", http.StatusOK)
	for _, c := range []struct {
		id          int64
		last, facts string
	}{
		{neverWithNews, "never updated", "No work recorded yet · so far: Photos (2), 1 message"},
		{never, "never updated", "No work recorded yet · no mail or documents yet"},
		{quiet, "last update 3 days ago, <time", "No work recorded yet · no mail or documents since the last update"},
		{yesterday, "last update yesterday, <time", "No work recorded yet · since the last update: 1 message"},
	} {
		row := between(t, body, fmt.Sprintf(`id="update-%d"`, c.id), "</li>")
		if !strings.Contains(between(t, row, `class="meta"`, "</div>"), c.last) {
			t.Errorf("claim %d's row does not say %q:\n%s", c.id, c.last, row)
		}
		if facts := between(t, row, `class="update-facts"`, "</div>"); !strings.HasSuffix(facts, ">"+c.facts) {
			t.Errorf("claim %d's facts %q, want %q", c.id, facts, c.facts)
		}
	}
}
