package ingest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestStampsOverTheLimitTriedOnceItIsRaised stamps a 3 kB estimate and a
// 1 kB sketch under a limit of 500 bytes: both are refused for their size.
// A look with the same limit queues neither again; with the limit raised
// to 2000 bytes it queues the sketch alone, which is stamped, and the
// estimate, still over, keeps its error; a last look queues nothing.
func TestStampsOverTheLimitTriedOnceItIsRaised(t *testing.T) {
	t.Parallel()
	b := setupFiling(t, localBlobs, false)
	ctx := t.Context()
	m := b.add(t, "00034.eml", time.Time{}, nil) // a 3 kB estimate and a 1 kB sketch
	job, _ := b.claimOf(t, m)
	b.file(t, m, job)
	tiny := NewStampWorker(b.db, b.blobs, StampConfig{Location: b.loc, MaxBytes: 500, TempDir: b.tempDir}, nil)
	b.runStamps(t, tiny)
	var estimate, sketch storage.Document
	for _, d := range b.documents(t, m.id) {
		switch {
		case !Stampable(d):
		case d.Size > 2000:
			estimate = d
		default:
			sketch = d
		}
	}
	for _, d := range []storage.Document{estimate, sketch} {
		if d.StampedSHA256 != "" || !strings.Contains(d.StampError, "over the 500 bytes stamping limit") {
			t.Fatalf("%s over a limit of 500 bytes: stamped %q, error %q", d.Filename, d.StampedSHA256, d.StampError)
		}
	}

	inserter, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	q := NewQueue(inserter)
	look := func(w *StampWorker, queued ...int64) {
		t.Helper()
		n, err := q.RetryOutgrownStamps(ctx, b.db, w.abilities(), w.cfg.MaxBytes, retryStampsWaiting)
		if err != nil {
			t.Fatal(err)
		}
		if got := stampJobDocuments(t, b); n != len(queued) || !slices.Equal(got, queued) {
			t.Fatalf("look with a limit of %d bytes queued %d stamps, of documents %v; want %v", w.cfg.MaxBytes, n, got, queued)
		}
	}
	look(tiny)
	small := NewStampWorker(b.db, b.blobs, StampConfig{Location: b.loc, MaxBytes: 2000, TempDir: b.tempDir}, nil)
	look(small, sketch.ID)
	b.runStamps(t, small)
	b.requireOwnStampedCopy(t, b.document(t, sketch.ID))
	if d := b.document(t, estimate.ID); d.StampedSHA256 != "" || d.StampError != estimate.StampError {
		t.Errorf("the estimate still over the raised limit: stamped %q, error %q; want its error as it was", d.StampedSHA256, d.StampError)
	}
	look(small)
}
