package migrations_test

import (
	"context"
	"slices"
	"testing"

	"github.com/claimdesk/claimdesk/migrations"
)

// Migration 41 marks the mail already stored: inbound mail that came into a
// closed claim after it closed, and no other.
func TestMailAfterCloseMigrationMarksStoredMail(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDBAt(t, 40)
	if _, err := db.ExecContext(ctx, `
		INSERT INTO mailboxes (account, folder, role, office_id) VALUES ('claims@office.example', 'INBOX', 'inbox', 1);
		INSERT INTO claims (job_number, status, closed_at, office_id) VALUES ('26-1001-WTR', 'closed', '2026-03-01Z', 1);
		INSERT INTO claims (job_number, office_id) VALUES ('26-1002-WTR', 1);
		INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, subject, claim_id, received_at, office_id)
		SELECT (SELECT id FROM mailboxes), 1, n, direction, md5(subject) || md5(subject), 10, subject,
		       (SELECT id FROM claims WHERE job_number = job), at, 1
		FROM (VALUES (1, 'in', 'before closing', '26-1001-WTR', '2026-02-27Z'::timestamptz),
		             (2, 'in', 'after closing', '26-1001-WTR', '2026-03-02Z'),
		             (3, 'out', 'sent after closing', '26-1001-WTR', '2026-03-02Z'),
		             (4, 'in', 'open claim', '26-1002-WTR', '2026-03-02Z'),
		             (5, 'in', 'no claim', NULL, '2026-03-02Z')) AS v(n, direction, subject, job, at)`); err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
	rows, err := db.QueryContext(ctx, `SELECT subject FROM messages WHERE after_close ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var marked []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		marked = append(marked, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"after closing"}; !slices.Equal(marked, want) {
		t.Errorf("marked after closing: %v, want %v", marked, want)
	}
}
