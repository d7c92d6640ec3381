package storage

import (
	"context"
	"fmt"
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

// claimOpenedSince is claimOpenedAt, but no earlier than $1: a claim
// created before $1 without an assignment message started before it, so
// its messages need not be read.
const claimOpenedSince = `CASE WHEN c.source_message_id IS NULL AND c.created_at < $1 THEN $1
	ELSE greatest($1, ` + claimOpenedAt + `) END`

// ClaimsMissingUpdate returns up to limit open claims that were open when
// the office opened today and have no update yet today: those that went
// without on the most earlier days of w first, then by id. It also returns
// how many there are in all.
func (db *DB) ClaimsMissingUpdate(ctx context.Context, w UpdateWeek, limit int) ([]ClaimMissingUpdate, int, error) {
	opens := make([]time.Time, len(w.Earlier))
	starts := make([]time.Time, len(w.Earlier))
	ends := make([]time.Time, len(w.Earlier))
	for i, d := range w.Earlier {
		opens[i], starts[i], ends[i] = d.Open, d.Start, d.End
	}
	// A day owes an update when the claim was open when the office opened
	// that day; it went without when no update is dated that day.
	rows, err := db.Pool.Query(ctx, `
		WITH owing AS (
			SELECT c.id, `+claimOpenedSince+` AS opened
			FROM claims c
			WHERE c.status = 'open'
			  AND NOT EXISTS (SELECT 1 FROM claim_updates u
			                  WHERE u.claim_id = c.id AND u.at >= $3 AND u.at < $4 AND u.at <= $2)
		), days AS (
			SELECT * FROM unnest($6::timestamptz[], $7::timestamptz[], $8::timestamptz[]) AS d(open, day_start, day_end)
		), updated AS (
			SELECT u.claim_id, d.open
			FROM claim_updates u JOIN days d ON u.at >= d.day_start AND u.at < d.day_end
			WHERE u.at >= $1 AND u.at <= $2
			GROUP BY u.claim_id, d.open
		), missed AS (
			SELECT o.id, o.opened,
			       (SELECT count(*) FROM days d WHERE d.open >= o.opened)
			       - (SELECT count(*) FROM updated x WHERE x.claim_id = o.id AND x.open >= o.opened) AS days
			FROM owing o WHERE o.opened <= $5
		)
		SELECT id, opened, count(*) OVER () FROM missed ORDER BY days DESC, id LIMIT $9`,
		w.Since, w.Now, w.Today.Start, w.Today.End, w.Today.Open, opens, starts, ends, limit)
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
