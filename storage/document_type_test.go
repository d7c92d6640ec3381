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

// planMove plans the move of a document to folder in its own
// transaction.
func (b *docsBundle) planMove(t *testing.T, id int64, folder string) storage.KeyRelocation {
	t.Helper()
	var mv storage.KeyRelocation
	err := b.db.InTx(t.Context(), func(tx pgx.Tx) error {
		var err error
		mv, err = storage.PlanTypeMove(t.Context(), tx, id, folder, b.loc)
		return err
	})
	if err != nil && !errors.Is(err, storage.ErrNotFound) {
		t.Fatal(err)
	}
	return mv
}

// changeTypeAs changes a document's type as dana in its own transaction,
// with the move planned mv.
func (b *docsBundle) changeTypeAs(t *testing.T, id int64, docType, folder string, mv storage.KeyRelocation) (storage.ChangedType, error) {
	t.Helper()
	var ch storage.ChangedType
	err := b.db.InTx(t.Context(), func(tx pgx.Tx) error {
		var err error
		ch, err = storage.ChangeDocumentType(t.Context(), tx, storage.TypeChange{
			DocumentID: id, DocType: docType, Folder: folder, Actor: "dana@office.example", Move: mv,
		}, b.loc)
		return err
	})
	return ch, err
}

// changeType plans a document's move and changes its type as dana.
func (b *docsBundle) changeType(t *testing.T, id int64, docType, folder string) (storage.ChangedType, error) {
	t.Helper()
	return b.changeTypeAs(t, id, docType, folder, b.planMove(t, id, folder))
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
		{Actor: "ana@office.example", Field: storage.FieldSignature, Old: "", New: "rejected: wrong form", DocumentID: form.ID, Document: "scan0001.pdf"},
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
	if history, err := b.db.ClaimChanges(ctx, b.claimA, 10); err != nil || len(history) != 3 {
		t.Errorf("history after a confirmation: %d rows (%v), want the 2 changes and the check", len(history), err)
	}

	if _, err := b.changeType(t, 1<<40, "cos", "Contracts"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("retyping a missing document: %v, want ErrNotFound", err)
	}
}

// A type change's move to another folder is planned apart from the change,
// for the files to be copied in between: the name planned is reserved,
// and a document filed meanwhile under the same name and day takes the
// next; a plan the document no longer fits (its stamped copy made since)
// changes nothing, and the change is ErrStaleMove. Released, the name is
// free again; releasing a name a document holds leaves its files.
func TestTypeMoveIsPlannedBeforeTheChange(t *testing.T) {
	t.Parallel()
	b, pool := setupDocsAndSQL(t)
	ctx := t.Context()
	msg := b.message(t)
	photo := b.fileTyped(t, msg, "scan.pdf", "photo", "Photos", 1)
	mv := b.planMove(t, photo.ID, "Contracts")
	const planned = "offices/main/claims/26-1001-WTR/Contracts/2026-11-09_scan.pdf"
	if mv.To != planned || mv.From != photo.BrowseKey {
		t.Fatalf("plan %+v, want a move from %s to %s", mv, photo.BrowseKey, planned)
	}
	if same := b.planMove(t, photo.ID, "Photos"); same != (storage.KeyRelocation{}) {
		t.Errorf("plan within its folder: %+v, want none", same)
	}
	other := b.fileTyped(t, msg, "scan.pdf", "cos", "Contracts", 2)
	if other.BrowseKey != "offices/main/claims/26-1001-WTR/Contracts/2026-11-09_scan_2.pdf" {
		t.Errorf("a COS of the same name filed meanwhile took %s, want the next name", other.BrowseKey)
	}

	if _, err := pool.Exec(ctx, `UPDATE documents SET stamped_sha256 = $2 WHERE id = $1`, photo.ID, sha("stamped", 3)); err != nil {
		t.Fatal(err)
	}
	if _, err := b.changeTypeAs(t, photo.ID, "cos", "Contracts", mv); !errors.Is(err, storage.ErrStaleMove) {
		t.Errorf("change with a plan made before the stamp: %v, want ErrStaleMove", err)
	}
	if d, err := b.db.GetDocument(ctx, photo.ID); err != nil || d.DocType != "photo" || d.BrowseKey != photo.BrowseKey {
		t.Errorf("after the stale change: %s at %s (%v), want the photo as it was", d.DocType, d.BrowseKey, err)
	}
	var released []storage.ReleasedKey
	if err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		released, err = storage.ReleaseRetiredBrowseKeys(ctx, tx, []string{mv.To})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(released) != 1 || released[0].Key != planned {
		t.Errorf("released %v, want the planned name", released)
	}
	// A name a document holds is its own: released, its files stay.
	if _, err := pool.Exec(ctx, `INSERT INTO retired_browse_keys (key) VALUES ($1)`, other.BrowseKey); err != nil {
		t.Fatal(err)
	}
	if err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		released, err = storage.ReleaseRetiredBrowseKeys(ctx, tx, []string{other.BrowseKey})
		return err
	}); err != nil || len(released) != 0 {
		t.Errorf("released %v (%v), want nothing to delete of the COS's name", released, err)
	}
	ch, err := b.changeType(t, photo.ID, "cos", "Contracts")
	if err != nil {
		t.Fatal(err)
	}
	if ch.After.BrowseKey != planned || ch.Moved.StampedSHA256 != sha("stamped", 3) {
		t.Errorf("planned again: at %s, move %+v; want %s with the stamped copy", ch.After.BrowseKey, ch.Moved, planned)
	}
}
