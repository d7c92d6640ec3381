package storage_test

import (
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// TestFileDocumentsAsOneByOne files a message's attachments and the message
// itself in one call: a file the claim has is linked, a taken name gets a
// suffix, a file attached twice is one document, and every document is
// linked to the message, as FileDocument one at a time would.
func TestFileDocumentsAsOneByOne(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	had, _ := b.file(t, storage.NewDocument{MessageID: b.message(t), SHA256: sha("cos", 1), Filename: "COS.pdf"})

	m := b.message(t)
	files := []struct{ sha, name string }{
		{sha("cos", 1), "COS.pdf"},        // in the claim already
		{sha("cos", 2), "COS.pdf"},        // another file of a taken name
		{sha("cos", 3), "COS.pdf"},        // and one more, in the same batch
		{sha("est", 1), "Estimate.pdf"},   // new
		{sha("est", 1), "Estimate 2.pdf"}, // the same file again
	}
	var parts []storage.MessagePart
	for i, f := range files {
		parts = append(parts, storage.MessagePart{Path: fmt.Sprint(i + 2), ContentType: "application/pdf",
			Filename: f.name, IsAttachment: true, SHA256: f.sha, Size: 3})
	}
	if err := b.db.SaveParsed(ctx, m, storage.ParsedMessage{Parts: parts}); err != nil {
		t.Fatal(err)
	}
	var ds []storage.NewDocument
	rows, err := storage.PoolOf(b.db).Query(ctx, `SELECT id FROM message_parts WHERE message_id = $1 ORDER BY id`, m)
	if err != nil {
		t.Fatal(err)
	}
	partIDs, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(partIDs) != len(files) {
		t.Fatalf("parts %v (%v), want %d", partIDs, err, len(files))
	}
	for i, f := range files {
		ds = append(ds, storage.NewDocument{SHA256: f.sha, Size: 3, Filename: f.name, DocType: "cos", Folder: "Contracts", PartID: partIDs[i]})
	}
	ds = append(ds, storage.NewDocument{SHA256: sha("raw", 99), Size: 10, Filename: "Update.eml", ContentType: "message/rfc822",
		DocType: storage.DocTypeCorrespondence, Folder: storage.FolderCorrespondence})
	for i := range ds {
		ds[i].ClaimID, ds[i].JobNumber, ds[i].OfficeSlug, ds[i].ReceivedAt, ds[i].MessageID = b.claimA, "26-1001-WTR", "main", b.received, m
	}

	var got []storage.FiledDocument
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		got, err = storage.FileDocuments(ctx, tx, ds, b.loc)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(ds) {
		t.Fatalf("%d documents, want %d", len(got), len(ds))
	}
	want := []struct {
		created bool
		key     string
	}{
		{false, had.BrowseKey},
		{true, "offices/main/claims/26-1001-WTR/Contracts/2026-11-09_COS_2.pdf"},
		{true, "offices/main/claims/26-1001-WTR/Contracts/2026-11-09_COS_3.pdf"},
		{true, "offices/main/claims/26-1001-WTR/Contracts/2026-11-09_Estimate.pdf"},
		{false, "offices/main/claims/26-1001-WTR/Contracts/2026-11-09_Estimate.pdf"},
		{true, "offices/main/claims/26-1001-WTR/Correspondence/2026-11-09_Update.eml"},
	}
	for i, w := range want {
		if got[i].Created != w.created || got[i].BrowseKey != w.key {
			t.Errorf("document %d (%s): created %v at %q, want %v at %q", i, ds[i].Filename, got[i].Created, got[i].BrowseKey, w.created, w.key)
		}
	}
	if got[0].ID != had.ID || got[4].ID != got[3].ID {
		t.Errorf("ids %d and %d, want %d (the claim's) and %d (the first copy's)", got[0].ID, got[4].ID, had.ID, got[3].ID)
	}
	var linked int
	if err := storage.PoolOf(b.db).QueryRow(ctx, `SELECT count(*) FROM document_messages WHERE message_id = $1`, m).Scan(&linked); err != nil {
		t.Fatal(err)
	}
	if linked != 5 {
		t.Errorf("the message is linked to %d documents, want 5", linked)
	}
}
