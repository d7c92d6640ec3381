package storage

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
)

// UpdateWeek is the stretch of office days over which the SLA board counts
// open claims' daily updates.
type UpdateWeek struct {
	// Now is the time asked about: later updates have not happened yet.
	Now time.Time
	// Since is the first midnight counted: a claim opened earlier counts
	// as opened then, so that older misses stay history.
	Since time.Time
	// Today is the office's business day of Now.
	Today UpdateDay
	// Earlier are the business days from Since to yesterday.
	Earlier []UpdateDay
}

// ClaimMissingUpdate is an open claim that owes today's update.
type ClaimMissingUpdate struct {
	Claim
	// OpenedAt is when the claim started, or UpdateWeek.Since if earlier.
	OpenedAt time.Time
	// Updates are the claim's updates since UpdateWeek.Since.
	Updates []time.Time
	// LastUpdateAt is the claim's latest update ever; nil if it had none.
	LastUpdateAt *time.Time
}

// customPlan, as a query's first argument, has Postgres plan the query for
// its arguments each time. A prepared statement (pgx prepares each query
// on each connection) may be switched to a generic plan after five runs,
// one made without the arguments: for the board's queries, whose best plan
// depends on how many days, updates or alerts the arguments take in, it
// can be many times slower.
const customPlan = pgx.QueryExecModeCacheDescribe

// maxUpdateWeekDays bounds UpdateWeek.Earlier: each day is a bit of a
// 32-bit mask, today included.
const maxUpdateWeekDays = 30

// ClaimsMissingUpdate returns up to limit open claims that were open when
// the office opened today and have no update yet today: those that went
// without on the most earlier days of w first, then by id. It also returns
// how many there are in all.
//
// When each claim started is read from claim_starts, kept by
// RefreshClaimAlerts for the open claims, and worked out here for the
// claims still queued for it, so that the answer never waits for a
// refresh: a claim opened, closed or changed since is queued.
func (db *DB) ClaimsMissingUpdate(ctx context.Context, w UpdateWeek, limit int) ([]ClaimMissingUpdate, int, error) {
	// The days are numbered from 0, today last: a claim's updated days are
	// a bit mask, bit i for day i.
	if len(w.Earlier) > maxUpdateWeekDays {
		return nil, 0, fmt.Errorf("claims missing today's update: %d earlier days, at most %d", len(w.Earlier), maxUpdateWeekDays)
	}
	opens, starts, ends := []time.Time{}, []time.Time{}, []time.Time{}
	for _, d := range append(slices.Clip(w.Earlier), w.Today) {
		opens, starts, ends = append(opens, d.Open), append(starts, d.Start), append(ends, d.End)
	}
	opens = opens[:len(w.Earlier)]
	today := len(w.Earlier)
	// A day owes an update when the claim was open when the office opened
	// that day: of the earlier days, those from the first that opened at or
	// after the claim's start, bit width_bucket(opened - 1µs, opens) and up.
	// The plan is made for the days at hand (customPlan).
	rows, err := db.Pool.Query(ctx, `
		WITH updated AS (
			SELECT u.claim_id, bit_or(1 << (d.i - 1)::int) AS days
			FROM unnest($5::timestamptz[], $6::timestamptz[]) WITH ORDINALITY AS d(day_start, day_end, i)
			JOIN claim_updates u ON u.at >= d.day_start AND u.at < d.day_end
			WHERE u.at >= $1 AND u.at <= $2
			GROUP BY u.claim_id
		), queued AS MATERIALIZED (
			-- apart, so that the start is worked out for the queued claims
			-- alone, never for a claim the queue then turns away
			SELECT c.id, `+claimOpenedAt+` AS opened_at
			FROM claim_alerts_stale q JOIN claims c ON c.id = q.claim_id
			WHERE c.status = 'open'
		), started AS (
			SELECT s.claim_id AS id, s.opened_at
			FROM claim_starts s
			-- NOT IN: read once into a hash, whatever the planner thinks of
			-- the queue's size (dead rows can make it much larger)
			WHERE s.claim_id NOT IN (SELECT q.claim_id FROM claim_alerts_stale q)
			UNION ALL
			SELECT id, opened_at FROM queued
		), owing AS (
			-- a claim that started before $1 counts as started then
			SELECT s.id, greatest($1, s.opened_at) AS opened, coalesce(x.days, 0) AS updated
			FROM started s LEFT JOIN updated x ON x.claim_id = s.id
			WHERE greatest($1, s.opened_at) <= $3 AND coalesce(x.days, 0) & (1 << $7) = 0
		)
		SELECT id, opened, count(*) OVER () FROM owing
		ORDER BY bit_count((((1 << $7) - (1 << width_bucket(opened - interval '1 microsecond', $4::timestamptz[]))) & ~updated)::bit(32)) DESC, id
		LIMIT $8`,
		customPlan, w.Since, w.Now, w.Today.Open, opens, starts, ends, today, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("claims missing today's update: %w", err)
	}
	var (
		ids    []int64
		opened = map[int64]time.Time{}
		total  int
		id     int64
		at     time.Time
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &at, &total}, func() error {
		ids = append(ids, id)
		opened[id] = at
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("claims missing today's update: %w", err)
	}
	if len(ids) == 0 {
		return nil, 0, nil
	}

	claims, err := collectClaims(db.Pool.Query(ctx, `SELECT `+claimColumns+` FROM claims c WHERE id = ANY($1)`, ids))
	if err != nil {
		return nil, 0, fmt.Errorf("claims missing today's update: %w", err)
	}
	byID := make(map[int64]*ClaimMissingUpdate, len(claims))
	out := make([]ClaimMissingUpdate, len(ids))
	for i, id := range ids {
		out[i].OpenedAt = opened[id]
		byID[id] = &out[i]
	}
	for _, c := range claims {
		byID[c.ID].Claim = c
	}
	rows, err = db.Pool.Query(ctx, `
		SELECT u.claim_id, u.at, u.at >= $2 FROM claim_updates u
		WHERE u.claim_id = ANY($1)
		  AND (u.at >= $2 OR u.at = (SELECT max(l.at) FROM claim_updates l WHERE l.claim_id = u.claim_id))
		ORDER BY u.at`, ids, w.Since)
	if err != nil {
		return nil, 0, fmt.Errorf("updates of claims missing today's: %w", err)
	}
	var recent bool
	_, err = pgx.ForEachRow(rows, []any{&id, &at, &recent}, func() error {
		c := byID[id]
		if recent {
			c.Updates = append(c.Updates, at)
		}
		last := at
		c.LastUpdateAt = &last // in time order: the last one stays
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("updates of claims missing today's: %w", err)
	}
	return out, total, nil
}
