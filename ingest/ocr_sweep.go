package ingest

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/storage"
)

// ocrStrandedAfter is how long a message waits for OCR with nothing
// reading its files before the sweep wakes it.
const ocrStrandedAfter = 5 * time.Minute

// ocrSweepBatch bounds the files one sweep looks at.
const ocrSweepBatch = 200

// sweepOCRWaits processes again the messages left waiting for OCR with no
// job reading their files, as of now: a file whose job failed every
// attempt without giving up cleanly (OCRWorker.giveUp), or whose readings
// finished storage.MaxOCRReads times and kept no text, is kept as unread,
// and the message goes on without it; a file whose job is gone is queued
// for reading again by the message's run. It reports how many messages it
// queued.
func sweepOCRWaits(ctx context.Context, db *storage.DB, now time.Time) (int, error) {
	client, err := river.ClientFromContextSafely[pgx.Tx](ctx)
	if err != nil {
		return 0, nil // outside a worker: nothing to queue on
	}
	stranded, err := db.StrandedOCRWaits(ctx, now.Add(-ocrStrandedAfter), ocrSweepBatch)
	if err != nil {
		return 0, err
	}
	var params []river.InsertManyParams
	seen := map[int64]bool{}
	for _, f := range stranded {
		if ocr.KindOf(f.Filename, f.ContentType) == ocr.None {
			continue // not a file OCR reads: not what the message waits for
		}
		if f.GiveUp {
			if err := db.SaveOCRFailure(ctx, f.SHA256, ocrGaveUp); err != nil {
				return 0, err
			}
		}
		if !seen[f.MessageID] {
			seen[f.MessageID] = true
			params = append(params, river.InsertManyParams{Args: ProcessArgs{MessageID: f.MessageID}})
		}
	}
	if len(params) == 0 {
		return 0, nil
	}
	if _, err := client.InsertMany(ctx, params); err != nil {
		return 0, fmt.Errorf("queue %d messages left waiting for ocr: %w", len(params), err)
	}
	return len(params), nil
}
