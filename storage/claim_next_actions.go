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
	// The claims are ranked by their first deadline alone, one row each in
	// claim_alert_firsts: only the claims shown have their alerts and names
	// read.
	rows, err := db.pool.Query(ctx, `
		WITH shown AS (
			SELECT claim_id, first_due, count(*) OVER () AS total
			FROM claim_alert_firsts
			WHERE shows_from <= $1 AND shows_until > $1 AND ($3::bigint[] IS NULL OR office_id = ANY($3))
			ORDER BY first_due NULLS LAST, claim_id
			LIMIT $2
		)
		SELECT s.claim_id, c.office_id, c.job_number, c.claim_number, c.insured_name,
		       array_agg(a.milestone ORDER BY a.due_at NULLS LAST, a.rank),
		       array_agg(a.due_at ORDER BY a.due_at NULLS LAST, a.rank),
		       array_agg(a.message ORDER BY a.due_at NULLS LAST, a.rank),
		       s.total
		FROM shown s
		JOIN claims c ON c.id = s.claim_id
		JOIN claim_alerts a ON a.claim_id = s.claim_id AND a.shows_from <= $1 AND a.shows_until > $1
		GROUP BY s.claim_id, s.first_due, s.total, c.office_id, c.job_number, c.claim_number, c.insured_name
		ORDER BY s.first_due NULLS LAST, s.claim_id`, customPlan, now.Truncate(time.Microsecond), limit, offices.sqlIDs())
	if err != nil {
		return nil, 0, fmt.Errorf("claim alerts by claim: %w", err)
	}
	var (
		out      []ClaimAlerts
		c        ClaimAlerts
		names    []string
		dues     []*time.Time
		messages []string
		total    int
	)
	_, err = pgx.ForEachRow(rows, []any{&c.ClaimID, &c.OfficeID, &c.JobNumber, &c.ClaimNumber, &c.InsuredName, &names, &dues, &messages, &total}, func() error {
		c.Alerts = make([]sla.Alert, len(names))
		for i, name := range names {
			t := sla.TimedAlert{Milestone: sla.MilestoneName(name), Message: messages[i]}
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
