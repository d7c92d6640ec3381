package ingest

import (
	"database/sql"
	"slices"
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

// storedForm is a signed form in 26-1001-WTR's Contracts, received
// 2026-03-02, stored with its stamped copy by storedTwinPair.
type storedForm struct {
	name, contentType string
	content, stamped  []byte
}

// twinPairDir is the folder storedTwinPair stores its forms in.
const twinPairDir = "offices/main/claims/26-1001-WTR/Contracts/"

// storedTwinPair stores forms, their files published in order (the first
// copy stays at a shared key), on a new database as it was before
// migration 69, which keeps names such as K and K.pdf apart, and migrates
// it up. It returns the database with a filer, and the forms' ids.
func storedTwinPair(t *testing.T, forms ...storedForm) (*relocationBundle, *Filer, []int64) {
	t.Helper()
	ctx := t.Context()
	db, dsn := openDB(t)
	b := &relocationBundle{db: db, sql: testenv.SQL(t, dsn), blobs: testStores[0].open(t)}
	rc, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	var claim int64
	if err := b.sql.QueryRow(ctx, `INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR', 1) RETURNING id`).Scan(&claim); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	storedBeforeTwinIndex(t, dsn, func() {
		for _, f := range forms {
			key := twinPairDir + "2026-03-02_" + f.name
			b.put(t, blob.ContentKey(hexSum(f.content)), f.content, true, key)
			b.put(t, blob.ContentKey(hexSum(f.stamped)), f.stamped, true, storage.StampedBrowseKey(key, storage.IsPDFFile(f.name, f.contentType)))
			var id int64
			if err := b.sql.QueryRow(ctx, `
				INSERT INTO documents (claim_id, office_id, sha256, size, filename, content_type, doc_type, folder, browse_key, stamped_sha256, received_at)
				VALUES ($1, 1, $2, $3, $4, $5, 'atp', 'Contracts', $6, $7, '2026-03-02 10:00Z') RETURNING id`,
				claim, hexSum(f.content), len(f.content), f.name, f.contentType, key, hexSum(f.stamped)).Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
	})
	return b, NewFiler(db, b.blobs, NewQueue(rc), time.UTC, nil), ids
}

var (
	twinPDF     = storedForm{"ATP.jpg.pdf", "application/pdf", []byte("%PDF scan of the ATP"), []byte("%PDF scan of the ATP, stamped")}
	twinPicture = storedForm{"ATP.jpg", "image/jpeg", []byte("photo of the ATP"), []byte("%PDF photo of the ATP, stamped")}
)

// twinPairStamped is where both of twinPDF and twinPicture have their
// stamped copy.
const twinPairStamped = twinPairDir + "Stamped/2026-03-02_ATP.jpg.pdf"

// TestMoveTakesOwnStampedCopy: a picture and a PDF filed at K and K.pdf
// before filing kept such names apart share one stamped key, which holds
// the PDF's stamped copy. Retyping the picture moves it with its own
// stamped copy, from its content-addressed blob, and its old key's
// deletion leaves the PDF's stamped copy, which is the one there.
func TestMoveTakesOwnStampedCopy(t *testing.T) {
	t.Parallel()
	b, filer, ids := storedTwinPair(t, twinPDF, twinPicture)
	b.wantBlob(t, twinPairStamped, twinPDF.stamped)

	doc, err := filer.ChangeDocumentType(t.Context(), ids[1], "photo", "dana@office.example")
	if err != nil {
		t.Fatalf("retyping the photo: %v", err)
	}
	b.wantBlob(t, doc.StampedBrowseKey(), twinPicture.stamped)
	b.wantGone(t, twinPairDir+"2026-03-02_ATP.jpg")
	b.wantBlob(t, twinPairStamped, twinPDF.stamped)
}

// TestMoveLeavesTwinsStampedCopy: when the PDF of such a pair moves away,
// its old key's deletion leaves the picture's stamped copy at the key they
// shared, whichever copy was there: the picture's, or the PDF's, which is
// replaced.
func TestMoveLeavesTwinsStampedCopy(t *testing.T) {
	t.Parallel()
	for name, forms := range map[string][]storedForm{
		"picture's there": {twinPicture, twinPDF},
		"PDF's there":     {twinPDF, twinPicture},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b, filer, ids := storedTwinPair(t, forms...)
			pdf := ids[slices.IndexFunc(forms, func(f storedForm) bool { return f.name == twinPDF.name })]
			doc, err := filer.ChangeDocumentType(t.Context(), pdf, "estimate", "dana@office.example")
			if err != nil {
				t.Fatalf("retyping the PDF: %v", err)
			}
			b.wantBlob(t, doc.StampedBrowseKey(), twinPDF.stamped)
			b.wantGone(t, twinPairDir+"2026-03-02_ATP.jpg.pdf")
			b.wantBlob(t, twinPairStamped, twinPicture.stamped)
		})
	}
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
