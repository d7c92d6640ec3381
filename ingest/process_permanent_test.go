package ingest

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/storage"
)

// TestProcessNoHeaderFailsForGood processes bytes that are not mail: the
// message fails for good with its reason, and neither a retry of every
// failed message nor one by its id queues it again.
func TestProcessNoHeaderFailsForGood(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db, blobs := openStores(t)
	id := storeRawMessage(t, db, blobs, []byte("\x89PNG\r\n\x1a\n\xff\xd8\xff\xe0 not mail at all \x01\x02\r\n"))

	p := NewProcessor(db, blobs, ProcessorConfig{TempDir: t.TempDir()}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	job := &river.Job[ProcessArgs]{JobRow: &rivertype.JobRow{Attempt: 1, MaxAttempts: 10}, Args: ProcessArgs{MessageID: id}}
	if err := p.Work(ctx, job); err != nil {
		t.Fatalf("Work returned %v: a message that is not mail must not be retried", err)
	}
	m, err := db.GetMessage(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != storage.StatusFailed || !m.FailedPermanently || m.Error != noHeaderReason {
		t.Fatalf("status %q, permanent %v, error %q; want failed for good with the reason", m.Status, m.FailedPermanently, m.Error)
	}

	rc, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, ids := range [][]int64{nil, {id}} {
		queued, err := Retry(context.WithoutCancel(ctx), db, NewQueue(rc), ids)
		if err != nil || len(queued) != 0 {
			t.Errorf("Retry(%v) queued %v (%v), want nothing", ids, queued, err)
		}
	}
	if m, _ := db.GetMessage(ctx, id); m.Status != storage.StatusFailed {
		t.Errorf("after the retries: status %q", m.Status)
	}
}
