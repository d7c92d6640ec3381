package ingest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image/jpeg"
	"io"
	"log/slog"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/internal/pdftest"
	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/ocr/ocrtest"
	"github.com/claimdesk/claimdesk/stamp"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// pdfMail is a message from a technician whose subject and body name
// nothing, with the PDFs attached by name.
func pdfMail(id string, pdfs map[string][]byte) []byte {
	return pdfMailAbout(id, "paperwork", pdfs)
}

// pdfMailAbout is pdfMail with subject.
func pdfMailAbout(id, subject string, pdfs map[string][]byte) []byte {
	var b strings.Builder
	b.WriteString("From: Tech <tech@othervendor.example>\r\nTo: claims@office.example\r\nSubject: " + subject + "\r\n" +
		"Message-ID: <" + id + "@othervendor.example>\r\nDate: Mon, 2 Nov 2026 10:00:00 -0600\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n")
	for _, name := range []string{"scan0001.pdf", "typed.pdf", "contract.pdf"} {
		pdf, ok := pdfs[name]
		if !ok {
			continue
		}
		b.WriteString("--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=" + name +
			"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
		enc := base64.StdEncoding.EncodeToString(pdf)
		for len(enc) > 76 {
			b.WriteString(enc[:76] + "\r\n")
			enc = enc[76:]
		}
		b.WriteString(enc + "\r\n")
	}
	b.WriteString("--b--\r\n")
	return []byte(b.String())
}

func scanPage(t testing.TB, lines []string) []byte {
	t.Helper()
	var page bytes.Buffer
	if err := jpeg.Encode(&page, ocrtest.RenderPage(t, lines, 255), &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return page.Bytes()
}

// TestStampedScansAreSearchable runs the pipeline's jobs (processing, OCR,
// stamping) on two messages: one with an image-only scan and a typed PDF
// with a blank back page, one with a contract of a typed page, a scanned
// page and a typed page, whose only claim number is on the scanned page.
// The scanned pages are read, the typed PDF is not given to OCR, the
// messages are filed by what they say, and the stamped copies carry the
// scans' words as invisible text over untouched pictures; the typed PDF
// gets no second layer.
func TestStampedScansAreSearchable(t *testing.T) {
	t.Parallel()
	if !ocr.Available(ocr.PDF) {
		t.Skip("tesseract not installed: scripts/test installs it")
	}
	ctx := t.Context()
	db, sql, blobs, claimID := ocrRig(t)
	cos := []string{"CERTIFICATE OF SATISFACTION", "Customer: Maria Pena", "Claim # LA920-967489-27", "The work has been completed to my satisfaction."}
	scan := ocrtest.ImagePDF([][]byte{scanPage(t, cos)}, 1275, 1650)
	// The back of the typed sheet is blank: nothing for OCR there.
	typed := ocrtest.PDF([]ocrtest.Page{{Text: []string{"SCOPE OF WORK", "Claim LA920-967489-27", "Extract water, set drying equipment."}}, {}}, 1275, 1650)
	contract := ocrtest.PDF([]ocrtest.Page{
		{Text: []string{"AUTHORIZATION TO PERFORM SERVICES", "The owner authorizes the work below."}},
		{JPEG: scanPage(t, []string{"Owner signature page", "Claim # LA920-967489-27", "Signed: Maria Pena"})},
		{Text: []string{"Terms and conditions continue."}},
	}, 1275, 1650)
	first := storeRawMessageUID(t, db, blobs, pdfMail("scan-typed", map[string][]byte{"scan0001.pdf": scan, "typed.pdf": typed}), 1)
	second := storeRawMessageUID(t, db, blobs, pdfMail("mixed", map[string][]byte{"contract.pdf": contract}), 2)

	runPipeline(t, db, sql, blobs, first, second)

	var read []string
	rows, err := sql.Query(ctx, `SELECT args->>'filename' FROM river_job WHERE kind = 'ocr_file' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		read = append(read, name)
	}
	if rows.Close(); rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	if want := []string{"contract.pdf", "scan0001.pdf"}; !slices.Equal(read, want) {
		t.Errorf("OCR read %q, want %q", read, want)
	}

	stamped, stampText := map[string][]byte{}, map[string]string{}
	for _, id := range []int64{first, second} {
		var status string
		var claim *int64
		if err := sql.QueryRow(ctx, `SELECT status, claim_id FROM messages WHERE id = $1`, id).Scan(&status, &claim); err != nil {
			t.Fatal(err)
		}
		if status != "filed" || claim == nil || *claim != claimID {
			t.Fatalf("message %d is %s to claim %v, want filed to claim %d", id, status, claim, claimID)
		}
		docs, err := db.MessageDocuments(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			if !strings.HasSuffix(d.Filename, ".pdf") {
				continue // the message itself
			}
			if d.StampedSHA256 == "" {
				t.Fatalf("%s not stamped: %q", d.Filename, d.StampError)
			}
			stamped[d.Filename] = blobBytes(t, blobs, blob.ContentKey(d.StampedSHA256))
			stampText[d.Filename] = stamp.Received{At: d.ReceivedAt.In(time.UTC), JobNumber: "26-1001-WTR"}.Text()
		}
	}
	for _, name := range []string{"scan0001.pdf", "typed.pdf", "contract.pdf"} {
		text := pdftest.CheckedText(t, name, stamped[name])
		if !strings.Contains(text, stampText[name]) {
			t.Errorf("stamped %s reads %q, want the stamp %q", name, text, stampText[name])
		}
		if n := strings.Count(text, "LA920-967489-27"); n != 1 {
			t.Errorf("stamped %s reads the claim number %d times, want once: %q", name, n, text)
		}
	}
	// The pictures are the original's, byte for byte.
	for name, orig := range map[string][]byte{"scan0001.pdf": scan, "contract.pdf": contract} {
		if got, want := pictures(t, stamped[name]), pictures(t, orig); len(want) == 0 || !equalAll(got, want) {
			t.Errorf("stamped %s has %d pictures unlike the original's %d", name, len(got), len(want))
		}
	}
}

// runPipeline runs processing, OCR and stamping on the messages until each
// is settled and every job queued has finished.
func runPipeline(t *testing.T, db *storage.DB, sql *pgxpool.Pool, blobs blob.Store, ids ...int64) {
	t.Helper()
	startPipeline(t, db, blobs).run(t, db, sql, math.MaxInt, ids...)
}

// pipeline runs the pipeline's jobs (processing, OCR, stamping,
// publishing), one at a time per queue.
type pipeline struct {
	rc   *river.Client[pgx.Tx]
	done <-chan *river.Event
}

func startPipeline(t *testing.T, db *storage.DB, blobs blob.Store) pipeline {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	inserter, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	filer := NewFiler(db, blobs, NewQueue(inserter), time.UTC, log)
	workers := river.NewWorkers()
	river.AddWorker(workers, NewProcessor(db, blobs, ProcessorConfig{TempDir: t.TempDir(), Filer: filer}, log))
	river.AddWorker(workers, NewOCRWorker(db, blobs, t.TempDir(), log))
	river.AddWorker(workers, NewStampWorker(db, blobs, StampConfig{Location: time.UTC, TempDir: t.TempDir()}, log))
	river.AddWorker(workers, NewPublishWorker(db, blobs))
	rc, done := testQueue(t, db, workers, map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 1}, OCRQueue: {MaxWorkers: 1}, StampQueue: {MaxWorkers: 1}})
	if err := rc.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	return pipeline{rc: rc, done: done}
}

// run processes the messages until each is settled and every job queued
// has finished. It fails once more than maxJobs jobs have finished: jobs
// queueing each other in a loop never settle.
func (p pipeline) run(t *testing.T, db *storage.DB, sql *pgxpool.Pool, maxJobs int, ids ...int64) {
	t.Helper()
	for _, id := range ids {
		if _, err := p.rc.Insert(t.Context(), ProcessArgs{MessageID: id}, nil); err != nil {
			t.Fatal(err)
		}
	}
	var kinds []string
	deadline := time.After(3 * time.Minute)
	for !pipelineIdle(t, db, sql, ids) {
		select {
		case ev := <-p.done:
			kinds = append(kinds, fmt.Sprintf("%s:%s", ev.Job.Kind, ev.Kind))
			if len(kinds) > maxJobs {
				t.Fatalf("pipeline ran more than %d jobs: %v", maxJobs, kinds)
			}
		case <-deadline:
			t.Fatalf("pipeline still busy after jobs %v", kinds)
		}
	}
}

// pipelineIdle reports whether the messages are settled and no job is left
// to run.
func pipelineIdle(t *testing.T, db *storage.DB, sql *pgxpool.Pool, ids []int64) bool {
	t.Helper()
	for _, id := range ids {
		m, err := db.GetMessage(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != "filed" && m.Status != "triage" && m.Status != "failed" {
			return false
		}
	}
	var left int
	if err := sql.QueryRow(t.Context(), `SELECT count(*) FROM river_job WHERE state NOT IN ('completed', 'discarded', 'cancelled')`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	return left == 0
}

func blobBytes(t *testing.T, blobs blob.Store, key string) []byte {
	t.Helper()
	r, err := blobs.Get(t.Context(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pictures are the pictures of pdf as stored in it (pdfimages -all keeps
// a JPEG's bytes as they are).
func pictures(t *testing.T, pdf []byte) [][]byte {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.CommandContext(t.Context(), "pdfimages", "-all", in, filepath.Join(dir, "img")).CombinedOutput(); err != nil {
		t.Fatalf("pdfimages: %v\n%s", err, out)
	}
	names, err := filepath.Glob(filepath.Join(dir, "img-*"))
	if err != nil {
		t.Fatal(err)
	}
	var imgs [][]byte
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		imgs = append(imgs, b)
	}
	return imgs
}

func equalAll(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}
