package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/sla"
)

// ClaimAlerts are the alerts of one claim showing at an instant, its most
// urgent first: what to do next on it, and the rest behind it.
type ClaimAlerts struct {
	ClaimID     int64
	OfficeID    int64
	JobNumber   string
	ClaimNumber string
	InsuredName string
	Alerts      []sla.Alert
}

// ClaimAlertsByClaimAt returns up to limit claims of the offices with alerts showing at
// now, one entry per claim, ordered by their most urgent alert as
// ClaimAlertsAt orders alerts, and how many claims have alerts in all.
func (db *DB) ClaimAlertsByClaimAt(ctx context.Context, offices Offices, now time.Time, limit int) ([]ClaimAlerts, int, error) {
	rows, err := db.pool.Query(ctx, claimsByFirstDeadlineSQL, customPlan, now.Truncate(time.Microsecond), limit, offices.sqlIDs(), offices.coordinatorArg())
	if err != nil {
		return nil, 0, fmt.Errorf("claim alerts by claim: %w", err)
	}
	var (
		out      []ClaimAlerts
		c        ClaimAlerts
		names    []string
		dues     []*time.Time
		dueDays  []bool
		messages []string
		total    int
	)
	_, err = pgx.ForEachRow(rows, []any{&c.ClaimID, &c.OfficeID, &c.JobNumber, &c.ClaimNumber, &c.InsuredName, &names, &dues, &dueDays, &messages, &total}, func() error {
		c.Alerts = make([]sla.Alert, len(names))
		for i, name := range names {
			t := sla.TimedAlert{Milestone: sla.MilestoneName(name), DueDay: dueDays[i], Message: messages[i]}
			if dues[i] != nil {
				t.Due = *dues[i]
			}
			c.Alerts[i] = t.At(now)
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("claim alerts by claim: %w", err)
	}
	return out, total, nil
}

// AlertsOfClaimsAt returns the alerts of the claims ids showing at now, by
// claim, most urgent first as ClaimAlertsByClaimAt orders them: a page of
// claims reads its own alerts, not those of every claim of the offices.
func (db *DB) AlertsOfClaimsAt(ctx context.Context, ids []int64, now time.Time) (map[int64][]sla.Alert, error) {
	out := map[int64][]sla.Alert{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT claim_id, milestone, due_at, due_day, message FROM claim_alerts
		WHERE claim_id = ANY($1) AND shows_from <= $2 AND shows_until > $2
		ORDER BY claim_id, due_at NULLS LAST, rank`, ids, now.Truncate(time.Microsecond))
	if err != nil {
		return nil, fmt.Errorf("alerts of claims: %w", err)
	}
	var (
		claim   int64
		name    string
		due     *time.Time
		dueDay  bool
		message string
	)
	_, err = pgx.ForEachRow(rows, []any{&claim, &name, &due, &dueDay, &message}, func() error {
		t := sla.TimedAlert{Milestone: sla.MilestoneName(name), DueDay: dueDay, Message: message}
		if due != nil {
			t.Due = *due
		}
		out[claim] = append(out[claim], t.At(now))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("alerts of claims: %w", err)
	}
	return out, nil
}

// claimsByFirstDeadlineSQL ranks the claims of offices $3 (nil: all; of
// coordinator $4 when not nil) with
// alerts showing at $1 by their first deadline, reads the alerts and names
// of the first $2, and counts the claims. The claims are ranked from
// claim_alert_firsts, one row each at any instant, read in that order from
// claim_alert_firsts_due_idx, and counted from
// claim_alert_firsts_office_until_idx alone.
var claimsByFirstDeadlineSQL = `
	WITH shown AS (
		SELECT claim_id, first_due
		FROM claim_alert_firsts
		WHERE shows_from <= $1 AND shows_until > $1 AND ($3::bigint[] IS NULL OR office_id = ANY($3))
		  AND ` + coordinatedOpenSQL("claim_alert_firsts.claim_id", "$4") + `
		ORDER BY first_due NULLS LAST, claim_id
		LIMIT $2
	), total AS (
		SELECT count(*) AS claims
		FROM claim_alert_firsts
		WHERE shows_from <= $1 AND shows_until > $1 AND ($3::bigint[] IS NULL OR office_id = ANY($3))
		  AND ` + coordinatedOpenSQL("claim_alert_firsts.claim_id", "$4") + `
	)
	SELECT s.claim_id, c.office_id, c.job_number, c.claim_number, c.insured_name,
	       array_agg(a.milestone ORDER BY a.due_at NULLS LAST, a.rank),
	       array_agg(a.due_at ORDER BY a.due_at NULLS LAST, a.rank),
	       array_agg(a.due_day ORDER BY a.due_at NULLS LAST, a.rank),
	       array_agg(a.message ORDER BY a.due_at NULLS LAST, a.rank),
	       (SELECT claims FROM total)
	FROM shown s
	JOIN claims c ON c.id = s.claim_id
	JOIN claim_alerts a ON a.claim_id = s.claim_id AND a.shows_from <= $1 AND a.shows_until > $1
	GROUP BY s.claim_id, s.first_due, c.office_id, c.job_number, c.claim_number, c.insured_name
	ORDER BY s.first_due NULLS LAST, s.claim_id`
