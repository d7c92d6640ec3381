package ingest

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/storage"
)

// pictureMail is a homeowner's message with one attached picture named
// filename: nothing in it names a claim, so it waits for the picture's OCR.
func pictureMail(filename string, picture []byte) []byte {
	return []byte("From: Home Owner <owner@home.example>\r\nTo: claims@office.example\r\nSubject: the form\r\n" +
		"Message-ID: <picture-1@home.example>\r\nDate: Mon, 2 Nov 2026 10:00:00 -0600\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhere it is\r\n" +
		"--b\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename=" + filename + "\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n" + base64.StdEncoding.EncodeToString(picture) + "\r\n--b--\r\n")
}

// waitingPicture stores pictureMail and processes it with the OCR queue
// held: it returns the message, waiting for its picture's reading.
func (b *ocrBundle) waitingPicture(t *testing.T, picture []byte) int64 {
	t.Helper()
	id := storeRawMessage(t, b.db, b.blobs, pictureMail("form.jpg", picture))
	if _, err := b.rc.Insert(t.Context(), ProcessArgs{MessageID: id}, nil); err != nil {
		t.Fatal(err)
	}
	b.wait(t, "process_message", 1, time.After(time.Minute))
	if m, err := b.db.GetMessage(t.Context(), id); err != nil || m.Status != storage.StatusParsed {
		t.Fatalf("message %+v (%v) while its picture's OCR is held, want parsed, waiting", m, err)
	}
	return id
}

// wantUnreadNote checks that message id was processed without its
// picture's text, to triage as nothing else names a claim, and that its
// page says why the picture was not read; and that monitoring counts it.
func (b *ocrBundle) wantUnreadNote(t *testing.T, id int64, reason string) {
	t.Helper()
	ctx := t.Context()
	if m, err := b.db.GetMessage(ctx, id); err != nil || m.Status != storage.StatusTriage {
		t.Fatalf("message %+v (%v) after its picture could not be read, want triage", m, err)
	}
	parts, err := b.db.MessagePartRows(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 1 || parts[0].OCRFailure != reason {
		t.Errorf("parts %+v; want form.jpg noted as not read: %q", parts, reason)
	}
	if n, err := b.db.CountOCRFailures(ctx); err != nil || n != 1 {
		t.Errorf("ocr failures counted %d (%v), want 1", n, err)
	}
}

// TestUnreadablePictureNoted gives OCR a picture that is not one:
// tesseract fails on it, and the message goes on without its text, with a
// note on its page.
func TestUnreadablePictureNoted(t *testing.T) {
	t.Parallel()
	b := setupOCR(t)
	id := b.waitingPicture(t, []byte("not a jpeg at all, only words"))
	if err := b.rc.QueueResume(t.Context(), OCRQueue, nil); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(2 * time.Minute)
	b.wait(t, "ocr_file", 1, deadline)
	b.wait(t, "process_message", 1, deadline)
	b.wantUnreadNote(t, id, ocrUnreadable)
}

// crashingReader is OCR that crashes on every file, as a helper can on one
// picture.
type crashingReader struct{}

func (crashingReader) Read(context.Context, ocr.Kind, io.Reader) (ocr.Text, error) {
	panic("tesseract crashed")
}

// TestOCRGivenUpAfterLastAttempt fails every attempt of a reading: after
// the last one, the message is processed without the picture's text.
func TestOCRGivenUpAfterLastAttempt(t *testing.T) {
	t.Parallel()
	b := setupOCR(t, func(_ *Processor, w *OCRWorker) { w.reader = crashingReader{} })
	id := b.waitingPicture(t, []byte("a picture"))
	// One attempt is the last: the test need not sit through the backoff.
	if _, err := b.sql.Exec(t.Context(), `UPDATE river_job SET max_attempts = 1 WHERE kind = 'ocr_file'`); err != nil {
		t.Fatal(err)
	}
	if err := b.rc.QueueResume(t.Context(), OCRQueue, nil); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(time.Minute)
	b.wait(t, "ocr_file", 1, deadline)
	b.wait(t, "process_message", 1, deadline)
	b.wantUnreadNote(t, id, ocrGaveUp)
}

// TestSweepWakesMessageWhoseOCRWasDiscarded leaves a message waiting for a
// reading whose job was discarded (its last attempt could not even give up
// cleanly): the sweep processes it without the picture's text.
func TestSweepWakesMessageWhoseOCRWasDiscarded(t *testing.T) {
	t.Parallel()
	b := setupOCR(t)
	id := b.waitingPicture(t, []byte("a picture"))
	if _, err := b.sql.Exec(t.Context(), `UPDATE river_job SET state = 'discarded', finalized_at = now() WHERE kind = 'ocr_file'`); err != nil {
		t.Fatal(err)
	}
	if _, err := b.rc.Insert(t.Context(), SweepArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(time.Minute)
	b.wait(t, "sla_sweep", 1, deadline)
	b.wait(t, "process_message", 1, deadline)
	b.wantUnreadNote(t, id, ocrGaveUp)
}

// TestSweepRequeuesReadingWhoseJobIsGone leaves a message waiting for a
// reading whose job is gone: the sweep processes it again, which queues
// the reading again.
func TestSweepRequeuesReadingWhoseJobIsGone(t *testing.T) {
	t.Parallel()
	b := setupOCR(t)
	id := b.waitingPicture(t, []byte("a picture"))
	if _, err := b.sql.Exec(t.Context(), `DELETE FROM river_job WHERE kind = 'ocr_file'`); err != nil {
		t.Fatal(err)
	}
	if _, err := b.rc.Insert(t.Context(), SweepArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(time.Minute)
	b.wait(t, "sla_sweep", 1, deadline)
	b.wait(t, "process_message", 1, deadline)
	var jobs int
	if err := b.sql.QueryRow(t.Context(), `SELECT count(*) FROM river_job WHERE kind = 'ocr_file' AND state = 'available'`).Scan(&jobs); err != nil {
		t.Fatal(err)
	}
	if m, err := b.db.GetMessage(t.Context(), id); err != nil || m.Status != storage.StatusParsed || jobs != 1 {
		t.Fatalf("message %+v (%v) with %d ocr jobs waiting after the sweep, want it waiting again on a new one", m, err, jobs)
	}
}

// TestSweepGivesUpOnReadingsThatKeepNoText leaves a message waiting for a
// picture whose readings finished storage.MaxOCRReads times without
// keeping its text: monitoring counts it as stuck, and the sweep processes
// it without the picture's text rather than queue its reading again, every
// five minutes, for ever.
func TestSweepGivesUpOnReadingsThatKeepNoText(t *testing.T) {
	t.Parallel()
	b := setupOCR(t)
	id := b.waitingPicture(t, []byte("a picture"))
	if _, err := b.sql.Exec(t.Context(), `UPDATE river_job SET state = 'completed', finalized_at = now() WHERE kind = 'ocr_file'`); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(t.Context(), `INSERT INTO river_job (kind, queue, args, state, finalized_at, max_attempts, priority)
		SELECT kind, queue, args, state, finalized_at, max_attempts, priority FROM river_job, generate_series(2, $1)
		WHERE kind = 'ocr_file'`, storage.MaxOCRReads); err != nil {
		t.Fatal(err)
	}
	b.wantStuck(t, 0)
	if _, err := b.sql.Exec(t.Context(), `UPDATE messages SET updated_at = now() - interval '6 minutes' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	b.wantStuck(t, 1)
	if _, err := b.rc.Insert(t.Context(), SweepArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(time.Minute)
	b.wait(t, "sla_sweep", 1, deadline)
	b.wait(t, "process_message", 1, deadline)
	b.wantUnreadNote(t, id, ocrGaveUp)
	b.wantStuck(t, 0)
}

// wantStuck checks the messages monitoring counts as stuck waiting for OCR.
func (b *ocrBundle) wantStuck(t *testing.T, n int) {
	t.Helper()
	reg := prometheus.NewRegistry()
	reg.MustRegister(NewPipelineCollector(b.db, testenv.Logger(t)))
	want := fmt.Sprintf(`
# HELP claimdesk_ocr_stuck_messages Messages waiting five minutes or more for a picture or scan to be read: the sweep wakes those no job reads for, so one that stays counted is stuck.
# TYPE claimdesk_ocr_stuck_messages gauge
claimdesk_ocr_stuck_messages %d
`, n)
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "claimdesk_ocr_stuck_messages"); err != nil {
		t.Error(err)
	}
}
