package storage_test

import (
	"slices"
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
			doc, _, created, err := storage.FileDocumentOnce(ctx, tx, d, b.loc)
			if err != nil {
				return err
			}
			if !created || doc.BrowseKey != name+want {
				t.Errorf("document %d: created %v at %q, want %q", n, created, doc.BrowseKey, name+want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The statement that files a document links the claim's copy instead
// when the claim has the file: the same reply's attachment sent again
// costs one statement, and the copy keeps its name.
func TestFileDocumentOnceLinksTheClaimsCopy(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	had, _ := b.file(t, storage.NewDocument{MessageID: b.message(t), SHA256: sha("cos", 1), Filename: "COS.pdf"})
	m := b.message(t)
	d := storage.NewDocument{ClaimID: b.claimA, JobNumber: "26-1001-WTR", OfficeSlug: "main", SHA256: sha("cos", 1),
		Size: 3, Filename: "COS signed.pdf", DocType: "cos", Folder: "Contracts", ReceivedAt: b.received, MessageID: m}
	var doc storage.Document
	var done, created bool
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		doc, done, created, err = storage.FileDocumentOnce(ctx, tx, d, b.loc)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !done || created || doc.ID != had.ID || doc.BrowseKey != had.BrowseKey || !slices.Equal(doc.MessageIDs, []int64{had.MessageIDs[0], m}) {
		t.Errorf("done %v, created %v, document %d at %q brought by %v; want the claim's %d at %q brought by both",
			done, created, doc.ID, doc.BrowseKey, doc.MessageIDs, had.ID, had.BrowseKey)
	}
	var links int
	if err := storage.PoolOf(b.db).QueryRow(ctx, `SELECT count(*) FROM document_messages WHERE document_id = $1`, had.ID).Scan(&links); err != nil {
		t.Fatal(err)
	}
	if links != 2 {
		t.Errorf("%d links, want 2", links)
	}
}
