package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// countedPDFTexts counts the PDFs whose text is extracted: the classifier
// remembers each text it reads, and only those.
type countedPDFTexts struct {
	PDFTexts
	extracted atomic.Int32
}

func (c *countedPDFTexts) Remember(sha, text string) {
	c.extracted.Add(1)
	c.PDFTexts.Remember(sha, text)
}

// TestOCRTextStandsForTextLayer files a typed contract with a scanned
// page, its text layer extracted and kept, then has OCR's text of it kept.
// Another claimdesk process (nothing in memory) given a copy of the
// contract, whose claim number is on the scanned page alone, extracts
// nothing: the OCR text stands for the layer, and files the message by it.
func TestOCRTextStandsForTextLayer(t *testing.T) {
	t.Parallel()
	if !ocr.Available(ocr.PDF) {
		t.Skip("tesseract not installed: scripts/test installs it")
	}
	ctx := t.Context()
	db, sql, blobs, claimID := ocrRig(t)
	contract := mixedContract(t, "AUTHORIZATION TO PERFORM SERVICES", "Dale Hooper")
	sum := sha256.Sum256(contract)
	sha := hex.EncodeToString(sum[:])
	first := storeRawMessageUID(t, db, blobs, pdfMailAbout("reuse-1", "Claim # LA920-967489-27 contract", map[string][]byte{"contract.pdf": contract}), 1)
	if n := processCountingExtractions(t, db, blobs, first); n != 1 {
		t.Fatalf("first copy: %d PDFs extracted, want 1", n)
	}
	if _, ok, err := db.FileText(ctx, sha); err != nil || !ok {
		t.Fatalf("first copy's text layer kept: %v, %v", ok, err)
	}
	ocrText := "AUTHORIZATION TO PERFORM SERVICES\f Owner signature page\nClaim # LA920-967489-27\nWitnessed by Dale Hooper\f Terms and conditions continue.\f"
	if err := db.SaveOCRText(ctx, sha, ocrText); err != nil {
		t.Fatal(err)
	}

	second := storeRawMessageUID(t, db, blobs, pdfMailAbout("reuse-2", "paperwork again", map[string][]byte{"contract.pdf": contract}), 2)
	if n := processCountingExtractions(t, db, blobs, second); n != 0 {
		t.Errorf("copy of a PDF OCR has read: %d PDFs extracted, want none", n)
	}
	var status string
	var claim *int64
	if err := sql.QueryRow(ctx, `SELECT status, claim_id FROM messages WHERE id = $1`, second).Scan(&status, &claim); err != nil {
		t.Fatal(err)
	}
	if status != storage.StatusFiled || claim == nil || *claim != claimID {
		t.Errorf("copy is %s to claim %v, want filed to claim %d by the number OCR read", status, claim, claimID)
	}
}

// processCountingExtractions processes message id with a new processor,
// as another claimdesk process would, and returns how many PDFs it
// extracted the text of.
func processCountingExtractions(t *testing.T, db *storage.DB, blobs blob.Store, id int64) int {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	inserter, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := NewProcessor(db, blobs, ProcessorConfig{TempDir: t.TempDir(), Filer: NewFiler(db, blobs, NewQueue(inserter), time.UTC, log)}, log)
	counted := &countedPDFTexts{PDFTexts: p.classifier.Known}
	p.classifier.Known = counted
	if err := p.Process(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	return int(counted.extracted.Load())
}
