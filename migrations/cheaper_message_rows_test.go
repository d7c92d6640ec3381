package migrations_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

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

// Migration 45 checks a message's claim with one foreign key, which still
// refuses a claim that does not exist, or that is another office's.
func TestMessageClaimCheckedOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDBAt(t, 44)
	if _, err := migrations.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `
		INSERT INTO offices (name, slug, domain) VALUES ('North', 'north', 'north.example');
		INSERT INTO mailboxes (account, folder, role, office_id) VALUES ('claims@office.example', 'INBOX', 'inbox', 1);
		INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR', (SELECT id FROM offices WHERE slug = 'north'));
		INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, office_id)
		VALUES ((SELECT id FROM mailboxes), 1, 1, 'in', repeat('a', 64), 10, 1)`); err != nil {
		t.Fatal(err)
	}
	var keys int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM pg_constraint
		WHERE conrelid = 'messages'::regclass AND confrelid = 'claims'::regclass AND contype = 'f'`).Scan(&keys); err != nil {
		t.Fatal(err)
	}
	if keys != 1 {
		t.Errorf("messages has %d foreign keys to claims, want 1", keys)
	}
	for _, claim := range []string{`(SELECT max(id) + 1 FROM claims)`, `(SELECT id FROM claims WHERE job_number = '26-1001-WTR')`} {
		_, err := db.ExecContext(ctx, `UPDATE messages SET claim_id = `+claim)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "23503" {
			t.Errorf("message filed in claim %s: %v, want a foreign key violation", claim, err)
		}
	}
}
