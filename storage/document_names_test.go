package storage_test

import (
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// A document whose name is taken is filed under the first free name by
// the one statement that tries its plain name: names held by the claim's
// documents and by retired keys are skipped, and names picked earlier in
// the same transaction count as taken. Replies of one day share their
// subject, and so their .eml's name.
func TestInsertDocumentPicksFreeNameAtOnce(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	m := b.message(t)
	const name = "offices/main/claims/26-1001-WTR/Correspondence/2026-11-09_Re_ Drying log"
	if _, err := storage.PoolOf(b.db).Exec(ctx, `INSERT INTO retired_browse_keys (key) VALUES ($1)`, name+"_3.eml"); err != nil {
		t.Fatal(err)
	}
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		for n, want := range []string{".eml", "_2.eml", "_4.eml", "_5.eml"} {
			d := storage.NewDocument{ClaimID: b.claimA, JobNumber: "26-1001-WTR", OfficeSlug: "main", SHA256: sha("eml", n),
				Size: 10, Filename: "Re_ Drying log.eml", ContentType: "message/rfc822", DocType: storage.DocTypeCorrespondence,
				Folder: storage.FolderCorrespondence, ReceivedAt: b.received, MessageID: m}
			doc, inserted, err := storage.InsertDocumentOnce(ctx, tx, d, b.loc)
			if err != nil {
				return err
			}
			if !inserted || doc.BrowseKey != name+want {
				t.Errorf("document %d: inserted %v at %q, want %q", n, inserted, doc.BrowseKey, name+want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
