package migrations_test

import (
	"context"
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
	// The migration waits for the reopen on the claims.
	deadline := time.Now().Add(20 * time.Second)
	for {
		var waiting bool
		// pg_locks, not pg_stat_activity: a transaction reads the latter
		// once and sees that snapshot until it ends.
		if err := reopen.QueryRowContext(ctx, `SELECT EXISTS (SELECT FROM pg_locks l
			WHERE NOT l.granted AND l.locktype = 'relation' AND l.relation = 'claims'::regclass
			  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND l.pid <> pg_backend_pid())`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the migration never waited for the reopen")
		}
	}
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
