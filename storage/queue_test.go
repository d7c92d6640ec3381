package storage_test

import (
	"context"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

type queueTestArgs struct{}

func (queueTestArgs) Kind() string { return "queue_test" }

// TestJobsWaiting: a queued job waits; a running one waits for the worker
// running it, not for others (a stopped worker's jobs come back on their
// own once stuck).
func TestJobsWaiting(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	rc, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rc.Insert(ctx, queueTestArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	if n, err := db.JobsWaiting(ctx, "me"); err != nil || n != 1 {
		t.Fatalf("a queued job: %d waiting (%v), want 1", n, err)
	}
	if _, err := storage.PoolOf(db).Exec(ctx, `UPDATE river_job SET state = 'running', attempt = 1,
		attempted_at = now(), attempted_by = ARRAY['other']`); err != nil {
		t.Fatal(err)
	}
	for worker, want := range map[string]int{"me": 0, "other": 1} {
		if n, err := db.JobsWaiting(ctx, worker); err != nil || n != want {
			t.Errorf("a job running under other, asked by %s: %d waiting (%v), want %d", worker, n, err, want)
		}
	}
}
