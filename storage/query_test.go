package storage_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// The statements run with settings of their own (a kept plan, no
// whole-table reads) leave a session's own values as they were, for the
// rest of the transaction.
func TestStatementSettingsKeepTheSessions(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	m := b.message(t)
	pooled, err := storage.PoolOf(b.db).Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The session's values are its own: the connection leaves the pool.
	conn := pooled.Hijack()
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, `SET enable_seqscan = off; SET plan_cache_mode = force_custom_plan`); err != nil {
		t.Fatal(err)
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(context.Background())
	if _, err := storage.LockFilingState(ctx, tx, m, b.claimA, false); err != nil {
		t.Fatal(err)
	}
	var reply storage.Reply
	q := &pgx.Batch{}
	storage.QueueFirstReply(q, m, "<a@example.com>", nil, &reply)
	if err := storage.SendQueued(ctx, tx, q); err != nil {
		t.Fatal(err)
	}
	var seqscan, planCache string
	if err := tx.QueryRow(ctx, `SELECT current_setting('enable_seqscan'), current_setting('plan_cache_mode')`).Scan(&seqscan, &planCache); err != nil {
		t.Fatal(err)
	}
	if seqscan != "off" || planCache != "force_custom_plan" {
		t.Errorf("enable_seqscan %s and plan_cache_mode %s after the statements; want the session's off and force_custom_plan", seqscan, planCache)
	}
}
