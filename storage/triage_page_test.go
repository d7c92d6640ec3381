package storage_test

import (
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestTriagePageReadsTheStartOfItsBodies puts 120 long messages in triage
// among thousands filed: a page of them reads the start of its own bodies,
// not every body in triage, nor the whole of any, whichever way Postgres
// finds the page.
func TestTriagePageReadsTheStartOfItsBodies(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := openDB(t)
	pool := storage.PoolOf(db)
	mb, err := db.EnsureMailbox(ctx, "claims@office.example", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	// 60 kB bodies of hex digits, which compression does not shrink much:
	// 30 reads of the TOAST table's 2 kB chunks each; their first 4,000
	// characters (16,000 bytes at most) 8.
	if _, err := pool.Exec(ctx, `
		INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, office_id, status,
		                      internal_date, body_text)
		SELECT $1, 1, i, 'in', encode(sha256(i::text::bytea), 'hex'), 10, 1,
		       CASE WHEN i % 50 = 3 THEN 'triage' ELSE 'filed' END, now() - i * interval '1 minute',
		       CASE WHEN i % 50 = 3 THEN (SELECT string_agg(md5(i::text || g::text), ' ') FROM generate_series(1, 1800) g)
		            ELSE '' END
		FROM generate_series(1, 6000) i`, mb.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `ANALYZE messages`); err != nil {
		t.Fatal(err)
	}
	const page = 50
	for _, offices := range []any{nil, []int64{1}} {
		tx, err := pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// This transaction's own count of the TOAST table's chunks read.
		const toastBlocks = `SELECT pg_stat_get_xact_blocks_fetched(reltoastrelid) FROM pg_class WHERE oid = 'messages'::regclass`
		var before, after int64
		if err := tx.QueryRow(ctx, toastBlocks).Scan(&before); err != nil {
			t.Fatal(err)
		}
		rows, err := tx.Query(ctx, storage.TriageSQL, time.Time{}, int64(0), page+1, offices)
		if err != nil {
			t.Fatal(err)
		}
		rows.Close()
		if err := tx.QueryRow(ctx, toastBlocks).Scan(&after); err != nil {
			t.Fatal(err)
		}
		tx.Rollback(ctx)
		if read := after - before; read > 8*(page+1) {
			t.Errorf("offices %v: a page of %d messages read %d blocks of their bodies", offices, page, read)
		}
	}
}

// TestTriagePageReadsHTMLWhenTheTextIsBlank gives a message in triage a
// text part of line breaks and an HTML part: the page has the HTML to
// show its first line from; a message with text has no HTML read.
func TestTriagePageReadsHTMLWhenTheTextIsBlank(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := openDB(t)
	pool := storage.PoolOf(db)
	mb, err := db.EnsureMailbox(ctx, "claims@office.example", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range []string{"\r\n\r\n\t \r\n", "Estimate attached."} {
		if _, err := pool.Exec(ctx, `
			INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, office_id, status,
			                      body_text, body_html)
			VALUES ($1, 1, $2::bigint, 'in', encode(sha256($2::text::bytea), 'hex'), 10, 1, 'triage', $3, '<p>Estimate attached.</p>')`,
			mb.ID, i+1, text); err != nil {
			t.Fatal(err)
		}
	}
	rows, _, err := db.TriageMessages(ctx, storage.AllOffices, time.Time{}, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		blank := strings.TrimSpace(r.BodyText) == ""
		if blank && r.BodyHTML == "" || !blank && r.BodyHTML != "" {
			t.Errorf("text %q came with HTML %q", r.BodyText, r.BodyHTML)
		}
	}
	if len(rows) != 2 {
		t.Errorf("%d messages in triage, want 2", len(rows))
	}
}
