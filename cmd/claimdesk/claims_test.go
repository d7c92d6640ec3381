package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// TestClaimsImportQueuesMailNamingThem imports a claim whose number mail
// in triage named before any claim had it: the import queues that mail to
// be matched again, for a running claimdesk serve to file.
func TestClaimsImportQueuesMailNamingThem(t *testing.T) {
	c := newCLI(t)
	if code, out, errOut := c.run("", "migrate"); code != 0 {
		t.Fatalf("migrate: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	ctx := context.Background()
	inbox, err := c.db().EnsureMailbox(ctx, "claims@office.example", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	var waiting int64
	err = c.sql().QueryRow(ctx, `
		INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, status, unknown_ids, received_at, office_id)
		VALUES ($1, 1, 1, 'in', repeat('a', 64), 100, 'triage', ARRAY['608H778H5'], now(), 1) RETURNING id`, inbox.ID).Scan(&waiting)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "claims.csv")
	if err := os.WriteFile(file, []byte("job_number,claim_number,loss_type\n26-1001-WTR,60-8H77-8H5,Water\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := c.run("", "claims", "import", file); code != 0 {
		t.Fatalf("claims import: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	var queued int
	err = c.sql().QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'process_message'
		AND (args->>'message_id')::bigint = $1 AND (args->>'rematch')::boolean`, waiting).Scan(&queued)
	if err != nil {
		t.Fatal(err)
	}
	if queued != 1 {
		t.Errorf("%d rematches queued for the mail naming the imported claim; want 1", queued)
	}
}
