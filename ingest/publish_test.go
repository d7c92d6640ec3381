package ingest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage/blob"
)

// TestPublishingFlushesOutsideTransactions checks that no transaction is
// open while a filing's browse keys are flushed to disk: the documents'
// locks are released before the wait, and the keys are there after it.
func TestPublishingFlushesOutsideTransactions(t *testing.T) {
	t.Parallel()
	var watch *flushWatch
	b := setupFiling(t, func(t *testing.T) blob.Store {
		watch = &flushWatch{Store: testStores[0].open(t)}
		return watch
	}, false)
	watch.beforeCommit = func(ctx context.Context) {
		var open int
		err := b.sql.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'`).Scan(&open)
		if err == nil && open > 0 {
			err = fmt.Errorf("%d transactions open", open)
		}
		watch.commits = append(watch.commits, err)
	}
	m := b.add(t, "00036.eml", time.Time{}, nil)
	job, _ := b.claimOf(t, m)
	res := b.file(t, m, job)

	if len(watch.commits) == 0 {
		t.Fatal("publishing flushed no batch")
	}
	for i, err := range watch.commits {
		if err != nil {
			t.Errorf("batch %d flushed with %v", i, err)
		}
	}
	for _, d := range res.Documents {
		b.read(t, d.BrowseKey)
	}
}

// flushWatch is a blob store whose batches call beforeCommit before they
// flush.
type flushWatch struct {
	blob.Store
	beforeCommit func(context.Context)
	commits      []error // what beforeCommit saw, batch by batch
}

func (s *flushWatch) NewBatch() blob.Batch {
	return watchedBatch{Batch: blob.NewBatch(s.Store), s: s}
}

type watchedBatch struct {
	blob.Batch
	s *flushWatch
}

func (b watchedBatch) Commit(ctx context.Context) error {
	b.s.beforeCommit(ctx)
	return b.Batch.Commit(ctx)
}
