package storage_test

import (
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

const contractsOfDay = "offices/main/claims/26-1001-WTR/Contracts/2026-11-09_"

// requireStampedKeysApart fails unless the stamped copies of the claim's
// documents would each have a key of their own.
func requireStampedKeysApart(t *testing.T, b *docsBundle, claimID int64) {
	t.Helper()
	docs, err := b.db.ClaimDocuments(t.Context(), claimID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	owner := map[string]string{}
	for _, d := range docs {
		key := d.StampedBrowseKey()
		if other, ok := owner[key]; ok {
			t.Errorf("%s and %s share the stamped key %s", other, d.BrowseKey, key)
		}
		owner[key] = d.BrowseKey
	}
}

// A picture's stamped copy is named after it with ".pdf" added, so a
// picture at a key K and a PDF at K.pdf would share one: the one statement
// that files a document gives neither name while the other is taken,
// whichever came first, be it the plain name or a suffixed one.
func TestFilingKeepsStampedNamesApart(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	m := b.message(t)
	steps := []struct{ name, contentType, want string }{
		// A photo of an ATP, and the PDF a scanning app made of it.
		{"IMG_0412.jpg", "image/jpeg", "IMG_0412.jpg"},
		{"IMG_0412.jpg.pdf", "application/pdf", "IMG_0412.jpg_2.pdf"},
		// A photo's stamped copy downloaded and mailed back before the
		// photo itself is filed.
		{"ATP.jpg.pdf", "application/pdf", "ATP.jpg.pdf"},
		{"ATP.jpg", "image/jpeg", "ATP_2.jpg"},
		// Suffixed names: an MMS picture without an extension, twice, then
		// a PDF of its name; PDFs, then a picture of theirs.
		{"COS", "image/jpeg", "COS"},
		{"COS", "image/jpeg", "COS_2"},
		{"COS.pdf", "application/pdf", "COS_3.pdf"},
		{"W.jpg.pdf", "application/pdf", "W.jpg.pdf"},
		{"W_2.jpg.pdf", "application/pdf", "W_2.jpg.pdf"},
		{"W.jpg", "image/jpeg", "W_3.jpg"},
	}
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		for n, s := range steps {
			d := storage.NewDocument{ClaimID: b.claimA, JobNumber: "26-1001-WTR", OfficeSlug: "main", SHA256: sha("apart", n),
				Size: 10, Filename: s.name, ContentType: s.contentType, DocType: "atp", Folder: "Contracts",
				ReceivedAt: b.received, MessageID: m}
			doc, done, created, err := storage.FileDocumentOnce(ctx, tx, d, b.loc)
			if err != nil {
				return err
			}
			if !done || !created || doc.BrowseKey != contractsOfDay+s.want {
				t.Errorf("%s (%s): done %v, created %v at %q, want %s", s.name, s.contentType, done, created, doc.BrowseKey, s.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	requireStampedKeysApart(t, b, b.claimA)
}

// A name filing tries one by one, when the one statement finds the name it
// picked taken by another claim whose folder reads the same (job numbers
// that differ in what a key cannot hold), is free only when its twin is.
func TestFilingByNameKeepsStampedNamesApart(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	var twinClaim int64
	if err := storage.PoolOf(b.db).QueryRow(ctx, `INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR ', 1) RETURNING id`).
		Scan(&twinClaim); err != nil {
		t.Fatal(err)
	}
	m := b.message(t)
	for n, want := range []string{"X.pdf", "X_2.pdf"} {
		d, _ := b.file(t, storage.NewDocument{MessageID: m, SHA256: sha("twin", n), Filename: "X.pdf", ContentType: "application/pdf",
			ClaimID: twinClaim, JobNumber: "26-1001-WTR "})
		if d.BrowseKey != contractsOfDay+want {
			t.Fatalf("the other claim's X.pdf #%d at %s, want %s", n+1, d.BrowseKey, want)
		}
	}
	picture, _ := b.file(t, storage.NewDocument{MessageID: m, SHA256: sha("picture", 1), Filename: "X_3", ContentType: "image/jpeg"})
	pdf, _ := b.file(t, storage.NewDocument{MessageID: m, SHA256: sha("pdf", 1), Filename: "X.pdf", ContentType: "application/pdf"})
	if picture.BrowseKey != contractsOfDay+"X_3" || pdf.BrowseKey != contractsOfDay+"X_4.pdf" {
		t.Errorf("picture at %s, PDF at %s; want X_3 and X_4.pdf", picture.BrowseKey, pdf.BrowseKey)
	}
}

// A document moving to another claim or folder takes a free name there by
// the same rule: a picture moved where a PDF of its name and ".pdf" is,
// by a message's move, a person's type change or OCR's, takes the next.
func TestMovesKeepStampedNamesApart(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	m, other := b.message(t), b.message(t)
	// The message's move to claim B.
	b.file(t, storage.NewDocument{MessageID: other, SHA256: sha("b", 1), Filename: "ATP.jpg.pdf", ClaimID: b.claimB, JobNumber: "26-1002-WTR"})
	moving, _ := b.file(t, storage.NewDocument{MessageID: m, SHA256: sha("a", 1), Filename: "ATP.jpg", ContentType: "image/jpeg"})
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		_, err := storage.MoveMessageDocuments(ctx, tx, storage.DocumentsMove{
			MessageID: m, ToClaimID: b.claimB, To: storage.ClaimFolder{Office: "main", Job: "26-1002-WTR"}, ReceivedAt: b.received,
		}, b.loc)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := b.db.GetDocument(ctx, moving.ID); err != nil || got.BrowseKey != "offices/main/claims/26-1002-WTR/Contracts/2026-11-09_ATP_2.jpg" {
		t.Errorf("moved picture at %q (%v), want ATP_2.jpg", got.BrowseKey, err)
	}
	requireStampedKeysApart(t, b, b.claimB)

	// A person's type change, and OCR's.
	b.fileTyped(t, other, "IMG_1.jpg.pdf", "cos", "Contracts", 1)
	b.fileTyped(t, other, "IMG_2.jpg.pdf", "cos", "Contracts", 1)
	photo1 := b.fileTyped(t, other, "IMG_1.jpg", "photo", "Photos", 1)
	photo2 := b.fileTyped(t, other, "IMG_2.jpg", "photo", "Photos", 1)
	if mv := b.planMove(t, photo1.ID, "Contracts"); mv.To != contractsOfDay+"IMG_1_2.jpg" {
		t.Errorf("type change planned to %q, want IMG_1_2.jpg", mv.To)
	}
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		_, err := storage.RetypeDocument(ctx, tx, photo2, "cos", "Contracts", b.loc)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := b.db.GetDocument(ctx, photo2.ID); err != nil || got.BrowseKey != contractsOfDay+"IMG_2_2.jpg" {
		t.Errorf("picture retyped after OCR at %q (%v), want IMG_2_2.jpg", got.BrowseKey, err)
	}
	requireStampedKeysApart(t, b, b.claimA)
}

// A key given up is deleted with its stamped copy under either name its
// document's type gives; but the name with ".pdf" added stays when a
// document holds it (a PDF of that name filed beside a PDF before names
// were kept apart), as its own stamped copy is there.
func TestReleasedKeyNamesItsStampedCopies(t *testing.T) {
	t.Parallel()
	b, pool := setupDocsAndSQL(t)
	ctx := t.Context()
	const scan, scanPDF, photo = contractsOfDay + "scan", contractsOfDay + "scan.pdf", contractsOfDay + "ATP.jfif"
	if _, err := pool.Exec(ctx, `
		INSERT INTO documents (claim_id, office_id, sha256, size, filename, content_type, doc_type, folder, browse_key, received_at)
		VALUES ($1, 1, $2, 3, 'scan.pdf', 'application/pdf', 'cos', 'Contracts', $3, now())`, b.claimA, sha("held", 1), scanPDF); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO retired_browse_keys (key) VALUES ($1), ($2)`, scan, photo); err != nil {
		t.Fatal(err)
	}
	var released []storage.ReleasedKey
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		released, err = storage.ReleaseRetiredBrowseKeys(ctx, tx, []string{scan, photo})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	stamped := map[string]string{}
	for _, r := range released {
		stamped[r.Key] = strings.Join(r.Stamped, " | ")
	}
	const dir = "offices/main/claims/26-1001-WTR/Contracts/Stamped/2026-11-09_"
	want := map[string]string{scan: dir + "scan", photo: dir + "ATP.jfif | " + dir + "ATP.jfif.pdf"}
	if len(stamped) != len(want) || stamped[scan] != want[scan] || stamped[photo] != want[photo] {
		t.Errorf("released %q, want %q", stamped, want)
	}
}

// A long name of a picture leaves room in its key for the ".pdf" its
// stamped copy's name adds: blob stores refuse a segment longer than 255
// bytes, and a stamped copy that cannot be stored is never recorded. A
// PDF's name keeps every byte it had.
func TestStampedKeyOfLongNameFits(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	m := b.message(t)
	stem := "Autorización de trabajo firmada por el asegurado "
	stem += strings.Repeat("x", 236-len(stem))
	for n, c := range []struct{ ext, contentType string }{{".jpg", "image/jpeg"}, {".jpg", "image/jpeg"}, {".pdf", "application/pdf"}} {
		d, _ := b.file(t, storage.NewDocument{MessageID: m, SHA256: sha("long", n), Filename: stem + c.ext, ContentType: c.contentType})
		if !strings.HasSuffix(d.BrowseKey, c.ext) {
			t.Errorf("%s name #%d lost its extension: %s", c.ext, n+1, d.BrowseKey)
		}
		for seg := range strings.SplitSeq(d.StampedBrowseKey(), "/") {
			if len(seg) > 255 {
				t.Errorf("%s #%d: stamped key segment of %d bytes: %s", c.ext, n+1, len(seg), seg)
			}
		}
		if c.ext == ".pdf" && d.BrowseKey != contractsOfDay+stem+c.ext {
			t.Errorf("PDF at %s, want its whole name", d.BrowseKey)
		}
	}
}
