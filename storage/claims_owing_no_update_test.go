package storage_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// TestClaimsOwingNoUpdate: the claims owing no update today are the open
// ones without an adjuster and those started since the office opened,
// whether their start was kept by a refresh or they still wait for one;
// a closed claim, another office's and one started before are not, and a
// coordinator sees their own claims alone.
func TestClaimsOwingNoUpdate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, sql := openDBAndSQL(t)
	west, err := db.CreateOffice(ctx, storage.Office{Slug: "west", Name: "West"})
	if err != nil {
		t.Fatal(err)
	}
	open := time.Date(2026, 4, 6, 8, 0, 0, 0, time.UTC)
	add := func(job, adjuster string, office int64, opened time.Time) int64 {
		t.Helper()
		c, err := db.CreateClaim(ctx, storage.Claim{JobNumber: job, OfficeID: office, AdjusterName: adjuster}, "", opened, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sql.Exec(ctx, `UPDATE claims SET created_at = $2 WHERE id = $1`, c.ID, opened); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	yesterday, today := open.Add(-20*time.Hour), open.Add(2*time.Hour)
	noAdjuster := add("26-1001-WTR", "", storage.DefaultOfficeID, yesterday)
	owes := add("26-1002-WTR", "Ann Adjuster", storage.DefaultOfficeID, yesterday)
	startedToday := add("26-1003-WTR", "Ann Adjuster", storage.DefaultOfficeID, today)
	closed := add("26-1004-WTR", "", storage.DefaultOfficeID, yesterday)
	add("26-1005-WTR", "", west.ID, yesterday)
	if _, err := sql.Exec(ctx, `UPDATE claims SET status = 'closed' WHERE id = $1`, closed); err != nil {
		t.Fatal(err)
	}
	lost := add("26-1007-WTR", "Ann Adjuster", storage.DefaultOfficeID, yesterday)
	rules := storage.AlertRules{Calendar: sla.NewCalendar(time.UTC, sla.AlwaysOpen()), Milestones: sla.DefaultRules()}
	if _, err := db.RefreshAllClaimAlerts(ctx, rules, 10); err != nil {
		t.Fatal(err)
	}
	// after the refresh: a claim opened today, still queued for one, and
	// one whose adjuster was taken off
	queuedToday := add("26-1006-WTR", "Ann Adjuster", storage.DefaultOfficeID, today)
	var queued bool
	if err := sql.QueryRow(ctx, `SELECT EXISTS (SELECT FROM claim_alerts_stale WHERE claim_id = $1)`, queuedToday).Scan(&queued); err != nil || !queued {
		t.Fatalf("the claim opened after the refresh is not queued for one (%v)", err)
	}
	if _, err := sql.Exec(ctx, `UPDATE claims SET adjuster_name = '' WHERE id = $1`, lost); err != nil {
		t.Fatal(err)
	}
	if _, err := sql.Exec(ctx, `INSERT INTO claim_participants (claim_id, role, name, email) VALUES ($1, 'coordinator', 'Ana', 'ana@office.example')`, startedToday); err != nil {
		t.Fatal(err)
	}
	ids := func(offices storage.Offices) []int64 {
		t.Helper()
		claims, err := db.ClaimsOwingNoUpdate(ctx, offices, open, 10)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, c := range claims {
			out = append(out, c.ID)
		}
		return out
	}
	if got, want := ids(storage.OnlyOffices(storage.DefaultOfficeID)), []int64{queuedToday, lost, startedToday, noAdjuster}; !slices.Equal(got, want) {
		t.Errorf("owing no update: %v, want %v (not %d, owing one)", got, want, owes)
	}
	if got, want := ids(storage.OnlyOffices(storage.DefaultOfficeID).CoordinatedBy("Ana@office.example")), []int64{startedToday}; !slices.Equal(got, want) {
		t.Errorf("a coordinator's: %v, want %v", got, want)
	}
}
