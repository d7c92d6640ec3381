package storage_test

import (
	"context"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/claimdesk/claimdesk/storage"
)

// The messages carrying a file OCR has read are found through the parts'
// index by content, without reading every stored part: a backfill's
// readings would otherwise cost more the more mail came in before them.
func TestMessagesWaitingForOCRReadNoOtherParts(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := openOneConnDB(t)
	mb, err := db.EnsureMailbox(ctx, "office@example.com", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	scan := sha("scan", 1)
	var carrying []int64
	for uid := range uint32(3) {
		var id int64
		err := db.InTx(ctx, func(tx pgx.Tx) error {
			id, _, err = storage.InsertMessage(ctx, tx, storage.NewMessage{MailboxID: mb.ID, UIDValidity: 1, UID: uid + 1,
				Direction: "in", RawSHA256: sha("raw", int(uid)), RawSize: 10, Status: storage.StatusNew})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if uid < 2 {
			parts := []storage.MessagePart{{Path: "2", ContentType: "image/jpeg", Filename: "scan.jpg", IsAttachment: true, SHA256: scan, Size: 5}}
			if err := db.SaveParsed(ctx, id, storage.ParsedMessage{Parts: parts}); err != nil {
				t.Fatal(err)
			}
			carrying = append(carrying, id)
		}
	}
	pool := storage.PoolOf(db)
	// Other mail's parts, many more than a plan would look up one by one.
	if _, err := pool.Exec(ctx, `
		INSERT INTO message_parts (message_id, part_path, content_type, is_attachment, sha256, size)
		SELECT (SELECT max(id) FROM messages), i::text, 'image/jpeg', true, encode(sha256(i::text::bytea), 'hex'), 1
		FROM generate_series(1, 5000) AS i`); err != nil {
		t.Fatal(err)
	}
	before := seqScans(t, pool, "message_parts")
	for range 3 {
		waiting, err := db.MessagesWaitingForOCR(ctx, scan)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, w := range waiting {
			ids = append(ids, w.ID)
		}
		if !slices.Equal(ids, carrying) {
			t.Fatalf("messages carrying the scan = %v, want %v", ids, carrying)
		}
	}
	if n := seqScans(t, pool, "message_parts") - before; n != 0 {
		t.Errorf("finding the messages carrying a file read every stored part %d times in 3 searches", n)
	}
}

// Parsing a message again replaces its parts without reading every
// document's links, which name the parts they came from.
func TestReplacingPartsReadsNoOtherLinks(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := openOneConnDB(t)
	mb, err := db.EnsureMailbox(ctx, "office@example.com", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	var m int64
	err = db.InTx(ctx, func(tx pgx.Tx) error {
		m, _, err = storage.InsertMessage(ctx, tx, storage.NewMessage{MailboxID: mb.ID, UIDValidity: 1, UID: 1,
			Direction: "in", RawSHA256: sha("raw", 1), RawSize: 10, Status: storage.StatusNew})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	parse := func(times int) {
		t.Helper()
		parts := []storage.MessagePart{{Path: "2", ContentType: "image/jpeg", Filename: "scan.jpg", IsAttachment: true, SHA256: sha("scan", 1), Size: 5}}
		for range times {
			if err := db.SaveParsed(ctx, m, storage.ParsedMessage{Parts: parts}); err != nil {
				t.Fatal(err)
			}
		}
	}
	parse(10) // long enough for Postgres to settle on one plan for the connection
	pool := storage.PoolOf(db)
	// Other documents' links, many more than a plan would look up one by one.
	if _, err := pool.Exec(ctx, `
		WITH claim AS (INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR', 1) RETURNING id),
		docs AS (
			INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
			SELECT (SELECT id FROM claim), encode(sha256(i::text::bytea), 'hex'), 1, 'x.pdf', 'other', 'Other', 'bulk/' || i, now(), 1
			FROM generate_series(1, 5000) AS i RETURNING id)
		INSERT INTO document_messages (document_id, message_id) SELECT id, $1 FROM docs`, m); err != nil {
		t.Fatal(err)
	}
	before := seqScans(t, pool, "document_messages")
	parse(3)
	if n := seqScans(t, pool, "document_messages") - before; n != 0 {
		t.Errorf("replacing a message's parts read every document's links %d times in 3 parses", n)
	}
}

// seqScans is how many times table was read whole; on a single
// connection (q), whose own reads it first flushes to the statistics.
func seqScans(t *testing.T, q statsConn, table string) int64 {
	t.Helper()
	var n int64
	if _, err := q.Exec(t.Context(), `SELECT pg_stat_force_next_flush()`); err != nil {
		t.Fatal(err)
	}
	if err := q.QueryRow(t.Context(), `SELECT pg_stat_clear_snapshot(), seq_scan FROM pg_stat_user_tables WHERE relname = $1`, table).Scan(nil, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// statsConn is a pool of one connection, or one connection of a pool.
type statsConn interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}
