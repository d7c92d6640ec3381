package storage_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// fileTyped files one document of type docType in folder into claim A in
// its own transaction.
func (b *docsBundle) fileTyped(t *testing.T, msg int64, name, docType, folder string, n int) storage.Document {
	t.Helper()
	var doc storage.Document
	err := b.db.InTx(t.Context(), func(tx pgx.Tx) error {
		var err error
		doc, _, err = storage.FileDocument(t.Context(), tx, storage.NewDocument{
			ClaimID: b.claimA, JobNumber: "26-1001-WTR", OfficeSlug: "main", SHA256: sha(name, n), Size: 3,
			Filename: name, DocType: docType, Folder: folder, ReceivedAt: b.received, MessageID: msg,
		}, b.loc)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// changeType changes a document's type as dana in its own transaction.
func (b *docsBundle) changeType(t *testing.T, id int64, docType, folder string) (storage.ChangedType, error) {
	t.Helper()
	var ch storage.ChangedType
	err := b.db.InTx(t.Context(), func(tx pgx.Tx) error {
		var err error
		ch, err = storage.ChangeDocumentType(t.Context(), tx, storage.TypeChange{
			DocumentID: id, DocType: docType, Folder: folder, Actor: "dana@office.example",
		}, b.loc)
		return err
	})
	return ch, err
}

// TestChangeDocumentType has a person retype documents the classifier got
// wrong: a photo of a signed COS moves to Contracts under a free name
// there, its old key retired for the caller's move to delete; a COS
// checked and rejected that is an ATP after all stays where it is and
// starts unchecked, its draft asking for a new copy dropped; the claim's
// history says who changed which document from what to what. A filed
// message stays correspondence, and the type a document has already is
// only marked the person's.
func TestChangeDocumentType(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	pool := storage.PoolOf(b.db)
	msg := b.message(t)

	// A COS of the same name and day holds the plain name in Contracts.
	b.fileTyped(t, msg, "IMG_4410.jpg", "cos", "Contracts", 1)
	photo := b.fileTyped(t, msg, "IMG_4410.jpg", "photo", "Photos", 2)
	ch, err := b.changeType(t, photo.ID, "cos", "Contracts")
	if err != nil {
		t.Fatal(err)
	}
	const moved = "offices/main/claims/26-1001-WTR/Contracts/2026-11-09_IMG_4410_2.jpg"
	if a := ch.After; a.DocType != "cos" || a.Folder != "Contracts" || a.BrowseKey != moved || a.TypeSetBy != "dana@office.example" {
		t.Errorf("after the change: %s in %s at %s, set by %q; want cos in Contracts at %s, set by dana", a.DocType, a.Folder, a.BrowseKey, a.TypeSetBy, moved)
	}
	want := storage.KeyRelocation{DocumentID: photo.ID, SHA256: photo.SHA256, Size: photo.Size, From: photo.BrowseKey, To: moved}
	if ch.Moved != want {
		t.Errorf("move %+v, want %+v", ch.Moved, want)
	}
	retired, err := b.db.RetiredBrowseKeys(ctx, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(retired, []string{photo.BrowseKey}) {
		t.Errorf("retired keys %q, want the photo's old key %s", retired, photo.BrowseKey)
	}

	// A COS checked and rejected, then found to be the ATP.
	form := b.fileTyped(t, msg, "scan0001.pdf", "cos", "Contracts", 3)
	if err := b.db.VerifyDocument(ctx, form.ID, storage.DocumentVerification{At: b.received, By: "ana@office.example", Reason: "wrong form"}); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO outbox_drafts (kind, claim_id, document_id, language, recipients, subject, body)
		VALUES ('form_rejected', $1, $2, 'en', '{tech@office.example}', 'COS to sign again', 'body')`, b.claimA, form.ID); err != nil {
		t.Fatal(err)
	}
	ch, err = b.changeType(t, form.ID, "atp", "Contracts")
	if err != nil {
		t.Fatal(err)
	}
	if a := ch.After; a.DocType != "atp" || a.BrowseKey != form.BrowseKey || ch.Moved.To != "" || a.Verified != nil || a.VerifyReason != "" {
		t.Errorf("the rejected COS retyped ATP: %s at %s (move %+v), verified %v %q; want atp where it was, unchecked",
			a.DocType, a.BrowseKey, ch.Moved, a.Verified, a.VerifyReason)
	}
	checks, err := b.db.DocumentVerifications(ctx, b.claimA)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := checks[form.ID]; ok {
		t.Errorf("the ATP keeps the check made of it as a COS: %+v", checks[form.ID])
	}
	var drafts int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM outbox_drafts WHERE document_id = $1`, form.ID).Scan(&drafts); err != nil {
		t.Fatal(err)
	}
	if drafts != 0 {
		t.Errorf("%d drafts still ask for a new signed COS", drafts)
	}

	history, err := b.db.ClaimChanges(ctx, b.claimA, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []storage.ClaimChange
	for _, c := range history {
		c.At = time.Time{}
		got = append(got, c)
	}
	wantHistory := []storage.ClaimChange{
		{Actor: "dana@office.example", Field: storage.FieldDocType, Old: "cos", New: "atp", DocumentID: form.ID, Document: "scan0001.pdf"},
		{Actor: "dana@office.example", Field: storage.FieldDocType, Old: "photo", New: "cos", DocumentID: photo.ID, Document: "IMG_4410.jpg"},
	}
	if !slices.Equal(got, wantHistory) {
		t.Errorf("history %+v\nwant %+v", got, wantHistory)
	}

	// The filed message itself stays correspondence.
	var eml storage.Document
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		eml, _, err = storage.FileDocument(ctx, tx, storage.NewDocument{
			ClaimID: b.claimA, JobNumber: "26-1001-WTR", OfficeSlug: "main", SHA256: sha("eml", 4), Size: 3, Filename: "Re COS.eml",
			DocType: storage.DocTypeCorrespondence, Folder: storage.FolderCorrespondence, ReceivedAt: b.received, MessageID: msg,
		}, b.loc)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.changeType(t, eml.ID, "other", "Other"); !errors.Is(err, storage.ErrInvalid) {
		t.Errorf("retyping a filed message: %v, want ErrInvalid", err)
	}
	if _, err := b.changeType(t, photo.ID, storage.DocTypeCorrespondence, storage.FolderCorrespondence); !errors.Is(err, storage.ErrInvalid) {
		t.Errorf("typing a photo as a filed message: %v, want ErrInvalid", err)
	}

	// The classifier's type, confirmed: the person's now, nothing moved
	// or recorded.
	estimate := b.fileTyped(t, msg, "Estimate.pdf", "estimate", "Estimates", 5)
	ch, err = b.changeType(t, estimate.ID, "estimate", "Estimates")
	if err != nil {
		t.Fatal(err)
	}
	if a := ch.After; a.TypeSetBy != "dana@office.example" || a.BrowseKey != estimate.BrowseKey || ch.Moved.To != "" {
		t.Errorf("estimate confirmed: set by %q at %s (move %+v); want dana's, where it was", a.TypeSetBy, a.BrowseKey, ch.Moved)
	}
	if again, err := b.db.GetDocument(ctx, estimate.ID); err != nil || again.TypeSetBy != "dana@office.example" {
		t.Errorf("estimate read again: set by %q (%v)", again.TypeSetBy, err)
	}
	if history, err := b.db.ClaimChanges(ctx, b.claimA, 10); err != nil || len(history) != 2 {
		t.Errorf("history after a confirmation: %d rows (%v), want the 2 changes", len(history), err)
	}

	if _, err := b.changeType(t, 1<<40, "cos", "Contracts"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("retyping a missing document: %v, want ErrNotFound", err)
	}
}
