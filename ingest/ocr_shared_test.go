package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestCopiesOfAPictureShareOneReading sends the same scan in three
// messages that all arrive before it is read: they wait for one OCR job,
// and its end files all three, also when its first run stops after keeping
// the text, as a crash would, and a retry finishes it.
func TestCopiesOfAPictureShareOneReading(t *testing.T) {
	t.Parallel()
	for _, crash := range []bool{false, true} {
		t.Run(fmt.Sprintf("crash=%v", crash), func(t *testing.T) {
			t.Parallel()
			var crashes atomic.Int32
			b := setupOCR(t, func(_ *Processor, w *OCRWorker) {
				w.afterRead = func(string) error {
					if crash && crashes.Add(1) == 1 {
						return errors.New("stopped after keeping the text")
					}
					return nil
				}
			})
			copiesShareOneReading(t, b, crash)
			if crash && crashes.Load() < 2 {
				t.Errorf("the OCR job ran %d times, want a retry after its stop", crashes.Load())
			}
		})
	}
}

// copiesShareOneReading processes three copies of one scan with the OCR
// queue held, then lets it read the scan.
func copiesShareOneReading(t *testing.T, b *ocrBundle, crash bool) {
	ctx := t.Context()
	b.claim(t, "26-1001-WTR", "LA920-967489-27")
	scan := scanMail(t)
	var ids []int64
	for i := range 3 {
		raw := bytes.Replace(scan, []byte("<scan-1@"), fmt.Appendf(nil, "<scan-%d@", i+1), 1)
		id := storeRawMessageUID(t, b.db, b.blobs, raw, uint32(i+1))
		if _, err := b.rc.Insert(ctx, ProcessArgs{MessageID: id}, nil); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	deadline := time.After(2 * time.Minute)
	b.wait(t, "process_message", 3, deadline)
	for _, id := range ids {
		if m, err := b.db.GetMessage(ctx, id); err != nil || m.Status != storage.StatusParsed {
			t.Fatalf("message %d %+v (%v) while the OCR queue is held, want parsed, waiting", id, m.Status, err)
		}
	}
	if err := b.rc.QueueResume(ctx, OCRQueue, nil); err != nil {
		t.Fatal(err)
	}
	b.wait(t, "ocr_file", 1, deadline)
	b.wait(t, "process_message", 3, deadline)
	for _, id := range ids {
		if m, err := b.db.GetMessage(ctx, id); err != nil || m.Status != storage.StatusFiled {
			t.Fatalf("message %d %s (%v) after the scan was read (crash %v), want filed; jobs %v", id, m.Status, err, crash, b.kinds)
		}
	}
	var ocrJobs int
	if err := b.sql.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'ocr_file'`).Scan(&ocrJobs); err != nil {
		t.Fatal(err)
	}
	if ocrJobs != 1 {
		t.Errorf("%d OCR jobs for three copies of one scan, want 1; jobs %v", ocrJobs, b.kinds)
	}
}
