package migrations_test

import (
	"context"
	"slices"
	"testing"

	"github.com/claimdesk/claimdesk/migrations"
)

// The migration that keeps whether a participant's claim is open marks
// the participants already stored by their claim's status.
func TestOpenClaimCoordinatorsMigrationMarksStoredParticipants(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDBAt(t, 66)
	if _, err := db.ExecContext(ctx, `
		INSERT INTO claims (id, job_number, office_id, status) OVERRIDING SYSTEM VALUE
		VALUES (1, '26-1001-WTR', 1, 'open'), (2, '26-1002-WTR', 1, 'closed');
		INSERT INTO claim_participants (claim_id, role, name, email)
		VALUES (1, 'coordinator', 'Ana', 'ana@smrestore.example'), (1, 'foreman', 'Hector', 'hector@smrestore.example'),
		       (2, 'coordinator', 'Ana', 'ana@smrestore.example')`); err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
	got := dbStrings(t, db, `SELECT format('%s %s %s', claim_id, role, claim_open) FROM claim_participants ORDER BY claim_id, role`)
	want := []string{"1 coordinator t", "1 foreman t", "2 coordinator f"}
	if !slices.Equal(got, want) {
		t.Errorf("participants after the migration: %v, want %v", got, want)
	}
}
