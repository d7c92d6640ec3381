package ingest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/jpeg"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/ocr/ocrtest"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// scanMail is a technician's message whose only evidence is an image-only
// PDF: the subject and body name nothing.
func scanMail(t *testing.T) []byte {
	t.Helper()
	img := ocrtest.RenderPage(t, []string{
		"CERTIFICATE OF SATISFACTION",
		"Customer: Maria Pena",
		"Claim # LA920-967489-27",
		"The work has been completed to my satisfaction.",
	}, 255)
	var page bytes.Buffer
	if err := jpeg.Encode(&page, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	pdf := ocrtest.ImagePDF([][]byte{page.Bytes()}, img.Bounds().Dx(), img.Bounds().Dy())
	var b strings.Builder
	b.WriteString("From: Tech <tech@othervendor.example>\r\nTo: claims@office.example\r\nSubject: signed stuff\r\n" +
		"Message-ID: <scan-1@othervendor.example>\r\nDate: Mon, 2 Nov 2026 10:00:00 -0600\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n" +
		"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=scan0001.pdf\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n")
	enc := base64.StdEncoding.EncodeToString(pdf)
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n--b--\r\n")
	return []byte(b.String())
}

// TestScanOnlyMessageWaitsForOCR runs the pipeline's jobs on a message whose
// claim number is printed on a scan: processing queues the scan's OCR on its
// own queue, and the OCR job's end processes the message again, which then
// files it with the scan's page as evidence and the scan typed by its text.
func TestScanOnlyMessageWaitsForOCR(t *testing.T) {
	t.Parallel()
	if !ocr.Available(ocr.PDF) {
		t.Skip("tesseract not installed: scripts/test installs it")
	}
	ctx := t.Context()
	db, sql, blobs, claimID := ocrRig(t)
	id := storeRawMessage(t, db, blobs, scanMail(t))

	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	inserter, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	filer := NewFiler(db, blobs, NewQueue(inserter), time.UTC, log)
	workers := river.NewWorkers()
	river.AddWorker(workers, NewProcessor(db, blobs, ProcessorConfig{TempDir: t.TempDir(), Filer: filer}, log))
	river.AddWorker(workers, NewOCRWorker(db, blobs, t.TempDir(), log))
	rc, done := testQueue(t, db, workers, map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 1}, OCRQueue: {MaxWorkers: 1}})
	if err := rc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	// With the OCR queue held, the scan waits for its text while text mail
	// that comes after it is filed.
	if err := rc.QueuePause(ctx, OCRQueue, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := rc.Insert(ctx, ProcessArgs{MessageID: id}, nil); err != nil {
		t.Fatal(err)
	}
	text := storeRawMessageUID(t, db, blobs, []byte("From: Adjuster <a@carrier.example>\r\nTo: claims@office.example\r\n"+
		"Subject: Claim LA920-967489-27 status\r\nMessage-ID: <text-1@carrier.example>\r\n\r\nAny update?\r\n"), 2)
	if _, err := rc.Insert(ctx, ProcessArgs{MessageID: text}, nil); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	deadline := time.After(2 * time.Minute)
	for {
		m, err := db.GetMessage(ctx, text)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status == "filed" {
			break
		}
		select {
		case ev := <-done:
			kinds = append(kinds, fmt.Sprintf("%s:%s", ev.Job.Kind, ev.Kind))
		case <-deadline:
			t.Fatalf("text message %s after jobs %v while a scan waits for OCR, want filed", m.Status, kinds)
		}
	}
	if m, err := db.GetMessage(ctx, id); err != nil || m.Status != "parsed" {
		t.Fatalf("scan message %+v (%v) while its OCR is held, want parsed, waiting", m, err)
	}
	if err := rc.QueueResume(ctx, OCRQueue, nil); err != nil {
		t.Fatal(err)
	}
	for {
		m, err := db.GetMessage(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status == "filed" || m.Status == "triage" || m.Status == "failed" {
			break
		}
		select {
		case ev := <-done:
			kinds = append(kinds, fmt.Sprintf("%s:%s", ev.Job.Kind, ev.Kind))
		case <-deadline:
			t.Fatalf("message %s after jobs %v, want filed", m.Status, kinds)
		}
	}
	if len(kinds) == 0 || kinds[0] != "process_message:job_completed" || !strings.Contains(strings.Join(kinds, " "), "ocr_file:job_completed") {
		t.Errorf("jobs ran %v; want processing, then the OCR of the scan", kinds)
	}

	var decision []byte
	var gotClaim *int64
	if err := sql.QueryRow(ctx, `SELECT claim_id, decision FROM messages WHERE id = $1`, id).Scan(&gotClaim, &decision); err != nil {
		t.Fatal(err)
	}
	var d struct {
		Evidence []struct{ Rule, Where string }
	}
	if err := json.Unmarshal(decision, &d); err != nil {
		t.Fatal(err)
	}
	if gotClaim == nil || *gotClaim != claimID || len(d.Evidence) == 0 || d.Evidence[0].Where != "attachment_ocr:scan0001.pdf, page 1" {
		t.Fatalf("filed to claim %v by %s; want claim %d by the claim number read from scan0001.pdf, page 1", gotClaim, decision, claimID)
	}
	docs, err := db.MessageDocuments(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var scan *storage.Document
	for i := range docs {
		if docs[i].Filename == "scan0001.pdf" {
			scan = &docs[i]
		}
	}
	if scan == nil || scan.DocType != "cos" || scan.Folder != "Contracts" || scan.TextSource != storage.TextSourceOCR {
		t.Fatalf("documents %+v; want scan0001.pdf as a cos in Contracts, its text from OCR", docs)
	}
	// The text read is searched like a PDF's text layer.
	hits, _, err := db.Search(ctx, storage.SearchQuery{Text: "satisfaction", Limit: 10, Offices: storage.AllOffices})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, h := range hits {
		found = found || h.Kind == "document" && h.ID == scan.ID
	}
	if !found {
		t.Errorf("searching the scan's words finds %+v, want scan0001.pdf", hits)
	}
}

// ocrRig opens a database of the test's own holding the claim whose number
// the OCR tests' scans print, and a blob store in a temporary directory.
func ocrRig(t *testing.T) (db *storage.DB, sql *pgxpool.Pool, blobs blob.Store, claimID int64) {
	t.Helper()
	db, dsn := openDB(t)
	sql = testenv.SQL(t, dsn)
	if err := sql.QueryRow(t.Context(), `INSERT INTO claims (job_number, claim_number, job_number_norm, claim_number_norm, office_id)
		VALUES ('26-1001-WTR', 'LA920-967489-27', '261001WTR', 'LA92096748927', 1) RETURNING id`).Scan(&claimID); err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.Open(t.Context(), "file://"+t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return db, sql, blobs, claimID
}
