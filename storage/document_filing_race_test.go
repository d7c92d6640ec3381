package storage_test

import (
	"context"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// Filing a message's attachment while another transaction writes the
// claim's documents waits for it, then ends in one document of the file,
// linked to every message that brought it.
func TestFileDocumentsAfterAConcurrentWriter(t *testing.T) {
	t.Parallel()
	const folder = "offices/main/claims/26-1001-WTR/Contracts/"
	for _, c := range []struct {
		name    string
		had     bool // the claim has the file, brought by the earlier message, before
		hold    func(t *testing.T, tx pgx.Tx, b *docsBundle, earlier int64, had storage.Document)
		created bool
		key     string
		earlier bool // the document is linked to the earlier message too
	}{
		{"InsertsTheSameFile", false, func(t *testing.T, tx pgx.Tx, b *docsBundle, earlier int64, _ storage.Document) {
			b.fileIn(t, tx, b.newDocument(earlier, sha("cos", 1), "COS.pdf"))
		}, false, "2026-11-09_COS.pdf", true},
		{"TakesTheName", false, func(t *testing.T, tx pgx.Tx, b *docsBundle, earlier int64, _ storage.Document) {
			b.fileIn(t, tx, b.newDocument(earlier, sha("cos", 2), "COS.pdf"))
		}, true, "2026-11-09_COS_2.pdf", false},
		// A move merges the claim's copy into another claim's: the file
		// is filed anew, not linked to a document gone.
		{"MovesTheClaimsCopyAway", true, func(t *testing.T, tx pgx.Tx, _ *docsBundle, _ int64, had storage.Document) {
			_, err := tx.Exec(t.Context(), `WITH gone AS (DELETE FROM documents WHERE id = $1)
				INSERT INTO retired_browse_keys (key) VALUES ($2)`, had.ID, had.BrowseKey)
			if err != nil {
				t.Fatal(err)
			}
		}, true, "2026-11-09_COS_2.pdf", false},
		{"UpdatesTheClaimsCopy", true, func(t *testing.T, tx pgx.Tx, _ *docsBundle, _ int64, had storage.Document) {
			if _, err := tx.Exec(t.Context(), `UPDATE documents SET verify_reason = 'checked' WHERE id = $1`, had.ID); err != nil {
				t.Fatal(err)
			}
		}, false, "2026-11-09_COS.pdf", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			b, sql := setupDocsAndSQL(t)
			ctx := t.Context()
			earlier, m := b.message(t), b.message(t)
			var had storage.Document
			if c.had {
				had, _ = b.file(t, b.newDocument(earlier, sha("cos", 1), "COS.pdf"))
			}
			holder, holderPID := beginHolder(t, sql)
			c.hold(t, holder, b, earlier, had)

			filed := make(chan []storage.FiledDocument, 1)
			failed := make(chan error, 1)
			go func() {
				var got []storage.FiledDocument
				err := b.db.InTx(ctx, func(tx pgx.Tx) error {
					var err error
					got, err = storage.FileDocuments(ctx, tx, []storage.NewDocument{b.newDocument(m, sha("cos", 1), "COS.pdf")}, b.loc)
					return err
				})
				if err != nil {
					failed <- err
					return
				}
				filed <- got
			}()
			testenv.WaitForBlocked(t, sql, holderPID, "%FROM documents%WHERE claim_id >= $1 AND claim_id <= $1 AND sha256 >= $2%FOR SHARE%")
			if err := holder.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			var got storage.FiledDocument
			select {
			case fs := <-filed:
				got = fs[0]
			case err := <-failed:
				t.Fatal(err)
			}
			if got.Created != c.created || got.BrowseKey != folder+c.key {
				t.Errorf("created %v at %q, want %v at %q", got.Created, got.BrowseKey, c.created, folder+c.key)
			}
			want := []int64{m}
			if c.earlier {
				want = []int64{earlier, m}
			}
			var ids, links []int64
			err := sql.QueryRow(ctx, `SELECT array_agg(DISTINCT d.id), array_agg(dm.message_id ORDER BY dm.message_id)
				FROM documents d JOIN document_messages dm ON dm.document_id = d.id
				WHERE d.claim_id = $1 AND d.sha256 = $2`, b.claimA, sha("cos", 1)).Scan(&ids, &links)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids, []int64{got.ID}) || !slices.Equal(links, want) || !slices.Equal(got.MessageIDs, want) {
				t.Errorf("documents %v of the file, linked to messages %v, document %d returned with %v; want %d, linked to %v",
					ids, links, got.ID, got.MessageIDs, got.ID, want)
			}
		})
	}
}

// newDocument is a COS of claim A that message m brought.
func (b *docsBundle) newDocument(m int64, sha256, filename string) storage.NewDocument {
	return storage.NewDocument{ClaimID: b.claimA, JobNumber: "26-1001-WTR", OfficeSlug: "main", SHA256: sha256, Size: 3,
		Filename: filename, DocType: "cos", Folder: "Contracts", ReceivedAt: b.received, MessageID: m}
}

// fileIn files d in tx, which the caller ends.
func (b *docsBundle) fileIn(t *testing.T, tx pgx.Tx, d storage.NewDocument) {
	t.Helper()
	if _, _, err := storage.FileDocument(t.Context(), tx, d, b.loc); err != nil {
		t.Fatal(err)
	}
}

// setupDocsAndSQL is setupDocs with a plain pool to the same database,
// for transactions of the test's own.
func setupDocsAndSQL(t *testing.T) (*docsBundle, *pgxpool.Pool) {
	t.Helper()
	b := setupDocs(t)
	return b, storage.PoolOf(b.db)
}

// beginHolder begins, on sql, the transaction a test holds its locks in
// (rolled back at the test's end unless committed), and returns it with
// its backend's pid, which waitForBlockedBy looks for.
func beginHolder(t *testing.T, sql *pgxpool.Pool) (pgx.Tx, int) {
	t.Helper()
	holder, err := sql.Begin(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { holder.Rollback(context.Background()) })
	var pid int
	if err := holder.QueryRow(t.Context(), `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	return holder, pid
}
