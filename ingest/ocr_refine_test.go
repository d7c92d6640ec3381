package ingest

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// scanDocument is the document filed from scanMail's scan.
func (b *ocrBundle) scanDocument(t *testing.T, id int64) storage.Document {
	t.Helper()
	docs, err := b.db.MessageDocuments(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(docs, func(d storage.Document) bool { return d.Filename == "scan0001.pdf" })
	if i < 0 {
		t.Fatalf("documents %+v; want scan0001.pdf", docs)
	}
	return docs[i]
}

// fileScanBeforeOCR processes scanMail under subject with the OCR queue
// held and returns the message, filed to claimID before its scan is read;
// then it lets the OCR queue read the scan and refine the message.
func (b *ocrBundle) fileScanBeforeOCR(t *testing.T, subject string, claimID int64) (int64, storage.Document) {
	t.Helper()
	id, before := b.fileScanHeld(t, subject, claimID)
	b.readScans(t)
	return id, before
}

// fileScanHeld processes scanMail under subject with the OCR queue held
// and returns the message, filed to claimID before its scan is read, and
// the scan's document.
func (b *ocrBundle) fileScanHeld(t *testing.T, subject string, claimID int64) (int64, storage.Document) {
	t.Helper()
	ctx := t.Context()
	raw := bytes.Replace(scanMail(t), []byte("Subject: signed stuff"), []byte("Subject: "+subject), 1)
	id := storeRawMessage(t, b.db, b.blobs, raw)
	if _, err := b.rc.Insert(ctx, ProcessArgs{MessageID: id}, nil); err != nil {
		t.Fatal(err)
	}
	b.wait(t, "process_message", 1, time.After(2*time.Minute))
	var filedTo *int64
	var status string
	if err := b.sql.QueryRow(ctx, `SELECT status, claim_id FROM messages WHERE id = $1`, id).Scan(&status, &filedTo); err != nil {
		t.Fatal(err)
	}
	if status != storage.StatusFiled || filedTo == nil || *filedTo != claimID {
		t.Fatalf("message %s in claim %v while its scan waits for OCR, want filed to claim %d at once", status, filedTo, claimID)
	}
	before := b.scanDocument(t, id)
	if before.DocType == "cos" {
		t.Fatalf("scan filed as %q before it was read; want a type from its name only", before.DocType)
	}
	return id, before
}

// readScans lets the OCR queue read the held scan and waits for the run
// that refines its message.
func (b *ocrBundle) readScans(t *testing.T) {
	t.Helper()
	if err := b.rc.QueueResume(t.Context(), OCRQueue, nil); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(2 * time.Minute)
	b.wait(t, "ocr_file", 1, deadline)
	b.wait(t, "process_message", 1, deadline) // the refining run
}

// TestRefineTypesFromWhatFilingKept types a filed message's scan by the
// text OCR read with the raw message gone from the blob store: typing
// again reads what filing kept, not the raw message.
func TestRefineTypesFromWhatFilingKept(t *testing.T) {
	t.Parallel()
	b := setupOCR(t)
	claimID := b.claim(t, "26-1001-WTR", "LA920-967489-27")
	id, before := b.fileScanHeld(t, "Claim LA920-967489-27 paperwork", claimID)
	var rawSHA string
	if err := b.sql.QueryRow(t.Context(), `SELECT raw_sha256 FROM messages WHERE id = $1`, id).Scan(&rawSHA); err != nil {
		t.Fatal(err)
	}
	if err := b.blobs.Delete(t.Context(), blob.ContentKey(rawSHA)); err != nil {
		t.Fatal(err)
	}
	b.readScans(t)

	after := b.scanDocument(t, id)
	if after.ID != before.ID || after.DocType != "cos" || after.Folder != "Contracts" {
		t.Fatalf("scan after its reading %+v; want document %d typed cos in Contracts", after, before.ID)
	}
}

// TestFiledBeforeOCRThenTyped files a message that names its claim in the
// subject at once, with its scan typed by name, and types the scan by the
// text OCR reads afterwards: a photographed certificate of satisfaction
// becomes a cos in Contracts.
func TestFiledBeforeOCRThenTyped(t *testing.T) {
	t.Parallel()
	b := setupOCR(t)
	claimID := b.claim(t, "26-1001-WTR", "LA920-967489-27")
	id, before := b.fileScanBeforeOCR(t, "Claim LA920-967489-27 paperwork", claimID)

	after := b.scanDocument(t, id)
	if after.ID != before.ID || after.DocType != "cos" || after.Folder != "Contracts" || !strings.Contains(after.BrowseKey, "/Contracts/") {
		t.Fatalf("scan after its reading %+v; want document %d typed cos in Contracts", after, before.ID)
	}
	if after.ClaimID != claimID {
		t.Errorf("scan in claim %d after its reading, want %d", after.ClaimID, claimID)
	}
	var partType string
	if err := b.sql.QueryRow(t.Context(), `SELECT doc_type FROM message_parts WHERE message_id = $1 AND filename = 'scan0001.pdf'`, id).Scan(&partType); err != nil {
		t.Fatal(err)
	}
	if partType != "cos" {
		t.Errorf("the message's part typed %q, want cos", partType)
	}
	// The publish job moves the file to its new browse key.
	b.wait(t, "publish_documents", 1, time.After(time.Minute))
	ctx := context.WithoutCancel(t.Context())
	if r, err := b.blobs.Get(ctx, after.BrowseKey); err != nil {
		t.Errorf("scan at its new browse key: %v", err)
	} else {
		r.Close()
	}
	if _, err := b.blobs.Get(ctx, before.BrowseKey); err == nil {
		t.Errorf("scan still at its old browse key %s", before.BrowseKey)
	}
}

// TestOCRNamingAnotherClaimWarns files a message by the claim number in its
// subject, then reads another claim's number on its scan: the message stays
// where it is filed and shows a warning for a person to decide.
func TestOCRNamingAnotherClaimWarns(t *testing.T) {
	t.Parallel()
	b := setupOCR(t)
	b.claim(t, "26-1001-WTR", "LA920-967489-27") // the number on the scan
	filedTo := b.claim(t, "26-1002-WTR", "HO-555123-01")
	id, _ := b.fileScanBeforeOCR(t, "Claim HO-555123-01 paperwork", filedTo)

	var claimID int64
	var warnings []string
	if err := b.sql.QueryRow(t.Context(), `SELECT claim_id, warnings FROM messages WHERE id = $1`, id).Scan(&claimID, &warnings); err != nil {
		t.Fatal(err)
	}
	if claimID != filedTo {
		t.Errorf("message moved to claim %d, want it left in %d for a person", claimID, filedTo)
	}
	if !slices.ContainsFunc(warnings, func(w string) bool {
		return strings.Contains(w, "scan0001.pdf") && strings.Contains(w, "LA920-967489-27") && strings.Contains(w, "another claim")
	}) {
		t.Errorf("message warnings %q; want one saying scan0001.pdf names claim LA920-967489-27", warnings)
	}
}

// TestScanReadAsAnotherFormGivesBackTheSample files a scan under a
// subject that calls it a lab report: filed as one, it gives the claim's
// sample. OCR then reads a certificate of satisfaction on it, and the
// sample it gave is taken back.
func TestScanReadAsAnotherFormGivesBackTheSample(t *testing.T) {
	t.Parallel()
	b := setupOCR(t)
	claimID := b.claim(t, "26-1001-WTR", "LA920-967489-27")
	sampled := func() *time.Time {
		t.Helper()
		var at *time.Time
		if err := b.sql.QueryRow(t.Context(), `SELECT sampled_at FROM claims WHERE id = $1`, claimID).Scan(&at); err != nil {
			t.Fatal(err)
		}
		return at
	}
	id, before := b.fileScanHeld(t, "ITEL lab report LA920-967489-27", claimID)
	if before.DocType != "lab_report" || sampled() == nil {
		t.Fatalf("scan filed as %s, sampled at %v; want a lab report giving the sample", before.DocType, sampled())
	}
	b.readScans(t)
	if after := b.scanDocument(t, id); after.DocType != "cos" {
		t.Fatalf("scan read as %s, want cos", after.DocType)
	}
	if at := sampled(); at != nil {
		t.Errorf("sampled at %v once the scan reads as a COS, want not yet", at)
	}
}
