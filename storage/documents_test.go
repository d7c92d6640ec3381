package storage_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// docsBundle is a database with two claims and a mailbox to add messages to.
type docsBundle struct {
	db       *storage.DB
	loc      *time.Location
	mailbox  int64
	claimA   int64 // job 26-1001-WTR
	claimB   int64 // job 26-1002-WTR
	uid      uint32
	received time.Time
}

func setupDocs(t testing.TB) *docsBundle {
	t.Helper()
	ctx := t.Context()
	db := openDB(t)
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	mb, err := db.EnsureMailbox(ctx, "office@example.com", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	b := &docsBundle{db: db, loc: loc, mailbox: mb.ID,
		// 03:30 UTC is the evening before in the office.
		received: time.Date(2026, 11, 10, 3, 30, 0, 0, time.UTC)}
	for _, c := range []struct {
		job string
		id  *int64
	}{{"26-1001-WTR", &b.claimA}, {"26-1002-WTR", &b.claimB}} {
		if err := storage.PoolOf(db).QueryRow(ctx, `INSERT INTO claims (job_number, office_id) VALUES ($1, 1) RETURNING id`, c.job).Scan(c.id); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

func (b *docsBundle) message(t testing.TB) int64 {
	t.Helper()
	b.uid++
	var id int64
	err := b.db.InTx(t.Context(), func(tx pgx.Tx) error {
		var err error
		id, _, err = storage.InsertMessage(t.Context(), tx, storage.NewMessage{
			MailboxID: b.mailbox, UIDValidity: 1, UID: b.uid, Direction: "in", RawSHA256: sha("raw", int(b.uid)),
			RawSize: 10, InternalDate: b.received, Status: storage.StatusParsed,
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func sha(s string, n int) string {
	sum := sha256.Sum256([]byte(s + string(rune('a'+n))))
	return hex.EncodeToString(sum[:])
}

// file files one document in its own transaction.
func (b *docsBundle) file(t *testing.T, d storage.NewDocument) (storage.Document, bool) {
	t.Helper()
	if d.JobNumber == "" {
		d.JobNumber = "26-1001-WTR"
	}
	if d.OfficeSlug == "" {
		d.OfficeSlug = "main"
	}
	if d.ClaimID == 0 {
		d.ClaimID = b.claimA
	}
	if d.ReceivedAt.IsZero() {
		d.ReceivedAt = b.received
	}
	d.DocType, d.Folder, d.Size = "cos", "Contracts", 3
	var doc storage.Document
	var created bool
	err := b.db.InTx(t.Context(), func(tx pgx.Tx) error {
		var err error
		doc, created, err = storage.FileDocument(t.Context(), tx, d, b.loc)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return doc, created
}

func TestFileDocumentNamesAndDuplicates(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	m1, m2 := b.message(t), b.message(t)

	first, created := b.file(t, storage.NewDocument{MessageID: m1, SHA256: sha("cos", 1), Filename: "COS.pdf"})
	if !created || first.BrowseKey != "offices/main/claims/26-1001-WTR/Contracts/2026-11-09_COS.pdf" {
		t.Fatalf("first COS: created %v, key %q", created, first.BrowseKey)
	}
	// The same file again, from another message: one document, two links.
	again, created := b.file(t, storage.NewDocument{MessageID: m2, SHA256: sha("cos", 1), Filename: "COS signed.pdf"})
	if created || again.ID != first.ID || !slices.Equal(again.MessageIDs, []int64{m1, m2}) {
		t.Fatalf("same file twice: created %v, id %d (first %d), messages %v", created, again.ID, first.ID, again.MessageIDs)
	}
	// Other files of the same name and day get a suffix before the extension.
	for i, want := range []string{"2026-11-09_COS_2.pdf", "2026-11-09_COS_3.pdf"} {
		d, created := b.file(t, storage.NewDocument{MessageID: m2, SHA256: sha("cos", 2+i), Filename: "COS.pdf"})
		if !created || d.BrowseKey != "offices/main/claims/26-1001-WTR/Contracts/"+want {
			t.Errorf("COS #%d: created %v, key %q, want %s", i+2, created, d.BrowseKey, want)
		}
	}
	// Another day, another claim: no suffix.
	d, _ := b.file(t, storage.NewDocument{MessageID: m1, SHA256: sha("cos", 9), Filename: "COS.pdf", ReceivedAt: b.received.Add(24 * time.Hour)})
	if d.BrowseKey != "offices/main/claims/26-1001-WTR/Contracts/2026-11-10_COS.pdf" {
		t.Errorf("next day: key %q", d.BrowseKey)
	}
	d, _ = b.file(t, storage.NewDocument{MessageID: m1, SHA256: sha("cos", 1), Filename: "COS.pdf", ClaimID: b.claimB, JobNumber: "26-1002-WTR"})
	if d.BrowseKey != "offices/main/claims/26-1002-WTR/Contracts/2026-11-09_COS.pdf" || d.ID == first.ID {
		t.Errorf("other claim: key %q, id %d", d.BrowseKey, d.ID)
	}
	// Names without an extension, and names that are not safe as a key.
	for _, c := range []struct{ name, want string }{
		{"README", "2026-11-09_README"},
		{"README", "2026-11-09_README_2"},
		{"a/b\\c\x01.pdf", "2026-11-09_a_b_c_.pdf"},
		{"", "2026-11-09_document"},
	} {
		d, _ := b.file(t, storage.NewDocument{MessageID: m1, SHA256: sha(c.name, int(b.uid)+len(c.want)), Filename: c.name})
		if d.BrowseKey != "offices/main/claims/26-1001-WTR/Contracts/"+c.want {
			t.Errorf("%q: key %q, want %s", c.name, d.BrowseKey, c.want)
		}
	}

	docs, err := b.db.ClaimDocuments(t.Context(), b.claimA, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	page, err := b.db.ClaimDocuments(t.Context(), b.claimA, docs[1].ID, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 8 || len(page) != 2 || page[0].ID != docs[2].ID {
		t.Errorf("claim documents: %d, page after the second: %d starting at %v", len(docs), len(page), page)
	}
	got, err := b.db.GetDocument(t.Context(), first.ID)
	if err != nil || got.JobNumber != "26-1001-WTR" || got.Filename != "COS.pdf" || !got.ReceivedAt.Equal(b.received) {
		t.Errorf("GetDocument: %+v, %v", got, err)
	}
	if _, err := b.db.GetDocument(t.Context(), 1<<40); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("GetDocument of a missing id: %v", err)
	}
}

// TestStampedBrowseKey puts a PDF's stamped copy under its own name,
// ".pdf" or not, and that of any other document, which is a PDF made of it,
// under its name and ".pdf", whatever name the picture had.
func TestStampedBrowseKey(t *testing.T) {
	t.Parallel()
	const dir = "offices/main/claims/26-1001-WTR/Contracts/"
	for _, c := range []struct {
		name string
		pdf  bool
		want string
	}{
		{"2026-11-05_Estimate.pdf", true, "2026-11-05_Estimate.pdf"},
		{"2026-11-05_scan.PDF", true, "2026-11-05_scan.PDF"},
		{"2026-11-05_scan", true, "2026-11-05_scan"}, // a PDF without its extension
		{"2026-11-05_ATP.jpg", false, "2026-11-05_ATP.jpg.pdf"},
		{"2026-11-05_IMG_0412.HEIC", false, "2026-11-05_IMG_0412.HEIC.pdf"},
		{"2026-11-05_cos.png", false, "2026-11-05_cos.png.pdf"},
		{"2026-11-05_ATP.jfif", false, "2026-11-05_ATP.jfif.pdf"}, // a JPEG as Windows saves it
		{"2026-11-05_image", false, "2026-11-05_image.pdf"},       // a JPEG as an MMS gateway sends it
	} {
		if got := storage.StampedBrowseKey(dir+c.name, c.pdf); got != dir+"Stamped/"+c.want {
			t.Errorf("StampedBrowseKey(%q, %v) = %q, want %q", dir+c.name, c.pdf, got, dir+"Stamped/"+c.want)
		}
	}
	photo := storage.Document{Filename: "ATP.jfif", ContentType: "image/jpeg", BrowseKey: dir + "2026-11-05_ATP.jfif"}
	if got := photo.StampedName(); got != "ATP.jfif.pdf" {
		t.Errorf("stamped copy of %s named %q, want ATP.jfif.pdf", photo.Filename, got)
	}
	scan := storage.Document{Filename: "scan", ContentType: "application/pdf", BrowseKey: dir + "2026-11-05_scan"}
	if got := scan.StampedBrowseKey(); got != dir+"Stamped/2026-11-05_scan" {
		t.Errorf("stamped copy of a PDF without its extension at %q, want its own name", got)
	}
}

func TestRecordStamp(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	m := b.message(t)
	d, _ := b.file(t, storage.NewDocument{MessageID: m, SHA256: sha("pdf", 1), Filename: "Estimate.pdf"})

	record := func(o storage.StampOutcome) (storage.Document, bool) {
		t.Helper()
		var doc storage.Document
		var ok bool
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			doc, ok, err = storage.RecordStamp(ctx, tx, o)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return doc, ok
	}
	// A stamp made before the document moved to another claim shows the
	// other claim's job number.
	if _, ok := record(storage.StampOutcome{DocumentID: d.ID, ClaimID: b.claimB, JobNumber: d.JobNumber,
		OfficeID: storage.DefaultOfficeID, TextSource: storage.TextSourceNone, StampedSHA256: sha("s", 1)}); ok {
		t.Error("stamp for another claim recorded")
	}
	// A stamp made before OCR read the scan lacks the words read.
	if err := b.db.SaveOCRText(ctx, d.SHA256, "CERTIFICATE OF SATISFACTION"); err != nil {
		t.Fatal(err)
	}
	if _, ok := record(storage.StampOutcome{DocumentID: d.ID, ClaimID: d.ClaimID, JobNumber: d.JobNumber,
		OfficeID: storage.DefaultOfficeID, TextSource: storage.TextSourceNone, StampedSHA256: sha("s", 3)}); ok {
		t.Error("stamp made before the scan was read recorded")
	}
	d, err := b.db.GetDocument(ctx, d.ID)
	if err != nil || d.TextSource != storage.TextSourceOCR {
		t.Fatalf("document read by OCR: %+v, %v", d, err)
	}
	// A stamp made before the claim was renamed, or moved to an office in
	// another zone, shows the old job number or zone.
	if _, ok := record(storage.StampOutcome{DocumentID: d.ID, ClaimID: d.ClaimID, JobNumber: "26-0999-WTR", OfficeID: d.OfficeID,
		TextSource: d.TextSource, StampedSHA256: sha("s", 4)}); ok {
		t.Error("stamp with the job number the claim had before recorded")
	}
	if _, ok := record(storage.StampOutcome{DocumentID: d.ID, ClaimID: d.ClaimID, JobNumber: d.JobNumber, OfficeID: d.OfficeID + 1,
		TextSource: d.TextSource, StampedSHA256: sha("s", 5)}); ok {
		t.Error("stamp made in the office the claim was in before recorded")
	}
	doc, ok := record(storage.StampOutcome{DocumentID: d.ID, ClaimID: d.ClaimID, JobNumber: d.JobNumber, OfficeID: d.OfficeID,
		TextSource: d.TextSource, StampedSHA256: sha("s", 2)})
	if !ok || doc.StampedSHA256 != sha("s", 2) {
		t.Fatalf("stamp not recorded: %+v", doc)
	}
	// The first result stays.
	doc, ok = record(storage.StampOutcome{DocumentID: d.ID, ClaimID: d.ClaimID, JobNumber: d.JobNumber, OfficeID: d.OfficeID,
		TextSource: d.TextSource, Error: "broken"})
	if ok || doc.StampedSHA256 != sha("s", 2) || doc.StampError != "" {
		t.Errorf("second result recorded: %v %+v", ok, doc)
	}
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		_, _, err := storage.RecordStamp(ctx, tx, storage.StampOutcome{DocumentID: d.ID, ClaimID: d.ClaimID})
		return err
	})
	if err == nil {
		t.Error("an outcome with neither a copy nor an error was accepted")
	}
	// A picture's stamp, which holds none of its text, is recorded however
	// OCR read it meanwhile.
	photo, _ := b.file(t, storage.NewDocument{MessageID: m, SHA256: sha("jpg", 1), Filename: "ATP.jpg"})
	if err := b.db.SaveOCRText(ctx, photo.SHA256, "WORK AUTHORIZATION"); err != nil {
		t.Fatal(err)
	}
	if doc, ok := record(storage.StampOutcome{DocumentID: photo.ID, ClaimID: photo.ClaimID, JobNumber: photo.JobNumber,
		OfficeID: storage.DefaultOfficeID, StampedSHA256: sha("s", 6)}); !ok || doc.StampedSHA256 != sha("s", 6) {
		t.Errorf("picture's stamp made before its reading not recorded: %+v", doc)
	}
}

func TestMoveMessageDocuments(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	mover, sharer, other := b.message(t), b.message(t), b.message(t)

	own, _ := b.file(t, storage.NewDocument{MessageID: mover, SHA256: sha("own", 1), Filename: "Scope.pdf"})
	shared, _ := b.file(t, storage.NewDocument{MessageID: mover, SHA256: sha("shared", 1), Filename: "Sketch.pdf"})
	b.file(t, storage.NewDocument{MessageID: sharer, SHA256: sha("shared", 1), Filename: "Sketch.pdf"})
	merged, _ := b.file(t, storage.NewDocument{MessageID: mover, SHA256: sha("merged", 1), Filename: "COS.pdf"})
	target, _ := b.file(t, storage.NewDocument{MessageID: other, SHA256: sha("merged", 1), Filename: "COS.pdf", ClaimID: b.claimB, JobNumber: "26-1002-WTR"})
	// The target claim has a Scope.pdf of that day already: the moved one
	// takes the next name.
	b.file(t, storage.NewDocument{MessageID: other, SHA256: sha("scope-b", 1), Filename: "Scope.pdf", ClaimID: b.claimB, JobNumber: "26-1002-WTR"})

	var moved storage.MovedDocuments
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		if err := recordStampTx(ctx, tx, own); err != nil {
			return err
		}
		var err error
		moved, err = storage.MoveMessageDocuments(ctx, tx, storage.DocumentsMove{
			MessageID: mover, ToClaimID: b.claimB, To: storage.ClaimFolder{Office: "main", Job: "26-1002-WTR"}, ReceivedAt: b.received,
		}, b.loc)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	// The document only the mover brought moved, with its stamp reset.
	got, err := b.db.GetDocument(ctx, own.ID)
	if err != nil || got.ClaimID != b.claimB || got.BrowseKey != "offices/main/claims/26-1002-WTR/Contracts/2026-11-09_Scope_2.pdf" ||
		got.StampedSHA256 != "" {
		t.Errorf("moved document: %+v, %v", got, err)
	}
	// The shared one stayed for the other message; the mover got its own.
	got, err = b.db.GetDocument(ctx, shared.ID)
	if err != nil || got.ClaimID != b.claimA || !slices.Equal(got.MessageIDs, []int64{sharer}) {
		t.Errorf("shared document: %+v, %v", got, err)
	}
	// The one the target had already was merged.
	if _, err := b.db.GetDocument(ctx, merged.ID); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("merged document still there: %v", err)
	}
	got, err = b.db.GetDocument(ctx, target.ID)
	if err != nil || !slices.Equal(got.MessageIDs, []int64{mover, other}) {
		t.Errorf("merge target: %+v, %v", got, err)
	}
	docs, err := b.db.MessageDocuments(ctx, mover)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, d := range docs {
		if d.ClaimID != b.claimB {
			t.Errorf("document %d of the moved message is in claim %d", d.ID, d.ClaimID)
		}
		keys = append(keys, d.BrowseKey)
	}
	slices.Sort(keys)
	wantKeys := []string{
		"offices/main/claims/26-1002-WTR/Contracts/2026-11-09_COS.pdf",
		"offices/main/claims/26-1002-WTR/Contracts/2026-11-09_Scope_2.pdf",
		"offices/main/claims/26-1002-WTR/Contracts/2026-11-09_Sketch.pdf",
	}
	if !slices.Equal(keys, wantKeys) {
		t.Errorf("keys after the move: %q, want %q", keys, wantKeys)
	}
	var restamp []int64
	for _, d := range moved.Restamp {
		restamp = append(restamp, d.ID)
	}
	if len(restamp) != 2 || !slices.Contains(restamp, own.ID) {
		t.Errorf("restamp %v: want the moved document and the mover's new copy", restamp)
	}
	slices.Sort(moved.Retired)
	wantRetired := []string{merged.BrowseKey, own.BrowseKey}
	slices.Sort(wantRetired)
	if !slices.Equal(moved.Retired, wantRetired) {
		t.Errorf("retired %q, want %q", moved.Retired, wantRetired)
	}

	// A retired key stays taken until released.
	d, _ := b.file(t, storage.NewDocument{MessageID: other, SHA256: sha("new-scope", 1), Filename: "Scope.pdf"})
	if d.BrowseKey != "offices/main/claims/26-1001-WTR/Contracts/2026-11-09_Scope_2.pdf" {
		t.Errorf("new document took key %q while the old one is retired", d.BrowseKey)
	}
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		released, err := storage.ReleaseRetiredBrowseKeys(ctx, tx, moved.Retired)
		var held []string
		for _, r := range released {
			held = append(held, r.Key)
		}
		slices.Sort(held)
		if err != nil || !slices.Equal(held, wantRetired) {
			t.Errorf("released %q (%v), want %q", held, err, wantRetired)
		}
		released, err = storage.ReleaseRetiredBrowseKeys(ctx, tx, moved.Retired[:1])
		if len(released) > 0 {
			t.Error("a key released twice")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	d, _ = b.file(t, storage.NewDocument{MessageID: other, SHA256: sha("newer-scope", 1), Filename: "Scope.pdf"})
	if d.BrowseKey != own.BrowseKey {
		t.Errorf("released key not reused: %q", d.BrowseKey)
	}
}

// recordStampTx records a stamped copy of document d as it is in tx.
func recordStampTx(ctx context.Context, tx pgx.Tx, d storage.Document) error {
	d, err := storage.LockDocument(ctx, tx, d.ID)
	if err != nil {
		return err
	}
	_, recorded, err := storage.RecordStamp(ctx, tx, storage.StampOutcome{
		DocumentID: d.ID, ClaimID: d.ClaimID, JobNumber: d.JobNumber, OfficeID: d.OfficeID, TextSource: d.TextSource,
		StampedSHA256: sha("stamped", int(d.ID)),
	})
	if err == nil && !recorded {
		err = fmt.Errorf("stamp of document %d not recorded", d.ID)
	}
	return err
}

func TestMessageMovesAudit(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	m := b.message(t)
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := storage.RecordMessageMove(ctx, tx, storage.MessageMove{MessageID: m, ToClaimID: b.claimA, Actor: "ana@office.example"}); err != nil {
			return err
		}
		_, err := storage.RecordMessageMove(ctx, tx, storage.MessageMove{MessageID: m, FromClaimID: b.claimA, ToClaimID: b.claimB, Actor: "ben@office.example"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	moves, err := b.db.MessageMoves(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if len(moves) != 2 || moves[0].FromClaimID != 0 || moves[0].ToClaimID != b.claimA || moves[0].Actor != "ana@office.example" ||
		moves[1].FromClaimID != b.claimA || moves[1].ToClaimID != b.claimB || moves[1].MovedAt.IsZero() {
		t.Errorf("moves: %+v", moves)
	}
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		_, err := storage.RecordMessageMove(ctx, tx, storage.MessageMove{MessageID: m, ToClaimID: b.claimA})
		return err
	})
	if err == nil {
		t.Error("a move without an actor was recorded")
	}
}

func TestFileDocumentKeysCarryTheOffice(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	north, err := b.db.CreateOffice(ctx, storage.Office{Slug: "north", Name: "North"})
	if err != nil {
		t.Fatal(err)
	}
	// The same job number in another office is another claim, in another folder.
	var claimN int64
	if err := storage.PoolOf(b.db).QueryRow(ctx, `INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR', $1) RETURNING id`,
		north.ID).Scan(&claimN); err != nil {
		t.Fatal(err)
	}
	m := b.message(t)
	main, _ := b.file(t, storage.NewDocument{MessageID: m, SHA256: sha("cos", 1), Filename: "COS.pdf"})
	other, _ := b.file(t, storage.NewDocument{MessageID: m, SHA256: sha("cos", 1), Filename: "COS.pdf", ClaimID: claimN, OfficeSlug: "north"})
	if main.BrowseKey != "offices/main/claims/26-1001-WTR/Contracts/2026-11-09_COS.pdf" {
		t.Errorf("main office's key %q", main.BrowseKey)
	}
	if other.BrowseKey != "offices/north/claims/26-1001-WTR/Contracts/2026-11-09_COS.pdf" {
		t.Errorf("north office's key %q", other.BrowseKey)
	}
	var office int64
	if err := storage.PoolOf(b.db).QueryRow(ctx, `SELECT office_id FROM documents WHERE id = $1`, other.ID).Scan(&office); err != nil || office != north.ID {
		t.Errorf("document filed in office %d (%v), want its claim's %d", office, err, north.ID)
	}
	if got := (storage.ClaimFolder{Office: "north", Job: "26/1001 WTR"}).Key(); got != "offices/north/claims/26_1001 WTR/" {
		t.Errorf("folder key %q", got)
	}
}
