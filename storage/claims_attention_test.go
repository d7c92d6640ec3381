package storage_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// Sorted by attention, claims come overdue first, then due soon (an alert
// showing, or the day's update owed), then the rest, newest first within
// each, and a page continues where the last one ended.
func TestListClaimsByAttentionPages(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	pool := storage.PoolOf(db)
	now := time.Now().UTC().Truncate(time.Microsecond)
	ids := map[string]int64{}
	for _, job := range []string{"26-3001-OVD", "26-3002-OKK", "26-3003-ALR", "26-3004-UPD", "26-3005-OKK"} {
		ids[job] = saveClaim(t, db, storage.Claim{JobNumber: job, Status: "open", AdjusterName: "Ann Adjuster"}).ID
	}
	alert := func(claim int64, due *time.Time) {
		t.Helper()
		if _, err := pool.Exec(ctx, `INSERT INTO claim_alerts (claim_id, office_id, milestone, rank, shows_from, due_at, message)
			VALUES ($1, (SELECT office_id FROM claims WHERE id = $1), 'drying_log', 1, $2, $3, 'Drying log')`, claim, now.Add(-time.Hour), due); err != nil {
			t.Fatal(err)
		}
	}
	past, later := now.Add(-time.Minute), now.Add(2*time.Hour)
	alert(ids["26-3001-OVD"], &past)
	alert(ids["26-3003-ALR"], &later)
	// Work without a deadline (a signature to verify) is to do: no
	// attention of its own.
	alert(ids["26-3005-OKK"], nil)
	if err := storage.DeriveAlertFirsts(ctx, db); err != nil {
		t.Fatal(err)
	}
	// Today began after every claim was made but one, which is made older.
	today := &storage.UpdateDay{Open: now.Add(-time.Hour), Start: now.Add(-2 * time.Hour), End: now.Add(22 * time.Hour)}
	if _, err := pool.Exec(ctx, `UPDATE claims SET created_at = created_at + interval '1 day' WHERE id <> $1`, ids["26-3004-UPD"]); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE claims SET created_at = $2 WHERE id = $1`, ids["26-3004-UPD"], now.Add(-48*time.Hour)); err != nil {
		t.Fatal(err)
	}

	want := []string{"26-3001-OVD", "26-3004-UPD", "26-3003-ALR", "26-3005-OKK", "26-3002-OKK"}
	wantAttention := []int{2, 1, 1, 0, 0}
	f := storage.ClaimFilter{Sort: storage.ClaimSortAttention, Now: now, Today: today, Limit: 2, Offices: storage.AllOffices}
	var got []string
	for page := 0; page < 5; page++ {
		claims, err := db.ListClaims(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(claims) == 0 {
			break
		}
		for _, c := range claims {
			got = append(got, c.JobNumber)
		}
		last := claims[len(claims)-1]
		f.AfterID, f.AfterAttention = last.ID, wantAttention[len(got)-1]
	}
	if len(got) != len(want) {
		t.Fatalf("pages hold %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("pages hold %v, want %v", got, want)
		}
	}
}

// Claims of offices on different clocks owe their update on their own
// office's day: at the same moment one office has closed with the update
// still owed and the other has hours to go.
func TestListClaimsByAttentionOnEachOfficesDay(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Microsecond)
	west, err := db.CreateOffice(ctx, storage.Office{Slug: "west", Name: "West", TimeZone: "America/Los_Angeles"})
	if err != nil {
		t.Fatal(err)
	}
	closed := saveClaim(t, db, storage.Claim{JobNumber: "26-3001-EST", Status: "open", AdjusterName: "Ann Adjuster"})
	open := saveClaim(t, db, storage.Claim{JobNumber: "26-3001-WST", Status: "open", OfficeID: west.ID, AdjusterName: "Bob Adjuster"})
	if _, err := storage.PoolOf(db).Exec(ctx, `UPDATE claims SET created_at = $1`, now.Add(-48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	eastDay := &storage.UpdateDay{Open: now.Add(-10 * time.Hour), Start: now.Add(-12 * time.Hour), End: now.Add(12 * time.Hour),
		SoonFrom: now.Add(-3 * time.Hour), Close: now.Add(-time.Hour)}
	westDay := &storage.UpdateDay{Open: now.Add(-time.Hour), Start: now.Add(-9 * time.Hour), End: now.Add(15 * time.Hour),
		SoonFrom: now.Add(5 * time.Hour), Close: now.Add(8 * time.Hour)}
	f := storage.ClaimFilter{Sort: storage.ClaimSortAttention, Now: now, Offices: storage.AllOffices,
		Days: []storage.OfficeDay{
			{Offices: storage.OnlyOffices(storage.DefaultOfficeID), Today: eastDay},
			{Offices: storage.OnlyOffices(west.ID), Today: westDay},
		}}
	jobs := func(f storage.ClaimFilter) []string {
		t.Helper()
		claims, err := db.ListClaims(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range claims {
			out = append(out, c.JobNumber)
		}
		return out
	}
	// Newest first would put West's claim first: East's is overdue.
	if got := jobs(f); !slices.Equal(got, []string{closed.JobNumber, open.JobNumber}) {
		t.Errorf("by attention on each office's day: %v", got)
	}
	if f.TodayOf(west.ID) != westDay || f.TodayOf(storage.DefaultOfficeID) != eastDay {
		t.Errorf("each office's day is not its own")
	}
	// On a day West does not open it owes nothing; East still does.
	f.Sort, f.Overdue, f.Days[1].Today = storage.ClaimSortNewest, true, nil
	if got := jobs(f); !slices.Equal(got, []string{closed.JobNumber}) {
		t.Errorf("overdue on each office's day: %v, want East's claim alone", got)
	}
}

// Sorted by attention, the alerts showing are read from each claim's
// first deadline (one row a claim at any instant), not from every alert:
// the sort works out the attention of every open claim.
func TestListClaimsByAttentionReadsFirstDeadlines(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	now := time.Now().UTC()
	f := storage.ClaimFilter{Status: "open", Sort: storage.ClaimSortAttention, Now: now, Limit: 51, Offices: storage.AllOffices,
		Today: &storage.UpdateDay{Open: now.Add(-time.Hour), Start: now.Add(-2 * time.Hour), End: now.Add(22 * time.Hour)}}
	query, args, err := storage.ListClaimsSQL(t.Context(), db, f)
	if err != nil {
		t.Fatal(err)
	}
	plan := explain(t, storage.PoolOf(db), query, args...)
	if !strings.Contains(plan, "claim_alert_firsts") || strings.Contains(plan, "on claim_alerts ") {
		t.Errorf("the attention sort does not read the claims' first deadlines alone:\n%s", plan)
	}
}
