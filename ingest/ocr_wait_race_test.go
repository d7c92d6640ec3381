package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/storage"
)

// scanText is what OCR reads of scanMail's scan.
const scanText = "CERTIFICATE OF SATISFACTION\nCustomer: Maria Pena\nClaim # LA920-967489-27\n"

// scanSHA is the content hash of scanMail's scan, as its part stores it.
func scanSHA(t *testing.T, raw []byte) string {
	t.Helper()
	_, body, ok := bytes.Cut(raw, []byte("base64\r\n\r\n"))
	body, _, ok2 := bytes.Cut(body, []byte("\r\n--b--"))
	if !ok || !ok2 {
		t.Fatal("no base64 part in scanMail")
	}
	pdf, err := base64.StdEncoding.DecodeString(string(bytes.ReplaceAll(body, []byte("\r\n"), nil)))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(pdf)
	return hex.EncodeToString(sum[:])
}

// raceWaiting processes scanMail, whose claim number is only on its scan,
// and runs meanwhile, between its classification (scan unread) and setting
// it waiting, once: the test's staging of what raced it. The processing
// queue is held from then on, so only that run can have left the message
// as it is when the run ends, which is returned.
func raceWaiting(t *testing.T, meanwhile func(ctx context.Context, b *ocrBundle, p *Processor, id int64)) (storage.StoredMessage, *ocrBundle) {
	t.Helper()
	var b *ocrBundle
	var proc *Processor
	staged := false
	b = setupOCR(t, func(p *Processor, _ *OCRWorker) {
		proc = p
		p.beforeWaiting = func(ctx context.Context, id int64) {
			if staged {
				return
			}
			staged = true
			if err := b.rc.QueuePause(ctx, river.QueueDefault, nil); err != nil {
				t.Error(err)
			}
			meanwhile(ctx, b, proc, id)
		}
	})
	b.claim(t, "26-1001-WTR", "LA920-967489-27")
	id := storeRawMessage(t, b.db, b.blobs, scanMail(t))
	if _, err := b.rc.Insert(t.Context(), ProcessArgs{MessageID: id}, nil); err != nil {
		t.Fatal(err)
	}
	b.wait(t, "process_message", 1, time.After(time.Minute))
	if !staged {
		t.Fatal("the run never set the message waiting for its scan")
	}
	m, err := b.db.GetMessage(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return m, b
}

// TestScanReadWhileSetWaitingIsClassifiedAtOnce reads a message's scan (a
// copy's OCR job, which looked for the messages waiting for it before this
// one showed as waiting) while the message is set waiting: the same run
// classifies it with the text, instead of leaving it waiting for a job that
// has ended or queueing a run that River may fold into one under way.
func TestScanReadWhileSetWaitingIsClassifiedAtOnce(t *testing.T) {
	t.Parallel()
	raw := scanMail(t)
	m, _ := raceWaiting(t, func(ctx context.Context, b *ocrBundle, _ *Processor, _ int64) {
		if err := b.db.SaveOCRText(ctx, scanSHA(t, raw), scanText); err != nil {
			t.Error(err)
		}
	})
	if m.Status != storage.StatusFiled {
		t.Errorf("message %s once its run ended, its scan read meanwhile; want filed by that run", m.Status)
	}
}

// TestRunLeavesMessageClassifiedMeanwhile has another run classify and
// file the message (its scan read by then) while the first run, which
// found the scan unread, sets it waiting: the first run leaves it filed,
// not parsed again with nothing to wake it, and queues no reading.
func TestRunLeavesMessageClassifiedMeanwhile(t *testing.T) {
	t.Parallel()
	raw := scanMail(t)
	m, b := raceWaiting(t, func(ctx context.Context, b *ocrBundle, p *Processor, id int64) {
		if err := b.db.SaveOCRText(ctx, scanSHA(t, raw), scanText); err != nil {
			t.Error(err)
		}
		if err := p.Process(ctx, id); err != nil {
			t.Error(err)
		}
	})
	var claimID int64
	if err := b.sql.QueryRow(t.Context(), `SELECT coalesce(claim_id, 0) FROM messages WHERE id = $1`, m.ID).Scan(&claimID); err != nil {
		t.Fatal(err)
	}
	if m.Status != storage.StatusFiled || claimID == 0 {
		t.Errorf("message %s in claim %d after a run that found its scan unread; want left filed by the other run", m.Status, claimID)
	}
	var ocrJobs int
	if err := b.sql.QueryRow(t.Context(), `SELECT count(*) FROM river_job WHERE kind = 'ocr_file'`).Scan(&ocrJobs); err != nil {
		t.Fatal(err)
	}
	if ocrJobs != 0 {
		t.Errorf("%d OCR jobs for a scan read before, want none", ocrJobs)
	}
}
