package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/sla"
)

// AlertRules are what claims' alerts are worked out with: each office's
// calendar and milestone deadlines. Every process sharing a database must
// use the same: each refresh under other rules works every open claim out
// again.
type AlertRules struct {
	// Calendar and Milestones are the configured rules, of every office
	// not in Offices.
	Calendar   *sla.Calendar
	Milestones sla.Rules
	// Offices are the rules of offices by id.
	Offices map[int64]sla.OfficeRules
}

// of returns the rules of office.
func (r AlertRules) of(office int64) sla.OfficeRules {
	if o, ok := r.Offices[office]; ok {
		return o
	}
	return sla.OfficeRules{Calendar: r.Calendar, Milestones: r.Milestones}
}

// fingerprint changes when any office's rules change; with no office
// rules of their own it is the configured rules' alone.
func (r AlertRules) fingerprint() string {
	fp := r.Calendar.AlertsFingerprint(r.Milestones)
	if len(r.Offices) == 0 {
		return fp
	}
	h := sha256.New()
	io.WriteString(h, fp)
	for _, id := range slices.Sorted(maps.Keys(r.Offices)) {
		o := r.Offices[id]
		fmt.Fprintf(h, "\noffice %d %s", id, o.Calendar.AlertsFingerprint(o.Milestones))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// RefreshClaimAlerts works out again the alerts of up to limit claims
// queued in claim_alerts_stale (by triggers, when their facts changed), in
// one transaction, and reports how many it took and whether more wait.
// Claims another refresh is working on are left to it. When r differs from
// the rules the stored alerts were made with, every open claim is queued
// first.
func (db *DB) RefreshClaimAlerts(ctx context.Context, r AlertRules, limit int) (refreshed int, more bool, err error) {
	fingerprint := r.fingerprint()
	// Nothing to do, most of the time: one look, without a transaction.
	var idle bool
	err = db.pool.QueryRow(ctx, `
		SELECT NOT EXISTS (SELECT 1 FROM claim_alerts_stale)
		   AND EXISTS (SELECT 1 FROM claim_alerts_rules WHERE fingerprint = $1)`, fingerprint).Scan(&idle)
	if err != nil {
		return 0, false, fmt.Errorf("refresh claim alerts: %w", err)
	}
	if idle {
		return 0, false, nil
	}
	err = db.InTx(ctx, func(tx pgx.Tx) error {
		if err := queueAllOnNewRules(ctx, tx, fingerprint); err != nil {
			return err
		}
		// One more than asked, to tell whether more wait.
		rows, err := tx.Query(ctx, `SELECT claim_id FROM claim_alerts_stale ORDER BY claim_id LIMIT $1 FOR UPDATE SKIP LOCKED`, limit+1)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		if more = len(ids) > limit; more {
			ids = ids[:limit]
		}
		if len(ids) == 0 {
			return nil
		}
		refreshed = len(ids)
		facts, err := claimAlertFacts(ctx, tx, ids)
		if err != nil {
			return err
		}
		if err := replaceClaimAlerts(ctx, tx, ids, facts, r); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM claim_alerts_stale WHERE claim_id = ANY($1)`, ids)
		return err
	})
	if err != nil {
		return 0, false, fmt.Errorf("refresh claim alerts: %w", err)
	}
	return refreshed, more, nil
}

// queueAllOnNewRules queues every claim with alerts or open when the
// stored alerts were made with rules other than those of fingerprint, and
// records it. A claim queued already stays as it is, so that this waits
// on no refresh holding it.
func queueAllOnNewRules(ctx context.Context, tx pgx.Tx, fingerprint string) error {
	tag, err := tx.Exec(ctx, `UPDATE claim_alerts_rules SET fingerprint = $1 WHERE fingerprint <> $1`, fingerprint)
	if err != nil || tag.RowsAffected() == 0 {
		return err
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO claim_alerts_stale (claim_id)
		SELECT id FROM claims WHERE status = 'open'
		UNION SELECT claim_id FROM claim_alerts
		ON CONFLICT (claim_id) DO NOTHING`)
	return err
}

// replaceClaimAlerts replaces the alerts, their first deadlines, the
// billing stretches and the starts (with the latest updates) of the claims
// ids with those of the open ones among them, whose facts are given.
func replaceClaimAlerts(ctx context.Context, tx pgx.Tx, ids []int64, facts map[int64]*sla.ClaimFacts, r AlertRules) error {
	for _, table := range []string{"claim_alerts", "claim_alert_firsts", "claim_billing", "claim_starts"} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE claim_id = ANY($1)`, ids); err != nil {
			return err
		}
	}
	offices, err := claimOffices(ctx, tx, ids)
	if err != nil {
		return err
	}
	var (
		open    []int64
		opened  []time.Time
		alerts  alertRows
		firsts  firstDeadlineRows
		billing billingRows
	)
	for _, id := range ids {
		f := facts[id]
		if f == nil {
			continue // closed, or gone
		}
		open, opened = append(open, id), append(opened, f.OpenedAt)
		o := r.of(offices[id])
		var stretches []alertStretch
		timeline, unbilled := o.Calendar.Timelines(*f, o.Milestones)
		for _, a := range timeline {
			if s, ok := alerts.add(id, a); ok {
				stretches = append(stretches, s)
			}
		}
		firsts.add(id, offices[id], firstDeadlines(stretches))
		billing.add(id, offices[id], unbilled)
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO claim_starts (claim_id, office_id, opened_at, last_update_at)
		SELECT s.claim_id, c.office_id, s.opened_at, (SELECT max(u.at) FROM claim_updates u WHERE u.claim_id = s.claim_id)
		FROM unnest($1::bigint[], $2::timestamptz[]) AS s(claim_id, opened_at) JOIN claims c ON c.id = s.claim_id`, open, opened)
	if err != nil {
		return err
	}
	if err := billing.insert(ctx, tx); err != nil || len(alerts.claims) == 0 {
		return err
	}
	if err := alerts.insert(ctx, tx); err != nil {
		return err
	}
	return firsts.insert(ctx, tx)
}

// alertRows are claims' alerts as claim_alerts keeps them, column by
// column.
type alertRows struct {
	claims, ranks        []int64
	milestones, messages []string
	froms, untils, dues  []*time.Time
	dueDays              []bool
}

// add keeps claim's alert a and returns when it shows and its deadline as
// stored; false when it shows for less than the database can tell.
func (r *alertRows) add(claim int64, a sla.TimedAlert) (alertStretch, bool) {
	s := alertStretch{from: storedInstant(a.From), until: storedInstant(a.Until), due: storedInstant(a.Due)}
	if s.from != nil && s.until != nil && !s.from.Before(*s.until) {
		return s, false
	}
	r.claims = append(r.claims, claim)
	r.ranks = append(r.ranks, int64(sla.MilestoneRank(a.Milestone)))
	r.milestones = append(r.milestones, string(a.Milestone))
	r.messages = append(r.messages, a.Message)
	r.froms, r.untils, r.dues = append(r.froms, s.from), append(r.untils, s.until), append(r.dues, s.due)
	r.dueDays = append(r.dueDays, a.DueDay)
	return s, true
}

func (r *alertRows) insert(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO claim_alerts (claim_id, office_id, milestone, rank, shows_from, shows_until, due_at, due_day, message)
		SELECT claim, c.office_id, milestone, rank, coalesce(shows_from, '-infinity'), coalesce(shows_until, 'infinity'), due, due_day, message
		FROM unnest($1::bigint[], $2::text[], $3::smallint[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[], $7::boolean[], $8::text[])
		     AS a(claim, milestone, rank, shows_from, shows_until, due, due_day, message)
		JOIN claims c ON c.id = a.claim`,
		r.claims, r.milestones, r.ranks, r.froms, r.untils, r.dues, r.dueDays, r.messages)
	return err
}

// ClaimOffices returns the office of each of the claims ids.
func (db *DB) ClaimOffices(ctx context.Context, ids []int64) (map[int64]int64, error) {
	offices, err := claimOffices(ctx, db.pool, ids)
	if err != nil {
		return nil, fmt.Errorf("offices of claims: %w", err)
	}
	return offices, nil
}

// claimOffices returns the office of each of the claims ids.
func claimOffices(ctx context.Context, q interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, ids []int64) (map[int64]int64, error) {
	rows, err := q.Query(ctx, `SELECT id, office_id FROM claims WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]int64, len(ids))
	var id, office int64
	_, err = pgx.ForEachRow(rows, []any{&id, &office}, func() error { out[id] = office; return nil })
	return out, err
}

// storedInstant is t as the database keeps it, nil for the zero time. The
// database counts microseconds: an alert starting part-way through one
// starts, for it, at the next.
func storedInstant(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	if r := t.Truncate(time.Microsecond); !r.Equal(t) {
		t = r.Add(time.Microsecond)
	}
	return &t
}

// RefreshAllClaimAlerts runs RefreshClaimAlerts, batch claims at a time,
// until no claim waits, and returns how many it worked out. Claims queued
// meanwhile are taken too.
func (db *DB) RefreshAllClaimAlerts(ctx context.Context, r AlertRules, batch int) (int, error) {
	total := 0
	for {
		n, more, err := db.RefreshClaimAlerts(ctx, r, batch)
		total += n
		if err != nil || !more {
			return total, err
		}
	}
}
