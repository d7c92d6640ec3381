package migrations_test

import (
	"context"
	"slices"
	"testing"

	"github.com/claimdesk/claimdesk/migrations"
)

// Migration 74 keeps the keys reminders were marked sent with before it,
// each naming its reminder with what its submission asked; a reminder
// marked without a key has none.
func TestReminderKeysMigrationKeepsStoredKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDBAt(t, 73)
	if _, err := db.ExecContext(ctx, `
		INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR', 1), ('26-1002-WTR', 1);
		INSERT INTO claim_reminders (claim_id, kind, recipient, occasion, marked_sent_at, marked_sent_by, request_key, request_digest)
		SELECT id, 'chase_upload', 'luis@field.example', v.occasion, now(), 'dana', v.key, v.digest
		FROM claims, (VALUES ('manual:10:00', 'form-1', 'd1'), ('manual:10:07', NULL, '')) v(occasion, key, digest)
		WHERE job_number = '26-1001-WTR';
		INSERT INTO claim_reminders (claim_id, kind, recipient, occasion, marked_sent_at, marked_sent_by, request_key, request_digest)
		SELECT id, 'chase_upload', 'luis@field.example', 'manual:10:00', now(), 'dana', 'form-1', 'd2'
		FROM claims WHERE job_number = '26-1002-WTR'`); err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
	got := dbStrings(t, db, `SELECT c.job_number || ' ' || k.request_key || ' ' || k.request_digest || ' ' || r.occasion
		FROM claim_reminder_keys k JOIN claim_reminders r ON r.id = k.reminder_id JOIN claims c ON c.id = k.claim_id
		WHERE r.claim_id = k.claim_id ORDER BY 1`)
	if want := []string{"26-1001-WTR form-1 d1 manual:10:00", "26-1002-WTR form-1 d2 manual:10:00"}; !slices.Equal(got, want) {
		t.Errorf("reminder keys after migration 74:\n%q\nwant\n%q", got, want)
	}
}
