package storage

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// querier runs a query: the pool, a transaction or a connection.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// queryAll runs a query on q and reads every row into a T with scan. The
// error is the query's or the read's as pgx gives it: callers add what they
// were reading.
func queryAll[T any](ctx context.Context, q querier, scan pgx.RowToFunc[T], sql string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scan)
}

// SendQueued sends the statements queued on b in one round trip within tx
// and reads their results, which calls what each queued statement was
// given to call with its own. An empty b sends nothing.
func SendQueued(ctx context.Context, tx pgx.Tx, b *pgx.Batch) error {
	if b.Len() == 0 {
		return nil
	}
	return tx.SendBatch(ctx, b).Close()
}

// queueExec queues a statement on b whose error, when it fails, says what
// it was doing.
func queueExec(b *pgx.Batch, what, sql string, args ...any) {
	b.Queue(sql, args...).Fn = func(br pgx.BatchResults) error {
		if _, err := br.Exec(); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	}
}

// queueGenericPlan queues sql on b, inside a transaction, to run by the
// plan its connection keeps for it (made again from fresh statistics after
// each analyze) rather than one made for this call's values. Postgres
// weighs the kept plan's cost against the average cost of the plans it
// made for earlier calls' values: while a table grows, as in a backfill,
// that average lags behind and Postgres plans nearly every call.
func queueGenericPlan(b *pgx.Batch, sql string, args ...any) *pgx.QueuedQuery {
	return queueWithSettings(b, []setting{genericPlan}, sql, args...)
}

// setting is a run-time setting a statement runs with.
type setting struct{ name, value string }

var genericPlan = setting{"plan_cache_mode", "force_generic_plan"}

// keptIndexPlans are the settings of statements run by the plan the
// connection keeps, made without whole-table reads: a plan made while a
// table was small would otherwise read it whole until the next analyze.
var keptIndexPlans = []setting{genericPlan, {"enable_seqscan", "off"}}

// queueWithSettings queues sql on b, inside a transaction, to run with
// settings, and then sets them back to what they were: the session's own
// values, or what the transaction set them to, not their defaults.
func queueWithSettings(b *pgx.Batch, settings []setting, sql string, args ...any) *pgx.QueuedQuery {
	queueSettings(b, settings)
	q := b.Queue(sql, args...)
	queueSettingsBack(b, settings)
	return q
}

// queueSettings queues on b, inside a transaction, the change of settings
// for the statements queued after it, until queueSettingsBack. Such spans
// do not nest: a second one inside would save the first one's values over
// those to set back.
func queueSettings(b *pgx.Batch, settings []setting) {
	names, values := settingsOf(settings)
	// Each setting's value is saved, in a setting of its own for the
	// transaction, before it is changed: the CTE's row is made first.
	b.Queue(`
		WITH saved AS MATERIALIZED (
			SELECT name, value, set_config('claimdesk.was_' || name, current_setting(name), true)
			FROM unnest($1::text[], $2::text[]) AS s (name, value))
		SELECT set_config(name, value, true) FROM saved`, names, values)
}

// queueSettingsBack queues on b the return of settings to the values
// queueSettings found.
func queueSettingsBack(b *pgx.Batch, settings []setting) {
	names, _ := settingsOf(settings)
	b.Queue(`SELECT set_config(name, current_setting('claimdesk.was_' || name), true) FROM unnest($1::text[]) AS name`, names)
}

// settingsOf lays settings out as the arrays queueSettings sends.
func settingsOf(settings []setting) (names, values []string) {
	names = make([]string, len(settings))
	values = make([]string, len(settings))
	for i, s := range settings {
		names[i], values[i] = s.name, s.value
	}
	return names, values
}
