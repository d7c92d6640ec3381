package ingest

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/storage"
)

// testQueue is a River client running workers on queues, fetching often
// so tests wait little, with the events of its finished jobs. The test
// starts it (after queueing what must be waiting first); it is stopped
// when the test ends.
func testQueue(t *testing.T, db *storage.DB, workers *river.Workers, queues map[string]river.QueueConfig) (*river.Client[pgx.Tx], <-chan *river.Event) {
	t.Helper()
	rc, err := storage.NewQueueClient(db, &river.Config{
		Logger:            slog.New(slog.NewTextHandler(io.Discard, nil)),
		Queues:            queues,
		Workers:           workers,
		FetchCooldown:     5 * time.Millisecond,
		FetchPollInterval: 20 * time.Millisecond,
		TestOnly:          true,
	})
	if err != nil {
		t.Fatal(err)
	}
	events, cancelSub := rc.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = rc.Stop(ctx) // a client the test never started has nothing to stop
		cancelSub()
	})
	return rc, events
}
