package migrations_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/migrations"
)

// A claim reopened while the migration that keeps whether a participant's
// claim is open runs (another process still on the version before) is
// open for its coordinator afterwards: the migration waits for the reopen
// before it marks the flags.
func TestOpenClaimCoordinatorsMigrationWaitsForAReopen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDBAt(t, 67)
	if _, err := db.ExecContext(ctx, `
		INSERT INTO claims (id, job_number, office_id, status) OVERRIDING SYSTEM VALUE VALUES (1, '26-1001-WTR', 1, 'closed');
		INSERT INTO claim_participants (claim_id, role, name, email) VALUES (1, 'coordinator', 'Ana', 'ana@smrestore.example')`); err != nil {
		t.Fatal(err)
	}
	reopen, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer reopen.Rollback()
	if _, err := reopen.ExecContext(ctx, `UPDATE claims SET status = 'open', closed_at = NULL WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	migrated := make(chan error, 1)
	go func() {
		_, err := migrations.Up(ctx, db)
		migrated <- err
	}()
	waitUntilBlockedBy(t, reopen, "the reopen")
	if err := reopen.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-migrated; err != nil {
		t.Fatal(err)
	}
	var status string
	var open bool
	if err := db.QueryRowContext(ctx, `SELECT c.status, p.claim_open FROM claims c JOIN claim_participants p ON p.claim_id = c.id WHERE c.id = 1`).Scan(&status, &open); err != nil {
		t.Fatal(err)
	}
	if status == "open" && !open {
		t.Errorf("claim 1 is %s but its coordinator's claim_open is %v: the reopen during the migration is lost", status, open)
	}
}

// waitUntilBlockedBy returns once another session waits for a lock tx
// holds (pg_locks is read afresh within a transaction, pg_stat_activity
// is not); what names tx in the failure.
func waitUntilBlockedBy(t *testing.T, tx *sql.Tx, what string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var waiting bool
		if err := tx.QueryRowContext(t.Context(), `SELECT EXISTS (SELECT FROM pg_locks l
			WHERE NOT l.granted AND pg_backend_pid() = ANY(pg_blocking_pids(l.pid)))`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the migration never waited for %s", what)
		}
	}
}
