package storage

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
)

// NewQueueClient returns a client of the job queue, which lives in the
// same database so that a job is queued in the transaction of the row that
// needs it. A nil config makes a client that only queues: the workers of
// any claimdesk process sharing the database run the jobs.
func NewQueueClient(db *DB, config *river.Config) (*river.Client[pgx.Tx], error) {
	if config == nil {
		config = &river.Config{}
	}
	c, err := river.NewClient(riverpgxv5.New(db.pool), config)
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	return c, nil
}

// UniqueWhileActive makes a job unique by its arguments while it waits or
// runs: enqueued again meanwhile (a retry, a crash between steps, a double
// click), it is not added a second time; once it has finished, it can be.
func UniqueWhileActive() river.UniqueOpts {
	return river.UniqueOpts{
		ByArgs:  true,
		ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled},
	}
}

// JobsWaiting counts the jobs not done yet: those waiting their turn, and
// those workerID is running. Jobs running under another worker are not
// counted: a stopped process's come back to the queue once they count as
// stuck.
func (db *DB) JobsWaiting(ctx context.Context, workerID string) (int, error) {
	var n int
	err := db.pool.QueryRow(ctx, `SELECT count(*) FROM river_job
		WHERE (state IN ('available', 'retryable', 'scheduled', 'pending')
		       OR (state = 'running' AND attempted_by[cardinality(attempted_by)] = $1))`, workerID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count waiting jobs: %w", err)
	}
	return n, nil
}
