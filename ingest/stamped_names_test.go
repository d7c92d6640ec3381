package ingest

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/migrations"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// fileSignedForms files one technician's message of files, each typed an
// atp, in claim 26-1001-WTR, runs its jobs (stamping, publishing) and
// returns its documents by name.
func (b *filingBundle) fileSignedForms(t *testing.T, id string, files ...mailFile) map[string]storage.Document {
	t.Helper()
	m := b.addRaw(t, attachmentsMail(id, "signed ATP", files...), time.Date(2026, 11, 2, 16, 0, 0, 0, time.UTC))
	docTypes := map[string]string{}
	for _, p := range m.parsed.Parts {
		if p.Filename != "" {
			docTypes[p.Path] = "atp"
		}
	}
	if _, err := b.filer.File(t.Context(), FileRequest{MessageID: m.id, ClaimID: b.claims["26-1001-WTR"], DocTypes: docTypes}); err != nil {
		t.Fatal(err)
	}
	b.drain(t)
	docs := map[string]storage.Document{}
	for _, d := range b.documents(t, m.id) {
		docs[d.Filename] = d
	}
	return docs
}

// requireOwnStampedCopy fails unless d's stamped copy is at its stamped
// key: d's, not another document's.
func (b *filingBundle) requireOwnStampedCopy(t *testing.T, d storage.Document) {
	t.Helper()
	if d.StampedSHA256 == "" {
		t.Fatalf("%s not stamped: %q", d.Filename, d.StampError)
	}
	key := d.StampedBrowseKey()
	if got := shaHex(b.read(t, key)); got != d.StampedSHA256 {
		t.Errorf("%s: the stamped copy at %s is another document's (sha %.12s, want %.12s)", d.Filename, key, got, d.StampedSHA256)
	}
}

// TestPictureAndItsPDFStampedApart files, in one message to one claim, a
// technician's photo of an ATP, IMG_0412.jpg, and the PDF a scanning app
// made of it, IMG_0412.jpg.pdf: both signed forms, both in Contracts on one
// day. The photo's stamped copy is named after it with ".pdf" added, so
// the PDF takes another name than IMG_0412.jpg.pdf, and each stamped copy
// has a key of its own. Retyping either moves its files, the stamped copy
// at its key checked, and leaves the other's stamped copy in place.
func TestPictureAndItsPDFStampedApart(t *testing.T) {
	t.Parallel()
	b := setupFiling(t, testStores[0].open, true)
	ctx := t.Context()
	docs := b.fileSignedForms(t, "apart",
		mailFile{"IMG_0412.jpg", "image/jpeg", sidePhoto(t, 640, 480, 1)}, mailFile{"IMG_0412.jpg.pdf", "application/pdf", textPDF(2, 5)})
	pic, doc := docs["IMG_0412.jpg"], docs["IMG_0412.jpg.pdf"]
	if pic.StampedBrowseKey() == doc.StampedBrowseKey() {
		t.Fatalf("%s and %s share the stamped key %s", pic.BrowseKey, doc.BrowseKey, pic.StampedBrowseKey())
	}
	b.requireOwnStampedCopy(t, pic)
	b.requireOwnStampedCopy(t, doc)

	// The picture, no longer a signed form, loses its stamped copy, and
	// leaves the PDF's.
	if _, err := b.filer.ChangeDocumentType(ctx, pic.ID, "other", "ana@office.example"); err != nil {
		t.Fatalf("retyping %s: %v", pic.Filename, err)
	}
	b.drain(t)
	b.requireGone(t, pic.StampedBrowseKey())
	b.requireOwnStampedCopy(t, doc)
	// The PDF moves to Other, its stamped copy with it, beside the picture.
	if _, err := b.filer.ChangeDocumentType(ctx, doc.ID, "other", "ana@office.example"); err != nil {
		t.Fatalf("retyping %s: %v", doc.Filename, err)
	}
	b.drain(t)
	retyped, err := b.db.GetDocument(ctx, doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if retyped.Folder != "Other" {
		t.Errorf("PDF retyped in %s, want Other", retyped.Folder)
	}
	b.requireOwnStampedCopy(t, retyped)
	b.requireGone(t, doc.StampedBrowseKey())
}

// TestStampedCopyOfAnyPictureIsPDF: a photo of a form whose name says
// nothing of a picture (a Windows browser saves JPEGs as .jfif) is stamped
// by its content type, and its stamped copy, a PDF, is named so in the
// claim's folder; a PDF whose name lacks ".pdf" keeps its stamped name.
func TestStampedCopyOfAnyPictureIsPDF(t *testing.T) {
	t.Parallel()
	b := setupFiling(t, testStores[0].open, true)
	docs := b.fileSignedForms(t, "jfif",
		mailFile{"ATP.jfif", "image/jpeg", sidePhoto(t, 640, 480, 1)}, mailFile{"scan", "application/pdf", textPDF(1, 5)})
	for name, want := range map[string]string{"ATP.jfif": "ATP.jfif.pdf", "scan": "scan"} {
		d := docs[name]
		b.requireOwnStampedCopy(t, d)
		if key := d.StampedBrowseKey(); !strings.HasSuffix(key, "/Contracts/Stamped/2026-11-02_"+want) {
			t.Errorf("stamped copy of %s at %s, want Contracts/Stamped/2026-11-02_%s", name, key, want)
		}
	}
}

// TestMoveTakesOwnStampedCopy: a picture and a PDF filed at K and K.pdf
// before filing kept such names apart share one stamped key, which holds
// the PDF's stamped copy. Retyping the picture moves it with its own
// stamped copy, from its content-addressed blob, and its old key's
// deletion leaves the PDF's stamped copy, which is the one there.
func TestMoveTakesOwnStampedCopy(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db, dsn := openDB(t)
	b := &relocationBundle{db: db, sql: testenv.SQL(t, dsn), blobs: testStores[0].open(t)}
	rc, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	filer := NewFiler(db, b.blobs, NewQueue(rc), time.UTC, nil)
	var claim int64
	if err := b.sql.QueryRow(ctx, `INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR', 1) RETURNING id`).Scan(&claim); err != nil {
		t.Fatal(err)
	}
	const dir = "offices/main/claims/26-1001-WTR/Contracts/"
	add := func(name, contentType string, content, stamped []byte) int64 {
		t.Helper()
		key := dir + "2026-03-02_" + name
		b.put(t, blob.ContentKey(hexSum(content)), content, true, key)
		// Published in filing order: the first copy stays at a shared key.
		b.put(t, blob.ContentKey(hexSum(stamped)), stamped, true, storage.StampedBrowseKey(key, storage.IsPDFFile(name, contentType)))
		var id int64
		if err := b.sql.QueryRow(ctx, `
			INSERT INTO documents (claim_id, office_id, sha256, size, filename, content_type, doc_type, folder, browse_key, stamped_sha256, received_at)
			VALUES ($1, 1, $2, $3, $4, $5, 'atp', 'Contracts', $6, $7, '2026-03-02 10:00Z') RETURNING id`,
			claim, hexSum(content), len(content), name, contentType, key, hexSum(stamped)).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	pdfStamped, picStamped := []byte("%PDF scan of the ATP, stamped"), []byte("%PDF photo of the ATP, stamped")
	var pic int64
	storedBeforeTwinIndex(t, dsn, func() {
		add("ATP.jpg.pdf", "application/pdf", []byte("%PDF scan of the ATP"), pdfStamped)
		pic = add("ATP.jpg", "image/jpeg", []byte("photo of the ATP"), picStamped)
	})
	const shared = dir + "Stamped/2026-03-02_ATP.jpg.pdf"
	b.wantBlob(t, shared, pdfStamped)

	doc, err := filer.ChangeDocumentType(ctx, pic, "photo", "dana@office.example")
	if err != nil {
		t.Fatalf("retyping the photo: %v", err)
	}
	b.wantBlob(t, doc.StampedBrowseKey(), picStamped)
	b.wantGone(t, dir+"2026-03-02_ATP.jpg")
	b.wantBlob(t, shared, pdfStamped)
}

// storedBeforeTwinIndex runs store on the database at dsn as it was before
// migration 69, which keeps a new document from taking the twin of a key
// another holds, and migrates it up again: a database upgraded with such
// a pair stored.
func storedBeforeTwinIndex(t *testing.T, dsn string, store func()) {
	t.Helper()
	sqlDB, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer sqlDB.Close()
	p, err := migrations.NewProvider(sqlDB)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(t.Context(), 68); err != nil {
		t.Fatal(err)
	}
	store()
	if _, err := p.Up(t.Context()); err != nil {
		t.Fatal(err)
	}
}
