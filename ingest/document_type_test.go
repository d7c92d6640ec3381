package ingest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// TestChangeDocumentTypeMovesItsFiles runs the retyping test on both blob
// stores.
func TestChangeDocumentTypeMovesItsFiles(t *testing.T) {
	t.Parallel()
	for _, st := range testStores {
		t.Run(st.name, func(t *testing.T) {
			t.Parallel()
			testChangeDocumentTypeMovesItsFiles(t, st.open)
		})
	}
}

// testChangeDocumentTypeMovesItsFiles has a person retype a photo of a
// signed COS, stamped and published: the original and its stamped copy
// are at its key in Contracts, checked, and gone from Photos, and a
// publish job, queued with the change, would delete them again after a
// crash. A document whose bytes are missing from the store cannot move:
// its type stays as it was, and nothing is recorded.
func testChangeDocumentTypeMovesItsFiles(t *testing.T, open func(t *testing.T) blob.Store) {
	ctx := t.Context()
	db, dsn := openDB(t)
	b := &relocationBundle{db: db, sql: testenv.SQL(t, dsn), blobs: open(t)}
	rc, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	filer := NewFiler(db, b.blobs, NewQueue(rc), time.UTC, nil)
	var claim int64
	if err := b.sql.QueryRow(ctx, `INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR', 1) RETURNING id`).Scan(&claim); err != nil {
		t.Fatal(err)
	}
	addPhoto := func(name string, content, stamped []byte, stored bool) int64 {
		t.Helper()
		key := "offices/main/claims/26-1001-WTR/Photos/2026-03-02_" + name
		var stampedSHA *string
		if stored {
			b.put(t, blob.ContentKey(hexSum(content)), content, true, key)
			s := hexSum(stamped)
			stampedSHA = &s
			b.put(t, blob.ContentKey(s), stamped, true, storage.StampedBrowseKey(key, true))
		}
		var id int64
		if err := b.sql.QueryRow(ctx, `
			INSERT INTO documents (claim_id, office_id, sha256, size, filename, content_type, doc_type, folder, browse_key, stamped_sha256, received_at)
			VALUES ($1, 1, $2, $3, $4, 'application/pdf', 'photo', 'Photos', $5, $6, '2026-03-02 10:00Z') RETURNING id`,
			claim, hexSum(content), len(content), name, key, stampedSHA).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	content, stamped := []byte("%PDF certificate of satisfaction, signed"), []byte("%PDF certificate of satisfaction, signed, stamped")
	cos := addPhoto("COS signed.pdf", content, stamped, true)
	lost := addPhoto("lost.pdf", []byte("%PDF lost"), nil, false)

	doc, err := filer.ChangeDocumentType(ctx, cos, "cos", "dana@office.example")
	if err != nil {
		t.Fatal(err)
	}
	const from, to = "offices/main/claims/26-1001-WTR/Photos/2026-03-02_COS signed.pdf", "offices/main/claims/26-1001-WTR/Contracts/2026-03-02_COS signed.pdf"
	if doc.DocType != "cos" || doc.Folder != "Contracts" || doc.BrowseKey != to || doc.TypeSetBy != "dana@office.example" {
		t.Errorf("retyped: %s in %s at %s, set by %q; want cos in Contracts at %s, set by dana", doc.DocType, doc.Folder, doc.BrowseKey, doc.TypeSetBy, to)
	}
	b.wantBlob(t, to, content)
	b.wantBlob(t, storage.StampedBrowseKey(to, true), stamped)
	b.wantGone(t, from)
	b.wantGone(t, storage.StampedBrowseKey(from, true))
	var retiredLeft int
	if err := b.sql.QueryRow(ctx, `SELECT count(*) FROM retired_browse_keys`).Scan(&retiredLeft); err != nil || retiredLeft != 0 {
		t.Errorf("%d retired keys left (%v), want the old key freed once its blobs are deleted", retiredLeft, err)
	}
	var publish [][]string
	if err := b.sql.QueryRow(ctx, `SELECT coalesce(array_agg(ARRAY(SELECT jsonb_array_elements_text(args->'retired'))), '{}')
		FROM river_job WHERE kind = 'publish_documents'`).Scan(&publish); err != nil {
		t.Fatal(err)
	}
	if len(publish) != 1 || !slices.Equal(publish[0], []string{from}) {
		t.Errorf("publish jobs queued retiring %q, want one retiring %s", publish, from)
	}

	if _, err := filer.ChangeDocumentType(ctx, lost, "cos", "dana@office.example"); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("retyping a document whose bytes are missing: %v, want the store's not found", err)
	}
	after, err := db.GetDocument(ctx, lost)
	if err != nil {
		t.Fatal(err)
	}
	if after.DocType != "photo" || after.Folder != "Photos" || after.BrowseKey != "offices/main/claims/26-1001-WTR/Photos/2026-03-02_lost.pdf" || after.TypeSetBy != "" {
		t.Errorf("the document that could not move: %s in %s at %s, set by %q; want it as it was", after.DocType, after.Folder, after.BrowseKey, after.TypeSetBy)
	}
	changes, err := db.ClaimChanges(ctx, claim, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 || changes[0].DocumentID != cos {
		t.Errorf("history %+v, want the COS's change alone", changes)
	}
	if _, err := filer.ChangeDocumentType(ctx, cos, "inline", "dana@office.example"); !errors.Is(err, storage.ErrInvalid) {
		t.Errorf("typing a document as a body image: %v, want ErrInvalid", err)
	}
}

// TestPersonTypeStaysThroughRefine files a scan before OCR reads it, has a
// person type it an ATP, then lets OCR read "Certificate of Satisfaction"
// on it: the refining run records what the classifier makes of the part,
// and leaves the document the person's ATP.
func TestPersonTypeStaysThroughRefine(t *testing.T) {
	t.Parallel()
	var filer *Filer
	b := setupOCR(t, func(p *Processor, _ *OCRWorker) { filer = p.cfg.Filer })
	claimID := b.claim(t, "26-1001-WTR", "LA920-967489-27")
	id, before := b.fileScanHeld(t, "Claim LA920-967489-27 paperwork", claimID)
	chosen, err := filer.ChangeDocumentType(t.Context(), before.ID, "atp", "dana@office.example")
	if err != nil {
		t.Fatal(err)
	}
	if chosen.DocType != "atp" || chosen.Folder != "Contracts" {
		t.Fatalf("scan typed %s in %s, want atp in Contracts", chosen.DocType, chosen.Folder)
	}
	b.readScans(t)

	after := b.scanDocument(t, id)
	if after.DocType != "atp" || after.BrowseKey != chosen.BrowseKey || after.TypeSetBy != "dana@office.example" {
		t.Errorf("scan after OCR read it: %s at %s, set by %q; want dana's atp at %s", after.DocType, after.BrowseKey, after.TypeSetBy, chosen.BrowseKey)
	}
	var partType string
	if err := b.sql.QueryRow(t.Context(), `SELECT doc_type FROM message_parts WHERE message_id = $1 AND filename = 'scan0001.pdf'`, id).Scan(&partType); err != nil {
		t.Fatal(err)
	}
	if partType != "cos" {
		t.Errorf("the refining run recorded the part as %q, want the classifier's cos: the run did not type it again", partType)
	}
}
