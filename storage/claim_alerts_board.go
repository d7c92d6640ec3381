package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/sla"
)

// ClaimAlert is an alert of an open claim, as it stands at the time asked.
type ClaimAlert struct {
	ClaimID     int64
	OfficeID    int64
	JobNumber   string
	ClaimNumber string
	InsuredName string
	sla.Alert
}

// ClaimAlertsAt returns up to limit of the offices' alerts showing at now, as the
// last RefreshClaimAlerts worked them out: overdue first, then due soon,
// each soonest due first, then the work without a deadline; ties by claim,
// then in the order CheckClaim lists a claim's. It also returns how many
// show in all. Instants count to the microsecond, as the database keeps
// them.
func (db *DB) ClaimAlertsAt(ctx context.Context, offices Offices, now time.Time, limit int) ([]ClaimAlert, int, error) {
	at := now.Truncate(time.Microsecond)
	// At a given instant every overdue deadline comes before every one due
	// soon: the deadline alone orders them, and the index on it gives the
	// first few without reading the rest.
	rows, err := db.pool.Query(ctx, `
		SELECT a.claim_id, c.office_id, c.job_number, c.claim_number, c.insured_name, a.milestone, a.due_at, a.due_day, a.message
		FROM claim_alerts a JOIN claims c ON c.id = a.claim_id
		WHERE a.shows_from <= $1 AND a.shows_until > $1 AND ($3::bigint[] IS NULL OR a.office_id = ANY($3))
		  AND `+coordinatedOpenSQL("a.claim_id", "$4")+`
		ORDER BY a.due_at NULLS LAST, a.claim_id, a.rank
		LIMIT $2`, customPlan, at, limit, offices.sqlIDs(), offices.coordinatorArg())
	if err != nil {
		return nil, 0, fmt.Errorf("claim alerts: %w", err)
	}
	var (
		out  []ClaimAlert
		a    ClaimAlert
		name string
		due  *time.Time
	)
	_, err = pgx.ForEachRow(rows, []any{&a.ClaimID, &a.OfficeID, &a.JobNumber, &a.ClaimNumber, &a.InsuredName, &name, &due, &a.DueDay, &a.Message}, func() error {
		t := sla.TimedAlert{Milestone: sla.MilestoneName(name), DueDay: a.DueDay, Message: a.Message}
		if due != nil {
			t.Due = *due
		}
		a.Alert = t.At(now)
		out = append(out, a)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("claim alerts: %w", err)
	}
	total := len(out)
	if total == limit {
		err = db.pool.QueryRow(ctx, countShowingAlertsSQL, customPlan, at, offices.sqlIDs(), offices.coordinatorArg()).Scan(&total)
		if err != nil {
			return nil, 0, fmt.Errorf("count claim alerts: %w", err)
		}
	}
	return out, total, nil
}

// countShowingAlertsSQL counts the alerts of offices $2 (of coordinator
// $3 when not nil) showing at $1 from
// claim_alert_firsts_office_until_idx alone: one entry per claim with
// alerts showing, which says how many, and the range on shows_until leaves
// the past ones unread.
var countShowingAlertsSQL = `
	SELECT coalesce(sum(alerts), 0) FROM claim_alert_firsts
	WHERE shows_from <= $1 AND shows_until > $1 AND ($2::bigint[] IS NULL OR office_id = ANY($2))
	  AND ` + coordinatedOpenSQL("claim_alert_firsts.claim_id", "$3")
