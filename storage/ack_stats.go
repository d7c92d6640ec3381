package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// AckStatsBy names how acknowledgment statistics are grouped.
type AckStatsBy string

// Groupings of acknowledgment statistics.
const (
	AckStatsByDay      AckStatsBy = "day"      // the office's calendar day the message arrived
	AckStatsByCarrier  AckStatsBy = "carrier"  // the claim's carrier
	AckStatsByAdjuster AckStatsBy = "adjuster" // the claim's adjuster
)

// AckStatsGroup is how acknowledgments went for one group of messages.
type AckStatsGroup struct {
	Key          string `json:"key"`
	Owed         int    `json:"owed"`         // messages that needed an acknowledgment
	Acknowledged int    `json:"acknowledged"` // of which acknowledged
	Overdue      int    `json:"overdue"`      // of which past due and still waiting
	OnTime       int    `json:"on_time"`      // acknowledged within the target
	// NotNeeded counts the messages marked as needing no answer after all:
	// in none of the other figures.
	NotNeeded  int      `json:"not_needed"`
	P50Minutes *float64 `json:"p50_business_minutes"`
	P90Minutes *float64 `json:"p90_business_minutes"`
	// OnTimeShare is OnTime over the messages whose outcome is known
	// (acknowledged, or overdue); nil when there are none.
	OnTimeShare *float64 `json:"on_time_share"`
}

// AckStats groups the acknowledgment outcomes of the offices' messages that
// arrived since the given time, as seen at now, against a target in business
// minutes; days are the office's, in loc.
func (db *DB) AckStats(ctx context.Context, offices Offices, by AckStatsBy, since, now time.Time, target int, loc *time.Location) ([]AckStatsGroup, error) {
	key := map[AckStatsBy]string{
		AckStatsByDay:      `to_char(` + arrivedAt + ` AT TIME ZONE $4, 'YYYY-MM-DD')`,
		AckStatsByCarrier:  `coalesce(nullif(c.carrier, ''), '(no claim)')`,
		AckStatsByAdjuster: `coalesce(nullif(c.adjuster_name, ''), nullif(c.adjuster_email, ''), '(no claim)')`,
	}[by]
	if key == "" {
		return nil, fmt.Errorf("group acknowledgments by %q: want day, carrier or adjuster", by)
	}
	rows, err := db.pool.Query(ctx, `
		SELECT `+key+` AS key, count(*) FILTER (WHERE m.ack_source <> 'not_needed'),
		       count(m.acknowledged_at) FILTER (WHERE m.ack_source <> 'not_needed'),
		       count(*) FILTER (WHERE m.acknowledged_at IS NULL AND m.ack_due_at <= $2),
		       -- on time by the deadline, to the second; without one, by the target
		       count(*) FILTER (WHERE m.acknowledged_at <= m.ack_due_at
		                           OR (m.ack_due_at IS NULL AND m.ack_business_minutes <= $3)),
		       percentile_cont(0.5) WITHIN GROUP (ORDER BY m.ack_business_minutes),
		       percentile_cont(0.9) WITHIN GROUP (ORDER BY m.ack_business_minutes),
		       count(*) FILTER (WHERE m.ack_source = 'not_needed')
		FROM messages m LEFT JOIN claims c ON c.id = m.claim_id
		WHERE m.direction = 'in' AND m.needs_ack AND `+arrivedAt+` >= $1
		  AND $4::text <> ''  -- the time zone, used by the day grouping
		  AND ($5::bigint[] IS NULL OR m.office_id = ANY($5))
		GROUP BY 1 ORDER BY 1`, since, now, target, loc.String(), offices.sqlIDs())
	if err != nil {
		return nil, fmt.Errorf("acknowledgment statistics: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (AckStatsGroup, error) {
		var g AckStatsGroup
		err := r.Scan(&g.Key, &g.Owed, &g.Acknowledged, &g.Overdue, &g.OnTime, &g.P50Minutes, &g.P90Minutes, &g.NotNeeded)
		if known := g.Acknowledged + g.Overdue; known > 0 {
			share := float64(g.OnTime) / float64(known)
			g.OnTimeShare = &share
		}
		return g, err
	})
}
