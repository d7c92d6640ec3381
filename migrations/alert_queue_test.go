package migrations_test

import (
	"context"
	"testing"

	"github.com/claimdesk/claimdesk/migrations"
)

// Migration 45 makes the alert queue's function one whose plan the session
// keeps (PL/pgSQL), queueing as before: a claim queued already counts one
// change more, in every transaction.
func TestAlertQueueMigrationKeepsCountingChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDBAt(t, 44)
	queue := func() {
		t.Helper()
		if _, err := db.ExecContext(ctx, `SELECT claim_alerts_queue(7)`); err != nil {
			t.Fatal(err)
		}
	}
	queue()
	if _, err := migrations.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
	queue()
	queue()
	var changes int
	var language string
	if err := db.QueryRowContext(ctx, `SELECT (SELECT changes FROM claim_alerts_stale WHERE claim_id = 7),
		(SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.proname = 'claim_alerts_queue')`).Scan(&changes, &language); err != nil {
		t.Fatal(err)
	}
	if changes != 3 {
		t.Errorf("claim queued once before the migration and twice after: %d changes, want 3", changes)
	}
	if language != "plpgsql" {
		t.Errorf("claim_alerts_queue is in %s, want plpgsql (a plan kept for the session)", language)
	}
}
