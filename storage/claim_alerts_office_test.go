package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// A milestone deadline set for one office only is that office's claims'
// alone: the same claim opened at the same time in another office keeps the
// configured deadline. A change of an office's rules works its claims out
// again.
func TestClaimAlertsByTheirOfficesMilestones(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, sql := openDBAndSQL(t)
	west, err := db.CreateOffice(ctx, storage.Office{Slug: "west", Name: "West"})
	if err != nil {
		t.Fatal(err)
	}
	opened := time.Date(2026, 4, 6, 14, 0, 0, 0, time.UTC)
	claims := map[int64]int64{}
	for office, job := range map[int64]string{storage.DefaultOfficeID: "26-1001-WTR", west.ID: "26-2001-WTR"} {
		c, err := db.CreateClaim(ctx, storage.Claim{JobNumber: job, ClaimNumber: "C" + job, OfficeID: office}, "", opened, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sql.Exec(ctx, `UPDATE claims SET created_at = $2 WHERE id = $1`, c.ID, opened); err != nil {
			t.Fatal(err)
		}
		claims[office] = c.ID
	}
	cal := sla.NewCalendar(time.UTC, sla.AlwaysOpen())
	westRules := sla.DefaultRules()
	westRules.FirstDocs = 48 * time.Hour
	firstDocsDue := func(rules storage.AlertRules) map[int64]time.Time {
		t.Helper()
		if _, err := db.RefreshAllClaimAlerts(ctx, rules, 10); err != nil {
			t.Fatal(err)
		}
		due := map[int64]time.Time{}
		for office, id := range claims {
			var at time.Time
			if err := sql.QueryRow(ctx, `SELECT due_at FROM claim_alerts WHERE claim_id = $1 AND milestone = 'first_docs'`,
				id).Scan(&at); err != nil {
				t.Fatalf("first documents alert of claim %d: %v", id, err)
			}
			due[office] = at.UTC()
		}
		return due
	}
	configured := storage.AlertRules{Calendar: cal, Milestones: sla.DefaultRules()}
	due := firstDocsDue(configured)
	if !due[storage.DefaultOfficeID].Equal(opened.Add(24*time.Hour)) || !due[west.ID].Equal(opened.Add(24*time.Hour)) {
		t.Errorf("configured rules: first documents due %v, want 24 hours after opening in both offices", due)
	}
	own := configured
	own.Offices = map[int64]sla.OfficeRules{west.ID: {Calendar: cal, Milestones: westRules}}
	due = firstDocsDue(own)
	if !due[storage.DefaultOfficeID].Equal(opened.Add(24*time.Hour)) || !due[west.ID].Equal(opened.Add(48*time.Hour)) {
		t.Errorf("west's own first documents deadline: due %v, want 24 hours in the main office and 48 in west", due)
	}
}

// A claim moved to another office takes its alerts and its start along: the
// board of the office it left no longer lists it, and that of the office it
// joined does, before any refresh.
func TestClaimAlertsFollowTheirClaimToAnotherOffice(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, sql := openDBAndSQL(t)
	west, err := db.CreateOffice(ctx, storage.Office{Slug: "west", Name: "West"})
	if err != nil {
		t.Fatal(err)
	}
	opened := time.Date(2026, 4, 6, 14, 0, 0, 0, time.UTC)
	c, err := db.CreateClaim(ctx, storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "C-1001", OfficeID: storage.DefaultOfficeID, AdjusterName: "Ann Adjuster"}, "", opened, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sql.Exec(ctx, `UPDATE claims SET created_at = $2 WHERE id = $1`, c.ID, opened); err != nil {
		t.Fatal(err)
	}
	rules := storage.AlertRules{Calendar: sla.NewCalendar(time.UTC, sla.AlwaysOpen()), Milestones: sla.DefaultRules()}
	if _, err := db.RefreshAllClaimAlerts(ctx, rules, 10); err != nil {
		t.Fatal(err)
	}
	now := opened.Add(30 * time.Hour)
	week := storage.UpdateWeek{Now: now, Since: opened.Add(-24 * time.Hour),
		Today: storage.UpdateDay{Open: now.Add(-time.Hour), Start: now.Add(-time.Hour), End: now.Add(time.Hour)}}
	listed := func(office int64) (alerts, claims, missing int) {
		t.Helper()
		in := storage.OnlyOffices(office)
		_, alerts, err := db.ClaimAlertsAt(ctx, in, now, 1)
		if err != nil {
			t.Fatal(err)
		}
		_, claims, err = db.ClaimAlertsByClaimAt(ctx, in, now, 1)
		if err != nil {
			t.Fatal(err)
		}
		_, missing, err = db.ClaimsMissingUpdate(ctx, in, week, 1)
		if err != nil {
			t.Fatal(err)
		}
		return alerts, claims, missing
	}
	if alerts, claims, missing := listed(storage.DefaultOfficeID); alerts == 0 || claims != 1 || missing != 1 {
		t.Fatalf("before the move: %d alerts, %d claims with alerts, %d owing an update in the main office; want alerts on the claim",
			alerts, claims, missing)
	}
	if _, err := sql.Exec(ctx, `UPDATE claims SET office_id = $2 WHERE id = $1`, c.ID, west.ID); err != nil {
		t.Fatal(err)
	}
	if alerts, claims, missing := listed(storage.DefaultOfficeID); alerts+claims+missing != 0 {
		t.Errorf("the office the claim left: %d alerts, %d claims with alerts, %d owing an update; want none", alerts, claims, missing)
	}
	if alerts, claims, missing := listed(west.ID); alerts == 0 || claims != 1 || missing != 1 {
		t.Errorf("the office the claim joined: %d alerts, %d claims with alerts, %d owing an update; want the claim's", alerts, claims, missing)
	}
}
