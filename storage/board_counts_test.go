package storage_test

import (
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// The board's counts of incomplete records, of alerts showing and of the
// messages in triage (on every page) read their indexes alone, never a
// row: a default required field left out of claims_open_record_idx, or a
// count reading a column its index lacks, would visit every open claim,
// alert or message in triage again. The ranking of claims with
// paperwork due reads them in order from an index alone, and counts them
// from another; the claims missing today's update, and a coordinator's
// incomplete records, check their claims against indexes alone, and the
// claims owing no update read those without an adjuster from their own. Scans of the tables and sorts are switched off so that the
// plan shows whether the indexes can answer alone, whatever the few rows
// here would make the planner prefer; at scale it prefers the indexes
// (bench/RESULTS.md, runs CC and CD, PA and PB).
func TestBoardCountsReadOnlyTheirIndexes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := openDB(t)
	pool := storage.PoolOf(db)
	// open claims among many closed, as an office's years make them
	if _, err := pool.Exec(ctx, `INSERT INTO claims (job_number, office_id, status, insured_name, loss_address)
		SELECT '26-' || (2000 + n) || '-WTR', 1, CASE WHEN n % 10 = 0 THEN 'open' ELSE 'closed' END,
		       'Insured ' || n, n || ' Main St'
		FROM generate_series(1, 3000) n`); err != nil {
		t.Fatal(err)
	}
	// each open claim's first deadlines: a week past, this week's, and the
	// next week's
	if _, err := pool.Exec(ctx, `INSERT INTO claim_alert_firsts (claim_id, office_id, shows_from, shows_until, first_due, alerts)
		SELECT c.id, c.office_id, w.at, w.at + interval '7 days', w.at + interval '1 day', 2
		FROM claims c, unnest(ARRAY['2026-02-25Z', '2026-03-04Z', '2026-03-11Z']::timestamptz[]) AS w(at)
		WHERE c.status = 'open'`); err != nil {
		t.Fatal(err)
	}
	// The index of open claims by id answers as cheaply for these few:
	// without it the plan shows whether the record index answers alone.
	if _, err := pool.Exec(ctx, `DROP INDEX claims_open_idx`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `VACUUM ANALYZE claims, claim_alerts, claim_alert_firsts`); err != nil {
		t.Fatal(err)
	}
	required, err := sla.ParseRequiredFields(sla.DefaultRequiredFields)
	if err != nil {
		t.Fatal(err)
	}
	incomplete, incompleteArgs := storage.CountIncompleteClaimsSQL(storage.OnlyOffices(1), required)
	theirs, theirsArgs := storage.CountIncompleteClaimsSQL(storage.OnlyOffices(1).CoordinatedBy("ana@office.example"), required)
	now := time.Date(2026, 3, 4, 21, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name, query string
		indexes     []string
		args        []any
	}{
		{"incomplete records", incomplete, []string{"claims_open_record_idx"}, incompleteArgs},
		{"a coordinator's incomplete records", theirs, []string{"claims_open_record_idx", "claim_participants_open_coordinator_idx"}, theirsArgs},
		{"messages in triage", storage.CountTriageSQL, []string{"messages_triage_office_idx"}, []any{[]int64{1}}},
		{"alerts showing", storage.CountShowingAlertsSQL, []string{"claim_alert_firsts_office_until_idx"}, []any{now, []int64{1}, nil}},
		{"claims missing today's update", storage.ClaimsMissingUpdateSQL, []string{"claims_open_owing_updates_idx"},
			[]any{now.Add(-7 * 24 * time.Hour), now, now, now.Add(-8 * time.Hour), 50, []int64{1}, "ana@office.example"}},
		{"claims owing no update", storage.ClaimsOwingNoUpdateSQL, []string{"claims_open_no_adjuster_idx"},
			[]any{now.Add(-8 * time.Hour), []int64{1}, "ana@office.example", 5}},
		{"claims with paperwork", storage.ClaimsByFirstDeadlineSQL,
			[]string{"claim_alert_firsts_due_idx", "claim_alert_firsts_office_until_idx"}, []any{now, 50, []int64{1}, nil}},
	} {
		err := db.InTx(ctx, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off`); err != nil {
				return err
			}
			rows, err := tx.Query(ctx, `EXPLAIN `+c.query, c.args...)
			if err != nil {
				return err
			}
			plan, err := pgx.CollectRows(rows, pgx.RowTo[string])
			if err != nil {
				return err
			}
			for _, index := range c.indexes {
				if text := strings.Join(plan, "\n"); !strings.Contains(text, "Index Only Scan using "+index) {
					t.Errorf("%s: the plan does not read %s alone:\n%s", c.name, index, text)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
	}
}
