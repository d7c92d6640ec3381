package migrations_test

import (
	"context"
	"slices"
	"testing"

	"github.com/claimdesk/claimdesk/migrations"
)

// Migration 48 works out the first deadlines of the alerts already stored:
// one row per stretch of time in which a claim's showing alerts stay the
// same, none where none shows, with the earliest deadline among them and
// their number.
func TestClaimAlertFirstsMigrationWorksOutStoredAlerts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDBAt(t, 46)
	if _, err := db.ExecContext(ctx, `
		INSERT INTO claims (id, job_number, office_id) OVERRIDING SYSTEM VALUE VALUES (1, '26-1001-WTR', 1), (2, '26-1002-WTR', 1), (3, '26-1003-WTR', 1);
		INSERT INTO claim_alerts (claim_id, office_id, milestone, rank, shows_from, shows_until, due_at, message)
		VALUES (1, 1, 'first_docs', 1, '2026-03-01Z', '2026-03-05Z', '2026-03-03Z', ''),
		       (1, 1, 'paperwork', 4, '2026-03-02Z', 'infinity', '2026-03-10Z', ''),
		       (1, 1, 'signatures', 3, '2026-03-04Z', '2026-03-06Z', NULL, ''),
		       (2, 1, 'signatures', 3, '-infinity', '2026-03-02Z', NULL, ''),
		       (3, 1, 'first_docs', 1, '2026-03-01Z', '2026-03-02Z', '2026-03-02Z', ''),
		       (3, 1, 'paperwork', 4, '2026-03-03Z', '2026-03-04Z', '2026-03-05Z', '')`); err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
	got := dbStrings(t, db, `
		SELECT format('%s %s..%s %s %s', claim_id, to_char(shows_from AT TIME ZONE 'UTC', 'MM-DD'),
		              to_char(shows_until AT TIME ZONE 'UTC', 'MM-DD'), coalesce(to_char(first_due AT TIME ZONE 'UTC', 'MM-DD'), '-'), alerts)
		FROM claim_alert_firsts ORDER BY claim_id, shows_from`)
	want := []string{
		"1 03-01..03-02 03-03 1",
		"1 03-02..03-04 03-03 2",
		"1 03-04..03-05 03-03 3",
		"1 03-05..03-06 03-10 2",
		"1 03-06.. 03-10 1",
		"2 ..03-02 - 1",
		"3 03-01..03-02 03-02 1",
		"3 03-03..03-04 03-05 1",
	}
	if !slices.Equal(got, want) {
		t.Errorf("first deadlines:\n%q\nwant\n%q", got, want)
	}
}
