package migrations_test

import (
	"context"
	"testing"

	"github.com/claimdesk/claimdesk/migrations"
)

// A coordinator added to a claim while migration 68 runs (another process
// still on the version before: storage.AddClaimParticipant locks the
// claim's row, replaces the participants, then updates the claim) and the
// migration both complete: the migration waits for the claims it reads to
// be free of such changes, rather than lock the table between the change's
// steps and deadlock with it.
func TestOpenClaimCoordinatorsMigrationWaitsForAParticipantAdded(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDBAt(t, 67)
	if _, err := db.ExecContext(ctx, `
		INSERT INTO claims (id, job_number, office_id, status) OVERRIDING SYSTEM VALUE VALUES (1, '26-1001-WTR', 1, 'open')`); err != nil {
		t.Fatal(err)
	}
	add, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer add.Rollback()
	if _, err := add.ExecContext(ctx, `SELECT 1 FROM claims WHERE id = 1 FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	if _, err := add.ExecContext(ctx, `DELETE FROM claim_participants WHERE claim_id = 1;
		INSERT INTO claim_participants (claim_id, role, name, email) VALUES (1, 'coordinator', 'Ana', 'ana@smrestore.example')`); err != nil {
		t.Fatal(err)
	}
	migrated := make(chan error, 1)
	go func() {
		_, err := migrations.Up(ctx, db)
		migrated <- err
	}()
	waitUntilBlockedBy(t, add, "the adding transaction")
	_, addErr := add.ExecContext(ctx, `UPDATE claims SET updated_at = now() WHERE id = 1`)
	if addErr == nil {
		addErr = add.Commit()
	} else {
		_ = add.Rollback()
	}
	migErr := <-migrated
	if addErr != nil || migErr != nil {
		t.Errorf("participant added during migration 68: %v; migration: %v", addErr, migErr)
	}
}
