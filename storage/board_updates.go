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
}

// ClaimMissingUpdate is an open claim that owes today's update.
type ClaimMissingUpdate struct {
	Claim
	// OpenedAt is when the claim started, or UpdateWeek.Since if earlier.
	OpenedAt time.Time
	// Updates are the claim's updates since UpdateWeek.Since.
	Updates []time.Time
	// LastUpdateAt is the claim's latest update up to UpdateWeek.Now; nil
	// if it had none.
	LastUpdateAt *time.Time
}

// customPlan, as a query's first argument, has Postgres plan the query for
// its arguments each time. A prepared statement (pgx prepares each query
// on each connection) may be switched to a generic plan after five runs,
// one made without the arguments: for the board's queries, whose best plan
// depends on how many days, updates or alerts the arguments take in, it
// can be many times slower.
const customPlan = pgx.QueryExecModeCacheDescribe

// ClaimsMissingUpdate returns up to limit open claims of the offices that were open when
// the office opened today, have an adjuster (Claim.OwesUpdates) and no update yet today, those longest
// without one first: never updated (the longest open first), then by their
// latest update; ties by id. It also returns how many there are in all.
//
// When each claim started and its latest update are read from
// claim_starts, kept by RefreshClaimAlerts for the open claims, and worked
// out here for the claims still queued for it, so that the answer never
// waits for a refresh: a claim opened, closed, changed or updated since is
// queued.
func (db *DB) ClaimsMissingUpdate(ctx context.Context, offices Offices, w UpdateWeek, limit int) ([]ClaimMissingUpdate, int, error) {
	rows, err := db.pool.Query(ctx, claimsMissingUpdateSQL,
		customPlan, w.Since, w.Now, w.Today.Open, w.Today.Start, limit, offices.sqlIDs(), offices.coordinatorArg())
	if err != nil {
		return nil, 0, fmt.Errorf("claims missing today's update: %w", err)
	}
	ids, out, total, err := collectMissingUpdates(rows)
	if err != nil {
		return nil, 0, fmt.Errorf("claims missing today's update: %w", err)
	}
	if len(ids) == 0 {
		return nil, 0, nil
	}
	// out is complete: its elements no longer move, so found may point at them.
	found := make(map[int64]*ClaimMissingUpdate, len(ids))
	for i, id := range ids {
		found[id] = &out[i]
	}
	if err := db.readMissingUpdateClaims(ctx, ids, found); err != nil {
		return nil, 0, fmt.Errorf("claims missing today's update: %w", err)
	}
	if err := db.readUpdatesSince(ctx, ids, w.Since, found); err != nil {
		return nil, 0, fmt.Errorf("updates of claims missing today's: %w", err)
	}
	return out, total, nil
}

// claimsMissingUpdateSQL lists the open claims of offices $6 (of
// coordinator $7 when not nil) that started by $3 and have no update since
// today's start $4, with when each started (at the earliest $1), its
// latest update up to $2 and how many there are in all; up to $5 of them,
// in ClaimsMissingUpdate's order.
var claimsMissingUpdateSQL = `
		WITH queued AS MATERIALIZED (
			-- apart, so that the start is worked out for the queued claims
			-- alone, never for a claim the queue then turns away
			SELECT c.id, ` + claimOpenedAt + ` AS opened_at,
			       (SELECT max(u.at) FROM claim_updates u WHERE u.claim_id = c.id) AS last_update_at
			FROM claim_alerts_stale q JOIN claims c ON c.id = q.claim_id
			WHERE c.status = 'open' AND ` + hasAdjusterSQL("c") + ` AND ($6::bigint[] IS NULL OR c.office_id = ANY($6))
			  AND ` + coordinatedOpenSQL("c.id", "$7") + `
		), started AS (
			SELECT s.claim_id AS id, s.opened_at, s.last_update_at
			FROM claim_starts s
			-- NOT IN: read once into a hash, whatever the planner thinks of
			-- the queue's size (dead rows can make it much larger)
			WHERE s.claim_id NOT IN (SELECT q.claim_id FROM claim_alerts_stale q)
			  AND ($6::bigint[] IS NULL OR s.office_id = ANY($6))
			  -- the open claims owing updates, from their own index
			  AND EXISTS (SELECT 1 FROM claims c WHERE c.id = s.claim_id AND c.status = 'open' AND ` + hasAdjusterSQL("c") + `)
			  AND ` + coordinatedOpenSQL("s.claim_id", "$7") + `
			UNION ALL
			SELECT id, opened_at, last_update_at FROM queued
		), latest AS (
			-- the latest update up to now: one kept that is later (the
			-- board asked about an earlier time) is looked up instead
			SELECT s.id, s.opened_at,
			       CASE WHEN s.last_update_at IS NULL OR s.last_update_at <= $2 THEN s.last_update_at
			            ELSE (SELECT max(u.at) FROM claim_updates u WHERE u.claim_id = s.id AND u.at <= $2)
			       END AS last_update_at
			FROM started s
		)
		-- a claim that started before $1 counts as started then
		SELECT id, greatest($1, opened_at), last_update_at, count(*) OVER ()
		FROM latest
		WHERE greatest($1, opened_at) <= $3 AND (last_update_at IS NULL OR last_update_at < $4)
		ORDER BY last_update_at NULLS FIRST, opened_at, id
		LIMIT $5`

// collectMissingUpdates reads claimsMissingUpdateSQL's rows: the claims'
// ids, in order, their starts and latest updates, and the total.
func collectMissingUpdates(rows pgx.Rows) ([]int64, []ClaimMissingUpdate, int, error) {
	var (
		ids   []int64
		out   []ClaimMissingUpdate
		total int
		id    int64
		at    time.Time
		last  *time.Time
	)
	_, err := pgx.ForEachRow(rows, []any{&id, &at, &last, &total}, func() error {
		ids = append(ids, id)
		out = append(out, ClaimMissingUpdate{OpenedAt: at, LastUpdateAt: last})
		return nil
	})
	return ids, out, total, err
}

// readMissingUpdateClaims reads the claims ids into found's entries.
func (db *DB) readMissingUpdateClaims(ctx context.Context, ids []int64, found map[int64]*ClaimMissingUpdate) error {
	claims, err := collectClaims(db.pool.Query(ctx, `SELECT `+claimColumns+` FROM claims c WHERE id = ANY($1)`, ids))
	if err != nil {
		return err
	}
	for _, c := range claims {
		found[c.ID].Claim = c
	}
	return nil
}

// readUpdatesSince appends the updates of the claims ids at or after since
// to found's entries, oldest first.
func (db *DB) readUpdatesSince(ctx context.Context, ids []int64, since time.Time, found map[int64]*ClaimMissingUpdate) error {
	rows, err := db.pool.Query(ctx, `
		SELECT claim_id, at FROM claim_updates
		WHERE claim_id = ANY($1) AND at >= $2
		ORDER BY at`, ids, since)
	if err != nil {
		return err
	}
	var (
		id int64
		at time.Time
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &at}, func() error {
		found[id].Updates = append(found[id].Updates, at)
		return nil
	})
	return err
}

// ClaimNews is what came in on a claim since its last update.
type ClaimNews struct {
	// Documents counts the documents filed since, by type.
	Documents map[string]int
	// Messages counts the messages from outside the office since.
	Messages int
}

// NewsSinceUpdate returns, for those of the claims ids with any, what came
// in since each one's last update (since it was opened when it has none),
// for the board's facts next to each missing update.
func (db *DB) NewsSinceUpdate(ctx context.Context, ids []int64) (map[int64]*ClaimNews, error) {
	out := map[int64]*ClaimNews{}
	of := func(id int64) *ClaimNews {
		if out[id] == nil {
			out[id] = &ClaimNews{Documents: map[string]int{}}
		}
		return out[id]
	}
	const last = `coalesce((SELECT max(u.at) FROM claim_updates u WHERE u.claim_id = c.id), '-infinity')`
	rows, err := db.pool.Query(ctx, `
		SELECT c.id, false, d.doc_type, count(*) FROM claims c JOIN documents d ON d.claim_id = c.id
		WHERE c.id = ANY($1) AND d.received_at > `+last+`
		GROUP BY c.id, d.doc_type
		UNION ALL
		SELECT c.id, true, '', count(*) FROM claims c JOIN messages m ON m.claim_id = c.id
		WHERE c.id = ANY($1) AND m.direction = 'in' AND `+arrivedAtOf("m")+` > `+last+`
		GROUP BY c.id`, ids)
	if err != nil {
		return nil, fmt.Errorf("news of claims: %w", err)
	}
	var id int64
	var message bool
	var docType string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&id, &message, &docType, &n}, func() error {
		if message {
			of(id).Messages = n
		} else {
			of(id).Documents[docType] = n
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("news of claims: %w", err)
	}
	return out, nil
}

// ClaimsUpdatedBetween returns up to limit claims of the offices with an
// update at or after start and before end, by job number.
func (db *DB) ClaimsUpdatedBetween(ctx context.Context, offices Offices, start, end time.Time, limit int) ([]Claim, error) {
	out, err := collectClaims(db.pool.Query(ctx, `
		SELECT `+claimColumns+` FROM claims c
		WHERE EXISTS (SELECT 1 FROM claim_updates u WHERE u.claim_id = c.id AND u.at >= $1 AND u.at < $2)
		  AND ($3::bigint[] IS NULL OR c.office_id = ANY($3))
		ORDER BY c.job_number, c.id LIMIT $4`, start, end, offices.sqlIDs(), limit))
	if err != nil {
		return nil, fmt.Errorf("claims updated between %s and %s: %w", start, end, err)
	}
	return out, nil
}

// UpdatesBetween returns the updates of the claims ids at or after start
// and before end, by claim, oldest first, in one query: one day's notes of
// many claims without reading the rest of their history.
func (db *DB) UpdatesBetween(ctx context.Context, ids []int64, start, end time.Time) (map[int64][]ClaimUpdateRow, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT u.claim_id, `+updateRowColumns+`
		FROM claim_updates u LEFT JOIN messages m ON m.id = u.message_id
		WHERE u.claim_id = ANY($1) AND u.at >= $2 AND u.at < $3
		ORDER BY u.claim_id, u.at, u.id`, ids, start, end)
	if err != nil {
		return nil, fmt.Errorf("updates between %s and %s: %w", start, end, err)
	}
	out := map[int64][]ClaimUpdateRow{}
	var claim int64
	var u ClaimUpdateRow
	_, err = pgx.ForEachRow(rows, []any{&claim, &u.ID, &u.At, &u.Source, &u.MessageID, &u.Author, &u.Note, &u.Mail,
		&u.CopyStatus, &u.CopyNeeded, &u.CopyUnverified}, func() error {
		out[claim] = append(out[claim], u)
		u = ClaimUpdateRow{} // the next row's message id is its own, not scanned into this one's
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("updates between %s and %s: %w", start, end, err)
	}
	return out, nil
}

// openedMaybeSince is a test no claim opened (claimOpenedAt) after $1
// fails, without the look-up of its earliest mail: a claim opened from a
// message opened when it arrived; any other no later than it was made.
// It spares the look-up for the office's older claims.
const openedMaybeSince = `(c.source_message_id IS NOT NULL OR c.created_at > $1)`

// ClaimsOwingNoUpdate returns up to limit open claims of the offices that
// owe no update on the business day that opened at open, as
// ClaimsMissingUpdate decides: those without an adjuster
// (Claim.OwesUpdates), and those started since the office opened, whose
// first update is due the next business day. Newest first.
//
// Both are few: the claims without an adjuster are read from their own
// index, and those started since from claim_starts (worked out here for
// the claims still queued for a refresh), never each open claim in turn.
func (db *DB) ClaimsOwingNoUpdate(ctx context.Context, offices Offices, open time.Time, limit int) ([]Claim, error) {
	claims, err := collectClaims(db.pool.Query(ctx, claimsOwingNoUpdateSQL, open, offices.sqlIDs(), offices.coordinatorArg(), limit))
	if err != nil {
		return nil, fmt.Errorf("claims owing no update today: %w", err)
	}
	return claims, nil
}

// claimsOwingNoUpdateSQL is ClaimsOwingNoUpdate's query: the open claims
// of offices $2 (of coordinator $3 when not nil) owing no update on the
// business day that opened at $1, up to $4, newest first.
var claimsOwingNoUpdateSQL = `
		SELECT ` + claimColumns + ` FROM claims c
		WHERE c.id IN (
			SELECT c.id FROM claims c WHERE c.status = 'open' AND ` + lacksAdjusterSQL("c") + `
			UNION
			SELECT s.claim_id FROM claim_starts s
			WHERE s.opened_at > $1 AND s.claim_id NOT IN (SELECT q.claim_id FROM claim_alerts_stale q)
			UNION
			SELECT c.id FROM claim_alerts_stale q JOIN claims c ON c.id = q.claim_id
			WHERE ` + openedMaybeSince + ` AND ` + claimOpenedAt + ` > $1)
		  AND c.status = 'open' AND ($2::bigint[] IS NULL OR c.office_id = ANY($2))
		  AND ` + coordinatedOpenSQL("c.id", "$3") + `
		ORDER BY c.id DESC LIMIT $4`
