package ingest

import (
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/ocr/ocrtest"
	"github.com/claimdesk/claimdesk/storage"
)

// mixedContract is a contract of typed pages around one scanned page, the
// only one giving the claim number; witness is a name printed on the
// scanned page alone.
func mixedContract(t *testing.T, title, witness string) []byte {
	t.Helper()
	return ocrtest.PDF([]ocrtest.Page{
		{Text: []string{title, "The owner authorizes the work below."}},
		{JPEG: scanPage(t, []string{"Owner signature page", "Claim # LA920-967489-27", "Witnessed by " + witness})},
		{Text: []string{"Terms and conditions continue."}},
	}, 1275, 1650)
}

// TestMixedPDFKeepsItsOCRText runs the pipeline's jobs on typed PDFs with
// one scanned page: one whose claim number is on the scanned page alone,
// which waits for OCR; one filed before OCR by the claim number in its
// subject, whose text layer is kept first; and that same PDF sent again
// without the number, which waits for OCR too. Each message is filed to
// the claim, each PDF keeps the text OCR read and is found by a word of its
// scanned page, its documents say their text comes from OCR, and each
// file is read once, with a bounded number of processing runs.
func TestMixedPDFKeepsItsOCRText(t *testing.T) {
	t.Parallel()
	if !ocr.Available(ocr.PDF) {
		t.Skip("tesseract not installed: scripts/test installs it")
	}
	ctx := t.Context()
	db, sql, blobs, claimID := ocrRig(t)
	waits := mixedContract(t, "AUTHORIZATION TO PERFORM SERVICES", "Dale Hooper")
	filedFirst := mixedContract(t, "WORK AUTHORIZATION AND DIRECTION TO PAY", "Rosa Whitfield")

	steps := []struct {
		name, subject string
		pdf           []byte
		witness       string
	}{
		{"number on the scanned page only", "paperwork", waits, "Hooper"},
		{"number in the subject", "Claim # LA920-967489-27 signed contract", filedFirst, "Whitfield"},
		{"the same PDF again, number on its scanned page only", "paperwork again", filedFirst, "Whitfield"},
	}
	jobs := startPipeline(t, db, blobs)
	for i, step := range steps {
		id := storeRawMessageUID(t, db, blobs, pdfMailAbout(strings.ReplaceAll(step.name, " ", "-"), step.subject,
			map[string][]byte{"contract.pdf": step.pdf}), uint32(i+1))
		// Processing, OCR, processing again, stamping, and stamping again
		// once the scan is read.
		jobs.run(t, db, sql, 10, id)
		var runs int
		if err := sql.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'process_message' AND (args->>'message_id')::bigint = $1`, id).Scan(&runs); err != nil {
			t.Fatal(err)
		}
		if runs > 2 {
			t.Errorf("%s: processed %d times, want at most twice: before and after OCR", step.name, runs)
		}
		var status string
		var claim *int64
		if err := sql.QueryRow(ctx, `SELECT status, claim_id FROM messages WHERE id = $1`, id).Scan(&status, &claim); err != nil {
			t.Fatal(err)
		}
		if status != storage.StatusFiled || claim == nil || *claim != claimID {
			t.Fatalf("%s: message is %s to claim %v, want filed to claim %d", step.name, status, claim, claimID)
		}
		checkMixedPDFDocument(t, db, id, step.name, step.witness)
	}
	var reads int
	if err := sql.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'ocr_file'`).Scan(&reads); err != nil {
		t.Fatal(err)
	}
	if reads != 2 {
		t.Errorf("OCR ran %d times on two files, want once each", reads)
	}
}

// checkMixedPDFDocument checks that the contract filed from message id has
// its OCR text kept, naming witness, and is found by it.
func checkMixedPDFDocument(t *testing.T, db *storage.DB, id int64, step, witness string) {
	t.Helper()
	ctx := t.Context()
	docs, err := db.MessageDocuments(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var contract storage.Document
	for _, d := range docs {
		if d.Filename == "contract.pdf" {
			contract = d
		}
	}
	if contract.ID == 0 {
		t.Fatalf("%s: no contract.pdf among %d documents", step, len(docs))
	}
	if contract.TextSource != storage.TextSourceOCR {
		t.Errorf("%s: contract's text source is %q, want %q", step, contract.TextSource, storage.TextSourceOCR)
	}
	text, ok, err := db.OCRText(ctx, contract.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if !ok || !strings.Contains(text, witness) || !strings.Contains(text, "Terms and conditions") {
		t.Errorf("%s: OCR text kept %v, %q: want the scanned page's %q and the typed pages", step, ok, text, witness)
	}
	hits, _, err := db.Search(ctx, storage.SearchQuery{Text: witness, Limit: 10, Offices: storage.AllOffices})
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, h := range hits {
		if h.Kind == "document" && h.ID == contract.ID {
			found++
		}
	}
	if found != 1 {
		t.Errorf("%s: search for %q found the contract %d times in %+v, want once", step, witness, found, hits)
	}
}
