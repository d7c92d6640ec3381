package storage_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// TestLockDocumentKeysToPublish checks that publishing reads the message's
// documents, locked, in a transaction whose commit waits for no disk
// flush.
func TestLockDocumentKeysToPublish(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	m := b.message(t)
	photo, _ := b.file(t, storage.NewDocument{MessageID: m, SHA256: sha("photo", 1), Filename: "IMG_1.jpg"})
	form, _ := b.file(t, storage.NewDocument{MessageID: m, SHA256: sha("atp", 1), Filename: "ATP.pdf"})
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		// The test cluster commits without flushing anyway: as production's
		// would, this transaction starts with flushed commits.
		if _, err := tx.Exec(ctx, `SET LOCAL synchronous_commit = on`); err != nil {
			return err
		}
		docs, err := storage.LockDocumentKeysToPublish(ctx, tx, m)
		if err != nil {
			return err
		}
		if len(docs) != 2 || docs[0].ID != photo.ID || docs[0].BrowseKey != photo.BrowseKey ||
			docs[1].ID != form.ID || docs[1].SHA256 != form.SHA256 {
			t.Errorf("documents = %+v, want %d (%s) and %d", docs, photo.ID, photo.BrowseKey, form.ID)
		}
		var sync string
		if err := tx.QueryRow(ctx, `SHOW synchronous_commit`).Scan(&sync); err != nil {
			return err
		}
		if sync != "off" {
			t.Errorf("synchronous_commit in the publishing transaction = %q, want off", sync)
		}
		// The row locks hold until commit: a writer of the documents waits.
		var locked int
		err = storage.PoolOf(b.db).QueryRow(ctx, `
			SELECT count(*) FROM (SELECT id FROM documents WHERE id = ANY($1) FOR UPDATE SKIP LOCKED) free`,
			[]int64{photo.ID, form.ID}).Scan(&locked)
		if err != nil {
			return err
		}
		if locked != 0 {
			t.Errorf("%d documents were free to update while being published, want none", locked)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A message's documents are locked through the documents' primary key even
// on a connection that locked them many times while the table was small: a
// backfill fills a new database's documents before autovacuum first
// analyzes them, and a plan kept from then would read the whole table at
// every filing.
func TestLockDocumentKeysStaysIndexedAsDocumentsGrow(t *testing.T) {
	t.Parallel()
	checkStaysIndexed(t, false, lockDocumentKeys)
}

// So they are when autovacuum analyzed the documents while they were few,
// which makes a whole-table read the cheapest plan Postgres can keep.
func TestLockDocumentKeysStaysIndexedAfterAnalyzingFewDocuments(t *testing.T) {
	t.Parallel()
	checkStaysIndexed(t, true, lockDocumentKeys)
}

func lockDocumentKeys(ctx context.Context, tx pgx.Tx, m int64) (int, error) {
	docs, err := storage.LockDocumentKeysToPublish(ctx, tx, m)
	return len(docs), err
}

// Locking a message's documents is planned once per connection, not at
// every filing, even while the documents and their links grow many times
// over, as they do in a backfill: Postgres plans it again after each
// analyze only.
func TestLockDocumentKeysKeepsItsPlan(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	m := b.message(t)
	b.file(t, storage.NewDocument{MessageID: m, SHA256: sha("photo", 1), Filename: "IMG_1.jpg"})
	conn := acquireConn(t, storage.PoolOf(b.db))
	for _, more := range []int{0, 500, 5000} {
		if _, err := conn.Exec(ctx, `
			WITH docs AS (
				INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
				SELECT $1, encode(sha256((i + $2)::text::bytea), 'hex'), 1, 'x.pdf', 'other', 'Other', 'bulk/' || i + $2, now(), 1
				FROM generate_series(1, $3::int) AS i RETURNING id)
			INSERT INTO document_messages (document_id, message_id) SELECT id, $4 FROM docs`, b.claimA, 10*more, more, b.message(t)); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, `ANALYZE documents, document_messages`); err != nil {
			t.Fatal(err)
		}
		for range 10 {
			tx, err := conn.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n, err := lockDocumentKeys(ctx, tx, m); err != nil || n != 1 {
				t.Fatalf("lock documents: %v, %d documents, want 1", err, n)
			}
			if err := tx.Rollback(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	checkKeptPlan(t, conn, "%FROM document_messages WHERE message_id = $1%FOR SHARE%", 30)
}

// So are a message's whole documents, which typing its pictures again and
// moving it read.
func TestMessageDocumentsStayIndexedAsDocumentsGrow(t *testing.T) {
	t.Parallel()
	checkStaysIndexed(t, false, func(ctx context.Context, tx pgx.Tx, m int64) (int, error) {
		docs, err := storage.LockMessageDocuments(ctx, tx, m)
		return len(docs), err
	})
}

// checkStaysIndexed runs lock, which reads message m's documents (one) in
// tx, many times on one connection while the documents are few (analyzed
// then, when analyzed is set), then checks it reads none of the others
// once there are thousands.
func checkStaysIndexed(t *testing.T, analyzed bool, lock func(ctx context.Context, tx pgx.Tx, m int64) (int, error)) {
	t.Helper()
	b := setupDocs(t)
	ctx := t.Context()
	m := b.message(t)
	b.file(t, storage.NewDocument{MessageID: m, SHA256: sha("photo", 1), Filename: "IMG_1.jpg"})
	conn := acquireConn(t, storage.PoolOf(b.db))
	if analyzed {
		if _, err := conn.Exec(ctx, `ANALYZE documents, document_messages`); err != nil {
			t.Fatal(err)
		}
	}
	run := func(times int) {
		t.Helper()
		for range times {
			tx, err := conn.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n, err := lock(ctx, tx, m); err != nil || n != 1 {
				t.Fatalf("lock documents: %v, %d documents, want 1", err, n)
			}
			if err := tx.Rollback(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	run(10) // long enough for Postgres to settle on one plan for the connection
	if _, err := conn.Exec(ctx, `
		INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
		SELECT $1, encode(sha256(i::text::bytea), 'hex'), 1, 'x.pdf', 'other', 'Other', 'bulk/' || i, now(), c.office_id
		FROM generate_series(1, 5000) AS i, claims c WHERE c.id = $1`, b.claimA); err != nil {
		t.Fatal(err)
	}
	before := seqScans(t, conn, "documents")
	run(3)
	if scans := seqScans(t, conn, "documents") - before; scans != 0 {
		t.Errorf("reading a message's documents read the whole documents table %d times in 3 runs", scans)
	}
}
